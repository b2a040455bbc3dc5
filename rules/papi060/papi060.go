// Package papi060 reports a custom domain the pattern's load balancer serves
// that maps no API.
package papi060

import (
	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/model/pattern"
	"github.com/papilint/papilint/internal/model/tlscert"
)

// Analyzer is PAPI060.
var Analyzer = &analysis.Analyzer{
	ID:       "PAPI060",
	Name:     "domain-without-mapping",
	Severity: analysis.Error,
	Engine:   analysis.EngineGo,
	Requires: []*analysis.Analyzer{pattern.Analyzer},
	Run:      run,
	Doc: &analysis.Doc{
		Title:      "Custom domain behind the load balancer maps no API",
		Summary:    "A custom domain routes requests only through its base path mappings. The domain the pattern's load balancer serves must have at least one, mapping the private API's stage; without it API Gateway finds the domain and still has nowhere to send the request.",
		Confidence: "[V]",
		Tier:       1,
		CFN:        "AWS::ApiGateway::DomainName, AWS::ApiGatewayV2::DomainName; AWS::ApiGateway::BasePathMapping.DomainName, AWS::ApiGatewayV2::ApiMapping.DomainName (by Ref or by the same literal name)",
		TF:         "aws_api_gateway_domain_name, aws_apigatewayv2_domain_name; aws_api_gateway_base_path_mapping.domain_name, aws_apigatewayv2_api_mapping.domain_name",
		Scope:      "The custom domains a pattern load balancer serves (a DNS record for the name points at the load balancer, or the domain presents a listener's certificate). A SAM Domain always comes with its mappings.",
		Trigger:    "No mapping anywhere in the scan refers to the domain, by reference or by its name.",
		Symptom:    "Every request through the load balancer gets 403 `{\"message\":\"Forbidden\"}` (`ForbiddenException`).",
		Fix:        "Add an AWS::ApiGateway::BasePathMapping (Terraform aws_api_gateway_base_path_mapping) from the domain to the private API's stage.",
		Skip:       "Mappings whose domain cannot be resolved before deploy (a parameter without default, an import): one of them may be this domain's. The finding is an error when a private API is defined in the domain's stack (or a stack connected to it), and a warning otherwise, since the mapping may then live with the API in a stack that was not scanned.",
		Bad: `ApiDomain:
  Type: AWS::ApiGateway::DomainName
  Properties:
    DomainName: api.example.com
    RegionalCertificateArn: !Ref Cert
    EndpointConfiguration: {Types: [REGIONAL]}
# no BasePathMapping for ApiDomain`,
		Good: `Mapping:
  Type: AWS::ApiGateway::BasePathMapping
  Properties:
    DomainName: !Ref ApiDomain
    RestApiId: !Ref Api
    Stage: !Ref Stage`,
		Tags: []string{"availability", "custom-domain", "mapping", "routing"},
		References: []string{
			"https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-mappings.html",
			"https://repost.aws/knowledge-center/api-gateway-troubleshoot-403-forbidden",
			"https://github.com/Miserlou/Zappa/issues/1248",
		},
	},
}

func run(pass *analysis.Pass) (any, error) {
	g := pass.Graph
	model := pattern.Of(pass)
	seen := map[graph.NodeID]bool{}
	for _, inst := range model.Instances {
		for _, d := range model.ServedDomains(g, inst) {
			if d.SAM || seen[d.Node.ID] {
				continue
			}
			seen[d.Node.ID] = true
			check(pass, model, inst, d)
		}
	}
	return nil, nil
}

func check(pass *analysis.Pass, model *pattern.Result, inst *pattern.Instance, d *pattern.CustomDomain) {
	g := pass.Graph
	if len(model.MappingsOf(g, d)) > 0 {
		return
	}
	for _, k := range []graph.Kind{graph.BasePathMapping, graph.APIMapping} {
		for _, m := range g.OfKind(k) {
			if model.DomainOf[m.ID] != nil {
				continue // it maps another domain
			}
			dv := m.Prop("DomainName")
			for _, b := range dv.Branches() {
				s, ok := b.String()
				if !ok || b.Kind != graph.KindString {
					return // it may map this domain
				}
				for _, n := range d.Name.Branches() {
					if dn, ok := n.String(); ok && tlscert.Normalize(dn) == tlscert.Normalize(s) {
						return // mapped by name, from a stack that does not refer to this one
					}
				}
			}
		}
	}
	sev := analysis.Error
	msg := "custom domain " + analysis.Quote(d.Display()) + ", which load balancer " + analysis.Quote(inst.LoadBalancer.Display()) +
		" serves, has no base path mapping: API Gateway answers every request for it with 403 {\"message\":\"Forbidden\"}; map it to the private API's stage"
	if model.PrivateAPIIn(g, d.Node.Stack) == nil {
		sev = analysis.Warning
		msg += " (no private API is in the scanned stacks it belongs to: the mapping may live with the API in a stack that was not scanned)"
	}
	pass.Report(analysis.Diagnostic{
		Range:    d.Header(),
		Message:  msg,
		Severity: sev,
		Resource: d.Node,
	})
}
