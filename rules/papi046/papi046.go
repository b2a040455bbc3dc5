// Package papi046 reports a target group in front of the execute-api
// endpoint that is not in the VPC of the load balancer, or whose targets
// are the addresses of an endpoint in another VPC.
package papi046

import (
	"strings"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/model/netpath"
	"github.com/papilint/papilint/internal/model/pattern"
)

// Analyzer is PAPI046.
var Analyzer = &analysis.Analyzer{
	ID:       "PAPI046",
	Name:     "tg-vpc-mismatch",
	Severity: analysis.Error,
	Engine:   analysis.EngineGo,
	Requires: []*analysis.Analyzer{pattern.Analyzer, netpath.Analyzer},
	Run:      run,
	Doc: &analysis.Doc{
		Title:      "Target group, load balancer and endpoint are not in one VPC",
		Summary:    "A load balancer forwards only to target groups of its own VPC, and an IP target must be an address of the target group's VPC unless it is registered with AvailabilityZone: all. The target group in front of the execute-api endpoint is checked against both: (a) its VpcId against the VPC of the load balancer's subnets (warning), (b) its VpcId against the endpoint's VpcId when the endpoint's addresses are registered without AvailabilityZone: all (error). (c) An endpoint in another VPC registered with AvailabilityZone: all works, given routing, and gets a note.",
		Confidence: "(b) [V], (a) [I], (c) [V]",
		Tier:       1,
		CFN:        "AWS::ElasticLoadBalancingV2::TargetGroup.VpcId, Targets[].AvailabilityZone; AWS::ElasticLoadBalancingV2::LoadBalancer.Subnets/SubnetMappings → AWS::EC2::Subnet.VpcId; AWS::EC2::VPCEndpoint.VpcId",
		TF:         "aws_lb_target_group.vpc_id, aws_lb_target_group_attachment.availability_zone; aws_lb.subnets/subnet_mapping → aws_subnet.vpc_id; aws_vpc_endpoint.vpc_id",
		Scope:      "(a): target groups of every pattern instance. (b) and (c): pattern instances whose targets are derived from an endpoint in the scan (strong links).",
		Trigger:    "(a) The target group's VpcId and the VpcId of one of the load balancer's subnets are known to differ. (b) The target group's VpcId and the linked endpoint's VpcId are known to differ, and a target derived from the endpoint has no AvailabilityZone: all. (c) As (b), but every such target has AvailabilityZone: all. VPCs are compared by reference (two VPC resources are two VPCs) or as known ids; with Fn::If, only when every alternative differs.",
		Symptom:    "(a) Adding the target group to the listener fails: a load balancer and its target groups share one VPC (error text not confirmed). (b) Registering the targets fails because the address is not in the target group's VPC; addresses outside it need AvailabilityZone: all. (c) Deploys, but works only with peering or a transit gateway route between the VPCs, and the API's policy sees the endpoint's VPC in aws:SourceVpc.",
		Fix:        "Create the target group in the VPC of the load balancer and of the endpoint (`VpcId: !Ref VpcId`). For an endpoint that really lives in another VPC, register its addresses with `AvailabilityZone: all` and route between the VPCs.",
		Skip:       "VPC ids that cannot be resolved (parameters without default, imports, subnets that are not resources of the scan), target lists produced whole by a custom resource (their AvailabilityZone is not visible). A finding that rests on a parameter default is at most a warning.",
		Bad: `Tg:
  Type: AWS::ElasticLoadBalancingV2::TargetGroup
  Properties:
    VpcId: !Ref SharedVpc          # the endpoint is in AppVpc
    TargetType: ip
    Targets:
      - {Id: !GetAtt VpceIps.IpA, Port: 443}`,
		Good: `Tg:
  Type: AWS::ElasticLoadBalancingV2::TargetGroup
  Properties:
    VpcId: !Ref AppVpc             # the endpoint's and the load balancer's VPC
    TargetType: ip
    Targets:
      - {Id: !GetAtt VpceIps.IpA, Port: 443}`,
		Tags: []string{"availability", "target-group", "vpc"},
		References: []string{
			"https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_TargetDescription.html",
			"https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-target-groups.html",
		},
	},
}

func run(pass *analysis.Pass) (any, error) {
	np := netpath.Of(pass)
	seenLB := map[string]bool{}
	seenEP := map[string]bool{}
	for _, inst := range pattern.Of(pass).Instances {
		tg := inst.TargetGroup
		vpc := tg.Prop("VpcId")
		if vpc.IsAbsent() {
			continue
		}
		if k := string(tg.ID) + "|" + string(inst.LoadBalancer.ID); !seenLB[k] {
			seenLB[k] = true
			checkLoadBalancer(pass, np, inst, vpc)
		}
		if !inst.Strong || inst.Endpoint == nil {
			continue
		}
		if k := string(tg.ID) + "|" + string(inst.Endpoint.ID); !seenEP[k] {
			seenEP[k] = true
			checkEndpoint(pass, np, inst, vpc)
		}
	}
	return nil, nil
}

// checkLoadBalancer is case (a).
func checkLoadBalancer(pass *analysis.Pass, np *netpath.Result, inst *pattern.Instance, vpc *graph.Value) {
	tg, lb := inst.TargetGroup, inst.LoadBalancer
	peer := np.PeerOf(lb)
	if !peer.SubnetsKnown {
		return
	}
	for i, sv := range np.SubnetVPCs(peer) {
		if sv == nil || np.SameVPC(vpc, sv) != netpath.No {
			continue
		}
		sub := pass.Graph.Resolve(peer.Subnets[i])
		d := analysis.Diagnostic{
			Range:    analysis.At(tg, vpc),
			Resource: tg,
			Severity: analysis.Warning,
			Message: "target group " + analysis.Quote(tg.Display()) + " is in VPC " + vpcName(pass.Graph, np, vpc) + " but load balancer " +
				analysis.Quote(lb.Display()) + " is in VPC " + vpcName(pass.Graph, np, sv) + " (its subnet " + sub.Name + "): a load balancer forwards only to target groups of its own VPC, so adding the target group to the listener fails",
			Related: []analysis.Related{{Range: analysis.At(lb, peer.Subnets[i]), Message: "the load balancer's subnet"}},
		}
		capDefault(&d, vpc, sv)
		pass.Report(d)
		return
	}
}

// checkEndpoint is cases (b) and (c).
func checkEndpoint(pass *analysis.Pass, np *netpath.Result, inst *pattern.Instance, vpc *graph.Value) {
	tg, ep := inst.TargetGroup, inst.Endpoint
	epVpc := ep.Prop("VpcId")
	if np.SameVPC(vpc, epVpc) != netpath.No {
		return
	}
	// The AvailabilityZone of each target derived from the endpoint.
	eni := map[*graph.Value]bool{}
	for _, t := range inst.ENITargets {
		eni[t.Id] = true
	}
	lacking, all := 0, 0
	var azs []*graph.Value
	for _, l := range np.Targets(tg) {
		if l.Whole != nil {
			return // a list produced at deploy time: its zones are not visible
		}
		for _, t := range l.Targets {
			if !eni[t.Id] {
				continue
			}
			azs = append(azs, t.AZ)
			switch zoneAll(t.AZ) {
			case netpath.Yes:
				all++
			case netpath.No:
				lacking++
			default:
				return
			}
		}
	}
	if lacking+all == 0 {
		return
	}
	d := analysis.Diagnostic{
		Range:    analysis.At(tg, vpc),
		Resource: tg,
		Related:  []analysis.Related{{Range: analysis.At(ep, epVpc), Message: "the endpoint's VPC"}},
	}
	where := "target group " + analysis.Quote(tg.Display()) + " is in VPC " + vpcName(pass.Graph, np, vpc) + " but its targets are the addresses of execute-api endpoint " +
		analysis.Quote(ep.Display()) + " in VPC " + vpcName(pass.Graph, np, epVpc)
	if lacking > 0 {
		d.Severity = analysis.Error
		d.Message = where + ", registered without AvailabilityZone: all: registering an address outside the target group's VPC fails; create the target group in the endpoint's VPC"
		capDefault(&d, append(azs, vpc, epVpc)...)
	} else {
		d.Severity = analysis.Note
		d.Message = where + ", registered with AvailabilityZone: all: this works only with peering or a transit gateway route between the VPCs, and the API's policy sees the endpoint's VPC in aws:SourceVpc"
	}
	pass.Report(d)
}

// zoneAll: the target is registered with AvailabilityZone "all" (Yes), with
// none or a zone (No), or that is not known.
func zoneAll(v *graph.Value) netpath.Verdict {
	if v.IsAbsent() {
		return netpath.No
	}
	out := netpath.Unknown
	for i, b := range v.Branches() {
		s, ok := b.String()
		if b.IsAbsent() {
			s, ok = "", true
		}
		if !ok {
			return netpath.Unknown
		}
		x := netpath.No
		if strings.EqualFold(s, "all") {
			x = netpath.Yes
		}
		if i == 0 {
			out = x
		} else if x != out {
			// Fn::If between "all" and a zone: only "every alternative
			// lacks it" may fire, and an alternative with "all" at least
			// deploys.
			return netpath.Yes
		}
	}
	return out
}

// vpcName names a VPC in messages: the VPC resource, the id, or the
// parameter it comes from.
func vpcName(g *graph.Graph, np *netpath.Result, v *graph.Value) string {
	v = np.VPCValue(v)
	if n := g.Resolve(v); n != nil {
		return analysis.Quote(n.Display())
	}
	if s, ok := v.String(); ok {
		return s
	}
	if v != nil && v.Param != "" {
		return "from " + v.Param
	}
	return v.Display()
}

// capDefault lowers an error to a warning and names the parameter when a
// value the finding rests on comes from a parameter default.
func capDefault(d *analysis.Diagnostic, vals ...*graph.Value) {
	p := analysis.FromDefault(vals...)
	if p == "" {
		return
	}
	d.Severity = analysis.CapAtWarning(d.Severity)
	if p == "a default" {
		d.Message += " (a value comes from a default)"
	} else {
		d.Message += " (a value comes from the default of parameter " + p + ")"
	}
	d.Related = append(d.Related, analysis.DefaultRelated(vals...)...)
}
