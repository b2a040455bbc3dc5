package papilint.rules.papi081_test

import data.papilint.rules.papi081
import data.papilint.testing as t

_in(api_types, integration) := t.input_of(
	[
		t.resource("rest-api", "Api", {"EndpointConfiguration": {"Types": api_types}}),
		t.with_refs(t.resource("method", "RootAny", {"RestApiId": t.ref("Api", "Ref"), "Integration": integration}), [[["RestApiId"], "Api", "Ref"]]),
	],
	[],
	[],
)

test_60s_fires if {
	r := papi081.report with input as _in(["PRIVATE"], {"Type": "HTTP_PROXY", "TimeoutInMillis": 60000})
	r == {{
		"resource": "stack#RootAny",
		"path": ["Integration", "TimeoutInMillis"],
		"message": `integration of "RootAny" has TimeoutInMillis 60000, above 29000: it needs a quota increase for private APIs, which may lower the account's throttle quota`,
	}}
}

test_string_timeout_and_buffered_fire if {
	count(papi081.report) == 1 with input as _in(["PRIVATE"], {"TimeoutInMillis": "45000", "ResponseTransferMode": "BUFFERED"})
}

test_silent_cases if {
	count(papi081.report) == 0 with input as _in(["PRIVATE"], {"TimeoutInMillis": 29000})
	count(papi081.report) == 0 with input as _in(["PRIVATE"], {"TimeoutInMillis": 60000, "ResponseTransferMode": "STREAM"})
	count(papi081.report) == 0 with input as _in(["PRIVATE"], {"TimeoutInMillis": t.unknown})
	count(papi081.report) == 0 with input as _in(["PRIVATE"], {"TimeoutInMillis": t.choice([60000, 29000])})
	count(papi081.report) == 0 with input as _in(["REGIONAL"], {"TimeoutInMillis": 60000})
}

test_openapi_body_fires if {
	body := {"paths": {"/orders": {"get": {"x-amazon-apigateway-integration": {"type": "http_proxy", "timeoutInMillis": 50000}}}}}
	api := t.resource("rest-api", "Api", {"EndpointConfiguration": {"Types": ["PRIVATE"]}, "Body": body})
	r := papi081.report with input as t.input_of([api], [], [])
	some f in r
	f.path == ["Body", "paths", "/orders", "get", "x-amazon-apigateway-integration", "timeoutInMillis"]
}
