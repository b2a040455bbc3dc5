// Package papi045 reports target addresses typed in (literals or
// parameters) where the execute-api endpoint they stand for is created in
// the same template or configuration.
package papi045

import (
	"regexp"
	"strings"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/model/netpath"
	"github.com/papilint/papilint/internal/model/pattern"
	"github.com/papilint/papilint/internal/source"
)

// Analyzer is PAPI045.
var Analyzer = &analysis.Analyzer{
	ID:       "PAPI045",
	Name:     "tg-targets-hardcoded",
	Severity: analysis.Warning,
	Engine:   analysis.EngineGo,
	Requires: []*analysis.Analyzer{pattern.Analyzer, netpath.Analyzer},
	Run:      run,
	Doc: &analysis.Doc{
		Title:      "Target addresses are typed in although the endpoint is in the same stack",
		Summary:    "The addresses of an interface endpoint's network interfaces change when the endpoint is replaced or its subnets change. When the execute-api endpoint is created in the same template or Terraform configuration as the target group in front of it, the targets should be read from the endpoint (its NetworkInterfaceIds), not typed in as literal addresses or passed in as parameters that someone has to keep in step by hand.",
		Confidence: "[I]",
		Tier:       1,
		CFN:        "AWS::ElasticLoadBalancingV2::TargetGroup.Targets[].Id; an AWS::EC2::VPCEndpoint for execute-api in the same template",
		TF:         "aws_lb_target_group_attachment.target_id; an aws_vpc_endpoint for execute-api in the same configuration",
		Scope:      "Target groups of pattern instances, including those linked to the pattern only through the load balancer's DNS name and custom domain (weak links).",
		Trigger:    "An interface endpoint for execute-api is a resource of the same template (Terraform: the same root configuration) and in the target group's VPC, and a target's Id is a literal address or a parameter (Terraform: a variable), in every Fn::If alternative.",
		Symptom:    "No error at first. When the endpoint or its subnets are replaced its addresses change; the load balancer keeps sending to the old ones, health checks fail and clients get 502 or 504 until someone updates the addresses.",
		Fix:        "Derive the targets from the endpoint: a custom resource (CDK AwsCustomResource) calling DescribeNetworkInterfaces with the endpoint's NetworkInterfaceIds, or Terraform `data \"aws_network_interface\"` over `aws_vpc_endpoint.X.network_interface_ids`.",
		Skip:       "Endpoints owned by another stack or configuration (the rule needs the endpoint in the same one), endpoints known to be in another VPC than the target group, and targets read from imports, data sources or other resources.",
		Bad: `ApiVpce:
  Type: AWS::EC2::VPCEndpoint
  Properties:
    ServiceName: !Sub com.amazonaws.${AWS::Region}.execute-api
    VpcEndpointType: Interface
Tg:
  Type: AWS::ElasticLoadBalancingV2::TargetGroup
  Properties:
    Targets:
      - {Id: 10.0.1.25, Port: 443}
      - {Id: 10.0.2.25, Port: 443}`,
		Good: `ApiVpce:
  Type: AWS::EC2::VPCEndpoint
  Properties:
    ServiceName: !Sub com.amazonaws.${AWS::Region}.execute-api
    VpcEndpointType: Interface
VpceIps:
  Type: Custom::VpceEniIps
  Properties:
    ServiceToken: !Ref EniLookupFunctionArn
    NetworkInterfaceIds: !GetAtt ApiVpce.NetworkInterfaceIds
Tg:
  Type: AWS::ElasticLoadBalancingV2::TargetGroup
  Properties:
    Targets:
      - {Id: !GetAtt VpceIps.IpA, Port: 443}
      - {Id: !GetAtt VpceIps.IpB, Port: 443}`,
		Tags: []string{"maintainability", "target-group", "vpc-endpoint"},
		References: []string{
			"https://github.com/hashicorp/terraform-provider-aws/issues/44824",
			"https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeNetworkInterfaces.html",
			"https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/network_interface",
		},
	},
}

func run(pass *analysis.Pass) (any, error) {
	np := netpath.Of(pass)
	seenTG := map[graph.NodeID]bool{}
	seenRange := map[source.Range]bool{}
	for _, inst := range pattern.Of(pass).Instances {
		tg := inst.TargetGroup
		if seenTG[tg.ID] {
			continue
		}
		seenTG[tg.ID] = true
		ep := sameStackEndpoint(pass.Graph, np, inst)
		if ep == nil {
			continue
		}
		for _, l := range np.Targets(tg) {
			for _, t := range l.Targets {
				what, ok := hardcoded(t.Id)
				if !ok {
					continue
				}
				r := analysis.At(t.Node, t.Id)
				if seenRange[r] {
					continue
				}
				seenRange[r] = true
				pass.Report(analysis.Diagnostic{
					Range:    r,
					Resource: t.Node,
					Message: "target group " + analysis.Quote(tg.Display()) + " registers " + what + ", but execute-api endpoint " +
						analysis.Quote(ep.Display()) + " is created in the same " + unit(tg) + ": when the endpoint or its subnets are replaced its addresses change and the load balancer keeps the stale ones (502/504); derive the targets from the endpoint's NetworkInterfaceIds",
					Related: []analysis.Related{{Range: ep.Header, Message: "the execute-api endpoint"}},
				})
			}
		}
	}
	return nil, nil
}

// sameStackEndpoint returns the execute-api interface endpoint the target
// group's addresses stand for, when it is a resource of the target group's
// own template or configuration: the instance's endpoint when it is there,
// else the first such endpoint that is not known to be in another VPC.
func sameStackEndpoint(g *graph.Graph, np *netpath.Result, inst *pattern.Instance) *graph.Node {
	tg := inst.TargetGroup
	if inst.Endpoint != nil {
		if inst.Endpoint.Stack == tg.Stack {
			return inst.Endpoint
		}
		return nil
	}
	for _, ep := range g.OfKind(graph.VPCEndpoint) {
		if ep.Stack != tg.Stack || !isExecuteAPIInterface(ep) {
			continue
		}
		if np.SameVPC(ep.Prop("VpcId"), tg.Prop("VpcId")) == netpath.No {
			continue
		}
		return ep
	}
	return nil
}

// isExecuteAPIInterface reports whether an endpoint is known to be an
// interface endpoint for execute-api.
func isExecuteAPIInterface(ep *graph.Node) bool {
	_, suffix, _ := ep.Prop("ServiceName").Affix()
	if !strings.HasSuffix(suffix, ".execute-api") {
		return false
	}
	t, ok := ep.Prop("VpcEndpointType").String()
	return ok && strings.EqualFold(t, "Interface")
}

// hardcoded reports whether a target Id is typed in: a literal address or
// a parameter (Terraform variable), in every alternative. It returns how to
// name it in a message.
func hardcoded(v *graph.Value) (string, bool) {
	if v.IsAbsent() {
		return "", false
	}
	var what string
	for _, b := range v.Branches() {
		w, ok := hardcoded1(b)
		if !ok {
			return "", false
		}
		if what == "" {
			what = w
		} else if what != w {
			what = "addresses typed in (" + v.Display() + ")"
		}
	}
	return what, true
}

func hardcoded1(v *graph.Value) (string, bool) {
	if v == nil {
		return "", false
	}
	if v.Ref != nil && v.Ref.Node != "" {
		return "", false // read from a resource
	}
	if v.Param == "" && v.Kind == graph.KindUnknown {
		// Terraform indexes a variable list by count.index or each.key: the
		// value is unknown and no longer carries the variable, but the
		// expression is still just the variable.
		if m := varExpr.FindStringSubmatch(strings.TrimSpace(v.Range.Text())); m != nil {
			return "the value of variable " + m[1], true
		}
	}
	switch {
	case v.Param != "" && (v.Kind == graph.KindString || v.Kind == graph.KindUnknown):
		if strings.HasPrefix(v.Param, "var.") {
			return "the value of variable " + strings.TrimPrefix(v.Param, "var."), true
		}
		return "the value of parameter " + v.Param, true
	case v.Kind == graph.KindString && v.Prov != graph.Unknown:
		return "the literal address " + v.Str, true
	}
	return "", false
}

// varExpr matches a Terraform expression that is a variable, indexed or
// passed through element(): var.ips[count.index], element(var.ips, count.index).
var varExpr = regexp.MustCompile(`^(?:element\(\s*)?var\.([A-Za-z_][A-Za-z0-9_-]*)(?:\[[^\]]*\])*(?:\s*,[^()]*\))?$`)

func unit(n *graph.Node) string {
	if n.Format == graph.Terraform {
		return "configuration"
	}
	return "template"
}
