// Package papi009 reports a private API whose resource policy admits
// anonymous callers from any VPC endpoint in any account.
package papi009

import (
	"strings"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/iam"
)

// Analyzer is PAPI009.
var Analyzer = &analysis.Analyzer{
	ID:       "PAPI009",
	Name:     "policy-not-vpc-restricted",
	Severity: analysis.Error,
	Engine:   analysis.EngineGo,
	Run:      run,
	Doc: &analysis.Doc{
		Title:      "Private API policy admits every VPC endpoint in every account",
		Summary:    "A private API is only as private as its resource policy. A policy that allows anonymous execute-api:Invoke without restricting aws:SourceVpce or aws:SourceVpc admits any execute-api VPC endpoint in any AWS account; the API Gateway console calls such an API \"accessible by all VPCs\".",
		Confidence: "[V]",
		Tier:       1,
		CFN:        "AWS::ApiGateway::RestApi.Policy, Body/DefinitionBody x-amazon-apigateway-policy, SAM Auth.ResourcePolicy",
		TF:         "aws_api_gateway_rest_api.policy, aws_api_gateway_rest_api_policy.policy, data \"aws_iam_policy_document\"",
		Trigger:    "A private API whose policy, evaluated for an anonymous execute-api:Invoke from an endpoint and VPC that the policy does not name, allows the call: an Allow for principal * on execute-api:Invoke (or execute-api:*, or *) with no Deny StringNotEquals/StringNotLike on aws:SourceVpce or aws:SourceVpc and no StringEquals/StringLike on those keys in the Allow itself.",
		Symptom:    "Nothing fails, and that is the danger: every execute-api VPC endpoint in any AWS account can call the API. The pattern's requirement that only authorized VPCs get in is silently broken.",
		Fix:        "Add a Deny for everyone whose condition lists the endpoints the ALB forwards to: `{Effect: Deny, Principal: \"*\", Action: execute-api:Invoke, Resource: execute-api:/*, Condition: {StringNotEquals: {aws:SourceVpce: [vpce-…]}}}` (or aws:SourceVpc with the authorized VPC ids).",
		Skip:       "Statements with other condition keys that could restrict callers (aws:PrincipalOrgID, aws:SourceAccount, aws:VpcSourceIp) are not reported; a note says what was seen. Policies that are not visible (BodyS3Location) or not known before deploy are skipped. When every method uses AWS_IAM the finding is a warning, since callers still need IAM credentials.",
		Bad: `Policy:
  Statement:
    - {Effect: Allow, Principal: "*", Action: execute-api:Invoke, Resource: execute-api:/*}`,
		Good: `Policy:
  Statement:
    - {Effect: Allow, Principal: "*", Action: execute-api:Invoke, Resource: execute-api:/*}
    - Effect: Deny
      Principal: "*"
      Action: execute-api:Invoke
      Resource: execute-api:/*
      Condition: {StringNotEquals: {aws:SourceVpce: !Ref ApiVpce}}`,
		SecuritySeverity: "8.5",
		Tags:             []string{"security", "api-gateway", "resource-policy", "exposure"},
		References: []string{
			"https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html",
			"https://github.com/aquasecurity/tfsec/issues/1314",
		},
	},
}

func run(pass *analysis.Pass) (any, error) {
	for _, api := range pass.Graph.OfKind(graph.RestAPI) {
		if private, known := graph.IsPrivateAPI(api); !known || !private {
			continue
		}
		srcs, _ := pass.Graph.APIPolicies(api)
		for _, src := range srcs {
			check(pass, api, src)
		}
	}
	return nil, nil
}

func check(pass *analysis.Pass, api *graph.Node, src graph.PolicySource) {
	pol, _ := iam.Parse(src.Value)
	if pol == nil {
		return // not known before deploy
	}
	// Ask once per stage the policy names, and once for a stage it does not
	// name: a policy whose Allow and Deny are both scoped to /prod/* admits
	// no outsider, though "some stage" alone would say it does.
	var res iam.Result
	for _, stage := range stagesNamed(pol) {
		res = pol.Evaluate(iam.Request{Action: iam.ActionInvoke, Anonymous: true, Stage: stage, SourceVpce: iam.Outsider, SourceVpc: iam.Outsider})
		if res.Decision == iam.Allow {
			break
		}
	}
	switch res.Decision {
	case iam.Allow:
	case iam.Unknown:
		restr := pol.VPCRestriction()
		if other := restr.OtherKeys(); len(other) > 0 {
			at := analysis.At(src.Node, src.Value)
			if c := restr.Other[0]; c.KeyRange.IsValid() {
				at = c.KeyRange
			}
			pass.Report(analysis.Diagnostic{
				Range: at, Resource: src.Node, Severity: analysis.Note,
				Message: "could not verify that the resource policy of REST API " + analysis.Quote(api.Display()) +
					" restricts callers to known VPC endpoints: it relies on " + strings.Join(other, ", ") + ", which papilint does not evaluate",
			})
		}
		return
	default:
		return
	}
	at := analysis.At(src.Node, src.Value)
	if len(res.Statements) > 0 && res.Statements[0].Value != nil && res.Statements[0].Value.Range.IsValid() {
		at = res.Statements[0].Value.Range
	}
	d := analysis.Diagnostic{
		Range: at, Resource: src.Node,
		Message: "resource policy of private REST API " + analysis.Quote(api.Display()) +
			" lets anonymous callers invoke it from any VPC endpoint in any AWS account: nothing restricts aws:SourceVpce or aws:SourceVpc",
	}
	if allIAM(pass.Graph, api) {
		d.Severity = analysis.Warning
		d.Message += " (every method requires AWS_IAM, so callers still need credentials)"
	}
	if p := analysis.FromDefault(src.Value, graph.EndpointTypes(api)); p != "" {
		d.Severity = analysis.CapAtWarning(pass.Analyzer.Severity)
		d.Message += " (from the default of parameter " + p + ")"
		d.Related = analysis.DefaultRelated(src.Value, graph.EndpointTypes(api))
	}
	pass.Report(d)
}

// allIAM reports whether the API has methods and every one of them uses
// AWS_IAM authorization.
func allIAM(g *graph.Graph, api *graph.Node) bool {
	n := 0
	for _, e := range g.EdgesTo(api.ID) {
		m := g.Node(e.From)
		if m == nil || m.Kind != graph.Method || len(e.Path) == 0 || e.Path[0] != "RestApiId" {
			continue
		}
		n++
		if s, ok := m.Prop("AuthorizationType").String(); !ok || !strings.EqualFold(s, "AWS_IAM") {
			return false
		}
	}
	return n > 0
}

// unnamedStage stands for any stage that no statement names.
const unnamedStage = "papilint-unnamed-stage"

// stagesNamed returns the stages the policy's resources name explicitly
// (execute-api:/prod/*, arn:…:api-id/prod/GET/*), plus one stage none of
// them names.
func stagesNamed(p *iam.Policy) []string {
	seen := map[string]bool{}
	var out []string
	for _, st := range p.Statements {
		if st.Resource == nil {
			continue
		}
		for _, r := range st.Resource.List {
			s, ok := r.String()
			if !ok {
				continue
			}
			var rest string
			switch {
			case strings.HasPrefix(s, "execute-api:/"):
				rest = strings.TrimPrefix(s, "execute-api:/")
			case strings.HasPrefix(s, "arn:"):
				parts := strings.SplitN(s, ":", 6)
				if len(parts) < 6 {
					continue
				}
				if i := strings.Index(parts[5], "/"); i >= 0 {
					rest = parts[5][i+1:]
				}
			}
			stage, _, _ := strings.Cut(rest, "/")
			if stage != "" && !strings.ContainsAny(stage, "*?") && !seen[stage] {
				seen[stage] = true
				out = append(out, stage)
			}
		}
	}
	return append(out, unnamedStage)
}
