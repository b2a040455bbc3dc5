package papilint.rules.papi043_test

import data.papilint.rules.papi043
import data.papilint.testing as t

_in(tg_props) := t.input_of(
	[
		t.resource("load-balancer", "Alb", {}),
		t.resource("target-group", "Tg", object.union({"TargetType": "ip", "Protocol": "HTTPS", "Port": 443}, tg_props)),
	],
	[t.instance("Alb", ["Listener"], "Tg", "Vpce", [])],
	[],
)

test_200_only_fires if {
	r := papi043.report with input as _in({"Matcher": {"HttpCode": "200"}})
	r == {{
		"resource": "stack#Tg",
		"path": ["Matcher", "HttpCode"],
		"message": `target group "Tg" accepts health-check codes 200, which exclude the 403 the execute-api endpoint answers probes with, so every target is marked unhealthy`,
	}}
}

test_absent_matcher_fires_at_header if {
	r := papi043.report with input as _in({})
	some f in r
	f.path == []
}

test_lists_and_ranges_with_403_are_silent if {
	count(papi043.report) == 0 with input as _in({"Matcher": {"HttpCode": "200,403"}})
	count(papi043.report) == 0 with input as _in({"Matcher": {"HttpCode": "200-499"}})
	count(papi043.report) == 0 with input as _in({"Matcher": {"HttpCode": "403"}})
	count(papi043.report) == 0 with input as _in({"Matcher": {"HttpCode": 403}})
}

test_ranges_without_403_fire if {
	count(papi043.report) == 1 with input as _in({"Matcher": {"HttpCode": "200-399, 404"}})
}

test_unreadable_unknown_and_if_are_silent if {
	count(papi043.report) == 0 with input as _in({"Matcher": {"HttpCode": "2xx"}})
	count(papi043.report) == 0 with input as _in({"Matcher": {"HttpCode": t.unknown}})
	count(papi043.report) == 0 with input as _in({"Matcher": {"HttpCode": t.choice(["200", "200,403"])}})
}

test_tcp_grpc_and_disabled_health_checks_are_silent if {
	count(papi043.report) == 0 with input as _in({"HealthCheckProtocol": "TCP"})
	count(papi043.report) == 0 with input as _in({"ProtocolVersion": "GRPC", "Matcher": {"GrpcCode": "0-99"}})
	count(papi043.report) == 0 with input as _in({"HealthCheckEnabled": false})
}
