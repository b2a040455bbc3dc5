package papilint.rules.papi051_test

import data.papilint.rules.papi051
import data.papilint.testing as t

_in(kind, props) := t.input_of(
	[t.resource(kind, "ApiDomain", object.union({"DomainName": "api.example.com"}, props))],
	[t.instance("Alb", ["Listener"], "Tg", "Vpce", ["ApiDomain"])],
	[],
)

test_regional_with_edge_certificate_fires if {
	r := papi051.report with input as _in("domain-name", {"CertificateArn": t.ref("Cert", "Ref"), "EndpointConfiguration": {"Types": ["REGIONAL"]}})
	r == {{
		"resource": "stack#ApiDomain",
		"path": ["CertificateArn"],
		"message": `REGIONAL custom domain "ApiDomain" gives its certificate as CertificateArn, which is for EDGE domains; use RegionalCertificateArn`,
	}}
}

test_edge_with_regional_certificate_fires if {
	count(papi051.report) == 1 with input as _in("domain-name", {"RegionalCertificateArn": "arn:aws:acm:eu-west-1:1:certificate/x"})
	count(papi051.report) == 1 with input as _in("domain-name", {"RegionalCertificateArn": "arn", "EndpointConfiguration": {"Types": ["EDGE"]}})
}

test_private_with_regional_certificate_fires if {
	count(papi051.report) == 1 with input as _in("domain-name-v2", {"RegionalCertificateArn": "arn"})
}

test_matching_fields_are_silent if {
	count(papi051.report) == 0 with input as _in("domain-name", {"RegionalCertificateArn": "arn", "EndpointConfiguration": {"Types": ["REGIONAL"]}})
	count(papi051.report) == 0 with input as _in("domain-name", {"CertificateArn": "arn"})
	count(papi051.report) == 0 with input as _in("domain-name-v2", {"CertificateArn": "arn"})
}

test_undecided_type_is_silent if {
	count(papi051.report) == 0 with input as _in("domain-name", {"CertificateArn": "arn", "EndpointConfiguration": {"Types": t.choice([["REGIONAL"], ["EDGE"]])}})
	count(papi051.report) == 0 with input as _in("domain-name", {"CertificateArn": "arn", "EndpointConfiguration": {"Types": t.unknown}})
}
