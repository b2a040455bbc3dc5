# METADATA
# title: Target group in front of the endpoint is not HTTPS on port 443
# description: >-
#   The execute-api endpoint accepts only TLS connections on port 443. The
#   target group that forwards to its addresses must therefore use HTTPS on
#   443 (behind a Network Load Balancer, TLS on 443; TCP on 443 only behind
#   a TCP listener), and no target may override the port.
# related_resources:
#   - https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-apis.html
#   - https://github.com/aws-samples/private-api-gateway-custom-domain
# custom:
#   id: PAPI041
#   name: tg-not-https-443
#   severity: error
#   confidence: "[V] sample, [I] failure"
#   tier: 1
#   cfn: >-
#     AWS::ElasticLoadBalancingV2::TargetGroup.Protocol, .Port, .Targets[].Port
#   tf: >-
#     aws_lb_target_group.protocol, .port; aws_lb_target_group_attachment.port
#   scope: The VPCE target group and its attachments.
#   trigger: >-
#     Protocol is not HTTPS (NLB: not TLS, or TCP behind a listener that is
#     not TCP), or Port is not 443, or a target's or attachment's Port is
#     not 443. An absent Protocol or Port counts as wrong.
#   symptom: >-
#     The load balancer opens plain or wrong-port connections to the
#     endpoint: handshakes and connections fail, every target is unhealthy,
#     and clients get 502, 503 or 504.
#   fix: >-
#     Set `Protocol: HTTPS` and `Port: 443`, and drop per-target ports.
#   skip: >-
#     Values that cannot be resolved, and Fn::If with a right branch. A
#     value from a parameter default is at most a warning.
#   bad: |
#     Tg:
#       Type: AWS::ElasticLoadBalancingV2::TargetGroup
#       Properties:
#         TargetType: ip
#         Protocol: HTTP
#         Port: 80
#   good: |
#     Tg:
#       Type: AWS::ElasticLoadBalancingV2::TargetGroup
#       Properties:
#         TargetType: ip
#         Protocol: HTTPS
#         Port: 443
#   tags: [load-balancer, target-group, tls]
package papilint.rules.papi041

import data.papilint.lib

report contains lib.finding(tg, [], msg) if {
	some inst in lib.instances
	tg := lib.node(inst.target_group)
	lib.absent(tg, ["Protocol"])
	msg := sprintf("target group %s in front of the execute-api endpoint has no Protocol; it must be %s", [lib.name(tg), _want(inst)])
}

report contains lib.finding(tg, ["Protocol"], msg) if {
	some inst in lib.instances
	tg := lib.node(inst.target_group)
	v := lib.prop(tg, ["Protocol"])
	ok := _accepted(inst)
	every b in lib.branches(v) {
		lib.text(b)
		not upper(lib.text(b)) in ok
	}
	msg := sprintf("target group %s in front of the execute-api endpoint has Protocol %s, not %s; the endpoint accepts only TLS on port 443", [lib.name(tg), lib.show(v), _want(inst)])
}

report contains lib.finding(tg, [], msg) if {
	some inst in lib.instances
	tg := lib.node(inst.target_group)
	lib.absent(tg, ["Port"])
	msg := sprintf("target group %s in front of the execute-api endpoint has no Port; it must be 443", [lib.name(tg)])
}

report contains lib.finding(tg, ["Port"], msg) if {
	some inst in lib.instances
	tg := lib.node(inst.target_group)
	v := lib.prop(tg, ["Port"])
	_not_443(v)
	msg := sprintf("target group %s in front of the execute-api endpoint has Port %s, not 443; the endpoint accepts only TLS on port 443", [lib.name(tg), lib.show(v)])
}

report contains lib.finding(tg, ["Targets", i, "Port"], msg) if {
	some inst in lib.instances
	tg := lib.node(inst.target_group)
	some i, t in lib.prop(tg, ["Targets"])
	v := lib.prop(tg, ["Targets", i, "Port"])
	_not_443(v)
	msg := sprintf("target %d of target group %s overrides the port with %s; the execute-api endpoint accepts only port 443", [i, lib.name(tg), lib.show(v)])
}

report contains lib.finding(a, ["Port"], msg) if {
	some inst in lib.instances
	some a in lib.attachments_of(inst.target_group)
	v := lib.prop(a, ["Port"])
	_not_443(v)
	msg := sprintf("target attachment %s registers its target on port %s; the execute-api endpoint accepts only port 443", [lib.name(a), lib.show(v)])
}

_not_443(v) if {
	every b in lib.branches(v) {
		lib.int(b) != 443
	}
}

# The target group protocols the instance accepts: HTTPS behind an ALB;
# TLS behind an NLB, or TCP when every forwarding listener is TCP.
_accepted(inst) := {"HTTPS"} if _application(lib.node(inst.load_balancer))

_accepted(inst) := {"TLS"} if {
	lib.is_network_lb(lib.node(inst.load_balancer))
	not _tcp_listeners_only(inst)
}

_accepted(inst) := {"TLS", "TCP"} if {
	lib.is_network_lb(lib.node(inst.load_balancer))
	_tcp_listeners_only(inst)
}

_accepted(inst) := {"HTTPS", "TLS", "TCP"} if {
	lb := lib.node(inst.load_balancer)
	not lib.is_network_lb(lb)
	not _application(lb)
}

_tcp_listeners_only(inst) if {
	count(inst.listeners) > 0
	every lid in inst.listeners {
		upper(lib.text(lib.prop(lib.node(lid), ["Protocol"]))) == "TCP"
	}
}

_application(lb) if lib.absent(lb, ["Type"])

_application(lb) if lower(lib.text(lib.prop(lb, ["Type"]))) == "application"

_want(inst) := concat(" or ", sort(_accepted(inst))) if not "TCP" in _accepted(inst)

_want(inst) := "TLS (or TCP behind TCP listeners)" if {
	"TCP" in _accepted(inst)
	lib.is_network_lb(lib.node(inst.load_balancer))
}

_want(inst) := "HTTPS or TLS" if {
	"TCP" in _accepted(inst)
	not lib.is_network_lb(lib.node(inst.load_balancer))
}
