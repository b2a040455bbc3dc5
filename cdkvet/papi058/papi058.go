// Package papi058 mirrors papilint rule PAPI058 domain-legacy-tls-policy in
// Go CDK apps.
package papi058

import (
	"github.com/papilint/papilint/cdkvet/internal/cdk"
)

// Rule is the papilint rule this analyzer mirrors.
var Rule = cdk.Rule{ID: "PAPI058", Name: "domain-legacy-tls-policy"}

const doc = `PAPI058 domain-legacy-tls-policy: report a custom domain of a private API that accepts TLS 1.0

A custom domain with security policy TLS_1_0 accepts TLS 1.0 and 1.1
handshakes from every client that reaches it.

Reported: an awsapigateway.DomainNameOptions or DomainNameProps literal
(NewDomainName, api.AddDomainName, or a REST API's DomainName option) with
SecurityPolicy: awsapigateway.SecurityPolicy_TLS_1_0 (or the constant
"TLS_1_0"), written in a function that creates a private REST API: a PRIVATE
endpoint type, or a REST API whose policy names aws:SourceVpce or
aws:SourceVpc. That mirrors the rule's scope (domains that map a private API,
private custom domains, domains the load balancer serves) as far as one
function shows it. The diagnostic points at the SecurityPolicy field.

Not reported: SecurityPolicy left out (custom domains then use TLS_1_2),
every other policy (AWS adds new SecurityPolicy_* names), values from
variables or function results, and domains in functions that create no
private REST API.`

// Analyzer is the PAPI058 analyzer.
var Analyzer = cdk.NewAnalyzer(Rule, doc, check)

func check(ix *cdk.Index) {
	if !ix.Imports(cdk.PathAPIGateway) {
		return
	}
	for _, u := range ix.Units {
		if u.Evidence.API == nil {
			continue
		}
		for _, p := range u.Literals(cdk.PathAPIGateway, "DomainNameOptions", "DomainNameProps") {
			kv := p.Field("SecurityPolicy")
			if kv == nil {
				continue
			}
			if v, ok := ix.Enum(kv.Value, cdk.PathAPIGateway, "SecurityPolicy"); ok && v == "TLS_1_0" {
				ix.Report(Rule, kv, "the custom domain's security policy TLS_1_0 accepts TLS 1.0 and 1.1 handshakes from every client that reaches it (the function creates a private REST API: %s); use SecurityPolicy_TLS_1_2 or a TLS 1.3 policy",
					ix.Describe(cdk.Evidence{API: u.Evidence.API}))
			}
		}
	}
}
