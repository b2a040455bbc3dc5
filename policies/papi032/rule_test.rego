package papilint.rules.papi032_test

import data.papilint.rules.papi032
import data.papilint.testing as t

_in(props) := t.input_of(
	[
		t.resource("load-balancer", "Alb", {}),
		t.with_refs(t.resource("listener", "Listener", object.union({"LoadBalancerArn": t.ref("Alb", "Ref")}, props)), [[["LoadBalancerArn"], "Alb", "Ref"]]),
	],
	[t.instance("Alb", ["Listener"], "Tg", "Vpce", [])],
	[],
)

test_https_without_certificates_fires if {
	r := papi032.report with input as _in({"Protocol": "HTTPS", "Port": 443})
	r == {{
		"resource": "stack#Listener",
		"path": [],
		"message": `HTTPS listener "Listener" has no Certificates; it needs a default certificate`,
	}}
}

test_empty_list_and_missing_arn_fire if {
	count(papi032.report) == 1 with input as _in({"Protocol": "HTTPS", "Certificates": []})
	r := papi032.report with input as _in({"Protocol": "TLS", "Certificates": [{"Foo": "x"}]})
	some f in r
	f.path == ["Certificates", 0]
}

test_certificate_is_silent if {
	count(papi032.report) == 0 with input as _in({"Protocol": "HTTPS", "Certificates": [{"CertificateArn": t.ref("Cert", "Ref")}]})
}

test_http_and_unknown_are_silent if {
	count(papi032.report) == 0 with input as _in({"Protocol": "HTTP"})
	count(papi032.report) == 0 with input as _in({"Protocol": "HTTPS", "Certificates": t.unknown})
	count(papi032.report) == 0 with input as _in({"Protocol": t.choice(["HTTPS", "HTTP"])})
}

test_listener_of_another_load_balancer_is_silent if {
	other := t.with_refs(t.resource("listener", "Other", {"Protocol": "HTTPS", "LoadBalancerArn": t.ref("Public", "Ref")}), [[["LoadBalancerArn"], "Public", "Ref"]])
	count(papi032.report) == 0 with input as t.input_of([t.resource("load-balancer", "Public", {}), other], [], [])
}
