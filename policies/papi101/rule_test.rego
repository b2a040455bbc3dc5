package papilint.rules.papi101_test

import data.papilint.rules.papi101
import data.papilint.testing as t

domain := t.resource("domain-name-v2", "Domain", {"DomainName": "api.example.com", "EndpointConfiguration": {"Types": ["PRIVATE"]}})

test_domain_without_association_fires if {
	r := papi101.report with input as t.input_of([domain], [], [])
	r == {{
		"resource": "stack#Domain",
		"path": [],
		"message": `private custom domain "Domain" has no access association and is not shared with RAM, so no VPC endpoint can invoke it`,
	}}
}

test_association_is_silent if {
	a := t.with_refs(
		t.resource("access-association", "Assoc", {"DomainNameArn": t.ref("Domain", "DomainNameArn"), "AccessAssociationSource": t.ref("Vpce", "Ref")}),
		[[["DomainNameArn"], "Domain", "DomainNameArn"], [["AccessAssociationSource"], "Vpce", "Ref"]],
	)
	count(papi101.report) == 0 with input as t.input_of([domain, a], [], [])
}

test_association_for_another_domain_fires if {
	a := t.with_refs(t.resource("access-association", "Assoc", {"DomainNameArn": t.ref("Other", "DomainNameArn")}), [[["DomainNameArn"], "Other", "DomainNameArn"]])
	count(papi101.report) == 1 with input as t.input_of([domain, a], [], [])
}

test_ram_share_is_silent if {
	s := t.with_refs(t.resource("resource-share", "Share", {"ResourceArns": [t.ref("Domain", "DomainNameArn")]}), [[["ResourceArns", 0], "Domain", "DomainNameArn"]])
	count(papi101.report) == 0 with input as t.input_of([domain, s], [], [])
}

test_association_with_unresolved_domain_is_silent if {
	a := t.resource("access-association", "Assoc", {"DomainNameArn": t.unknown})
	count(papi101.report) == 0 with input as t.input_of([domain, a], [], [])
}

# hashicorp/aws 6 shares a private domain with aws_api_gateway_domain_name_share
# (the provider's own test data, DomainNameShare/basic).
test_terraform_domain_name_share_is_silent if {
	d := object.union(domain, {"format": "terraform", "type": "aws_api_gateway_domain_name"})
	share := object.union(
		t.with_refs(t.resource("other", "aws_api_gateway_domain_name_share.test", {"domain_name_id": t.ref("Domain", "DomainNameId")}), [[["domain_name_id"], "Domain", "DomainNameId"]]),
		{"type": "aws_api_gateway_domain_name_share"},
	)
	count(papi101.report) == 0 with input as t.input_of([d, share], [], [])
}
