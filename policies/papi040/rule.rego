# METADATA
# title: Target group in front of the endpoint is not of type ip
# description: >-
#   The load balancer reaches the execute-api endpoint through the
#   addresses of the endpoint's network interfaces, so the target group
#   that forwards to it must register IP addresses. A target group of type
#   instance (the default) or lambda cannot take them, and the deployment
#   fails when the targets are registered.
# related_resources:
#   - https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-target-groups.html#target-type
#   - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticloadbalancingv2-targetgroup.html
# custom:
#   id: PAPI040
#   name: tg-not-ip-type
#   severity: error
#   confidence: "[V]"
#   tier: 1
#   cfn: AWS::ElasticLoadBalancingV2::TargetGroup.TargetType (default instance)
#   tf: aws_lb_target_group.target_type (default instance)
#   scope: >-
#     The VPCE target group (see the linking rule in RULES.md).
#   trigger: >-
#     TargetType is absent (AWS then uses instance) or anything but ip.
#   symptom: >-
#     Registering the endpoint's IP addresses fails at deploy time: targets
#     of an instance target group are instance IDs, not addresses.
#   fix: >-
#     Set `TargetType: ip` (Terraform `target_type = "ip"`).
#   skip: >-
#     Target types that cannot be resolved, and Fn::If with a branch that is
#     ip. A target group linked only through its load balancer's domain
#     (targets given as parameters) with no targets in the template is
#     reported as a warning. A value from a parameter default is at most a
#     warning.
#   bad: |
#     Tg:
#       Type: AWS::ElasticLoadBalancingV2::TargetGroup
#       Properties:
#         Protocol: HTTPS
#         Port: 443
#         Targets:
#           - { Id: !GetAtt VpceIps.IpA, Port: 443 }
#   good: |
#     Tg:
#       Type: AWS::ElasticLoadBalancingV2::TargetGroup
#       Properties:
#         TargetType: ip
#         Protocol: HTTPS
#         Port: 443
#         Targets:
#           - { Id: !GetAtt VpceIps.IpA, Port: 443 }
#   tags: [load-balancer, target-group, deploy-failure]
package papilint.rules.papi040

import data.papilint.lib

report contains finding if {
	some tg in lib.of_kind("target-group")
	lib.is_vpce_target_group(tg)
	lib.absent(tg, ["TargetType"])
	finding := _at_level(tg, [], sprintf(
		"target group %s in front of the execute-api endpoint has no TargetType, so AWS makes it an instance target group; the endpoint's addresses need ip",
		[lib.name(tg)],
	))
}

report contains finding if {
	some tg in lib.of_kind("target-group")
	lib.is_vpce_target_group(tg)
	v := lib.prop(tg, ["TargetType"])
	every b in lib.branches(v) {
		_not_ip(b)
	}
	finding := _at_level(tg, ["TargetType"], sprintf(
		"target group %s in front of the execute-api endpoint has TargetType %s, not ip; the endpoint's addresses can only be registered as ip targets",
		[lib.name(tg), lib.show(v)],
	))
}

_not_ip(b) if lower(lib.text(b)) != "ip"

# A weak link (targets are parameters) with no targets in the template at
# all is a warning: the targets may be registered elsewhere.
_at_level(tg, path, msg) := lib.finding_at(tg, path, msg, "warning") if _weak_without_targets(tg)

_at_level(tg, path, msg) := lib.finding(tg, path, msg) if not _weak_without_targets(tg)

_weak_without_targets(tg) if {
	every i in lib.instances_of_target_group(tg.id) {
		not i.strong
	}
	lib.absent(tg, ["Targets"])
	count(lib.attachments_of(tg.id)) == 0
}
