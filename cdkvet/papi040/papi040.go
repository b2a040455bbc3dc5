// Package papi040 mirrors papilint rule PAPI040 tg-not-ip-type in Go CDK
// apps.
package papi040

import (
	"github.com/papilint/papilint/cdkvet/internal/cdk"
)

// Rule is the papilint rule this analyzer mirrors.
var Rule = cdk.Rule{ID: "PAPI040", Name: "tg-not-ip-type"}

const doc = `PAPI040 tg-not-ip-type: report a target group of the private API pattern whose type is not IP

The load balancer's targets are the IP addresses of the execute-api
endpoint's network interfaces, so the target group must have target type IP:
registering IP addresses in an instance target group fails at deploy.

Reported: an awselasticloadbalancingv2.ApplicationTargetGroupProps or
NetworkTargetGroupProps literal with TargetType: TargetType_INSTANCE (or
TargetType_ALB on an application target group, where it is never valid),
written in a function that builds the pattern: one that also creates the
execute-api interface endpoint (or looks up its network interfaces) and a
private REST API (a PRIVATE endpoint type, or a REST API whose policy names
aws:SourceVpce or aws:SourceVpc). The diagnostic points at the TargetType
field.

Not reported: TargetType left out (CDK then takes the type from the targets,
and IpTarget targets make it IP), TargetType_LAMBDA (a Lambda target group is
another target group, not a mistyped endpoint one), values from variables or
function results, and target groups in functions that do not show both sides
of the pattern.`

// Analyzer is the PAPI040 analyzer.
var Analyzer = cdk.NewAnalyzer(Rule, doc, check)

func check(ix *cdk.Index) {
	if !ix.Imports(cdk.PathELBv2) {
		return
	}
	for _, u := range ix.Units {
		if !u.Evidence.Pattern() {
			continue
		}
		for _, p := range u.Literals(cdk.PathELBv2, "ApplicationTargetGroupProps", "NetworkTargetGroupProps") {
			kv := p.Field("TargetType")
			if kv == nil {
				continue
			}
			tt, ok := ix.Enum(kv.Value, cdk.PathELBv2, "TargetType")
			if !ok {
				continue
			}
			application := ix.IsType(ix.Pass.TypesInfo.TypeOf(p.Lit), cdk.PathELBv2, "ApplicationTargetGroupProps")
			if tt == "INSTANCE" || (tt == "ALB" && application) {
				ix.Report(Rule, kv, "target type %s cannot hold the execute-api endpoint's IP addresses the pattern forwards to (%s): registering them fails at deploy; use TargetType_IP",
					tt, ix.Describe(u.Evidence))
			}
		}
	}
}
