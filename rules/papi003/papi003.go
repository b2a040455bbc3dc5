// Package papi003 reports a private API whose resource policy refuses the
// execute-api endpoint the pattern's load balancer forwards to.
package papi003

import (
	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/model/pattern"
	"github.com/papilint/papilint/rules/internal/policyrule"
)

// Analyzer is PAPI003.
var Analyzer = &analysis.Analyzer{
	ID:       "PAPI003",
	Name:     "policy-blocks-alb-endpoint",
	Severity: analysis.Error,
	Engine:   analysis.EngineGo,
	Requires: []*analysis.Analyzer{pattern.Analyzer},
	Run:      run,
	Doc: &analysis.Doc{
		Title:      "API policy refuses the endpoint the load balancer forwards to",
		Summary:    "In the ALB pattern every request reaches the API through one execute-api VPC endpoint: the one whose network interfaces are the load balancer's targets. The API's resource policy has to admit calls that carry that endpoint's id in aws:SourceVpce (or its VPC in aws:SourceVpc). A Deny that names a different endpoint, or an Allow limited to other endpoints, shuts the load balancer out on every path of the mapped stage.",
		Confidence: "[V] IAM semantics, [I] linking",
		Tier:       1,
		CFN:        "AWS::ApiGateway::RestApi.Policy, Body/DefinitionBody x-amazon-apigateway-policy, SAM Auth.ResourcePolicy; the AWS::EC2::VPCEndpoint whose NetworkInterfaceIds feed the target group, its Ref and VpcId; the base path mapping's Stage",
		TF:         "aws_api_gateway_rest_api.policy, aws_api_gateway_rest_api_policy.policy; the aws_vpc_endpoint whose network_interface_ids feed the target group attachments, its id and vpc_id; aws_api_gateway_base_path_mapping.stage_name",
		Scope:      "Pattern instances whose targets are derived from an endpoint in the scan (strong links), and the private APIs mapped on the custom domains their load balancer serves.",
		Trigger:    "The policy, evaluated for an anonymous execute-api:Invoke carrying aws:SourceVpce = that endpoint (compared by reference) and aws:SourceVpc = its VpcId, on the stage the mapping selects, is an explicit Deny for every method and path, or has no Allow for any of them. Only Principal \"*\"/{AWS: \"*\"} statements, execute-api:Invoke/execute-api:*/* actions (and NotAction) and String(Not)Equals/String(Not)Like conditions (with ForAnyValue:/ForAllValues:/IfExists) on aws:SourceVpce and aws:SourceVpc are evaluated. With Fn::If, only when every alternative refuses the endpoint.",
		Symptom:    "Every request through the load balancer gets 403 `AccessDeniedException`: `User: anonymous is not authorized to perform: execute-api:Invoke on resource: … with an explicit deny` (without \"with an explicit deny\" when nothing allows).",
		Fix:        "List the endpoint the load balancer targets in the policy's aws:SourceVpce condition (`!Ref ApiVpce`), or its VPC in aws:SourceVpc.",
		Skip:       "Endpoint ids or VPC ids that cannot be resolved, ids written as literals where the endpoint is a resource of the scan (the literal may be its deployed id), other condition keys or operators that could decide the outcome, and load balancers whose targets are parameters (no link to an endpoint). Policies that allow only some methods or paths of the stage. EndpointConfiguration.VpcEndpointIds is not an allow: it only creates Route 53 aliases for the API. When nothing allows and every method uses AWS_IAM the finding is dropped (same-account identity policies can allow the call); when they use Lambda or Cognito authorizers it is a warning.",
		Bad: `Policy:
  Statement:
    - {Effect: Allow, Principal: "*", Action: execute-api:Invoke, Resource: execute-api:/*}
    - Effect: Deny
      Principal: "*"
      Action: execute-api:Invoke
      Resource: execute-api:/*
      Condition: {StringNotEquals: {aws:SourceVpce: !Ref SomeOtherVpce}}`,
		Good: `Policy:
  Statement:
    - {Effect: Allow, Principal: "*", Action: execute-api:Invoke, Resource: execute-api:/*}
    - Effect: Deny
      Principal: "*"
      Action: execute-api:Invoke
      Resource: execute-api:/*
      Condition: {StringNotEquals: {aws:SourceVpce: !Ref ApiVpce}}  # the endpoint whose ENIs are the ALB targets`,
		Tags: []string{"availability", "api-gateway", "resource-policy", "alb"},
		References: []string{
			"https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html",
			"https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-aws-condition-keys.html",
			"https://repost.aws/knowledge-center/api-gateway-vpc-connections",
		},
	},
}

func run(pass *analysis.Pass) (any, error) {
	g := pass.Graph
	model := pattern.Of(pass)
	seen := map[string]bool{}
	// The mappings on each domain, in API order then mapping order, built
	// once: looking through every API for every domain is quadratic.
	type apiMapping struct {
		api *graph.Node
		m   *graph.Node
	}
	onDomain := map[*graph.Node][]apiMapping{}
	for _, api := range g.OfKind(graph.RestAPI) {
		for _, m := range model.MappedBy[api.ID] {
			d := model.DomainOf[m.ID]
			onDomain[d] = append(onDomain[d], apiMapping{api, m})
		}
	}
	for _, inst := range model.Instances {
		if !inst.Strong || inst.Endpoint == nil {
			continue
		}
		caller := policyrule.EndpointCaller(inst.Endpoint)
		for _, d := range inst.Domains {
			for _, am := range onDomain[d] {
				stage, stageValue := policyrule.Stage(am.m)
				key := string(am.api.ID) + "|" + string(inst.Endpoint.ID) + "|" + stage
				if seen[key] {
					continue
				}
				seen[key] = true
				check(pass, inst, caller, am.api, stage, stageValue)
			}
		}
	}
	return nil, nil
}

func check(pass *analysis.Pass, inst *pattern.Instance, caller policyrule.Caller, api *graph.Node, stage string, stageValue *graph.Value) {
	denials := policyrule.DeniedByAPI(pass.Graph, api, caller, stage)
	if len(denials) == 0 {
		return
	}
	auth := policyrule.MethodAuth(pass.Graph, api)
	onStage := "any stage"
	if stage != "" {
		onStage = "stage " + stage
	}
	for _, x := range denials {
		sev := x.Severity(auth)
		if sev == 0 {
			continue // nothing allows, but every method uses AWS_IAM
		}
		var msg string
		if x.Explicit {
			msg = "resource policy of REST API " + analysis.Quote(api.Display()) + " denies the execute-api endpoint " +
				analysis.Quote(caller.Name) + " that load balancer " + analysis.Quote(inst.LoadBalancer.Display()) +
				" forwards to: statement " + x.Statement.Label() + " applies to it on " + onStage +
				", so every request through the load balancer gets 403 \"… with an explicit deny\""
		} else {
			msg = "resource policy of REST API " + analysis.Quote(api.Display()) + " has no Allow that admits the execute-api endpoint " +
				analysis.Quote(caller.Name) + " that load balancer " + analysis.Quote(inst.LoadBalancer.Display()) +
				" forwards to on " + onStage + ", so every request through the load balancer gets 403 \"User: anonymous is not authorized to perform: execute-api:Invoke\""
			if sev == analysis.Warning {
				msg += " (the methods use Lambda or Cognito authorizers)"
			}
		}
		vals := x.CapValues(caller, graph.EndpointTypes(api), stageValue)
		if !x.Explicit {
			vals = append(vals, auth.NoneFrom...)
		}
		sev, suffix, related := policyrule.Cap(sev, vals...)
		pass.Report(analysis.Diagnostic{
			Range:    x.Where(x.Src.Node, x.Src),
			Message:  msg + suffix,
			Severity: sev,
			Resource: x.Src.Node,
			Related:  related,
		})
	}
}
