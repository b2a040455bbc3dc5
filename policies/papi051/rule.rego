# METADATA
# title: Custom domain's certificate is in the property of another endpoint type
# description: >-
#   API Gateway custom domains take their certificate in a property that
#   depends on the endpoint type: RegionalCertificateArn for REGIONAL,
#   CertificateArn for EDGE (and, in Terraform, certificate_arn for
#   PRIVATE). A certificate in the other property is rejected and the
#   domain is not created.
# related_resources:
#   - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-domainname.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/api_gateway_domain_name
# custom:
#   id: PAPI051
#   name: domain-certificate-property-mismatch
#   severity: error
#   confidence: "[V]"
#   tier: 1
#   cfn: >-
#     AWS::ApiGateway::DomainName.CertificateArn, .RegionalCertificateArn,
#     .EndpointConfiguration.Types
#   tf: >-
#     aws_api_gateway_domain_name.certificate_arn, .regional_certificate_arn,
#     .endpoint_configuration.types
#   scope: >-
#     Custom domains the load balancer serves, domains that map a private
#     API, and private custom domains.
#   trigger: >-
#     A REGIONAL domain with CertificateArn and no RegionalCertificateArn;
#     an EDGE domain (types absent or EDGE) with RegionalCertificateArn and
#     no CertificateArn; a PRIVATE domain with regional_certificate_arn and
#     no certificate_arn.
#   symptom: >-
#     Creating the domain fails because the certificate is given in the
#     field of another endpoint type (exact error text not confirmed).
#   fix: >-
#     Use the field that matches the endpoint type: RegionalCertificateArn
#     for REGIONAL, CertificateArn for EDGE and PRIVATE.
#   skip: >-
#     Endpoint types that cannot be resolved or differ between Fn::If
#     branches.
#   bad: |
#     ApiDomain:
#       Type: AWS::ApiGateway::DomainName
#       Properties:
#         DomainName: api.internal.example.com
#         CertificateArn: !Ref Cert
#         EndpointConfiguration:
#           Types: [REGIONAL]
#   good: |
#     ApiDomain:
#       Type: AWS::ApiGateway::DomainName
#       Properties:
#         DomainName: api.internal.example.com
#         RegionalCertificateArn: !Ref Cert
#         EndpointConfiguration:
#           Types: [REGIONAL]
#   tags: [custom-domain, certificate, deploy-failure]
package papilint.rules.papi051

import data.papilint.lib

report contains lib.finding(d, ["CertificateArn"], msg) if {
	some d in _domains
	d.kind == "domain-name"
	lib.endpoint_type(d) == "REGIONAL"
	lib.prop(d, ["CertificateArn"])
	lib.absent(d, ["RegionalCertificateArn"])
	msg := sprintf("REGIONAL custom domain %s gives its certificate as CertificateArn, which is for EDGE domains; use RegionalCertificateArn", [lib.name(d)])
}

report contains lib.finding(d, ["RegionalCertificateArn"], msg) if {
	some d in _domains
	d.kind == "domain-name"
	lib.endpoint_type(d) == "EDGE"
	lib.prop(d, ["RegionalCertificateArn"])
	lib.absent(d, ["CertificateArn"])
	msg := sprintf("EDGE custom domain %s%s gives its certificate as RegionalCertificateArn, which is for REGIONAL domains; use CertificateArn, or make the domain REGIONAL", [lib.name(d), _implicit(d)])
}

report contains lib.finding(d, ["RegionalCertificateArn"], msg) if {
	some d in _domains
	d.kind == "domain-name-v2"
	lib.prop(d, ["RegionalCertificateArn"])
	lib.absent(d, ["CertificateArn"])
	msg := sprintf("PRIVATE custom domain %s gives its certificate as a regional certificate; private domains take it as certificate_arn (CertificateArn)", [lib.name(d)])
}

_implicit(d) := " (no endpoint type, so EDGE)" if lib.absent(d, ["EndpointConfiguration", "Types"])

_implicit(d) := "" if lib.prop(d, ["EndpointConfiguration", "Types"])

_domains contains lib.node(id) if some id in lib.scoped_domains
