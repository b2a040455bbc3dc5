// Package papi010 reports a private REST API behind a custom domain that
// still answers on its default execute-api endpoint.
package papi010

import (
	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/model/pattern"
)

// Analyzer is PAPI010.
var Analyzer = &analysis.Analyzer{
	ID:       "PAPI010",
	Name:     "execute-api-endpoint-enabled",
	Severity: analysis.Warning,
	Engine:   analysis.EngineGo,
	Requires: []*analysis.Analyzer{pattern.Analyzer},
	Run:      run,
	Doc: &analysis.Doc{
		Title:      "Private API behind a custom domain keeps its default endpoint",
		Summary:    "When clients are meant to reach a private API through a custom domain (the ALB pattern or a native private domain), the default https://{api-id}.execute-api… endpoint should be disabled. Otherwise anyone on an endpoint the policy admits can call the API by its id and bypass the load balancer's security group, WAF, authentication and logging.",
		Confidence: "[V] recommendation, [I] risk",
		Tier:       1,
		CFN:        "AWS::ApiGateway::RestApi.DisableExecuteApiEndpoint, Body.x-amazon-apigateway-endpoint-configuration.disableExecuteApiEndpoint",
		TF:         "aws_api_gateway_rest_api.disable_execute_api_endpoint",
		Scope:      "Private REST APIs mapped by a custom domain.",
		Trigger:    "DisableExecuteApiEndpoint is absent or false.",
		Symptom:    "No error: the API keeps working through the domain, and it also answers on its default endpoint to every VPC endpoint its policy admits.",
		Fix:        "Set `DisableExecuteApiEndpoint: true` and redeploy the API.",
		Skip:       "APIs no custom domain maps (PAPI011 covers the reverse mistake). Values that cannot be resolved. Teams that keep direct access on purpose suppress the finding.",
		Bad: `Api:
  Type: AWS::ApiGateway::RestApi
  Properties:
    EndpointConfiguration: {Types: [PRIVATE]}
    DisableExecuteApiEndpoint: false`,
		Good: `Api:
  Type: AWS::ApiGateway::RestApi
  Properties:
    EndpointConfiguration: {Types: [PRIVATE]}
    DisableExecuteApiEndpoint: true`,
		SecuritySeverity: "4.0",
		Tags:             []string{"security", "api-gateway", "hardening"},
		References: []string{
			"https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-disable-default-endpoint.html",
		},
	},
}

func run(pass *analysis.Pass) (any, error) {
	model := pattern.Of(pass)
	for _, api := range pass.Graph.OfKind(graph.RestAPI) {
		if private, known := graph.IsPrivateAPI(api); !known || !private {
			continue
		}
		if len(model.DomainsOf(api.ID)) == 0 {
			continue
		}
		v := api.Prop("DisableExecuteApiEndpoint")
		if v == nil {
			v = api.Prop("Body", "x-amazon-apigateway-endpoint-configuration", "disableExecuteApiEndpoint")
		}
		if v == nil {
			pass.Reportf(api, api.Header, "private REST API %s is mapped by a custom domain but still answers on its default execute-api endpoint (DisableExecuteApiEndpoint is not set)", analysis.Quote(api.Display()))
			continue
		}
		for _, b := range v.Branches() {
			on, ok := b.BoolValue()
			if !ok || on {
				goto next // unknown, or disabled in some branch
			}
		}
		pass.Reportf(api, analysis.At(api, v), "private REST API %s is mapped by a custom domain but DisableExecuteApiEndpoint is %s, so its default execute-api endpoint stays open", analysis.Quote(api.Display()), v.Display())
	next:
	}
	return nil, nil
}
