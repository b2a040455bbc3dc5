// Package papi100 reports a native private custom domain without a
// resource policy, or whose policy refuses the VPC endpoints its access
// associations connect.
package papi100

import (
	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/iam"
	"github.com/papilint/papilint/internal/model/pattern"
	"github.com/papilint/papilint/rules/internal/policyrule"
)

// Analyzer is PAPI100.
var Analyzer = &analysis.Analyzer{
	ID:       "PAPI100",
	Name:     "private-domain-policy-missing-or-denies",
	Severity: analysis.Error,
	Engine:   analysis.EngineGo,
	Requires: []*analysis.Analyzer{pattern.Analyzer},
	Run:      run,
	Doc: &analysis.Doc{
		Title:      "Private custom domain has no policy, or its policy refuses its endpoints",
		Summary:    "A native private custom domain (AWS::ApiGateway::DomainNameV2) has a resource policy of its own, evaluated before the mapped API's policy: a call through the domain needs an Allow for execute-api:Invoke from the consumer's VPC endpoint there too. A domain without a policy, or whose policy denies (or does not allow) the endpoint an access association connects, cannot be invoked through that endpoint.",
		Confidence: "[V]",
		Tier:       1,
		CFN:        "AWS::ApiGateway::DomainNameV2.Policy; AWS::ApiGateway::DomainNameAccessAssociation.AccessAssociationSource (with DomainNameArn naming the domain) and the endpoint's VpcId",
		TF:         "aws_api_gateway_domain_name.policy with endpoint_configuration types = [\"PRIVATE\"]; aws_api_gateway_domain_name_access_association.access_association_source",
		Scope:      "Private custom domains (DomainNameV2, or Terraform domain names whose endpoint type is PRIVATE).",
		Trigger:    "The domain has no Policy; or its policy, evaluated with the PAPI003 engine for an anonymous execute-api:Invoke carrying aws:SourceVpce = the endpoint of an access association of the domain (compared by reference when it is a resource of the scan) and aws:SourceVpc = that endpoint's VpcId, is an explicit Deny or has no Allow; or, when no access association is in the scan, the policy admits no endpoint at all. Resources that name the domain's ARN (arn:…:/domainnames/<name>+<id>), execute-api:/* and wildcards cover the domain. With Fn::If, only when every alternative refuses the endpoint.",
		Symptom:    "Calls through the domain from the associated endpoint are refused with 403 (the exact text is not documented). A domain created without a policy gets a deny-all policy from API Gateway.",
		Fix:        "Give the domain a Policy that allows execute-api:Invoke for principal * and denies callers outside the consumer endpoints: `Condition: {StringNotEquals: {aws:SourceVpce: [!Ref ApiVpce]}}`.",
		Skip:       "Policies, endpoint ids and resources that cannot be resolved (a resource that names the domain's ARN with its generated id, an endpoint id from a parameter without default), references to endpoints that are not resources of the scan, and other condition keys that could decide the outcome. When nothing allows and every mapped method uses AWS_IAM, nothing is reported; with Lambda or Cognito authorizers, a warning.",
		Bad: `Domain:
  Type: AWS::ApiGateway::DomainNameV2
  Properties:
    DomainName: api.internal.example.com
    CertificateArn: !Ref Cert
    EndpointConfiguration: {Types: [PRIVATE]}`,
		Good: `Domain:
  Type: AWS::ApiGateway::DomainNameV2
  Properties:
    DomainName: api.internal.example.com
    CertificateArn: !Ref Cert
    EndpointConfiguration: {Types: [PRIVATE]}
    Policy:
      Statement:
        - {Effect: Allow, Principal: "*", Action: execute-api:Invoke, Resource: execute-api:/*}
        - Effect: Deny
          Principal: "*"
          Action: execute-api:Invoke
          Resource: execute-api:/*
          Condition: {StringNotEquals: {aws:SourceVpce: !Ref ApiVpce}}`,
		Tags: []string{"availability", "api-gateway", "private-domain", "resource-policy"},
		References: []string{
			"https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-custom-domains.html",
			"https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-custom-domains-tutorial.html",
			"https://aws.amazon.com/blogs/compute/implementing-custom-domain-names-for-private-endpoints-with-amazon-api-gateway/",
		},
	},
}

func run(pass *analysis.Pass) (any, error) {
	g := pass.Graph
	model := pattern.Of(pass)
	for _, pd := range model.PrivateDomains(g) {
		check(pass, pd)
	}
	return nil, nil
}

func check(pass *analysis.Pass, pd *pattern.PrivateDomain) {
	g := pass.Graph
	d := pd.Domain
	pv := d.Prop("Policy")
	if pv.IsAbsent() {
		pass.Report(analysis.Diagnostic{
			Range:    d.Header,
			Resource: d,
			Message: "private custom domain " + analysis.Quote(d.Display()) +
				" has no resource policy: API Gateway gives it a deny-all policy, so no VPC endpoint may invoke the API through it; add a Policy that allows execute-api:Invoke from the consumer endpoints",
		})
		return
	}
	pol := policyrule.Parse(pv)
	if pol == nil {
		return
	}
	name, _ := d.Prop("DomainName").String()
	pol, ok := policyrule.ForDomain(pol, name)
	if !ok {
		return
	}
	src := graph.PolicySource{Node: d, Value: pv, Where: "Policy"}
	sev := mappedAuth(g, pd)
	sources := pd.Sources(g)
	if len(sources) == 0 {
		// No association in the scan (consumers often make them in their
		// own stacks): report a policy that admits no endpoint at all.
		req := iam.Request{Action: iam.ActionInvoke, Stage: "", SourceVpce: iam.Operand{Kind: iam.OperandUnknown}, SourceVpc: iam.Operand{Kind: iam.OperandUnknown}}
		den, ok := policyrule.Denied(pol.Evaluate(req))
		if !ok {
			return
		}
		s := analysis.Error
		if !den.Explicit {
			if s = sev; s == 0 {
				return
			}
		}
		report(pass, d, src, den, s, "admits no VPC endpoint at all", nil)
		return
	}
	seen := map[string]bool{}
	for _, as := range sources {
		caller, ok := policyrule.ValueCaller(as.Value, as.Endpoint)
		if !ok {
			continue
		}
		key := caller.Vpce.String()
		if seen[key] {
			continue
		}
		seen[key] = true
		p := policyrule.ForCaller(pol, g, caller)
		den, ok := policyrule.Denied(p.Evaluate(caller.Request("")))
		if !ok {
			continue
		}
		s := analysis.Error
		if !den.Explicit {
			if s = sev; s == 0 {
				continue
			}
		}
		var what string
		if den.Explicit {
			what = "denies the VPC endpoint " + analysis.Quote(caller.Name) + " that access association " +
				analysis.Quote(as.Association.Display()) + " connects to it: statement " + den.Statement.Label() + " applies to it"
		} else {
			what = "has no Allow that admits the VPC endpoint " + analysis.Quote(caller.Name) + " that access association " +
				analysis.Quote(as.Association.Display()) + " connects to it"
		}
		vals := []*graph.Value{caller.VpceValue}
		if policyrule.UsesKey(p, iam.KeySourceVpc) {
			vals = append(vals, caller.VpcValue)
		}
		report(pass, d, src, den, s, what, vals)
	}
}

func report(pass *analysis.Pass, d *graph.Node, src graph.PolicySource, den policyrule.Denial, sev analysis.Severity, what string, extra []*graph.Value) {
	msg := "resource policy of private custom domain " + analysis.Quote(d.Display()) + " " + what +
		", so calls through the domain are refused with 403"
	if !den.Explicit && sev == analysis.Warning {
		msg += " (the mapped methods use Lambda or Cognito authorizers)"
	}
	sev, suffix, related := policyrule.Cap(sev, append(den.Values(src), extra...)...)
	pass.Report(analysis.Diagnostic{
		Range:    den.Where(d, src),
		Message:  msg + suffix,
		Severity: sev,
		Resource: d,
		Related:  related,
	})
}

// mappedAuth is the level an implicit denial deserves, from the methods of
// the APIs the domain maps (Error when no mapped API is in the scan).
func mappedAuth(g *graph.Graph, pd *pattern.PrivateDomain) analysis.Severity {
	var out analysis.Severity
	apis := 0
	seen := map[graph.NodeID]bool{}
	for _, m := range pd.Mappings {
		api := g.Resolve(m.Prop("RestApiId"))
		if api == nil || api.Kind != graph.RestAPI || seen[api.ID] {
			continue
		}
		seen[api.ID] = true
		apis++
		if s := policyrule.MethodAuth(g, api).Anonymous(analysis.Error); s > out {
			out = s
		}
	}
	if apis == 0 {
		return analysis.Error
	}
	return out
}
