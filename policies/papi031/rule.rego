# METADATA
# title: Listener forwarding to the execute-api endpoint does not terminate TLS
# description: >-
#   The pattern's load balancer terminates TLS with an ACM certificate for
#   the API's custom domain. A listener that forwards to the endpoint's
#   target group over plain HTTP lets clients talk to the private API in
#   clear text; on a Network Load Balancer a TCP listener passes API
#   Gateway's own certificate through, which fails name verification for
#   the custom domain.
# related_resources:
#   - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/create-https-listener.html
#   - https://docs.aws.amazon.com/elasticloadbalancing/latest/network/create-tls-listener.html
# custom:
#   id: PAPI031
#   name: listener-not-https
#   severity: error
#   confidence: "[I] consequence"
#   tier: 1
#   cfn: AWS::ElasticLoadBalancingV2::Listener.Protocol
#   tf: aws_lb_listener.protocol
#   scope: >-
#     Listeners whose default action or a listener rule forwards to the VPCE
#     target group. HTTP listeners that only redirect to HTTPS do not
#     forward and are not reported.
#   trigger: >-
#     Protocol is not HTTPS (on a Network Load Balancer: not TLS), or it is
#     absent.
#   symptom: >-
#     No error: clients talk clear-text HTTP to the load balancer, which
#     breaks the pattern's requirement of TLS termination with an ACM
#     certificate. Behind an NLB TCP listener, clients receive API Gateway's
#     *.execute-api certificate and fail to verify the custom domain's
#     name.
#   fix: >-
#     Use `Protocol: HTTPS` on port 443 with `Certificates` and an
#     `SslPolicy` (NLB: `Protocol: TLS`), and let an HTTP listener only
#     redirect to it.
#   skip: >-
#     Protocols that cannot be resolved, and Fn::If with a right branch. A
#     TCP listener of a Network Load Balancer that serves no custom domain
#     (clients dial the execute-api name, whose certificate then matches).
#     A value from a parameter default is at most a warning.
#   bad: |
#     Listener:
#       Type: AWS::ElasticLoadBalancingV2::Listener
#       Properties:
#         LoadBalancerArn: !Ref Alb
#         Port: 80
#         Protocol: HTTP
#         DefaultActions:
#           - { Type: forward, TargetGroupArn: !Ref Tg }
#   good: |
#     Listener:
#       Type: AWS::ElasticLoadBalancingV2::Listener
#       Properties:
#         LoadBalancerArn: !Ref Alb
#         Port: 443
#         Protocol: HTTPS
#         SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06
#         Certificates:
#           - CertificateArn: !Ref Cert
#         DefaultActions:
#           - { Type: forward, TargetGroupArn: !Ref Tg }
#   security_severity: "6.5"
#   tags: [security, load-balancer, tls]
package papilint.rules.papi031

import data.papilint.lib

report contains lib.finding(l, [], msg) if {
	some inst in lib.instances
	some lid in inst.listeners
	l := lib.node(lid)
	lib.absent(l, ["Protocol"])
	msg := sprintf("listener %s forwards to the execute-api endpoint's target group but has no Protocol; it must be %s", [lib.name(l), _want(inst)])
}

report contains lib.finding(l, ["Protocol"], msg) if {
	some inst in lib.instances
	some lid in inst.listeners
	l := lib.node(lid)
	v := lib.prop(l, ["Protocol"])
	ok := _accepted(inst)
	every b in lib.branches(v) {
		not upper(lib.text(b)) in ok
		lib.text(b)
	}
	not _passthrough_without_domain(inst, v)
	msg := sprintf("listener %s forwards to the execute-api endpoint's target group with Protocol %s, not %s", [lib.name(l), lib.show(v), _want(inst)])
}

# The listener protocol the load balancer's type calls for.
_accepted(inst) := {"TLS"} if lib.is_network_lb(lib.node(inst.load_balancer))

_accepted(inst) := {"HTTPS"} if _application(lib.node(inst.load_balancer))

_accepted(inst) := {"HTTPS", "TLS"} if {
	lb := lib.node(inst.load_balancer)
	not lib.is_network_lb(lb)
	not _application(lb)
}

# A TCP listener on a Network Load Balancer passes the TLS session through
# to the endpoint, whose certificate is for *.execute-api names. That breaks
# only clients that dial a custom domain; with no custom domain served
# (clients dial the execute-api name, as VPC link integrations do) it works.
_passthrough_without_domain(inst, v) if {
	lib.is_network_lb(lib.node(inst.load_balancer))
	count(inst.domains) == 0
	every b in lib.branches(v) {
		upper(lib.text(b)) == "TCP"
	}
}

_application(lb) if lib.absent(lb, ["Type"])

_application(lb) if lower(lib.text(lib.prop(lb, ["Type"]))) == "application"

_want(inst) := concat(" or ", sort(_accepted(inst)))
