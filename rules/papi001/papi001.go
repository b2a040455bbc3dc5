// Package papi001 reports a REST API in the private API pattern whose
// endpoint type is not PRIVATE.
package papi001

import (
	"strings"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/model/pattern"
)

// Analyzer is PAPI001.
var Analyzer = &analysis.Analyzer{
	ID:       "PAPI001",
	Name:     "rest-api-not-private",
	Severity: analysis.Error,
	Engine:   analysis.EngineGo,
	Requires: []*analysis.Analyzer{pattern.Analyzer},
	Run:      run,
	Doc: &analysis.Doc{
		Title:      "REST API in the private pattern is not PRIVATE",
		Summary:    "A REST API that the pattern's custom domain maps, or whose resource policy restricts callers by VPC or VPC endpoint, must have the endpoint type PRIVATE. Without it the API answers on the public internet, and its aws:SourceVpc/aws:SourceVpce conditions can never match.",
		Confidence: "[V] defaults, [I] consequence",
		Tier:       1,
		CFN:        "AWS::ApiGateway::RestApi.EndpointConfiguration.Types",
		TF:         "aws_api_gateway_rest_api.endpoint_configuration[0].types",
		Scope:      "REST APIs mapped by the ALB pattern's custom domain, or whose policy uses aws:SourceVpc or aws:SourceVpce.",
		Trigger:    "EndpointConfiguration.Types is absent (AWS then creates an EDGE API) or is not exactly [PRIVATE]. With Fn::If, only when every branch is wrong.",
		Symptom:    "The API is reachable from the internet on its default and custom-domain endpoints. Because aws:SourceVpce and aws:SourceVpc are only set for private APIs, an Allow plus `Deny StringNotEquals aws:SourceVpce` policy denies every caller: `User: anonymous is not authorized to perform: execute-api:Invoke on resource: … with an explicit deny`. Calls that arrive through the execute-api endpoint get 403 `Forbidden`, since the endpoint reaches private APIs only.",
		Fix:        "Set `EndpointConfiguration: {Types: [PRIVATE]}` (Terraform: `endpoint_configuration { types = [\"PRIVATE\"] }`).",
		Skip:       "Public APIs in the same template that no pattern domain maps and whose policy has no VPC conditions. Endpoint types that cannot be resolved.",
		Bad: `Api:
  Type: AWS::ApiGateway::RestApi
  Properties:
    Name: orders
    EndpointConfiguration: {Types: [REGIONAL]}
    Policy: {Statement: [{Effect: Deny, Principal: "*", Action: execute-api:Invoke, Resource: execute-api:/*,
      Condition: {StringNotEquals: {aws:SourceVpce: !Ref ApiVpce}}}]}`,
		Good: `Api:
  Type: AWS::ApiGateway::RestApi
  Properties:
    Name: orders
    EndpointConfiguration: {Types: [PRIVATE]}`,
		SecuritySeverity: "8.0",
		Tags:             []string{"security", "api-gateway", "exposure"},
		References: []string{
			"https://docs.aws.amazon.com/apigateway/latest/api/API_EndpointConfiguration.html",
			"https://repost.aws/knowledge-center/api-gateway-vpc-connections",
		},
	},
}

func run(pass *analysis.Pass) (any, error) {
	model := pattern.Of(pass)
	for _, api := range pass.Graph.OfKind(graph.RestAPI) {
		if !model.MappedByPatternDomain(api.ID) && !policyUsesVPCKeys(pass.Graph, api) {
			continue
		}
		check(pass, api)
	}
	return nil, nil
}

func check(pass *analysis.Pass, api *graph.Node) {
	types := graph.EndpointTypes(api)
	if types == nil {
		pass.Reportf(api, api.Header, "REST API %s has no EndpointConfiguration, so AWS creates it as EDGE (public), not PRIVATE", analysis.Quote(api.Display()))
		return
	}
	for _, b := range types.Branches() {
		list, ok := b.Strings()
		if !ok {
			return // unknown: skip
		}
		if len(list) == 1 && strings.EqualFold(list[0], "PRIVATE") {
			return // at least one branch is right
		}
	}
	d := analysis.Diagnostic{
		Range:    analysis.At(api, types),
		Resource: api,
		Message:  "REST API " + analysis.Quote(api.Display()) + " has endpoint type " + types.Display() + ", not PRIVATE",
	}
	if p := analysis.FromDefault(types); p != "" {
		d.Severity = analysis.CapAtWarning(pass.Analyzer.Severity)
		d.Message += " (from the default of parameter " + p + ")"
		d.Related = analysis.DefaultRelated(types)
	}
	pass.Report(d)
}

// policyUsesVPCKeys reports whether any policy of the API mentions
// aws:SourceVpc or aws:SourceVpce.
func policyUsesVPCKeys(g *graph.Graph, api *graph.Node) bool {
	srcs, _ := g.APIPolicies(api)
	found := false
	for _, s := range srcs {
		s.Value.Walk(func(v *graph.Value) {
			for _, f := range v.Fields {
				k := strings.ToLower(f.Key)
				if k == "aws:sourcevpc" || k == "aws:sourcevpce" {
					found = true
				}
			}
			if str, ok := v.String(); ok && v.Kind == graph.KindString {
				ls := strings.ToLower(str)
				if strings.Contains(ls, "aws:sourcevpc") {
					found = true
				}
			}
		})
	}
	return found
}
