package papilint.rules.papi092_test

import data.papilint.rules.papi092
import data.papilint.testing as t

_in(integration) := t.input_of([t.resource("method", "Method", {"HttpMethod": "ANY", "Integration": integration})], [], [])

_complete := {
	"Type": "HTTP_PROXY",
	"ConnectionType": "VPC_LINK",
	"ConnectionId": t.ref("Link", "Ref"),
	"IntegrationHttpMethod": "ANY",
	"Uri": "http://backend.internal.example.com/",
}

test_missing_connection_id_fires if {
	r := papi092.report with input as _in(object.remove(_complete, ["ConnectionId"]))
	r == {{
		"resource": "stack#Method",
		"path": ["Integration", "ConnectionType"],
		"message": `integration of "Method" uses ConnectionType VPC_LINK but has no ConnectionId`,
	}}
}

test_several_missing_are_one_finding if {
	r := papi092.report with input as _in(object.remove(_complete, ["Uri", "IntegrationHttpMethod"]))
	some f in r
	f.message == `integration of "Method" uses ConnectionType VPC_LINK but has no Uri, no IntegrationHttpMethod`
	count(r) == 1
}

test_wrong_type_fires if {
	r := papi092.report with input as _in(object.union(_complete, {"Type": "AWS_PROXY"}))
	some f in r
	f.path == ["Integration", "Type"]
}

test_connection_id_over_internet_is_a_warning if {
	r := papi092.report with input as _in(object.remove(_complete, ["ConnectionType"]))
	some f in r
	f.severity == "warning"
	f.path == ["Integration", "ConnectionId"]
}

test_complete_and_plain_integrations_are_silent if {
	count(papi092.report) == 0 with input as _in(_complete)
	count(papi092.report) == 0 with input as _in({"Type": "MOCK"})
	count(papi092.report) == 0 with input as _in(object.union(_complete, {"ConnectionType": t.choice(["VPC_LINK", "INTERNET"])}))
	count(papi092.report) == 0 with input as _in(object.union(_complete, {"Type": t.unknown}))
}

test_terraform_integration_resource if {
	n := object.union(t.resource("other", "aws_api_gateway_integration.root", object.remove(_complete, ["Uri"])), {"type": "aws_api_gateway_integration"})
	r := papi092.report with input as t.input_of([n], [], [])
	some f in r
	f.path == ["ConnectionType"]
}
