package papilint.rules.papi040_test

import data.papilint.rules.papi040
import data.papilint.testing as t

_in(tg_props, strong) := t.input_of(
	[
		t.resource("load-balancer", "Alb", {"Scheme": "internal"}),
		t.resource("target-group", "Tg", tg_props),
	],
	[t.instance("Alb", ["Listener"], "Tg", _endpoint(strong), [])],
	[],
)

_endpoint(true) := "Vpce"

_endpoint(false) := ""

test_instance_type_fires if {
	r := papi040.report with input as _in({"TargetType": "instance", "Targets": [{"Id": "10.0.0.1"}]}, true)
	r == {{"resource": "stack#Tg", "path": ["TargetType"], "message": `target group "Tg" in front of the execute-api endpoint has TargetType instance, not ip; the endpoint's addresses can only be registered as ip targets`}}
}

test_absent_fires_at_header if {
	r := papi040.report with input as _in({"Targets": [{"Id": "10.0.0.1"}]}, true)
	some f in r
	f.path == []
	count(r) == 1
}

test_ip_is_silent if {
	count(papi040.report) == 0 with input as _in({"TargetType": "ip"}, true)
}

test_unknown_is_silent if {
	count(papi040.report) == 0 with input as _in({"TargetType": t.unknown}, true)
}

test_if_with_an_ip_branch_is_silent if {
	count(papi040.report) == 0 with input as _in({"TargetType": t.choice(["ip", "instance"])}, true)
}

test_if_every_branch_wrong_fires if {
	count(papi040.report) == 1 with input as _in({"TargetType": t.choice(["lambda", "instance"])}, true)
}

test_weak_link_without_targets_is_a_warning if {
	r := papi040.report with input as _in({}, false)
	some f in r
	f.severity == "warning"
}

test_target_group_outside_the_pattern_is_silent if {
	count(papi040.report) == 0 with input as t.input_of([t.resource("target-group", "Other", {})], [], [])
}
