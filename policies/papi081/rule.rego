# METADATA
# title: Integration timeout above 29 seconds needs a quota increase
# description: >-
#   Regional and private REST APIs can have integration timeouts above the
#   old 29-second limit, but only after a quota increase, which may lower
#   the account's throttle quota. Without the increase the update is
#   rejected.
# related_resources:
#   - https://aws.amazon.com/about-aws/whats-new/2024/06/amazon-api-gateway-integration-timeout-limit-29-seconds/
#   - https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
# custom:
#   id: PAPI081
#   name: integration-timeout-above-29s
#   severity: note
#   confidence: "[V]"
#   tier: 1
#   cfn: >-
#     AWS::ApiGateway::Method.Integration.TimeoutInMillis and
#     .ResponseTransferMode; OpenAPI x-amazon-apigateway-integration.timeoutInMillis
#   tf: aws_api_gateway_integration.timeout_milliseconds
#   scope: Integrations of private REST APIs.
#   trigger: >-
#     TimeoutInMillis is above 29000 and the response transfer mode is
#     BUFFERED or not set.
#   symptom: >-
#     Without a quota increase for the account and region the update is
#     rejected (exact text not confirmed); with it, the account's throttle
#     quota may be reduced.
#   fix: >-
#     Request the integration timeout quota increase, or keep the timeout at
#     29000 or less (and check the load balancer's idle timeout, PAPI080).
#   skip: >-
#     Timeouts that cannot be resolved, Fn::If with a branch at or below
#     29000, and STREAM integrations.
#   bad: |
#     RootAny:
#       Type: AWS::ApiGateway::Method
#       Properties:
#         RestApiId: !Ref Api
#         ResourceId: !GetAtt Api.RootResourceId
#         HttpMethod: ANY
#         AuthorizationType: NONE
#         Integration:
#           Type: HTTP_PROXY
#           IntegrationHttpMethod: ANY
#           Uri: https://backend.internal.example.com/
#           TimeoutInMillis: 60000
#   good: |
#     RootAny:
#       Type: AWS::ApiGateway::Method
#       Properties:
#         RestApiId: !Ref Api
#         ResourceId: !GetAtt Api.RootResourceId
#         HttpMethod: ANY
#         AuthorizationType: NONE
#         Integration:
#           Type: HTTP_PROXY
#           IntegrationHttpMethod: ANY
#           Uri: https://backend.internal.example.com/
#           TimeoutInMillis: 29000
#   tags: [timeouts, quota]
package papilint.rules.papi081

import data.papilint.lib

report contains lib.finding(i.node, path, msg) if {
	some i in lib.integrations
	lib.api_of(i.node) in lib.private_scoped_apis
	path := array.concat(i.base, ["TimeoutInMillis"])
	v := lib.prop(i.node, path)
	_above(v)
	not _streams(i.node, array.concat(i.base, ["ResponseTransferMode"]))
	msg := sprintf("integration of %s has TimeoutInMillis %s, above 29000: it needs a quota increase for private APIs, which may lower the account's throttle quota", [lib.name(i.node), lib.show(v)])
}

# Integrations written in the OpenAPI body of a private API.
report contains lib.finding(api, path, msg) if {
	some id in lib.private_scoped_apis
	api := lib.node(id)
	some body in ["Body", "DefinitionBody"]
	some p, ops in lib.prop(api, [body, "paths"])
	some op, def in ops
	is_object(def)
	ig := def["x-amazon-apigateway-integration"]
	path := [body, "paths", p, op, "x-amazon-apigateway-integration", "timeoutInMillis"]
	v := ig.timeoutInMillis
	_above(v)
	not upper(object.get(ig, "responseTransferMode", "BUFFERED")) == "STREAM"
	msg := sprintf("integration of %s %s in REST API %s has timeoutInMillis %s, above 29000: it needs a quota increase for private APIs, which may lower the account's throttle quota", [upper(op), p, lib.name(api), lib.show(v)])
}

_above(v) if {
	every b in lib.branches(v) {
		lib.int(b) > 29000
	}
}

_streams(n, path) if {
	some b in lib.branches(lib.prop(n, path))
	upper(lib.text(b)) == "STREAM"
}

_streams(n, path) if lib.unknown(lib.prop(n, path))
