// Package papi044 reports a target group in front of the execute-api
// endpoint whose number of targets differs from the endpoint's number of
// network interfaces.
package papi044

import (
	"sort"
	"strconv"
	"strings"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/model/netpath"
	"github.com/papilint/papilint/internal/model/pattern"
)

// Analyzer is PAPI044.
var Analyzer = &analysis.Analyzer{
	ID:       "PAPI044",
	Name:     "tg-target-count-mismatch",
	Severity: analysis.Warning,
	Engine:   analysis.EngineGo,
	Requires: []*analysis.Analyzer{pattern.Analyzer, netpath.Analyzer},
	Run:      run,
	Doc: &analysis.Doc{
		Title:      "Target group has more or fewer targets than the endpoint has interfaces",
		Summary:    "An interface endpoint gets one network interface, and one private IPv4 address, in each subnet listed in SubnetIds. The target group in front of it should register exactly those addresses: one target per subnet. When the statically known number of targets differs, some Availability Zones get no traffic, or the load balancer keeps addresses that no longer belong to the endpoint.",
		Confidence: "[V] one interface per subnet, [I] consequence",
		Tier:       1,
		CFN:        "AWS::ElasticLoadBalancingV2::TargetGroup.Targets (its length); AWS::EC2::VPCEndpoint.SubnetIds (its length)",
		TF:         "aws_lb_target_group_attachment resources of the target group (count or for_each expanded); aws_vpc_endpoint.subnet_ids",
		Scope:      "Pattern instances whose targets are derived from an endpoint in the scan (strong links).",
		Trigger:    "The number of targets (Targets entries, or Terraform attachment instances) is known and differs from the number of subnets in the endpoint's SubnetIds, in every Fn::If alternative.",
		Symptom:    "No deploy error. Fewer targets: the Availability Zones without one carry no API traffic, and redundancy is lost. More targets: the extra addresses fail their health checks or, once reused by another interface, receive API traffic meant for the endpoint.",
		Fix:        "Register one target per endpoint interface, derived from its NetworkInterfaceIds: one `getResponseField('NetworkInterfaces.N.PrivateIpAddress')` per subnet in CDK, `count = length(var.endpoint_subnet_ids)` in Terraform.",
		Skip:       "Counts that are not known before deploy: a custom resource returning the whole target list, list parameters for the subnets, Terraform count or for_each known only after apply, Fn::If entries that may disappear. Endpoints with IpAddressType ipv6.",
		Bad: `ApiVpce:
  Type: AWS::EC2::VPCEndpoint
  Properties:
    SubnetIds: [!Ref SubnetA, !Ref SubnetB, !Ref SubnetC]
Tg:
  Type: AWS::ElasticLoadBalancingV2::TargetGroup
  Properties:
    Targets:
      - {Id: !GetAtt VpceIps.IpA, Port: 443}
      - {Id: !GetAtt VpceIps.IpB, Port: 443}`,
		Good: `ApiVpce:
  Type: AWS::EC2::VPCEndpoint
  Properties:
    SubnetIds: [!Ref SubnetA, !Ref SubnetB]
Tg:
  Type: AWS::ElasticLoadBalancingV2::TargetGroup
  Properties:
    Targets:
      - {Id: !GetAtt VpceIps.IpA, Port: 443}
      - {Id: !GetAtt VpceIps.IpB, Port: 443}`,
		Tags: []string{"availability", "target-group", "vpc-endpoint"},
		References: []string{
			"https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html",
			"https://github.com/hashicorp/terraform-provider-aws/issues/44824",
			"https://github.com/CMSgov/beneficiary-fhir-data/pull/1936",
		},
	},
}

func run(pass *analysis.Pass) (any, error) {
	np := netpath.Of(pass)
	seen := map[string]bool{}
	for _, inst := range pattern.Of(pass).Instances {
		if !inst.Strong || inst.Endpoint == nil {
			continue
		}
		key := string(inst.TargetGroup.ID) + "|" + string(inst.Endpoint.ID)
		if seen[key] {
			continue
		}
		seen[key] = true
		check(pass, np, inst)
	}
	return nil, nil
}

func check(pass *analysis.Pass, np *netpath.Result, inst *pattern.Instance) {
	ep, tg := inst.Endpoint, inst.TargetGroup
	if s, ok := ep.Prop("IpAddressType").String(); ok && strings.EqualFold(s, "ipv6") {
		return
	}
	enis, ok := netpath.ENICount(ep)
	if !ok {
		return
	}
	lists := np.Targets(tg)
	var counts []int
	var used []*graph.Value
	for _, l := range lists {
		if !l.Countable {
			return
		}
		counts = append(counts, len(l.Targets))
		used = append(used, l.Value)
	}
	for _, c := range counts {
		if c == 0 {
			return // registered outside the template
		}
		for _, e := range enis {
			if c == e {
				return
			}
		}
	}
	subnets := ep.Prop("SubnetIds")
	used = append(used, subnets)

	// Where: the Targets list, or the first Terraform attachment.
	rng, res := tg.Header, tg
	if v := tg.Prop("Targets"); v != nil {
		rng = analysis.At(tg, v)
	} else if t := firstAttachment(lists); t != nil {
		rng, res = t.Header, t
	}
	d := analysis.Diagnostic{
		Range:    rng,
		Resource: res,
		Message: "target group " + analysis.Quote(tg.Display()) + " registers " + plural(counts, "target") + " but execute-api endpoint " +
			analysis.Quote(ep.Display()) + " has " + plural(enis, "network interface") + " (one per subnet in SubnetIds): " + consequence(counts, enis),
		Related: []analysis.Related{{Range: analysis.At(ep, subnets), Message: "the endpoint's subnets"}},
	}
	if p := analysis.FromDefault(used...); p != "" {
		if p == "a default" {
			d.Message += " (a value comes from a default)"
		} else {
			d.Message += " (a value comes from the default of parameter " + p + ")"
		}
		d.Severity = analysis.CapAtWarning(pass.Analyzer.Severity)
		d.Related = append(d.Related, analysis.DefaultRelated(used...)...)
	}
	pass.Report(d)
}

func firstAttachment(lists []*netpath.TargetList) *graph.Node {
	for _, l := range lists {
		for _, t := range l.Targets {
			if t.Node.Kind == graph.TargetAttachment {
				return t.Node
			}
		}
	}
	return nil
}

func consequence(targets, enis []int) string {
	fewer, more := true, true
	for _, t := range targets {
		for _, e := range enis {
			if t >= e {
				fewer = false
			}
			if t <= e {
				more = false
			}
		}
	}
	switch {
	case fewer:
		return "the Availability Zones without a target carry no API traffic and redundancy is lost; register one target per interface, derived from NetworkInterfaceIds"
	case more:
		return "the extra targets are not the endpoint's addresses, so they fail health checks or send traffic to whatever uses the address; register one target per interface, derived from NetworkInterfaceIds"
	}
	return "register one target per interface, derived from NetworkInterfaceIds"
}

// plural renders the possible counts ("2 targets", "2 or 3 targets").
func plural(ns []int, noun string) string {
	set := map[int]bool{}
	var u []int
	for _, n := range ns {
		if !set[n] {
			set[n] = true
			u = append(u, n)
		}
	}
	sort.Ints(u)
	parts := make([]string, len(u))
	for i, n := range u {
		parts[i] = strconv.Itoa(n)
	}
	s := strings.Join(parts, " or ") + " " + noun
	if len(u) > 1 || u[0] != 1 {
		s += "s"
	}
	return s
}
