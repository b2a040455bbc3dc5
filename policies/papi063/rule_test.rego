package papilint.rules.papi063_test

import data.papilint.rules.papi063
import data.papilint.testing as t

_in(first, second) := t.input_of(
	[
		t.resource("rest-api", "Api", {"EndpointConfiguration": {"Types": ["PRIVATE"]}}),
		t.resource("domain-name", "ApiDomain", {"DomainName": "api.example.com"}),
		t.resource("base-path-mapping", "Mapping", first),
		t.resource("base-path-mapping", "Admin", second),
	],
	[t.instance("Alb", ["Listener"], "Tg", "Vpce", ["ApiDomain"])],
	[t.mapping("Mapping", "Api", "ApiDomain"), t.mapping("Admin", "Api", "ApiDomain")],
)

test_absent_base_path_with_another_mapping_fires if {
	r := papi063.report with input as _in({}, {"BasePath": "admin"})
	r == {{
		"resource": "stack#Mapping",
		"path": [],
		"message": `mapping "Mapping" has an empty base path but custom domain "ApiDomain" has 2 mappings; API Gateway allows only one when the base path is empty`,
	}}
}

test_explicit_empty_fires_at_value if {
	r := papi063.report with input as _in({"BasePath": ""}, {"BasePath": "admin"})
	some f in r
	f.path == ["BasePath"]
}

test_two_empty_both_fire if {
	count(papi063.report) == 2 with input as _in({}, {"BasePath": "(none)"})
}

test_distinct_base_paths_are_silent if {
	count(papi063.report) == 0 with input as _in({"BasePath": "orders"}, {"BasePath": "admin"})
	count(papi063.report) == 0 with input as _in({"BasePath": t.unknown}, {"BasePath": "admin"})
	count(papi063.report) == 0 with input as _in({"BasePath": t.choice(["", "orders"])}, {"BasePath": "admin"})
}

test_single_empty_mapping_is_silent if {
	only := t.input_of(
		[t.resource("domain-name", "ApiDomain", {}), t.resource("base-path-mapping", "Mapping", {})],
		[t.instance("Alb", ["Listener"], "Tg", "Vpce", ["ApiDomain"])],
		[t.mapping("Mapping", "Api", "ApiDomain")],
	)
	count(papi063.report) == 0 with input as only
}

test_conditional_mapping_is_not_counted if {
	inp := _in({}, {"BasePath": "admin"})
	nodes := [n |
		some x in inp.nodes
		n := _cond(x)
	]
	count(papi063.report) == 0 with input as object.union(inp, {"nodes": nodes})
}

_cond(x) := object.union(x, {"condition": "WithAdmin"}) if x.name == "Admin"

_cond(x) := x if x.name != "Admin"
