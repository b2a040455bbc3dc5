// Package papi001 mirrors papilint rule PAPI001 rest-api-not-private in Go
// CDK apps.
package papi001

import (
	"fmt"
	"go/ast"
	"go/types"

	"github.com/papilint/papilint/cdkvet/internal/cdk"
)

// Rule is the papilint rule this analyzer mirrors.
var Rule = cdk.Rule{ID: "PAPI001", Name: "rest-api-not-private"}

const doc = `PAPI001 rest-api-not-private: report a REST API that is meant to be private but is not PRIVATE

A REST API whose resource policy conditions on aws:SourceVpce or
aws:SourceVpc is meant to be reached only through VPC endpoints. API Gateway
sets those keys only for calls to PRIVATE APIs, so on an EDGE or REGIONAL API
the condition never matches: an "Allow, then Deny unless aws:SourceVpce"
policy denies every caller, and the API is reachable on its public endpoints.
Calls through the execute-api endpoint fail too, since interface endpoints
reach only private APIs.

Scope: papilint's rule covers REST APIs mapped by the pattern's custom domain
or whose policy uses aws:SourceVpc/aws:SourceVpce. In Go source a mapping to
"the pattern's domain" cannot be told from any other mapping, so this analyzer
keeps only the second half, which needs nothing outside the construct: it
judges a REST API only when its own props, or calls on it in the same
function, show that it is meant to be private:

  - its Policy (followed through the variables that may hold part of it and
    the method calls on them in the same function, such as
    doc.AddStatements(stmt) and stmt.AddCondition(...), but not through
    other constructs such as the endpoint or the stack) contains the string constant aws:SourceVpce or
    aws:SourceVpc, in any case;
  - its EndpointConfiguration lists VpcEndpoints;
  - api.AddToResourcePolicy(...) is called on it with such a statement.

Reported, for an awsapigateway.RestApiProps, LambdaRestApiProps or
SpecRestApiProps literal in that case:

  - EndpointTypes or EndpointConfiguration.Types set to constants that are not
    exactly [PRIVATE] (at that field);
  - neither set, when the literal is written as the constructor's argument
    (NewRestApi, NewLambdaRestApi, NewSpecRestApi): API Gateway then creates
    an EDGE API (at the call).

Not reported: public REST APIs without those signs, endpoint types from
variables or function results, and a missing type when the API is later
changed through an escape hatch (api.Node()) or handed to code outside the
CDK.`

// Analyzer is the PAPI001 analyzer.
var Analyzer = cdk.NewAnalyzer(Rule, doc, check)

func check(ix *cdk.Index) {
	if !ix.Imports(cdk.PathAPIGateway) {
		return
	}
	for _, u := range ix.Units {
		for _, p := range u.Literals(cdk.PathAPIGateway, cdk.RestAPIProps...) {
			call := u.CallOf(p)
			creates := call != nil && ix.IsFunc(call, cdk.PathAPIGateway, cdk.RestAPIConstructors...)
			var api *types.Var
			if creates {
				api = u.ResultOf(call)
			}
			why := meantPrivate(ix, u, p, api)
			if why == "" {
				continue
			}
			vals, at, known := ix.EndpointTypes(p)
			switch {
			case !known:
			case at == nil:
				if creates && !u.MaybeChanged(api, "Node") {
					ix.Report(Rule, call.Fun, "the REST API sets no endpoint types, so API Gateway creates an EDGE API, yet %s: the API is public and its VPC restriction cannot work; set EndpointTypes: &[]awsapigateway.EndpointType{awsapigateway.EndpointType_PRIVATE}",
						why)
				}
			case !cdk.OnlyPrivate(vals):
				ix.Report(Rule, at, "the REST API's endpoint types are %s, not [PRIVATE], yet %s: the API is public and its VPC restriction cannot work; use awsapigateway.EndpointType_PRIVATE",
					cdk.FormatTypes(vals), why)
			}
		}
	}
}

const policyWhy = "its resource policy conditions on %s (line %d), a key API Gateway sets only on calls to private APIs, so the condition never matches"

// meantPrivate returns, for a message, why the REST API of p is meant to be
// private, or "".
func meantPrivate(ix *cdk.Index, u *cdk.Unit, p *cdk.Props, api *types.Var) string {
	var key string
	isKey := func(e ast.Expr) bool {
		s, ok := ix.IsConditionKey(e, cdk.VPCConditionKeys...)
		key = s
		return ok
	}
	if pol := p.Field("Policy"); pol != nil {
		if x := u.Reaches(pol.Value, ix.PolicyPart, isKey); x != nil {
			return fmt.Sprintf(policyWhy, key, ix.Line(x.Pos()))
		}
	}
	if kv := p.Field("EndpointConfiguration"); kv != nil {
		if ec := ix.PropsOf(kv.Value, cdk.PathAPIGateway, "EndpointConfiguration"); ec != nil {
			if ve := ec.Field("VpcEndpoints"); ve != nil {
				return fmt.Sprintf("it lists VpcEndpoints (line %d), which reach only private APIs", ix.Line(ve.Pos()))
			}
		}
	}
	for _, c := range u.ReceiverCalls(api) {
		if !ix.IsMethod(c, cdk.PathAPIGateway, "AddToResourcePolicy", cdk.RestAPITypes...) {
			continue
		}
		for _, a := range c.Args {
			if x := u.Reaches(a, ix.PolicyPart, isKey); x != nil {
				return fmt.Sprintf(policyWhy, key, ix.Line(x.Pos()))
			}
		}
	}
	return ""
}
