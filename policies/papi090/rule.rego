# METADATA
# title: REST API VPC link targets a load balancer that is not an NLB
# description: >-
#   A VPC link for REST APIs (AWS::ApiGateway::VpcLink, version 1) can
#   target only Network Load Balancers. Pointed at an Application Load
#   Balancer, the link is not created. REST APIs reach an ALB through a VPC
#   link V2 instead.
# related_resources:
#   - https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-private-integration.html
#   - https://docs.aws.amazon.com/apigateway/latest/api/API_CreateVpcLink.html
# custom:
#   id: PAPI090
#   name: vpclink-v1-target-not-nlb
#   severity: error
#   confidence: "[V]"
#   tier: 1
#   cfn: >-
#     AWS::ApiGateway::VpcLink.TargetArns →
#     AWS::ElasticLoadBalancingV2::LoadBalancer.Type (default application)
#   tf: >-
#     aws_api_gateway_vpc_link.target_arns → aws_lb.load_balancer_type
#     (default application)
#   scope: >-
#     Every REST API VPC link (version 1) whose targets are load balancers
#     in the scan.
#   trigger: >-
#     A target's Type is not network: application, gateway, or absent
#     (which means application).
#   symptom: >-
#     The VPC link is not created or ends in the FAILED status: version 1
#     links support only Network Load Balancers (exact text not confirmed).
#   fix: >-
#     Target a Network Load Balancer, or use a VPC link V2
#     (AWS::ApiGatewayV2::VpcLink) with the integration's IntegrationTarget
#     pointing at the ALB listener.
#   skip: >-
#     Targets given as ARNs or parameters (their type is not in the scan),
#     and load balancer types that cannot be resolved. A type from a
#     parameter default is at most a warning.
#   bad: |
#     Link:
#       Type: AWS::ApiGateway::VpcLink
#       Properties:
#         Name: backend
#         TargetArns: [!Ref Alb]
#     Alb:
#       Type: AWS::ElasticLoadBalancingV2::LoadBalancer
#       Properties:
#         Scheme: internal
#         Subnets: [!Ref SubnetA, !Ref SubnetB]
#   good: |
#     Link:
#       Type: AWS::ApiGateway::VpcLink
#       Properties:
#         Name: backend
#         TargetArns: [!Ref Nlb]
#     Nlb:
#       Type: AWS::ElasticLoadBalancingV2::LoadBalancer
#       Properties:
#         Type: network
#         Scheme: internal
#         Subnets: [!Ref SubnetA, !Ref SubnetB]
#   tags: [vpc-link, deploy-failure]
package papilint.rules.papi090

import data.papilint.lib

report contains finding if {
	some link in lib.of_kind("vpc-link")
	some r in link.refs
	r.path[0] == "TargetArns"
	lb := lib.node(r.node)
	lb.kind == "load-balancer"
	lib.absent(lb, ["Type"])
	msg := sprintf("VPC link %s targets load balancer %s, which has no Type and so is an Application Load Balancer; REST API VPC links accept only Network Load Balancers", [lib.name(link), lib.name(lb)])
	finding := object.union(lib.finding(link, r.path, msg), {"related": [lib.related(lb, [], "the load balancer")]})
}

report contains finding if {
	some link in lib.of_kind("vpc-link")
	some r in link.refs
	r.path[0] == "TargetArns"
	lb := lib.node(r.node)
	lb.kind == "load-balancer"
	v := lib.prop(lb, ["Type"])
	every b in lib.branches(v) {
		lower(lib.text(b)) != "network"
	}
	msg := sprintf("VPC link %s targets load balancer %s of Type %s%s; REST API VPC links accept only Network Load Balancers", [lib.name(link), lib.name(lb), lib.show(v), lib.default_note(lb, ["Type"])])
	f := object.union(lib.finding(link, r.path, msg), {"related": [lib.related(lb, ["Type"], "the load balancer's type")]})
	finding := _capped(f, lb)
}

# A type that came from a parameter default makes the finding a warning.
_capped(f, lb) := object.union(f, {"severity": "warning"}) if lib.from_default(lb, ["Type"])

_capped(f, lb) := f if not lib.from_default(lb, ["Type"])
