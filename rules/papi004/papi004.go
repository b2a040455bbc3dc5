// Package papi004 reports a private API policy that restricts callers with
// several Deny statements, one per endpoint or VPC, so that together they
// deny everyone (or more callers than intended).
package papi004

import (
	"strings"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/iam"
	"github.com/papilint/papilint/rules/internal/policyrule"
)

// Analyzer is PAPI004.
var Analyzer = &analysis.Analyzer{
	ID:       "PAPI004",
	Name:     "policy-split-vpc-denies",
	Severity: analysis.Error,
	Engine:   analysis.EngineGo,
	Run:      run,
	Doc: &analysis.Doc{
		Title:      "Endpoint allow-list split over several Deny statements",
		Summary:    "A Deny with StringNotEquals on aws:SourceVpce (or aws:SourceVpc) denies every caller that is not in its list. Writing one such Deny per endpoint does not add up to an allow-list: a request from the first endpoint matches the second statement's \"not equal\", and the other way round, so only ids listed in every statement get through. With one id per statement nobody does.",
		Confidence: "[V]",
		Tier:       1,
		CFN:        "AWS::ApiGateway::RestApi.Policy, Body/DefinitionBody x-amazon-apigateway-policy, SAM Auth.ResourcePolicy",
		TF:         "aws_api_gateway_rest_api.policy, aws_api_gateway_rest_api_policy.policy, data \"aws_iam_policy_document\"",
		Scope:      "Private REST APIs.",
		Trigger:    "Two or more Deny statements that may apply to anonymous execute-api:Invoke, whose resources overlap (one covers every request the other covers: both execute-api:/*, identical, or a superset), each with a StringNotEquals or StringNotLike condition on the same key, aws:SourceVpce or aws:SourceVpc. The callers let through are the intersection of the statements' lists: an empty intersection is an error, a non-empty one smaller than the union a warning (ids the author evidently meant to allow are denied).",
		Symptom:    "Every caller (or every caller outside the intersection) matches at least one Deny: 403 `User: anonymous is not authorized to perform: execute-api:Invoke on resource: … with an explicit deny` (aws/serverless-application-model#1372).",
		Fix:        "Use one Deny statement whose condition lists every allowed id: `StringNotEquals: {aws:SourceVpce: [vpce-a, vpce-b]}` (a list means \"equal to none of these\").",
		Skip:       "Statements scoped to disjoint resources (execute-api:/prod/* and execute-api:/dev/*). Statements with other conditions besides the endpoint condition, statements or values that exist only under an Fn::If alternative, ids that are not known before deploy, patterns with wildcards, and lists that mix literal ids with references. Public APIs, whose policies never see the endpoint keys (PAPI001).",
		Bad: `Statement:
  - {Effect: Allow, Principal: "*", Action: execute-api:Invoke, Resource: execute-api:/*}
  - {Effect: Deny, Principal: "*", Action: execute-api:Invoke, Resource: execute-api:/*,
     Condition: {StringNotEquals: {aws:SourceVpce: vpce-0aaaaaaaaaaaaaaaa}}}
  - {Effect: Deny, Principal: "*", Action: execute-api:Invoke, Resource: execute-api:/*,
     Condition: {StringNotEquals: {aws:SourceVpce: vpce-0bbbbbbbbbbbbbbbb}}}`,
		Good: `Statement:
  - {Effect: Allow, Principal: "*", Action: execute-api:Invoke, Resource: execute-api:/*}
  - {Effect: Deny, Principal: "*", Action: execute-api:Invoke, Resource: execute-api:/*,
     Condition: {StringNotEquals: {aws:SourceVpce: [vpce-0aaaaaaaaaaaaaaaa, vpce-0bbbbbbbbbbbbbbbb]}}}`,
		Tags: []string{"availability", "api-gateway", "resource-policy"},
		References: []string{
			"https://github.com/aws/serverless-application-model/issues/1372",
			"https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html",
			"https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html",
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
	pol := policyrule.Parse(src.Value)
	if pol == nil {
		return
	}
	pol = policyrule.Distinct(pol, pass.Graph)
	for _, g := range pol.SplitDenies() {
		if g.Unknown || len(g.Statements) < 2 || !certain(g) {
			continue
		}
		sev := analysis.Error
		var what string
		switch {
		case len(g.Intersection) == 0:
			what = "together they deny every caller"
		case len(g.Intersection) < len(g.Union):
			sev = analysis.Warning
			what = "together they admit only " + list(pass.Graph, g.Intersection) + " and deny " + list(pass.Graph, minus(g.Union, g.Intersection))
		default:
			continue // every statement lists the same ids
		}
		labels := make([]string, len(g.Statements))
		for i, s := range g.Statements {
			labels[i] = s.Label()
		}
		msg := "resource policy of private REST API " + analysis.Quote(api.Display()) + " splits its " + g.Key +
			" allow-list over Deny statements " + strings.Join(labels, ", ") + ", each denying callers outside its own list: " +
			what + "; list every allowed id in one Deny statement"
		var vals []*graph.Value
		for _, c := range g.Conditions {
			vals = append(vals, c.Value)
		}
		vals = append(vals, graph.EndpointTypes(api))
		sev, suffix, related := policyrule.Cap(sev, vals...)
		at := g.Conditions[0].Value.Range
		if !at.IsValid() {
			at = policyrule.PolicyRange(src.Node, src)
		}
		for _, c := range g.Conditions[1:] {
			if c.Value.Range.IsValid() && c.Value.Range != at {
				related = append(related, analysis.Related{Range: c.Value.Range, Message: "statement " + c.Statement.Label() + " denies callers outside this list"})
			}
		}
		pass.Report(analysis.Diagnostic{
			Range:    at,
			Message:  msg + suffix,
			Severity: sev,
			Resource: src.Node,
			Related:  related,
		})
	}
}

// list renders ids for messages: literals as written, references by the
// name of the resource they refer to.
// certain reports whether every statement of the group surely applies to
// anonymous callers: a known Deny for principal *.
func certain(g iam.DenyGroup) bool {
	for _, s := range g.Statements {
		if s.Opaque || s.Effect != iam.EffectDeny || s.Principal == nil || s.Principal.Not || s.Principal.Kind != iam.PrincipalAnonymous {
			return false
		}
	}
	return true
}

func list(g *graph.Graph, vs []*graph.Value) string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.Display()
		if v.Kind == graph.KindRef {
			if n := g.Resolve(v); n != nil {
				out[i] = n.Display()
			}
		}
	}
	return strings.Join(out, ", ")
}

// minus returns the values of a that are not in b (by identity: the
// SplitDenies sets share their values).
func minus(a, b []*graph.Value) []*graph.Value {
	var out []*graph.Value
	for _, v := range a {
		found := false
		for _, w := range b {
			found = found || v == w
		}
		if !found {
			out = append(out, v)
		}
	}
	return out
}
