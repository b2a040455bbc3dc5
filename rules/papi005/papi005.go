// Package papi005 reports a private API whose resource policy has no Allow
// for anonymous callers while some of its methods use no authorization.
package papi005

import (
	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/rules/internal/policyrule"
)

// Analyzer is PAPI005.
var Analyzer = &analysis.Analyzer{
	ID:       "PAPI005",
	Name:     "policy-has-no-allow",
	Severity: analysis.Error,
	Engine:   analysis.EngineGo,
	Run:      run,
	Doc: &analysis.Doc{
		Title:      "Private API policy has no Allow for anonymous callers",
		Summary:    "A private API's resource policy decides alone whether an unauthenticated call gets in: without an Allow for principal * on execute-api:Invoke, every method that uses no authorization is implicitly denied. A policy made only of Deny statements (the usual \"Deny unless aws:SourceVpce\") or of Allows for IAM principals admits nobody who does not sign the request.",
		Confidence: "[V]",
		Tier:       1,
		CFN:        "AWS::ApiGateway::RestApi.Policy, Body/DefinitionBody x-amazon-apigateway-policy, SAM Auth.ResourcePolicy; AWS::ApiGateway::Method.AuthorizationType, OpenAPI security, SAM Api event Auth.Authorizer and Auth.DefaultAuthorizer",
		TF:         "aws_api_gateway_rest_api.policy, aws_api_gateway_rest_api_policy.policy, data \"aws_iam_policy_document\"; aws_api_gateway_method.authorization",
		Scope:      "Private REST APIs.",
		Trigger:    "No statement of the policy can allow an anonymous execute-api:Invoke (Allow with Principal \"*\" or {AWS: \"*\"} on execute-api:Invoke, execute-api:* or *, whatever its conditions and resources), and at least one method of the API has AuthorizationType NONE or none at all. Statements whose effect, principal or action is not known before deploy, or that exist under one Fn::If alternative, count as possible Allows.",
		Symptom:    "Implicit deny: every unauthenticated call gets 403 `User: anonymous is not authorized to perform: execute-api:Invoke on resource: …` (without \"with an explicit deny\").",
		Fix:        "Add `{Effect: Allow, Principal: \"*\", Action: execute-api:Invoke, Resource: execute-api:/*}` next to the Deny that restricts callers to your VPC endpoints.",
		Skip:       "APIs whose every method uses AWS_IAM (same-account callers can be allowed by their identity policies). When no method uses NONE but some use a Lambda (CUSTOM) or Cognito authorizer, how the authorizer combines with the policy is not documented well enough for an error: a warning. APIs whose methods are not visible, and policies that are not known before deploy.",
		Bad: `Policy:
  Statement:
    - Effect: Deny
      Principal: "*"
      Action: execute-api:Invoke
      Resource: execute-api:/*
      Condition: {StringNotEquals: {aws:SourceVpce: !Ref ApiVpce}}`,
		Good: `Policy:
  Statement:
    - {Effect: Allow, Principal: "*", Action: execute-api:Invoke, Resource: execute-api:/*}
    - Effect: Deny
      Principal: "*"
      Action: execute-api:Invoke
      Resource: execute-api:/*
      Condition: {StringNotEquals: {aws:SourceVpce: !Ref ApiVpce}}`,
		Tags: []string{"availability", "api-gateway", "resource-policy"},
		References: []string{
			"https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-authorization-flow.html",
			"https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html",
		},
	},
}

func run(pass *analysis.Pass) (any, error) {
	for _, api := range pass.Graph.OfKind(graph.RestAPI) {
		if private, known := graph.IsPrivateAPI(api); !known || !private {
			continue
		}
		srcs, _ := pass.Graph.APIPolicies(api)
		if len(srcs) == 0 {
			continue // PAPI002
		}
		auth := policyrule.MethodAuth(pass.Graph, api)
		sev := auth.Anonymous(0)
		if sev == 0 {
			continue
		}
		for _, src := range srcs {
			check(pass, api, src, auth, sev)
		}
	}
	return nil, nil
}

func check(pass *analysis.Pass, api *graph.Node, src graph.PolicySource, auth policyrule.Auth, sev analysis.Severity) {
	pol := policyrule.Parse(src.Value)
	if pol == nil || len(pol.AnonymousInvokeAllows()) > 0 {
		return
	}
	msg := "resource policy of private REST API " + analysis.Quote(api.Display()) +
		" has no Allow for anonymous callers (principal * on execute-api:Invoke)"
	if sev == analysis.Error {
		msg += ", and some of its methods use no authorization: every such call is implicitly denied with 403 \"User: anonymous is not authorized to perform: execute-api:Invoke\""
	} else {
		msg += ", and its methods use Lambda or Cognito authorizers: calls are likely denied with 403 \"User: anonymous is not authorized to perform: execute-api:Invoke\""
	}
	vals := append([]*graph.Value{src.Value, graph.EndpointTypes(api)}, auth.NoneFrom...)
	sev, suffix, related := policyrule.Cap(sev, vals...)
	pass.Report(analysis.Diagnostic{
		Range:    policyrule.PolicyRange(src.Node, src),
		Message:  msg + suffix,
		Severity: sev,
		Resource: src.Node,
		Related:  related,
	})
}
