package papilint.rules.papi058_test

import data.papilint.rules.papi058
import data.papilint.testing as t

_in(kind, props) := t.input_of(
	[t.resource(kind, "ApiDomain", object.union({"DomainName": "api.example.com"}, props))],
	[t.instance("Alb", ["Listener"], "Tg", "Vpce", ["ApiDomain"])],
	[],
)

test_tls_1_0_fires if {
	r := papi058.report with input as _in("domain-name", {"SecurityPolicy": "TLS_1_0"})
	r == {{
		"resource": "stack#ApiDomain",
		"path": ["SecurityPolicy"],
		"message": `custom domain "ApiDomain" has SecurityPolicy TLS_1_0, so it accepts TLS 1.0 and 1.1 handshakes`,
	}}
}

test_http_api_domain_configuration_fires if {
	r := papi058.report with input as _in("domain-name-http", {"DomainNameConfigurations": [{"SecurityPolicy": "TLS_1_2"}, {"SecurityPolicy": "TLS_1_0"}]})
	{f.path | some f in r} == {["DomainNameConfigurations", 1, "SecurityPolicy"]}
}

test_other_policies_are_silent if {
	count(papi058.report) == 0 with input as _in("domain-name", {"SecurityPolicy": "TLS_1_2"})
	count(papi058.report) == 0 with input as _in("domain-name", {"SecurityPolicy": "SecurityPolicy_TLS13_1_3_2025_09"})
	count(papi058.report) == 0 with input as _in("domain-name", {})
	count(papi058.report) == 0 with input as _in("domain-name", {"SecurityPolicy": t.choice(["TLS_1_0", "TLS_1_2"])})
	count(papi058.report) == 0 with input as _in("domain-name", {"SecurityPolicy": t.unknown})
}

test_domain_out_of_scope_is_silent if {
	d := t.resource("domain-name", "Other", {"SecurityPolicy": "TLS_1_0"})
	count(papi058.report) == 0 with input as t.input_of([d], [], [])
}
