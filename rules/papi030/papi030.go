// Package papi030 reports an internet-facing load balancer in front of the
// execute-api endpoint.
package papi030

import (
	"strings"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/model/pattern"
)

// Analyzer is PAPI030.
var Analyzer = &analysis.Analyzer{
	ID:       "PAPI030",
	Name:     "alb-internet-facing",
	Severity: analysis.Error,
	Engine:   analysis.EngineGo,
	Requires: []*analysis.Analyzer{pattern.Analyzer},
	Run:      run,
	Doc: &analysis.Doc{
		Title:      "Load balancer in front of the private API is internet-facing",
		Summary:    "The load balancer whose targets are the execute-api endpoint's addresses must be internal. An internet-facing one forwards internet traffic into the endpoint, where the resource policy sees the allowed endpoint and lets it through: the private API becomes public.",
		Confidence: "[V] default, [I] exposure",
		Tier:       1,
		CFN:        "AWS::ElasticLoadBalancingV2::LoadBalancer.Scheme",
		TF:         "aws_lb.internal",
		Scope:      "The load balancer with a listener that forwards to the VPC endpoint's target group.",
		Trigger:    "Scheme is absent (AWS then uses internet-facing) or internet-facing (Terraform: internal absent or false).",
		Symptom:    "No error. Clients on the internet reach the private API through the load balancer, and the policy admits them because their requests enter through the allowed endpoint.",
		Fix:        "Set `Scheme: internal` (Terraform: `internal = true`).",
		Skip:       "Designs that put a CDN or WAF in front on purpose: suppress with a reason. Schemes that cannot be resolved.",
		Bad: `Alb:
  Type: AWS::ElasticLoadBalancingV2::LoadBalancer
  Properties:
    Subnets: [!Ref SubnetA, !Ref SubnetB]`,
		Good: `Alb:
  Type: AWS::ElasticLoadBalancingV2::LoadBalancer
  Properties:
    Scheme: internal
    Subnets: [!Ref SubnetA, !Ref SubnetB]`,
		SecuritySeverity: "9.0",
		Tags:             []string{"security", "load-balancer", "exposure"},
		References: []string{
			"https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html",
		},
	},
}

func run(pass *analysis.Pass) (any, error) {
	seen := map[graph.NodeID]bool{}
	for _, inst := range pattern.Of(pass).Instances {
		lb := inst.LoadBalancer
		if seen[lb.ID] {
			continue
		}
		seen[lb.ID] = true
		v := lb.Prop("Scheme")
		if v == nil {
			pass.Reportf(lb, lb.Header, "load balancer %s forwards to the execute-api endpoint but has no Scheme, so AWS makes it internet-facing", analysis.Quote(lb.Display()))
			continue
		}
		bad := true
		for _, b := range v.Branches() {
			s, ok := b.String()
			if !ok || strings.EqualFold(s, "internal") {
				bad = false
			}
		}
		if !bad {
			continue
		}
		d := analysis.Diagnostic{Range: analysis.At(lb, v), Resource: lb,
			Message: "load balancer " + analysis.Quote(lb.Display()) + " forwards to the execute-api endpoint but its Scheme is " + v.Display() + ", not internal"}
		if p := analysis.FromDefault(v); p != "" {
			d.Severity = analysis.CapAtWarning(pass.Analyzer.Severity)
			d.Message += " (from the default of parameter " + p + ")"
			d.Related = analysis.DefaultRelated(v)
		}
		pass.Report(d)
	}
	return nil, nil
}
