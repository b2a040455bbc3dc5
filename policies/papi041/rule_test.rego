package papilint.rules.papi041_test

import data.papilint.rules.papi041
import data.papilint.testing as t

_in(lb_props, listener_props, tg_props) := t.input_of(
	[
		t.resource("load-balancer", "Lb", lb_props),
		t.resource("listener", "Listener", listener_props),
		t.resource("target-group", "Tg", tg_props),
	],
	[t.instance("Lb", ["Listener"], "Tg", "Vpce", [])],
	[],
)

_alb(tg) := _in({}, {"Protocol": "HTTPS"}, tg)

test_http_fires_at_protocol if {
	r := papi041.report with input as _alb({"Protocol": "HTTP", "Port": 443})
	r == {{
		"resource": "stack#Tg",
		"path": ["Protocol"],
		"message": `target group "Tg" in front of the execute-api endpoint has Protocol HTTP, not HTTPS; the endpoint accepts only TLS on port 443`,
	}}
}

test_port_and_target_ports_fire if {
	r := papi041.report with input as _alb({"Protocol": "HTTPS", "Port": "80", "Targets": [{"Id": "10.0.0.1", "Port": 443}, {"Id": "10.0.0.2", "Port": 8443}]})
	{f.path | some f in r} == {["Port"], ["Targets", 1, "Port"]}
}

test_absent_protocol_and_port_fire_at_header if {
	r := papi041.report with input as _alb({})
	count(r) == 2
	every f in r {
		f.path == []
	}
}

test_conforming_is_silent if {
	count(papi041.report) == 0 with input as _alb({"Protocol": "HTTPS", "Port": 443, "Targets": [{"Id": "10.0.0.1", "Port": 443}]})
}

test_nlb_readings if {
	count(papi041.report) == 0 with input as _in({"Type": "network"}, {"Protocol": "TLS"}, {"Protocol": "TLS", "Port": 443})
	count(papi041.report) == 0 with input as _in({"Type": "network"}, {"Protocol": "TCP"}, {"Protocol": "TCP", "Port": 443})
	count(papi041.report) == 1 with input as _in({"Type": "network"}, {"Protocol": "TLS"}, {"Protocol": "TCP", "Port": 443})
}

test_unknown_and_if_are_silent if {
	count(papi041.report) == 0 with input as _alb({"Protocol": t.unknown, "Port": t.choice([443, 80])})
}
