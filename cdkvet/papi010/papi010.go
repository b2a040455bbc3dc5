// Package papi010 mirrors papilint rule PAPI010 execute-api-endpoint-enabled
// in Go CDK apps.
package papi010

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/papilint/papilint/cdkvet/internal/cdk"
)

// Rule is the papilint rule this analyzer mirrors.
var Rule = cdk.Rule{ID: "PAPI010", Name: "execute-api-endpoint-enabled"}

const doc = `PAPI010 execute-api-endpoint-enabled: report a private REST API behind a custom domain that keeps its default endpoint

Nothing fails, but anyone on an endpoint the resource policy admits can call
https://{api-id}.execute-api.{region}.amazonaws.com directly and bypass the
load balancer: its security group, WAF, authentication and logging.

Reported, for an awsapigateway.RestApiProps, LambdaRestApiProps or
SpecRestApiProps literal whose endpoint types are the constant [PRIVATE] and
whose API is mapped by a custom domain in the same function (the props set
DomainName; or the API is given to api.AddDomainName, to the Mapping of a
DomainNameProps, to the RestApi of a BasePathMappingProps, or to
domain.AddBasePathMapping):

  - DisableExecuteApiEndpoint: jsii.Bool(false) (at the field);
  - DisableExecuteApiEndpoint left out, when the literal is written as the
    constructor's argument (at the call).

Not reported: APIs that are not private or whose endpoint types are not
constants, APIs no custom domain in the same function maps (a mapping in
another function or stack is not seen; PAPI011 covers the reverse mistake),
values from variables or function results, and a missing setting when the API
is later changed through an escape hatch (api.Node()) or handed to code
outside the CDK. Teams that keep direct access on purpose suppress the
finding:

	// papilint:ignore PAPI010 reason="direct access for the batch jobs (OPS-7)"`

// Analyzer is the PAPI010 analyzer.
var Analyzer = cdk.NewAnalyzer(Rule, doc, check)

func check(ix *cdk.Index) {
	if !ix.Imports(cdk.PathAPIGateway) {
		return
	}
	for _, u := range ix.Units {
		for _, p := range u.Literals(cdk.PathAPIGateway, cdk.RestAPIProps...) {
			vals, at, known := ix.EndpointTypes(p)
			if !known || at == nil || !cdk.OnlyPrivate(vals) {
				continue
			}
			call := u.CallOf(p)
			creates := call != nil && ix.IsFunc(call, cdk.PathAPIGateway, cdk.RestAPIConstructors...)
			var api *types.Var
			if creates {
				api = u.ResultOf(call)
			}
			how, pos := mapped(ix, u, p, call, api)
			if how == "" {
				continue
			}
			const text = "the private REST API is mapped by a custom domain (%s at line %d) but keeps its default execute-api endpoint: callers the policy admits can bypass the load balancer (its security group, WAF and logging); set DisableExecuteApiEndpoint: jsii.Bool(true)"
			if kv := p.Field("DisableExecuteApiEndpoint"); kv != nil {
				if off, ok := ix.Bool(kv.Value); ok && !off {
					ix.Report(Rule, kv, text, how, ix.Line(pos))
				}
				continue
			}
			if creates && !u.MaybeChanged(api, "Node") {
				ix.Report(Rule, call.Fun, text, how, ix.Line(pos))
			}
		}
	}
}

// mapped says how, and where, a custom domain maps the API p creates.
func mapped(ix *cdk.Index, u *cdk.Unit, p *cdk.Props, call *ast.CallExpr, api *types.Var) (string, token.Pos) {
	if kv := p.Field("DomainName"); kv != nil {
		return "its DomainName option", kv.Pos()
	}
	if call == nil {
		return "", token.NoPos
	}
	isAPI := func(e ast.Expr) bool {
		e = ast.Unparen(e)
		return e == ast.Expr(call) || (api != nil && u.VarOf(e) == api)
	}
	how, pos := "", token.NoPos
	ast.Inspect(u.Decl, func(n ast.Node) bool {
		if how != "" {
			return false
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && isAPI(sel.X) &&
				ix.IsMethod(n, cdk.PathAPIGateway, "AddDomainName", cdk.RestAPITypes...) {
				how, pos = "AddDomainName", n.Pos()
			}
			if len(n.Args) > 0 && isAPI(n.Args[0]) && ix.IsMethod(n, cdk.PathAPIGateway, "AddBasePathMapping", "DomainName", "IDomainName") {
				how, pos = "AddBasePathMapping", n.Pos()
			}
		case *ast.CompositeLit:
			if d := ix.PropsOf(n, cdk.PathAPIGateway, "DomainNameProps"); d != nil {
				if kv := d.Field("Mapping"); kv != nil && isAPI(kv.Value) {
					how, pos = "the Mapping of a DomainName", kv.Pos()
				}
			}
			if m := ix.PropsOf(n, cdk.PathAPIGateway, "BasePathMappingProps"); m != nil {
				if kv := m.Field("RestApi"); kv != nil && isAPI(kv.Value) {
					how, pos = "a BasePathMapping", kv.Pos()
				}
			}
		}
		return true
	})
	return how, pos
}
