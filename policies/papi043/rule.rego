# METADATA
# title: Health check of the endpoint's target group does not accept 403
# description: >-
#   Health checks reach the execute-api endpoint by IP address, with no
#   custom domain to route them, and the endpoint answers 403. A matcher
#   that does not accept 403 marks every target unhealthy; the load balancer
#   then fails open, so traffic still flows but there is no failover
#   between zones and alarms fire.
# related_resources:
#   - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html
#   - https://github.com/DataBiosphere/azul/issues/4212
#   - https://github.com/aws-samples/private-api-gateway-custom-domain
# custom:
#   id: PAPI043
#   name: tg-health-check-matcher-excludes-403
#   severity: warning
#   confidence: "[V]"
#   tier: 1
#   cfn: AWS::ElasticLoadBalancingV2::TargetGroup.Matcher.HttpCode (default 200)
#   tf: aws_lb_target_group.health_check.matcher (default 200)
#   scope: >-
#     The VPCE target group, when its health check speaks HTTP or HTTPS (a
#     TCP health check has no status code).
#   trigger: >-
#     The matcher is absent (AWS accepts 200; 200-399 on a Network Load
#     Balancer) or its comma-separated codes and a-b ranges do not include
#     403.
#   symptom: >-
#     The endpoint answers the probes with 403, every target is marked
#     unhealthy and the load balancer fails open: requests still flow, but
#     there is no zone failover and health alarms fire.
#   fix: >-
#     Set `Matcher: {HttpCode: "200,403"}` (or `200-403`, or `403`).
#   skip: >-
#     Matchers that cannot be resolved or parsed, gRPC health checks, TCP
#     health checks, and disabled health checks. Kept a warning because the
#     endpoint's 403 is observed behaviour, not a documented contract.
#   bad: |
#     Tg:
#       Type: AWS::ElasticLoadBalancingV2::TargetGroup
#       Properties:
#         TargetType: ip
#         Protocol: HTTPS
#         Port: 443
#         HealthCheckProtocol: HTTPS
#   good: |
#     Tg:
#       Type: AWS::ElasticLoadBalancingV2::TargetGroup
#       Properties:
#         TargetType: ip
#         Protocol: HTTPS
#         Port: 443
#         HealthCheckProtocol: HTTPS
#         Matcher:
#           HttpCode: "200,403"
#   tags: [load-balancer, target-group, health-check]
package papilint.rules.papi043

import data.papilint.lib

report contains lib.finding(tg, [], msg) if {
	some inst in lib.instances
	tg := lib.node(inst.target_group)
	_http_health_check(tg)
	lib.absent(tg, ["Matcher"])
	msg := sprintf("target group %s has no health-check matcher, so AWS accepts only %s and the execute-api endpoint's 403 answers mark every target unhealthy", [lib.name(tg), _default(inst)])
}

report contains lib.finding(tg, ["Matcher"], msg) if {
	some inst in lib.instances
	tg := lib.node(inst.target_group)
	_http_health_check(tg)
	m := lib.prop(tg, ["Matcher"])
	is_object(m)
	not lib.special(m)
	lib.absent(tg, ["Matcher", "HttpCode"])
	lib.absent(tg, ["Matcher", "GrpcCode"])
	msg := sprintf("target group %s has a health-check matcher without HttpCode, so AWS accepts only %s and the execute-api endpoint's 403 answers mark every target unhealthy", [lib.name(tg), _default(inst)])
}

report contains lib.finding(tg, ["Matcher", "HttpCode"], msg) if {
	some inst in lib.instances
	tg := lib.node(inst.target_group)
	_http_health_check(tg)
	v := lib.prop(tg, ["Matcher", "HttpCode"])
	every b in lib.branches(v) {
		_excludes_403(lib.text(b))
	}
	msg := sprintf("target group %s accepts health-check codes %s, which exclude the 403 the execute-api endpoint answers probes with, so every target is marked unhealthy", [lib.name(tg), lib.show(v)])
}

# The health check speaks HTTP(S): HealthCheckProtocol, else the target
# group's protocol, is HTTP or HTTPS in every branch; not gRPC; enabled.
_http_health_check(tg) if {
	p := _health_protocol(tg)
	every b in lib.branches(p) {
		upper(lib.text(b)) in {"HTTP", "HTTPS"}
	}
	not _grpc(tg)
	not _disabled(tg)
}

_grpc(tg) if upper(lib.text(lib.prop(tg, ["ProtocolVersion"]))) == "GRPC"

_disabled(tg) if lib.bool(lib.prop(tg, ["HealthCheckEnabled"])) == false

_health_protocol(tg) := lib.prop(tg, ["HealthCheckProtocol"])

_health_protocol(tg) := lib.prop(tg, ["Protocol"]) if lib.absent(tg, ["HealthCheckProtocol"])

# _excludes_403(codes) holds when a matcher such as "200,300-399" is
# readable and does not include 403.
_excludes_403(codes) if {
	parts := [trim_space(p) | some p in split(codes, ",")]
	every p in parts {
		regex.match(`^[0-9]{3}(-[0-9]{3})?$`, p)
	}
	every p in parts {
		not _includes(p, 403)
	}
}

_includes(p, code) if {
	not contains(p, "-")
	to_number(p) == code
}

_includes(p, code) if {
	[lo, hi] := split(p, "-")
	to_number(lo) <= code
	code <= to_number(hi)
}

_default(inst) := "200-399" if lib.is_network_lb(lib.node(inst.load_balancer))

_default(inst) := "200" if not lib.is_network_lb(lib.node(inst.load_balancer))
