# METADATA
# title: execute-api VPC endpoint is not an interface endpoint
# description: >-
#   API Gateway's execute-api service is offered only as an interface
#   endpoint. CloudFormation and Terraform create a Gateway endpoint when
#   the type is not given, and creating a Gateway endpoint for execute-api
#   fails.
# related_resources:
#   - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-vpcendpoint.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/vpc_endpoint
# custom:
#   id: PAPI021
#   name: vpce-not-interface
#   severity: error
#   confidence: "[V] default"
#   tier: 1
#   cfn: AWS::EC2::VPCEndpoint.VpcEndpointType (default Gateway)
#   tf: aws_vpc_endpoint.vpc_endpoint_type (default Gateway)
#   scope: >-
#     Every VPC endpoint whose service name ends with `.execute-api`: the
#     service is interface-only, whatever the endpoint is used for.
#   trigger: >-
#     VpcEndpointType is absent (AWS then creates a Gateway endpoint) or
#     anything but Interface.
#   symptom: >-
#     Endpoint creation fails: execute-api is an interface endpoint service.
#     The exact error text is not confirmed.
#   fix: >-
#     Set `VpcEndpointType: Interface` (Terraform `vpc_endpoint_type =
#     "Interface"`). CDK's InterfaceVpcEndpoint always sets it.
#   skip: >-
#     Endpoint types that cannot be resolved, Fn::If with an Interface
#     branch, and endpoints whose service is not known to be execute-api. A
#     value from a parameter default is at most a warning.
#   bad: |
#     ApiVpce:
#       Type: AWS::EC2::VPCEndpoint
#       Properties:
#         ServiceName: !Sub com.amazonaws.${AWS::Region}.execute-api
#         VpcId: !Ref VpcId
#   good: |
#     ApiVpce:
#       Type: AWS::EC2::VPCEndpoint
#       Properties:
#         ServiceName: !Sub com.amazonaws.${AWS::Region}.execute-api
#         VpcEndpointType: Interface
#         VpcId: !Ref VpcId
#   tags: [vpc-endpoint, deploy-failure]
package papilint.rules.papi021

import data.papilint.lib

report contains lib.finding(ep, [], msg) if {
	some ep in _execute_api_endpoints
	lib.absent(ep, ["VpcEndpointType"])
	msg := sprintf("VPC endpoint %s for execute-api has no VpcEndpointType, so AWS creates a Gateway endpoint; execute-api is offered only as an Interface endpoint", [lib.name(ep)])
}

report contains lib.finding(ep, ["VpcEndpointType"], msg) if {
	some ep in _execute_api_endpoints
	v := lib.prop(ep, ["VpcEndpointType"])
	every b in lib.branches(v) {
		lower(lib.text(b)) != "interface"
	}
	msg := sprintf("VPC endpoint %s for execute-api has VpcEndpointType %s; execute-api is offered only as an Interface endpoint", [lib.name(ep), lib.show(v)])
}

_execute_api_endpoints contains ep if {
	some ep in lib.of_kind("vpc-endpoint")
	v := lib.prop(ep, ["ServiceName"])
	every b in lib.branches(v) {
		endswith(lower(lib.suffix(b)), ".execute-api")
	}
}
