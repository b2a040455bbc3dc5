package papilint.lib

# The pattern's scope, from input.scope (the pattern model). RULES.md,
# "Scope": rules lint only resources that take part in an instance of the
# pattern, so an unrelated public API next door is never reported.

# all_instances is the pattern model's list of instances: a load balancer
# whose target group's targets are the addresses of a VPC endpoint's
# network interfaces, whatever the endpoint's service.
all_instances := input.scope.instances

# instances are the instances in front of an execute-api endpoint: those
# whose endpoint's service is known to be something else (an S3 interface
# endpoint, a PrivateLink endpoint service) are another design, not the
# private API pattern. Weak links (no endpoint) are kept.
instances := [i | some i in all_instances; not other_service_endpoint(i.endpoint)]

# other_service_endpoint(id) holds for an endpoint whose service name is
# known, in every branch, not to be execute-api.
other_service_endpoint(id) if {
	id != ""
	v := prop(node(id), ["ServiceName"])
	every b in branches(v) {
		_not_execute_api(b)
	}
}

# _not_execute_api(b) holds when a service name rules out execute-api: a
# PrivateLink endpoint service (com.amazonaws.vpce.<region>.vpce-svc-…), or
# a known end that is not .execute-api and cannot become it.
_not_execute_api(b) if startswith(lower(prefix(b)), "com.amazonaws.vpce.")

_not_execute_api(b) if {
	s := suffix(b)
	not endswith(lower(s), ".execute-api")
	not _may_become_execute_api(b, s)
}

_may_become_execute_api(b, s) if {
	not whole(b)
	endswith(".execute-api", lower(s))
}

# vpce_target_groups is the set of ids of the VPCE target groups: target
# groups whose targets are an execute-api endpoint's addresses (or, for
# weak links, parameters behind a load balancer serving the domain of a
# private API).
vpce_target_groups := {i.target_group | some i in instances}

# is_vpce_target_group(n) holds for a VPCE target group.
is_vpce_target_group(n) if n.id in vpce_target_groups

# instances_of_target_group(id) is the set of instances of a target group.
instances_of_target_group(id) := object.get(_instances_by_target_group, id, set())

# Lookups built once per evaluation (OPA indexes a comprehension that
# closes over the outer key), so that asking per resource does not scan
# every instance, mapping or attachment each time.
_instances_by_target_group := {tg: is |
	some i in instances
	tg := i.target_group
	is := {j | some j in instances; j.target_group == tg}
}

# pattern_load_balancers is the set of ids of the load balancers in front
# of an execute-api endpoint.
pattern_load_balancers := {i.load_balancer | some i in instances}

# forwarding_listeners is the set of ids of listeners that forward to a
# VPCE target group (default action or a rule).
forwarding_listeners := {l | some i in instances; some l in i.listeners}

# pattern_endpoints is the set of ids of execute-api endpoints whose
# addresses are ALB targets (strong links only).
pattern_endpoints := {i.endpoint | some i in instances; i.strong; i.endpoint != ""}

# pattern_domains is the set of ids of the custom domains an instance's load
# balancer serves.
pattern_domains := {d | some i in instances; some d in i.domains}

# mappings_of_domain(id) is the set of mappings on a domain.
mappings_of_domain(id) := object.get(_mappings_by_domain, id, set())

_mappings_by_domain := {d: ms |
	some m in input.scope.mappings
	d := m.domain
	ms := {x | some x in input.scope.mappings; x.domain == d}
}

# mapped_apis is the set of ids of REST APIs some custom domain maps.
mapped_apis := {m.api | some m in input.scope.mappings; m.api != ""}

# load_balancer_of(inst) is an instance's load balancer resource.
load_balancer_of(inst) := node(inst.load_balancer)

# is_network_lb(lb) holds for a Network Load Balancer (Type network);
# Type absent means application.
is_network_lb(lb) if lower(text(prop(lb, ["Type"]))) == "network"

# APIs.

# may_be_private(api) holds when PRIVATE is among a REST API's endpoint
# types in at least one branch.
may_be_private(api) if {
	some b in branches(prop(api, ["EndpointConfiguration", "Types"]))
	some t in strings(b)
	upper(t) == "PRIVATE"
}

# uses_vpc_conditions(api) holds when the API's policy mentions
# aws:SourceVpce or aws:SourceVpc (RULES.md scope for private-scoped APIs).
uses_vpc_conditions(api) if {
	some key in ["Policy", "Body"]
	walk(prop(api, [key]), [_, v])
	is_string(v)
	lower(v) in {"aws:sourcevpce", "aws:sourcevpc"}
}

uses_vpc_conditions(api) if {
	some key in ["Policy", "Body"]
	walk(prop(api, [key]), [path, _])
	count(path) > 0
	k := path[count(path) - 1]
	is_string(k)
	lower(k) in {"aws:sourcevpce", "aws:sourcevpc"}
}

# private_scoped_apis is the set of ids of REST APIs in scope as private
# APIs (pattern.md §13.1).
private_scoped_apis := {api.id |
	some api in of_kind("rest-api")
	_private_scoped(api)
}

_private_scoped(api) if may_be_private(api)

_private_scoped(api) if uses_vpc_conditions(api)

# Custom domains.

domain_kinds := {"domain-name", "domain-name-v2", "domain-name-http"}

# scoped_domains is the set of ids of custom domains in scope: the domains
# a pattern load balancer serves, the domains that map a private-scoped
# API, and every private custom domain (native private domains are in
# scope by themselves, RULES.md "Scope").
scoped_domains := (pattern_domains | {m.domain |
	some m in input.scope.mappings
	m.domain != ""
	m.api in private_scoped_apis
}) | {d.id | some d in of_kind("domain-name-v2")}

# Targets.

# attachments_of(id) is the set of target attachments (Terraform
# aws_lb_target_group_attachment) of a target group.
attachments_of(id) := object.get(_attachments_by_target_group, id, set())

# [target group id, attachment] for every reference an attachment's
# TargetGroupArn makes.
_attachment_refs := [[r.node, a] |
	some a in of_kind("target-attachment")
	some r in a.refs
	_prefix(["TargetGroupArn"], r.path)
]

_attachments_by_target_group := {tg: atts |
	some p in _attachment_refs
	tg := p[0]
	atts := {q[1] | some q in _attachment_refs; q[0] == tg}
}
