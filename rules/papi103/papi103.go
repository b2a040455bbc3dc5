// Package papi103 reports a private API mapped on a native private custom
// domain whose own resource policy refuses the VPC endpoints the domain's
// access associations connect.
package papi103

import (
	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/model/pattern"
	"github.com/papilint/papilint/rules/internal/policyrule"
)

// Analyzer is PAPI103.
var Analyzer = &analysis.Analyzer{
	ID:       "PAPI103",
	Name:     "private-domain-api-policy-excludes-vpce",
	Severity: analysis.Error,
	Engine:   analysis.EngineGo,
	Requires: []*analysis.Analyzer{pattern.Analyzer},
	Run:      run,
	Doc: &analysis.Doc{
		Title:      "API behind a private custom domain refuses the domain's endpoints",
		Summary:    "A call through a native private custom domain passes two resource policies: the domain's and then the mapped API's. Admitting the consumer's VPC endpoint on the domain is not enough; the REST API's own policy has to allow that endpoint as well, on the stage the mapping selects.",
		Confidence: "[V]",
		Tier:       1,
		CFN:        "AWS::ApiGateway::BasePathMappingV2 (DomainNameArn, RestApiId, Stage); the API's Policy, Body/DefinitionBody x-amazon-apigateway-policy or SAM Auth.ResourcePolicy; AWS::ApiGateway::DomainNameAccessAssociation.AccessAssociationSource and the endpoint's VpcId",
		TF:         "aws_api_gateway_base_path_mapping with domain_name_id; aws_api_gateway_rest_api.policy, aws_api_gateway_rest_api_policy.policy; aws_api_gateway_domain_name_access_association.access_association_source",
		Scope:      "Private REST APIs mapped by a BasePathMappingV2 on a private custom domain.",
		Trigger:    "The API's policy, evaluated with the PAPI003 engine for an anonymous execute-api:Invoke on the mapped stage carrying aws:SourceVpce = the endpoint of an access association of the domain (compared by reference when it is a resource of the scan) and aws:SourceVpc = that endpoint's VpcId, is an explicit Deny for every method and path, or has no Allow for any of them. With Fn::If, only when every alternative refuses the endpoint.",
		Symptom:    "Calls through the domain get 403 `AccessDeniedException`: `User: anonymous is not authorized to perform: execute-api:Invoke on resource: …` (with \"with an explicit deny\" when a Deny applies).",
		Fix:        "Allow the consumer endpoint in the API's policy too: list it in the aws:SourceVpce condition of the Deny (or the Allow) next to the endpoints the API already admits.",
		Skip:       "Endpoint ids, VPC ids, stages and policies that cannot be resolved; ids written as literals where the other side is a resource of the scan; references to endpoints that are not resources of the scan; other condition keys that could decide the outcome; policies that allow only some methods or paths. APIs that are not PRIVATE (PAPI108). When nothing allows and every method uses AWS_IAM, nothing is reported; with Lambda or Cognito authorizers, a warning.",
		Bad: `Api:
  Type: AWS::ApiGateway::RestApi
  Properties:
    EndpointConfiguration: {Types: [PRIVATE]}
    Policy:
      Statement:
        - {Effect: Allow, Principal: "*", Action: execute-api:Invoke, Resource: execute-api:/*}
        - {Effect: Deny, Principal: "*", Action: execute-api:Invoke, Resource: execute-api:/*,
           Condition: {StringNotEquals: {aws:SourceVpce: !Ref LegacyVpce}}}
Association:
  Type: AWS::ApiGateway::DomainNameAccessAssociation
  Properties:
    DomainNameArn: !GetAtt Domain.DomainNameArn
    AccessAssociationSource: !Ref ConsumerVpce
    AccessAssociationSourceType: VPCE`,
		Good: `Api:
  Type: AWS::ApiGateway::RestApi
  Properties:
    EndpointConfiguration: {Types: [PRIVATE]}
    Policy:
      Statement:
        - {Effect: Allow, Principal: "*", Action: execute-api:Invoke, Resource: execute-api:/*}
        - {Effect: Deny, Principal: "*", Action: execute-api:Invoke, Resource: execute-api:/*,
           Condition: {StringNotEquals: {aws:SourceVpce: [!Ref LegacyVpce, !Ref ConsumerVpce]}}}`,
		Tags: []string{"availability", "api-gateway", "private-domain", "resource-policy"},
		References: []string{
			"https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-custom-domains.html",
			"https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-custom-domains-provider-share.html",
			"https://aws.amazon.com/blogs/compute/implementing-custom-domain-names-for-private-endpoints-with-amazon-api-gateway/",
		},
	},
}

func run(pass *analysis.Pass) (any, error) {
	g := pass.Graph
	model := pattern.Of(pass)
	seen := map[string]bool{}
	for _, pd := range model.PrivateDomains(g) {
		sources := pd.Sources(g)
		for _, m := range pd.Mappings {
			api := g.Resolve(m.Prop("RestApiId"))
			if api == nil || api.Kind != graph.RestAPI {
				continue
			}
			stage, stageValue := policyrule.Stage(m)
			for _, as := range sources {
				caller, ok := policyrule.ValueCaller(as.Value, as.Endpoint)
				if !ok {
					continue
				}
				key := string(api.ID) + "|" + caller.Vpce.String() + "|" + stage
				if seen[key] {
					continue
				}
				seen[key] = true
				check(pass, pd, as, caller, api, stage, stageValue)
			}
		}
	}
	return nil, nil
}

func check(pass *analysis.Pass, pd *pattern.PrivateDomain, as pattern.AccessSource, caller policyrule.Caller, api *graph.Node, stage string, stageValue *graph.Value) {
	denials := policyrule.DeniedByAPI(pass.Graph, api, caller, stage)
	if len(denials) == 0 {
		return
	}
	auth := policyrule.MethodAuth(pass.Graph, api)
	onStage := "any stage"
	if stage != "" {
		onStage = "stage " + stage
	}
	through := "the VPC endpoint " + analysis.Quote(caller.Name) + " that access association " +
		analysis.Quote(as.Association.Display()) + " connects to private custom domain " + analysis.Quote(pd.Domain.Display())
	for _, x := range denials {
		sev := x.Severity(auth)
		if sev == 0 {
			continue
		}
		var msg string
		if x.Explicit {
			msg = "resource policy of REST API " + analysis.Quote(api.Display()) + " denies " + through +
				": statement " + x.Statement.Label() + " applies to it on " + onStage +
				", so calls through the domain get 403 \"… with an explicit deny\""
		} else {
			msg = "resource policy of REST API " + analysis.Quote(api.Display()) + " has no Allow that admits " + through +
				" on " + onStage + ", so calls through the domain get 403 \"User: anonymous is not authorized to perform: execute-api:Invoke\""
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
