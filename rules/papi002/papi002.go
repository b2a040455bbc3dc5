// Package papi002 reports a private REST API without a resource policy.
package papi002

import (
	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/graph"
)

// Analyzer is PAPI002.
var Analyzer = &analysis.Analyzer{
	ID:       "PAPI002",
	Name:     "private-api-missing-policy",
	Severity: analysis.Error,
	Engine:   analysis.EngineGo,
	Run:      run,
	Doc: &analysis.Doc{
		Title:      "Private REST API has no resource policy",
		Summary:    "API Gateway refuses to deploy a PRIVATE REST API that has no resource policy. The policy may be the API's Policy property, the x-amazon-apigateway-policy extension of its OpenAPI body, or (Terraform) a separate aws_api_gateway_rest_api_policy.",
		Confidence: "[V]",
		Tier:       1,
		CFN:        "AWS::ApiGateway::RestApi.Policy, Body.x-amazon-apigateway-policy",
		TF:         "aws_api_gateway_rest_api.policy, aws_api_gateway_rest_api_policy.policy",
		Trigger:    "A REST API whose endpoint type is PRIVATE has no policy in any of the places above.",
		Symptom:    "Creating the deployment fails: `BadRequestException: Private REST API doesn't have a resource policy attached to it`.",
		Fix:        "Attach a policy that allows execute-api:Invoke from the intended VPC endpoints or VPCs, for example an Allow for everyone plus a Deny with `StringNotEquals: {aws:SourceVpce: [vpce-…]}`.",
		Skip:       "APIs whose definition is only partly visible (BodyS3Location, an OpenAPI body given as a string or unknown value) and APIs whose endpoint type cannot be resolved.",
		Bad: `Api:
  Type: AWS::ApiGateway::RestApi
  Properties:
    Name: orders
    EndpointConfiguration: {Types: [PRIVATE]}`,
		Good: `Api:
  Type: AWS::ApiGateway::RestApi
  Properties:
    Name: orders
    EndpointConfiguration: {Types: [PRIVATE]}
    Policy:
      Statement:
        - {Effect: Allow, Principal: "*", Action: execute-api:Invoke, Resource: execute-api:/*}
        - {Effect: Deny, Principal: "*", Action: execute-api:Invoke, Resource: execute-api:/*,
           Condition: {StringNotEquals: {aws:SourceVpce: !Ref ApiVpce}}}`,
		Tags: []string{"api-gateway", "deploy-failure"},
		References: []string{
			"https://github.com/hashicorp/terraform-provider-aws/issues/14290",
			"https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-create-attach.html",
		},
	},
}

func run(pass *analysis.Pass) (any, error) {
	for _, api := range pass.Graph.OfKind(graph.RestAPI) {
		private, known := graph.IsPrivateAPI(api)
		if !known || !private {
			continue
		}
		srcs, hidden := pass.Graph.APIPolicies(api)
		if len(srcs) > 0 || hidden {
			continue
		}
		d := analysis.Diagnostic{
			Range:    api.Header,
			Resource: api,
			Message:  "private REST API " + analysis.Quote(api.Display()) + " has no resource policy; API Gateway will refuse to deploy it",
		}
		if p := analysis.FromDefault(graph.EndpointTypes(api)); p != "" {
			d.Severity = analysis.CapAtWarning(pass.Analyzer.Severity)
			d.Message += " (PRIVATE comes from the default of parameter " + p + ")"
			d.Related = analysis.DefaultRelated(graph.EndpointTypes(api))
		}
		pass.Report(d)
	}
	return nil, nil
}
