package papilint.rules.papi050_test

import data.papilint.rules.papi050
import data.papilint.testing as t

_in(domain_props, api_types) := t.input_of(
	[
		t.resource("rest-api", "Api", {"EndpointConfiguration": {"Types": api_types}}),
		t.resource("domain-name", "ApiDomain", object.union({"DomainName": "api.example.com"}, domain_props)),
	],
	[t.instance("Alb", ["Listener"], "Tg", "Vpce", ["ApiDomain"])],
	[t.mapping("Mapping", "Api", "ApiDomain")],
)

test_absent_types_fire_at_header if {
	r := papi050.report with input as _in({}, ["PRIVATE"])
	r == {{
		"resource": "stack#ApiDomain",
		"path": [],
		"message": `custom domain "ApiDomain" serves the load balancer's name for a private API but has no endpoint type, so AWS makes it EDGE; requests through the execute-api endpoint find no regional domain`,
	}}
}

test_edge_fires_at_types if {
	r := papi050.report with input as _in({"EndpointConfiguration": {"Types": ["EDGE"]}}, ["PRIVATE"])
	some f in r
	f.path == ["EndpointConfiguration", "Types"]
}

test_regional_unknown_and_if_are_silent if {
	count(papi050.report) == 0 with input as _in({"EndpointConfiguration": {"Types": ["REGIONAL"]}}, ["PRIVATE"])
	count(papi050.report) == 0 with input as _in({"EndpointConfiguration": {"Types": t.unknown}}, ["PRIVATE"])
	count(papi050.report) == 0 with input as _in({"EndpointConfiguration": {"Types": t.choice([["EDGE"], ["REGIONAL"]])}}, ["PRIVATE"])
}

test_domain_of_a_public_api_is_silent if {
	count(papi050.report) == 0 with input as _in({}, ["REGIONAL"])
}
