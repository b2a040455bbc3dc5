package papilint.rules.papi031_test

import data.papilint.rules.papi031
import data.papilint.testing as t

_in(lb_props, listener_props) := _in_domains(lb_props, listener_props, [])

_in_domains(lb_props, listener_props, domains) := t.input_of(
	[
		t.resource("load-balancer", "Lb", lb_props),
		t.resource("listener", "Listener", listener_props),
		t.resource("target-group", "Tg", {}),
	],
	[t.instance("Lb", ["Listener"], "Tg", "Vpce", domains)],
	[],
)

test_http_listener_fires if {
	r := papi031.report with input as _in({"Type": "application"}, {"Protocol": "HTTP", "Port": 80})
	r == {{
		"resource": "stack#Listener",
		"path": ["Protocol"],
		"message": `listener "Listener" forwards to the execute-api endpoint's target group with Protocol HTTP, not HTTPS`,
	}}
}

test_absent_protocol_fires_at_header if {
	r := papi031.report with input as _in({}, {"Port": 443})
	some f in r
	f.path == []
}

test_https_is_silent if {
	count(papi031.report) == 0 with input as _in({}, {"Protocol": "HTTPS"})
}

test_nlb_needs_tls if {
	count(papi031.report) == 1 with input as _in_domains({"Type": "network"}, {"Protocol": "TCP"}, ["ApiDomain"])
	count(papi031.report) == 0 with input as _in_domains({"Type": "network"}, {"Protocol": "TLS"}, ["ApiDomain"])
}

test_nlb_tcp_passthrough_without_custom_domain_is_silent if {
	count(papi031.report) == 0 with input as _in({"Type": "network"}, {"Protocol": "TCP"})
}

test_unknown_lb_type_accepts_either if {
	count(papi031.report) == 0 with input as _in({"Type": t.unknown}, {"Protocol": "TLS"})
	count(papi031.report) == 1 with input as _in({"Type": t.unknown}, {"Protocol": "HTTP"})
}

test_unknown_or_if_with_https_branch_is_silent if {
	count(papi031.report) == 0 with input as _in({}, {"Protocol": t.unknown})
	count(papi031.report) == 0 with input as _in({}, {"Protocol": t.choice(["HTTPS", "HTTP"])})
}
