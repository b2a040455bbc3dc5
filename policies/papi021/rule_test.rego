package papilint.rules.papi021_test

import data.papilint.rules.papi021
import data.papilint.testing as t

_in(props) := t.input_of([t.resource("vpc-endpoint", "Vpce", object.union({"ServiceName": "com.amazonaws.eu-west-1.execute-api"}, props))], [], [])

test_absent_type_fires_at_header if {
	r := papi021.report with input as _in({})
	r == {{
		"resource": "stack#Vpce",
		"path": [],
		"message": `VPC endpoint "Vpce" for execute-api has no VpcEndpointType, so AWS creates a Gateway endpoint; execute-api is offered only as an Interface endpoint`,
	}}
}

test_gateway_fires_at_value if {
	r := papi021.report with input as _in({"VpcEndpointType": "Gateway"})
	some f in r
	f.path == ["VpcEndpointType"]
}

test_interface_is_silent if {
	count(papi021.report) == 0 with input as _in({"VpcEndpointType": "Interface"})
}

test_unknown_or_one_interface_branch_is_silent if {
	count(papi021.report) == 0 with input as _in({"VpcEndpointType": t.unknown})
	count(papi021.report) == 0 with input as _in({"VpcEndpointType": t.choice(["Interface", "Gateway"])})
}

test_other_services_are_silent if {
	count(papi021.report) == 0 with input as t.input_of([t.resource("vpc-endpoint", "S3", {"ServiceName": "com.amazonaws.eu-west-1.s3"})], [], [])
}
