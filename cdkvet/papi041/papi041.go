// Package papi041 mirrors papilint rule PAPI041 tg-not-https-443 in Go CDK
// apps.
package papi041

import (
	"go/ast"

	"github.com/papilint/papilint/cdkvet/internal/cdk"
)

// Rule is the papilint rule this analyzer mirrors.
var Rule = cdk.Rule{ID: "PAPI041", Name: "tg-not-https-443"}

const doc = `PAPI041 tg-not-https-443: report a target group of the private API pattern that is not HTTPS on port 443

The execute-api endpoint accepts only TLS on port 443. A target group that
speaks HTTP, or connects to another port, fails every connection: targets are
unhealthy and clients get 502, 503 or 504.

Reported, in a function that builds the pattern (one that also creates the
execute-api interface endpoint, or looks up its network interfaces, and a
private REST API: a PRIVATE endpoint type, or a REST API whose policy names
aws:SourceVpce or aws:SourceVpc):

  - Protocol: ApplicationProtocol_HTTP in an
    awselasticloadbalancingv2.ApplicationTargetGroupProps or
    AddApplicationTargetsProps (listener.AddTargets) literal;
  - Port: jsii.Number(n) with n other than 443 in the same literals (when
    Protocol is left out, CDK derives it from the port: HTTP for 80, 8000,
    8008 and 8080);
  - the port of an awselasticloadbalancingv2targets.NewIpTarget(ip, port, az)
    call, when it is a constant other than 443, in the Targets of those
    literals or passed to the target group's AddTarget.

Each diagnostic points at the offending field or argument.

Not reported: Protocol and Port both left out (CDK derives each from the
other; with neither the target group is a Lambda one), TargetType_LAMBDA,
values from variables or function results, a nil IpTarget port (the target
group's port is used), Network Load Balancer target groups (their TLS and TCP
readings need the listener, which the rule cannot link in Go source), and
target groups in functions that do not show both sides of the pattern.`

// Analyzer is the PAPI041 analyzer.
var Analyzer = cdk.NewAnalyzer(Rule, doc, check)

// httpPorts are the ports CDK maps to HTTP when Protocol is left out
// (443 and 8443 map to HTTPS).
var httpPorts = map[float64]bool{80: true, 8000: true, 8008: true, 8080: true}

func check(ix *cdk.Index) {
	if !ix.Imports(cdk.PathELBv2) {
		return
	}
	for _, u := range ix.Units {
		if !u.Evidence.Pattern() {
			continue
		}
		where := ix.Describe(u.Evidence)
		for _, p := range u.Literals(cdk.PathELBv2, "ApplicationTargetGroupProps", "AddApplicationTargetsProps") {
			if kv := p.Field("TargetType"); kv != nil {
				if tt, ok := ix.Enum(kv.Value, cdk.PathELBv2, "TargetType"); ok && tt == "LAMBDA" {
					continue
				}
			}
			proto := p.Field("Protocol")
			if proto != nil {
				if v, ok := ix.Enum(proto.Value, cdk.PathELBv2, "ApplicationProtocol"); ok && v != "HTTPS" {
					ix.Report(Rule, proto, "target group protocol %s: the execute-api endpoint the pattern forwards to (%s) accepts only HTTPS on port 443; use ApplicationProtocol_HTTPS",
						v, where)
				}
			}
			if port := p.Field("Port"); port != nil {
				if n, ok := ix.Number(port.Value); ok && n != 443 {
					derived := ""
					if proto == nil && httpPorts[n] {
						derived = ", from which CDK also derives protocol HTTP"
					}
					ix.Report(Rule, port, "target group port %g%s: the execute-api endpoint the pattern forwards to (%s) accepts only HTTPS on port 443; use jsii.Number(443)",
						n, derived, where)
				}
			}
			if targets := p.Field("Targets"); targets != nil {
				if lit := cdk.CompositeLit(targets.Value); lit != nil {
					for _, el := range lit.Elts {
						checkIPTarget(ix, el, where)
					}
				}
			}
		}
		ast.Inspect(u.Decl, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if ok && ix.IsMethod(call, cdk.PathELBv2, "AddTarget", "ApplicationTargetGroup", "IApplicationTargetGroup") {
				for _, a := range call.Args {
					checkIPTarget(ix, a, where)
				}
			}
			return true
		})
	}
}

// checkIPTarget reports e when it is NewIpTarget(ip, port, az) with a
// constant port other than 443.
func checkIPTarget(ix *cdk.Index, e ast.Expr, where string) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) < 2 || !ix.IsFunc(call, cdk.PathELBv2Targets, "NewIpTarget") {
		return
	}
	if n, ok := ix.Number(call.Args[1]); ok && n != 443 {
		ix.Report(Rule, call.Args[1], "IP target port %g: the execute-api endpoint the pattern forwards to (%s) accepts only HTTPS on port 443; use jsii.Number(443) or nil",
			n, where)
	}
}
