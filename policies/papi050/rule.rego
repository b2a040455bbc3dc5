# METADATA
# title: Custom domain behind the load balancer is not REGIONAL
# description: >-
#   Requests reach API Gateway through the regional execute-api endpoint
#   with the custom domain's name in their Host header. An edge-optimized
#   domain lives in CloudFront, not in the region, so API Gateway finds no
#   domain for the request. The domain the load balancer serves must be
#   REGIONAL.
# related_resources:
#   - https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-custom-domains.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/api_gateway_domain_name
# custom:
#   id: PAPI050
#   name: domain-not-regional
#   severity: error
#   confidence: "[I] consequence; EDGE default [V]"
#   tier: 1
#   cfn: AWS::ApiGateway::DomainName.EndpointConfiguration.Types (default EDGE)
#   tf: aws_api_gateway_domain_name.endpoint_configuration.types (default EDGE)
#   scope: >-
#     The custom domain whose name the load balancer serves (a DNS record
#     points at it, or it shares the listener's certificate) and that maps a
#     private API.
#   trigger: >-
#     EndpointConfiguration.Types is absent (AWS then makes the domain EDGE)
#     or EDGE.
#   symptom: >-
#     Every request through the load balancer gets 403 `{"message":"Forbidden"}`
#     (inferred: the Host arriving through the regional endpoint matches no
#     regional domain). An edge domain also needs a certificate in
#     us-east-1.
#   fix: >-
#     Set `EndpointConfiguration: {Types: [REGIONAL]}` with
#     `RegionalCertificateArn`.
#   skip: >-
#     Endpoint types that cannot be resolved, Fn::If with a REGIONAL branch,
#     and domains that map no private API. A value from a parameter default
#     is at most a warning.
#   bad: |
#     ApiDomain:
#       Type: AWS::ApiGateway::DomainName
#       Properties:
#         DomainName: api.internal.example.com
#         CertificateArn: !Ref Cert
#   good: |
#     ApiDomain:
#       Type: AWS::ApiGateway::DomainName
#       Properties:
#         DomainName: api.internal.example.com
#         RegionalCertificateArn: !Ref Cert
#         EndpointConfiguration:
#           Types: [REGIONAL]
#   tags: [custom-domain, routing]
package papilint.rules.papi050

import data.papilint.lib

report contains lib.finding(d, [], msg) if {
	some d in _domains
	lib.absent(d, ["EndpointConfiguration", "Types"])
	msg := sprintf("custom domain %s serves the load balancer's name for a private API but has no endpoint type, so AWS makes it EDGE; requests through the execute-api endpoint find no regional domain", [lib.name(d)])
}

report contains lib.finding(d, ["EndpointConfiguration", "Types"], msg) if {
	some d in _domains
	v := lib.prop(d, ["EndpointConfiguration", "Types"])
	every b in lib.branches(v) {
		_edge(b)
	}
	msg := sprintf("custom domain %s serves the load balancer's name for a private API but its endpoint type is %s, not REGIONAL; requests through the execute-api endpoint find no regional domain", [lib.name(d), lib.show(v)])
}

_edge(b) if {
	ts := {upper(t) | some t in lib.strings(b)}
	"EDGE" in ts
	not "REGIONAL" in ts
}

# Pattern domains that map a private API.
_domains contains d if {
	some id in lib.pattern_domains
	d := lib.node(id)
	d.kind == "domain-name"
	some m in lib.mappings_of_domain(id)
	lib.may_be_private(lib.node(m.api))
}
