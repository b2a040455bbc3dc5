// Package papi030 mirrors papilint rule PAPI030 alb-internet-facing in Go
// CDK apps.
package papi030

import (
	"github.com/papilint/papilint/cdkvet/internal/cdk"
)

// Rule is the papilint rule this analyzer mirrors.
var Rule = cdk.Rule{ID: "PAPI030", Name: "alb-internet-facing"}

const doc = `PAPI030 alb-internet-facing: report an internet-facing load balancer in front of the private API

The load balancer whose targets are the execute-api endpoint's addresses must
be internal: an internet-facing one forwards internet traffic into the
endpoint, where the API's resource policy sees the allowed endpoint and lets
it through.

Reported: an awselasticloadbalancingv2.ApplicationLoadBalancerProps literal
with InternetFacing: jsii.Bool(true) (or any constant true), written in a
function that builds the pattern, that is, one that also creates the
execute-api interface endpoint (or looks up its network interfaces) and a
private REST API (a PRIVATE endpoint type, or a REST API whose policy names
aws:SourceVpce or aws:SourceVpc). The diagnostic points at the InternetFacing
field.

Not reported: InternetFacing left out (CDK's default is internal), set from a
variable or a function result, or a load balancer in a function that does not
show both sides of the pattern. A design that puts a CDN or WAF in front on
purpose is suppressed with a comment on the field's line or the line above:

	// papilint:ignore PAPI030 reason="fronted by CloudFront and WAF"`

// Analyzer is the PAPI030 analyzer.
var Analyzer = cdk.NewAnalyzer(Rule, doc, check)

func check(ix *cdk.Index) {
	if !ix.Imports(cdk.PathELBv2) {
		return
	}
	for _, u := range ix.Units {
		if !u.Evidence.Pattern() {
			continue
		}
		for _, p := range u.Literals(cdk.PathELBv2, "ApplicationLoadBalancerProps") {
			kv := p.Field("InternetFacing")
			if kv == nil {
				continue
			}
			if v, ok := ix.Bool(kv.Value); ok && v {
				ix.Report(Rule, kv, "the load balancer is internet-facing, but this function builds the private API pattern (%s): internet clients would reach the private API through the allowed endpoint; leave InternetFacing out or set it to false",
					ix.Describe(u.Evidence))
			}
		}
	}
}
