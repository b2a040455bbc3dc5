# METADATA
# description: |
#   Helpers for rule tests (_test.rego): build the input papilint gives
#   policies without loading a template. Every resource lives in the stack
#   "stack", so its id is "stack#<name>".
package papilint.testing

# id(name) is the id of a test resource.
id(name) := concat("#", ["stack", name])

# resource(kind, name, props) is a CloudFormation resource of a canonical
# kind with the given properties.
resource(kind, name, props) := {
	"id": id(name),
	"kind": kind,
	"type": object.get(_types, kind, "AWS::Test::Resource"),
	"name": name,
	"format": "cloudformation",
	"stack": "stack",
	"condition": "",
	"construct_path": "",
	"depends_on": [],
	"props": props,
	"metadata": null,
	"refs": [],
	"defaults": [],
}

# with_refs(n, refs) adds references: refs is a list of [path, name, attr].
with_refs(n, refs) := object.union(n, {"refs": [{"path": r[0], "node": id(r[1]), "attr": r[2]} | some r in refs]})

# with_default(n, path, param) says the value at path came from the
# default of a parameter.
with_default(n, path, param) := object.union(n, {"defaults": array.concat(n.defaults, [{"path": path, "param": param}])})

# ref(name, attr) is a value known only at deploy time: an attribute of
# another resource.
ref(name, attr) := {"$papilint": "ref", "node": id(name), "attr": attr, "pseudo": ""}

# pseudo(p) is a pseudo parameter (AWS::Region).
pseudo(p) := {"$papilint": "ref", "node": "", "attr": "", "pseudo": p}

# unknown is a value nothing is known about.
unknown := {"$papilint": "unknown", "reason": "a parameter without a default"}

# concat_of(parts) is a string with unknown parts (Fn::Sub).
concat_of(parts) := {"$papilint": "concat", "parts": parts}

# choice(alts) is an undecided Fn::If.
choice(alts) := {"$papilint": "choice", "alts": alts}

# instance(lb, listeners, tg, endpoint, domains) is a pattern instance;
# arguments are resource names ("" for no endpoint: a weak link).
instance(lb, listeners, tg, endpoint, domains) := {
	"load_balancer": id(lb),
	"listeners": [id(l) | some l in listeners],
	"listener_rules": [],
	"target_group": id(tg),
	"endpoint": _opt_id(endpoint),
	"strong": endpoint != "",
	"domains": [id(d) | some d in domains],
}

# mapping(name, api, domain) is a mapping of an API on a domain.
mapping(name, api, domain) := {"id": id(name), "api": _opt_id(api), "domain": _opt_id(domain)}

# input_of(nodes, instances, mappings) is a whole input document.
input_of(nodes, instances, mappings) := {
	"nodes": nodes,
	"outputs": [],
	"scope": {"instances": instances, "mappings": mappings},
}

_opt_id(name) := "" if name == ""

_opt_id(name) := id(name) if name != ""

_types := {
	"rest-api": "AWS::ApiGateway::RestApi",
	"stage": "AWS::ApiGateway::Stage",
	"method": "AWS::ApiGateway::Method",
	"domain-name": "AWS::ApiGateway::DomainName",
	"domain-name-v2": "AWS::ApiGateway::DomainNameV2",
	"domain-name-http": "AWS::ApiGatewayV2::DomainName",
	"base-path-mapping": "AWS::ApiGateway::BasePathMapping",
	"base-path-mapping-v2": "AWS::ApiGateway::BasePathMappingV2",
	"api-mapping": "AWS::ApiGatewayV2::ApiMapping",
	"access-association": "AWS::ApiGateway::DomainNameAccessAssociation",
	"vpc-link": "AWS::ApiGateway::VpcLink",
	"load-balancer": "AWS::ElasticLoadBalancingV2::LoadBalancer",
	"listener": "AWS::ElasticLoadBalancingV2::Listener",
	"target-group": "AWS::ElasticLoadBalancingV2::TargetGroup",
	"vpc-endpoint": "AWS::EC2::VPCEndpoint",
	"resource-share": "AWS::RAM::ResourceShare",
}
