package papilint.custom.stage_access_logs_test

import data.papilint.custom.stage_access_logs
import data.papilint.testing as t

api := t.resource("rest-api", "Api", {"EndpointConfiguration": {"Types": ["PRIVATE"]}})

stage(props) := t.with_refs(
	t.resource("stage", "Prod", object.union({"RestApiId": t.ref("Api", "Ref"), "StageName": "prod"}, props)),
	[[["RestApiId"], "Api", "Ref"]],
)

test_stage_without_access_logs_fires if {
	r := stage_access_logs.report with input as t.input_of([api, stage({})], [], [])
	r == {{
		"resource": "stack#Prod",
		"path": ["AccessLogSetting"],
		"message": `stage "Prod" of private REST API "Api" writes no access logs`,
	}}
}

test_stage_with_access_logs_is_silent if {
	logs := {"AccessLogSetting": {"DestinationArn": t.ref("Logs", "Arn"), "Format": "$context.requestId"}}
	count(stage_access_logs.report) == 0 with input as t.input_of([api, stage(logs)], [], [])
}

test_stage_of_a_public_api_is_silent if {
	public := t.resource("rest-api", "Api", {"EndpointConfiguration": {"Types": ["REGIONAL"]}})
	count(stage_access_logs.report) == 0 with input as t.input_of([public, stage({})], [], [])
}
