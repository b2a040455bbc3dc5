package papilint.rules.papi090_test

import data.papilint.rules.papi090
import data.papilint.testing as t

_in(lb) := t.input_of(
	[
		t.with_refs(t.resource("vpc-link", "Link", {"Name": "backend", "TargetArns": [t.ref("Lb", "Ref")]}), [[["TargetArns", 0], "Lb", "Ref"]]),
		lb,
	],
	[],
	[],
)

test_application_fires if {
	r := papi090.report with input as _in(t.resource("load-balancer", "Lb", {"Type": "application"}))
	r == {{
		"resource": "stack#Link",
		"path": ["TargetArns", 0],
		"message": `VPC link "Link" targets load balancer "Lb" of Type application; REST API VPC links accept only Network Load Balancers`,
		"related": [{"resource": "stack#Lb", "path": ["Type"], "message": "the load balancer's type"}],
	}}
}

test_absent_type_fires if {
	count(papi090.report) == 1 with input as _in(t.resource("load-balancer", "Lb", {}))
}

test_type_from_default_is_a_warning if {
	lb := t.with_default(t.resource("load-balancer", "Lb", {"Type": "application"}), ["Type"], "LbType")
	r := papi090.report with input as _in(lb)
	some f in r
	f.severity == "warning"
	contains(f.message, "LbType")
}

test_nlb_unknown_and_if_are_silent if {
	count(papi090.report) == 0 with input as _in(t.resource("load-balancer", "Lb", {"Type": "network"}))
	count(papi090.report) == 0 with input as _in(t.resource("load-balancer", "Lb", {"Type": t.unknown}))
	count(papi090.report) == 0 with input as _in(t.resource("load-balancer", "Lb", {"Type": t.choice(["network", "application"])}))
}
