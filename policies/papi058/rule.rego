# METADATA
# title: Custom domain accepts TLS 1.0
# description: >-
#   A custom domain with the TLS_1_0 security policy accepts TLS 1.0 and
#   1.1 handshakes from any client that reaches it. Without a security
#   policy, custom domains use TLS_1_2.
# related_resources:
#   - https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-custom-domain-tls-version.html
#   - https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-security-policies-list.html
# custom:
#   id: PAPI058
#   name: domain-legacy-tls-policy
#   severity: warning
#   confidence: "[V]"
#   tier: 1
#   cfn: >-
#     AWS::ApiGateway::DomainName.SecurityPolicy,
#     AWS::ApiGateway::DomainNameV2.SecurityPolicy,
#     AWS::ApiGatewayV2::DomainName.DomainNameConfigurations[].SecurityPolicy
#   tf: >-
#     aws_api_gateway_domain_name.security_policy,
#     aws_apigatewayv2_domain_name.domain_name_configuration.security_policy
#   scope: >-
#     Custom domains the load balancer serves, domains that map a private
#     API, and private custom domains.
#   trigger: SecurityPolicy is TLS_1_0. An absent policy means TLS_1_2.
#   symptom: >-
#     No error: the domain negotiates TLS 1.0 and 1.1 with clients that
#     offer them. Other scanners flag the same (Trivy AWS-0005, Checkov
#     CKV_AWS_206).
#   fix: >-
#     Set `SecurityPolicy: TLS_1_2`, or an enhanced `SecurityPolicy_TLS13_…`
#     policy with `EndpointAccessMode: BASIC` (the ALB pattern must stay on
#     BASIC).
#   skip: >-
#     Policies that cannot be resolved, Fn::If with another branch, and
#     every SecurityPolicy_* name (AWS adds new ones). A value from a
#     parameter default names the parameter.
#   bad: |
#     ApiDomain:
#       Type: AWS::ApiGateway::DomainName
#       Properties:
#         DomainName: api.internal.example.com
#         RegionalCertificateArn: !Ref Cert
#         EndpointConfiguration:
#           Types: [REGIONAL]
#         SecurityPolicy: TLS_1_0
#   good: |
#     ApiDomain:
#       Type: AWS::ApiGateway::DomainName
#       Properties:
#         DomainName: api.internal.example.com
#         RegionalCertificateArn: !Ref Cert
#         EndpointConfiguration:
#           Types: [REGIONAL]
#         SecurityPolicy: TLS_1_2
#   security_severity: "5.0"
#   tags: [security, custom-domain, tls]
package papilint.rules.papi058

import data.papilint.lib

report contains lib.finding(d, path, msg) if {
	some id in lib.scoped_domains
	d := lib.node(id)
	some path in _policy_paths(d)
	v := lib.prop(d, path)
	every b in lib.branches(v) {
		upper(lib.text(b)) == "TLS_1_0"
	}
	msg := sprintf("custom domain %s has SecurityPolicy %s, so it accepts TLS 1.0 and 1.1 handshakes", [lib.name(d), lib.show(v)])
}

_policy_paths(d) := [["SecurityPolicy"]] if d.kind in {"domain-name", "domain-name-v2"}

_policy_paths(d) := [["DomainNameConfigurations", i, "SecurityPolicy"] |
	some i, _ in lib.prop(d, ["DomainNameConfigurations"])
] if d.kind == "domain-name-http"
