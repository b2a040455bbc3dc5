# METADATA
# title: Private custom domain has no access association
# description: >-
#   A private custom domain is reachable only from VPC endpoints that have
#   an access association with it. Without one (and without a RAM share
#   that lets another account create it), no VPC can invoke the domain.
# related_resources:
#   - https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-custom-domains.html
#   - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-domainnameaccessassociation.html
# custom:
#   id: PAPI101
#   name: private-domain-no-access-association
#   severity: warning
#   confidence: "[V] requirement"
#   tier: 1
#   cfn: >-
#     AWS::ApiGateway::DomainNameV2; AWS::ApiGateway::DomainNameAccessAssociation.DomainNameArn;
#     AWS::RAM::ResourceShare.ResourceArns
#   tf: >-
#     aws_api_gateway_domain_name (PRIVATE);
#     aws_api_gateway_domain_name_access_association.domain_name_arn;
#     aws_ram_resource_association.resource_arn,
#     aws_api_gateway_domain_name_share.domain_name_id
#   scope: Every private custom domain.
#   trigger: >-
#     No access association refers to the domain's ARN, and no RAM resource
#     share shares it.
#   symptom: >-
#     No VPC can invoke the domain until an access association is created.
#     A warning, because associations are often made in consumer accounts'
#     stacks.
#   fix: >-
#     Add an AWS::ApiGateway::DomainNameAccessAssociation with
#     `DomainNameArn: !GetAtt Domain.DomainNameArn`,
#     `AccessAssociationSource: !Ref Vpce` and
#     `AccessAssociationSourceType: VPCE`, or share the domain with RAM.
#   skip: >-
#     Scans with an access association or a resource share whose target
#     cannot be resolved (it may be this domain).
#   bad: |
#     Domain:
#       Type: AWS::ApiGateway::DomainNameV2
#       Properties:
#         DomainName: api.internal.example.com
#         CertificateArn: !Ref Cert
#         EndpointConfiguration:
#           Types: [PRIVATE]
#   good: |
#     Domain:
#       Type: AWS::ApiGateway::DomainNameV2
#       Properties:
#         DomainName: api.internal.example.com
#         CertificateArn: !Ref Cert
#         EndpointConfiguration:
#           Types: [PRIVATE]
#     Association:
#       Type: AWS::ApiGateway::DomainNameAccessAssociation
#       Properties:
#         DomainNameArn: !GetAtt Domain.DomainNameArn
#         AccessAssociationSource: !Ref Vpce
#         AccessAssociationSourceType: VPCE
#   tags: [private-domain, access]
package papilint.rules.papi101

import data.papilint.lib

report contains lib.finding(d, [], msg) if {
	some d in lib.of_kind("domain-name-v2")
	not _associated(d)
	not _opaque_association
	msg := sprintf("private custom domain %s has no access association and is not shared with RAM, so no VPC endpoint can invoke it", [lib.name(d)])
}

_associated(d) if {
	some a in lib.of_kind("access-association")
	lib.refers(a, ["DomainNameArn"], d.id)
}

_associated(d) if {
	some s in _shares
	some r in s.refs
	r.node == d.id
}

_shares contains s if some s in lib.of_kind("resource-share")

_shares contains s if {
	some s in input.nodes
	s.type in {"aws_ram_resource_association", "aws_api_gateway_domain_name_share"}
}

# An association or share whose target is not a resource of the scan (an
# ARN parameter, an import) may concern any domain.
_opaque_association if {
	some a in lib.of_kind("access-association")
	count(lib.refs_at(a, ["DomainNameArn"])) == 0
}

_opaque_association if {
	some s in _shares
	some key in ["ResourceArns", "resource_arn", "domain_name_id"]
	v := lib.prop(s, [key])
	not _only_refs(s, key, v)
}

# _only_refs holds when every target of a share is a known reference.
_only_refs(s, key, v) if {
	is_array(v)
	every i, _ in v {
		count(lib.refs_at(s, [key, i])) > 0
	}
}

_only_refs(s, key, v) if {
	not is_array(v)
	count(lib.refs_at(s, [key])) > 0
}
