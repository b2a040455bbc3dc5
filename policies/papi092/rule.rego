# METADATA
# title: VPC link integration is incomplete
# description: >-
#   An integration through a VPC link needs the link's id, an HTTP or
#   HTTP_PROXY type, a URI and an HTTP method; without them the method
#   cannot be created. The reverse slip, a ConnectionId with the connection
#   type left at INTERNET, quietly sends requests over the internet
#   instead of through the link.
# related_resources:
#   - https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-private-integration.html
#   - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-apigateway-method-integration.html
# custom:
#   id: PAPI092
#   name: vpc-link-integration-incomplete
#   severity: error
#   confidence: "[V]"
#   tier: 1
#   cfn: >-
#     AWS::ApiGateway::Method.Integration.ConnectionType, .ConnectionId,
#     .Type, .Uri, .IntegrationHttpMethod
#   tf: >-
#     aws_api_gateway_integration.connection_type, .connection_id, .type,
#     .uri, .integration_http_method
#   scope: Every REST API integration (the VPC link variant).
#   trigger: >-
#     Error: ConnectionType VPC_LINK with no ConnectionId, no Uri or no
#     IntegrationHttpMethod, or a Type other than HTTP or HTTP_PROXY.
#     Warning: a ConnectionId with ConnectionType absent or INTERNET.
#   symptom: >-
#     Creating the method or integration fails; or, for the warning, the
#     integration goes over the internet instead of through the VPC link.
#   fix: >-
#     Set `ConnectionType: VPC_LINK`, `ConnectionId: !Ref Link`,
#     `Type: HTTP_PROXY` (or HTTP), `IntegrationHttpMethod` and a `Uri` on
#     the backend's host.
#   skip: >-
#     Values that cannot be resolved, and Fn::If with a branch that is not
#     VPC_LINK.
#   bad: |
#     Method:
#       Type: AWS::ApiGateway::Method
#       Properties:
#         RestApiId: !Ref Api
#         ResourceId: !GetAtt Api.RootResourceId
#         HttpMethod: ANY
#         AuthorizationType: NONE
#         Integration:
#           Type: HTTP_PROXY
#           ConnectionType: VPC_LINK
#           IntegrationHttpMethod: ANY
#           Uri: http://backend.internal.example.com/
#   good: |
#     Method:
#       Type: AWS::ApiGateway::Method
#       Properties:
#         RestApiId: !Ref Api
#         ResourceId: !GetAtt Api.RootResourceId
#         HttpMethod: ANY
#         AuthorizationType: NONE
#         Integration:
#           Type: HTTP_PROXY
#           ConnectionType: VPC_LINK
#           ConnectionId: !Ref Link
#           IntegrationHttpMethod: ANY
#           Uri: http://backend.internal.example.com/
#   tags: [vpc-link, integration, deploy-failure]
package papilint.rules.papi092

import data.papilint.lib

report contains lib.finding(i.node, array.concat(i.base, ["ConnectionType"]), msg) if {
	some i in lib.integrations
	_vpc_link(i)
	missing := [k |
		some k in ["ConnectionId", "Uri", "IntegrationHttpMethod"]
		lib.absent(i.node, array.concat(i.base, [k]))
	]
	count(missing) > 0
	msg := sprintf("integration of %s uses ConnectionType VPC_LINK but has no %s", [lib.name(i.node), concat(", no ", missing)])
}

report contains lib.finding(i.node, path, msg) if {
	some i in lib.integrations
	_vpc_link(i)
	path := array.concat(i.base, ["Type"])
	v := lib.prop(i.node, path)
	every b in lib.branches(v) {
		not upper(lib.text(b)) in {"HTTP", "HTTP_PROXY"}
		lib.text(b)
	}
	msg := sprintf("integration of %s uses ConnectionType VPC_LINK with Type %s; a VPC link integration must be HTTP or HTTP_PROXY", [lib.name(i.node), lib.show(v)])
}

report contains lib.finding_at(i.node, path, msg, "warning") if {
	some i in lib.integrations
	path := array.concat(i.base, ["ConnectionId"])
	lib.prop(i.node, path)
	_internet(i)
	msg := sprintf("integration of %s has a ConnectionId but %s, so requests go over the internet instead of through the VPC link", [lib.name(i.node), _connection_type(i)])
}

_vpc_link(i) if {
	v := lib.prop(i.node, array.concat(i.base, ["ConnectionType"]))
	every b in lib.branches(v) {
		upper(lib.text(b)) == "VPC_LINK"
	}
}

_internet(i) if lib.absent(i.node, array.concat(i.base, ["ConnectionType"]))

_internet(i) if {
	v := lib.prop(i.node, array.concat(i.base, ["ConnectionType"]))
	every b in lib.branches(v) {
		upper(lib.text(b)) == "INTERNET"
	}
}

_connection_type(i) := "no ConnectionType (INTERNET by default)" if lib.absent(i.node, array.concat(i.base, ["ConnectionType"]))

_connection_type(i) := "ConnectionType INTERNET" if lib.prop(i.node, array.concat(i.base, ["ConnectionType"]))
