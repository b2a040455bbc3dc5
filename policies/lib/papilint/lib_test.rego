package papilint.lib_test

import data.papilint.lib
import data.papilint.testing as t

test_branches if {
	lib.branches("a") == ["a"]
	lib.branches(t.choice(["a", t.choice(["b", "c"])])) == ["a", "b", "c"]
}

test_known if {
	lib.known({"a": [1, "x"]})
	not lib.known({"a": [1, t.unknown]})
	lib.unknown(t.ref("X", "Arn"))
}

test_scalars if {
	lib.text(443) == "443"
	lib.text(true) == "true"
	lib.int("443") == 443
	lib.int(443) == 443
	not lib.int("44x")
	lib.bool("TRUE") == true
	lib.strings(["a", 1]) == ["a", "1"]
	lib.strings("a") == ["a"]
	not lib.strings(["a", t.unknown])
}

test_prefix_and_suffix if {
	v := t.concat_of(["com.amazonaws.", t.pseudo("AWS::Region"), ".execute-api"])
	lib.prefix(v) == "com.amazonaws."
	lib.suffix(v) == ".execute-api"
	not lib.whole(v)
	lib.suffix("x.execute-api") == "x.execute-api"
	lib.whole("x")
	not lib.suffix(t.concat_of(["com.amazonaws.", t.unknown]))
}

test_show if {
	lib.show(["PRIVATE"]) == "[PRIVATE]"
	lib.show(t.choice(["a", ["b"]])) == "one of (a | [b])"
	lib.show(t.concat_of(["x.", t.pseudo("AWS::Region")])) == "x.${<AWS::Region>}"
	lib.show(t.ref("Alb", "DNSName")) == "<stack#Alb.DNSName>"
}

test_from_default if {
	n := t.with_default(t.resource("listener", "L", {"Protocol": "HTTP"}), ["Protocol"], "Proto")
	lib.from_default(n, ["Protocol"]) == "Proto"
	lib.from_default(n, []) == "Proto"
	not lib.from_default(n, ["Port"])
	lib.default_note(n, ["Protocol"]) == " (from the default of parameter Proto)"
}

test_name_shows_the_construct_path if {
	n := object.union(t.resource("listener", "L", {}), {"construct_path": "Stack/Alb/Https/Resource"})
	lib.name(n) == `"L (Stack/Alb/Https/Resource)"`
}

_scope(service) := t.input_of(
	[t.resource("vpc-endpoint", "Vpce", {"ServiceName": service})],
	[t.instance("Alb", ["Listener"], "Tg", "Vpce", []), t.instance("Nlb", ["Listener2"], "Tg2", "", [])],
	[],
)

test_instances_leave_out_other_services if {
	count(lib.instances) == 2 with input as _scope("com.amazonaws.eu-west-1.execute-api")
	count(lib.instances) == 2 with input as _scope(t.unknown)
	count(lib.instances) == 1 with input as _scope("com.amazonaws.eu-west-1.s3")
	count(lib.instances) == 1 with input as _scope(t.concat_of(["com.amazonaws.vpce.", t.pseudo("AWS::Region"), ".", t.unknown]))
	count(lib.all_instances) == 2 with input as _scope("com.amazonaws.eu-west-1.s3")
}

test_private_scoped_apis if {
	private := t.resource("rest-api", "Private", {"EndpointConfiguration": {"Types": ["PRIVATE"]}})
	conditioned := t.resource("rest-api", "Regional", {"Policy": {"Statement": [{"Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-1"}}}]}})
	public := t.resource("rest-api", "Public", {})
	lib.private_scoped_apis == {"stack#Private", "stack#Regional"} with input as t.input_of([private, conditioned, public], [], [])
}

test_endpoint_type if {
	lib.endpoint_type(t.resource("domain-name", "D", {})) == "EDGE"
	lib.endpoint_type(t.resource("domain-name", "D", {"EndpointConfiguration": {"Types": ["REGIONAL"]}})) == "REGIONAL"
	not lib.endpoint_type(t.resource("domain-name", "D", {"EndpointConfiguration": {"Types": t.choice([["REGIONAL"], ["EDGE"]])}}))
}
