# METADATA
# title: Stage of a private API writes no access logs
# description: >-
#   ACME audits every call that reaches a private API through the load
#   balancer, so each stage of a private API must send access logs
#   somewhere.
# related_resources:
#   - https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
# custom:
#   id: ACME001
#   name: private-api-stage-without-access-logs
#   severity: warning
#   trigger: >-
#     An AWS::ApiGateway::Stage (Terraform aws_api_gateway_stage) of a
#     private REST API has no AccessLogSetting.DestinationArn.
#   fix: >-
#     Add AccessLogSetting with a DestinationArn: a CloudWatch Logs group
#     or a Kinesis Data Firehose stream.
#   tags: [acme, logging]
package papilint.custom.stage_access_logs

import data.papilint.lib

report contains lib.finding(stage, ["AccessLogSetting"], msg) if {
	some stage in lib.of_kind("stage")
	some api_id in lib.refs_at(stage, ["RestApiId"])
	api_id in lib.private_scoped_apis
	lib.absent(stage, ["AccessLogSetting", "DestinationArn"])
	msg := sprintf("stage %s of private REST API %s writes no access logs", [lib.name(stage), lib.name(lib.node(api_id))])
}
