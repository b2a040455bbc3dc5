# METADATA
# title: HTTPS listener has no default certificate
# description: >-
#   An HTTPS (or TLS) listener needs exactly one default certificate. Without
#   one the listener cannot be created, and the stack that carries the load
#   balancer in front of the private API fails to deploy.
# related_resources:
#   - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/create-https-listener.html
#   - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticloadbalancingv2-listener.html
# custom:
#   id: PAPI032
#   name: listener-missing-certificate
#   severity: error
#   confidence: "[V]"
#   tier: 1
#   cfn: AWS::ElasticLoadBalancingV2::Listener.Certificates[0].CertificateArn
#   tf: aws_lb_listener.certificate_arn
#   scope: >-
#     Listeners of a load balancer in front of the execute-api endpoint.
#   trigger: >-
#     Protocol is HTTPS (or TLS) and there is no Certificates list, the list
#     is empty, or its first element has no CertificateArn.
#   symptom: >-
#     Listener creation fails: an HTTPS listener needs a default certificate
#     (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/create-https-listener.html).
#   fix: >-
#     Add `Certificates: [{CertificateArn: !Ref Cert}]` (Terraform
#     `certificate_arn`) with a certificate that covers the API's custom
#     domain name; further certificates go in ListenerCertificate resources.
#   skip: >-
#     Certificate lists that cannot be resolved, protocols that cannot be
#     resolved, and listeners of load balancers that are not in front of
#     the endpoint.
#   bad: |
#     Listener:
#       Type: AWS::ElasticLoadBalancingV2::Listener
#       Properties:
#         LoadBalancerArn: !Ref Alb
#         Port: 443
#         Protocol: HTTPS
#         DefaultActions:
#           - { Type: forward, TargetGroupArn: !Ref Tg }
#   good: |
#     Listener:
#       Type: AWS::ElasticLoadBalancingV2::Listener
#       Properties:
#         LoadBalancerArn: !Ref Alb
#         Port: 443
#         Protocol: HTTPS
#         Certificates:
#           - CertificateArn: !Ref Cert
#         DefaultActions:
#           - { Type: forward, TargetGroupArn: !Ref Tg }
#   tags: [load-balancer, tls, deploy-failure]
package papilint.rules.papi032

import data.papilint.lib

report contains lib.finding(l, [], msg) if {
	some l in _tls_listeners
	lib.absent(l, ["Certificates"])
	msg := sprintf("%s listener %s has no Certificates; it needs a default certificate", [_protocol(l), lib.name(l)])
}

report contains lib.finding(l, ["Certificates"], msg) if {
	some l in _tls_listeners
	lib.prop(l, ["Certificates"]) == []
	msg := sprintf("%s listener %s has an empty Certificates list; it needs a default certificate", [_protocol(l), lib.name(l)])
}

report contains lib.finding(l, ["Certificates", 0], msg) if {
	some l in _tls_listeners
	first := lib.prop(l, ["Certificates", 0])
	is_object(first)
	not lib.special(first)
	lib.absent(l, ["Certificates", 0, "CertificateArn"])
	msg := sprintf("%s listener %s has no CertificateArn in its first certificate; it needs a default certificate", [_protocol(l), lib.name(l)])
}

# Listeners of the pattern's load balancers whose protocol is HTTPS or TLS
# in every branch.
_tls_listeners contains l if {
	some l in lib.of_kind("listener")
	some lb in lib.refs_at(l, ["LoadBalancerArn"])
	lb in lib.pattern_load_balancers
	v := lib.prop(l, ["Protocol"])
	every b in lib.branches(v) {
		upper(lib.text(b)) in {"HTTPS", "TLS"}
	}
}

_protocol(l) := p if {
	ps := {upper(lib.text(b)) | some b in lib.branches(lib.prop(l, ["Protocol"]))}
	p := concat("/", sort(ps))
}
