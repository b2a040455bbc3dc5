# METADATA
# title: VPC endpoint the private API is reached through is not for execute-api
# description: >-
#   The endpoint whose addresses the load balancer forwards to, or that the
#   API's policy or a domain's access association names, must be an
#   interface endpoint for the execute-api service. A common slip is the
#   apigateway service, which is API Gateway's management API: requests then
#   reach the wrong service and the private API is never invoked.
# related_resources:
#   - https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-apis.html
#   - https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html
# custom:
#   id: PAPI020
#   name: vpce-not-execute-api
#   severity: error
#   confidence: "[V]"
#   tier: 1
#   cfn: AWS::EC2::VPCEndpoint.ServiceName
#   tf: aws_vpc_endpoint.service_name
#   scope: >-
#     The endpoint whose ENI addresses are the targets of a load balancer
#     that serves an API Gateway custom domain, and endpoints named in a
#     REST API's resource policy or in a custom domain's access
#     association.
#   trigger: >-
#     The service name does not end with `.execute-api`. Region
#     placeholders are accepted (`com.amazonaws.${AWS::Region}.execute-api`,
#     `data.aws_region.current.name`), as are the China and ISO partition
#     prefixes.
#   symptom: >-
#     The load balancer's traffic reaches another service (for
#     `com.amazonaws.<region>.apigateway`, API Gateway's management API), so
#     the private API is never invoked; health checks and requests fail with
#     that service's errors.
#   fix: >-
#     `ServiceName: !Sub com.amazonaws.${AWS::Region}.execute-api`
#     (Terraform `service_name = "com.amazonaws.${data.aws_region.current.region}.execute-api"`).
#   skip: >-
#     Service names whose end is not known (a parameter without a default,
#     an import), Fn::If with an execute-api branch, PrivateLink endpoint
#     services (com.amazonaws.vpce.…), and load balancers in front of an
#     endpoint that serve no API Gateway custom domain (ALB to S3 designs). A value from a
#     parameter default is at most a warning.
#   bad: |
#     ApiVpce:
#       Type: AWS::EC2::VPCEndpoint
#       Properties:
#         ServiceName: !Sub com.amazonaws.${AWS::Region}.apigateway
#         VpcEndpointType: Interface
#   good: |
#     ApiVpce:
#       Type: AWS::EC2::VPCEndpoint
#       Properties:
#         ServiceName: !Sub com.amazonaws.${AWS::Region}.execute-api
#         VpcEndpointType: Interface
#   tags: [vpc-endpoint, deploy-failure]
package papilint.rules.papi020

import data.papilint.lib

report contains lib.finding(ep, ["ServiceName"], msg) if {
	some id in _endpoints
	ep := lib.node(id)
	v := lib.prop(ep, ["ServiceName"])
	every b in lib.branches(v) {
		_wrong(b)
	}
	msg := sprintf("VPC endpoint %s carries the private API's traffic but its service is %s, not execute-api%s", [lib.name(ep), lib.show(v), _hint(v)])
}

# The endpoints in scope: the endpoint behind a load balancer that serves an
# API Gateway custom domain (an ALB in front of an S3 or PrivateLink
# endpoint, serving no API domain, is another design), and endpoints named
# in an API's policy or a domain's access association.
_endpoints contains i.endpoint if {
	some i in lib.all_instances
	i.strong
	i.endpoint != ""
	count(i.domains) > 0
}

_endpoints contains r.node if {
	some n in input.nodes
	n.kind in {"rest-api", "rest-api-policy"}
	some r in n.refs
	r.path[0] in {"Policy", "Body"}
	lib.node(r.node).kind == "vpc-endpoint"
}

_endpoints contains r.node if {
	some n in lib.of_kind("access-association")
	some r in n.refs
	r.path[0] == "AccessAssociationSource"
	lib.node(r.node).kind == "vpc-endpoint"
}

# _wrong(b) holds when the known end of the name rules out execute-api. A
# PrivateLink endpoint service (com.amazonaws.vpce.…) is never a slip for
# execute-api: not reported.
_wrong(b) if {
	not startswith(lower(lib.prefix(b)), "com.amazonaws.vpce.")
	s := lib.suffix(b)
	not endswith(lower(s), ".execute-api")
	not _may_complete(b, s)
}

# A concat whose known end is a tail of ".execute-api" ("execute-api" after
# an unknown part) may still be right.
_may_complete(b, s) if {
	not lib.whole(b)
	endswith(".execute-api", lower(s))
}

_hint(v) := " (that is API Gateway's management API)" if {
	some b in lib.branches(v)
	endswith(lower(lib.suffix(b)), ".apigateway")
}

_hint(v) := "" if {
	not _mentions_apigateway(v)
}

_mentions_apigateway(v) if {
	some b in lib.branches(v)
	endswith(lower(lib.suffix(b)), ".apigateway")
}
