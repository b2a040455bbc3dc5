package papilint.rules.papi020_test

import data.papilint.rules.papi020
import data.papilint.testing as t

_in(service) := _in_domains(service, ["ApiDomain"])

_in_domains(service, domains) := t.input_of(
	[
		t.resource("load-balancer", "Alb", {}),
		t.resource("target-group", "Tg", {}),
		t.resource("vpc-endpoint", "Vpce", {"ServiceName": service, "VpcEndpointType": "Interface"}),
	],
	[t.instance("Alb", ["Listener"], "Tg", "Vpce", domains)],
	[],
)

region := t.pseudo("AWS::Region")

test_apigateway_fires if {
	r := papi020.report with input as _in(t.concat_of(["com.amazonaws.", region, ".apigateway"]))
	r == {{
		"resource": "stack#Vpce",
		"path": ["ServiceName"],
		"message": `VPC endpoint "Vpce" carries the private API's traffic but its service is com.amazonaws.${<AWS::Region>}.apigateway, not execute-api (that is API Gateway's management API)`,
	}}
}

test_literal_wrong_service_fires if {
	count(papi020.report) == 1 with input as _in("com.amazonaws.eu-west-1.s3")
}

test_execute_api_is_silent if {
	count(papi020.report) == 0 with input as _in(t.concat_of(["com.amazonaws.", region, ".execute-api"]))
	count(papi020.report) == 0 with input as _in("cn.com.amazonaws.cn-north-1.execute-api")
}

test_unknown_end_is_silent if {
	count(papi020.report) == 0 with input as _in(t.concat_of(["com.amazonaws.", t.unknown]))
	count(papi020.report) == 0 with input as _in(t.unknown)
}

test_tail_of_execute_api_after_unknown_part_is_silent if {
	count(papi020.report) == 0 with input as _in(t.concat_of([t.unknown, "execute-api"]))
}

test_if_with_one_right_branch_is_silent if {
	count(papi020.report) == 0 with input as _in(t.choice(["com.amazonaws.eu-west-1.execute-api", "com.amazonaws.eu-west-1.apigateway"]))
}

test_endpoint_outside_the_pattern_is_silent if {
	count(papi020.report) == 0 with input as t.input_of([t.resource("vpc-endpoint", "S3", {"ServiceName": "com.amazonaws.eu-west-1.s3"})], [], [])
}

test_endpoint_named_in_policy_fires if {
	api := t.with_refs(t.resource("rest-api", "Api", {"Policy": {}}), [[["Policy", "Statement", 1, "Condition", "StringNotEquals", "aws:SourceVpce"], "Vpce", "Ref"]])
	ep := t.resource("vpc-endpoint", "Vpce", {"ServiceName": "com.amazonaws.eu-west-1.apigateway"})
	count(papi020.report) == 1 with input as t.input_of([api, ep], [], [])
}

test_alb_in_front_of_another_service_without_api_domain_is_silent if {
	count(papi020.report) == 0 with input as _in_domains("com.amazonaws.eu-west-1.s3", [])
}

test_privatelink_endpoint_service_is_silent if {
	count(papi020.report) == 0 with input as _in("com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0")
	count(papi020.report) == 0 with input as _in(t.concat_of(["com.amazonaws.vpce.", region, ".vpce-svc-0123456789abcdef0"]))
}
