// Package papi070 reports a DNS record that sends the pattern's custom
// domain somewhere other than the load balancer.
package papi070

import (
	"strings"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/model/pattern"
	"github.com/papilint/papilint/rules/internal/domainrule"
)

// Analyzer is PAPI070.
var Analyzer = &analysis.Analyzer{
	ID:       "PAPI070",
	Name:     "dns-record-not-alb",
	Severity: analysis.Error,
	Engine:   analysis.EngineGo,
	Requires: []*analysis.Analyzer{pattern.Analyzer},
	Run:      run,
	Doc: &analysis.Doc{
		Title:      "DNS record for the custom domain does not point at the load balancer",
		Summary:    "In the ALB pattern clients resolve the custom domain's name to the internal load balancer, by an alias A/AAAA record or a CNAME. A record that sends the name to the domain's own regional endpoint (RegionalDomainName, d-….execute-api.<region>.amazonaws.com) sends clients to API Gateway's public front end, which cannot serve a private API. A record that sends it to the execute-api VPC endpoint's DNS name bypasses the load balancer and its certificate, with behaviour AWS does not document.",
		Confidence: "[I] regional endpoint, [U] endpoint DNS name",
		Tier:       1,
		CFN:        "AWS::Route53::RecordSet and RecordSetGroup (Name, AliasTarget.DNSName, ResourceRecords) whose Name is the custom domain's; AWS::ApiGateway::DomainName.RegionalDomainName; AWS::EC2::VPCEndpoint.DnsEntries; the base path mappings' REST APIs",
		TF:         "aws_route53_record (name, alias.name, records); aws_api_gateway_domain_name.regional_domain_name; aws_vpc_endpoint.dns_entry",
		Scope:      "Custom domains that map a private REST API, when the domain is one a pattern load balancer serves or a pattern instance is in a connected stack.",
		Trigger:    "Error: the record for the domain's name points at the domain's RegionalDomainName and every mapping of the domain maps a private API. Warning: the same when the domain also maps APIs that are not (known to be) private; or the record points at the execute-api endpoint's DNS name (DnsEntries). Records that alias or CNAME the load balancer pass. With Fn::If, only when every alternative is wrong.",
		Symptom:    "Regional endpoint: clients reach API Gateway's public regional front end, which cannot reach the private API, and get 403 `Forbidden`. Endpoint DNS name: requests skip the load balancer (its security group, WAF, logging) and whether API Gateway serves the domain that way is not documented [U].",
		Fix:        "Point the record at the load balancer: an alias to its DNSName (with its CanonicalHostedZoneID), or a CNAME to it.",
		Skip:       "Records whose name or target cannot be resolved before deploy, and records for domains that map only public APIs (a public API next door). Names from parameter defaults are reported as warnings.",
		Bad: `Dns:
  Type: AWS::Route53::RecordSet
  Properties:
    HostedZoneId: !Ref ZoneId
    Name: api.example.com
    Type: A
    AliasTarget:
      DNSName: !GetAtt ApiDomain.RegionalDomainName
      HostedZoneId: !GetAtt ApiDomain.RegionalHostedZoneId`,
		Good: `Dns:
  Type: AWS::Route53::RecordSet
  Properties:
    HostedZoneId: !Ref ZoneId
    Name: api.example.com
    Type: A
    AliasTarget:
      DNSName: !GetAtt Alb.DNSName
      HostedZoneId: !GetAtt Alb.CanonicalHostedZoneID`,
		Tags: []string{"availability", "dns", "custom-domain", "alb"},
		References: []string{
			"https://repost.aws/knowledge-center/api-gateway-vpc-connections",
			"https://github.com/aws-samples/serverless-samples/tree/main/apigw-private-custom-domain-name",
			"https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-security-policies.html",
		},
	},
}

// target classifies where a record points.
type target uint8

const (
	other    target = iota // the load balancer, something else, or unknown
	regional               // the domain's RegionalDomainName
	endpoint               // an execute-api endpoint's DNS name
)

func run(pass *analysis.Pass) (any, error) {
	g := pass.Graph
	model := pattern.Of(pass)
	served := map[graph.NodeID]bool{}
	var lbStacks []string
	lbGroups := map[string]bool{} // groups of connected stacks holding a load balancer
	for _, inst := range model.Instances {
		lbStacks = append(lbStacks, inst.LoadBalancer.Stack)
		lbGroups[model.Group(inst.LoadBalancer.Stack)] = true
		for _, d := range model.ServedDomains(g, inst) {
			served[d.Node.ID] = true
		}
	}
	if len(lbStacks) == 0 {
		return nil, nil
	}
	for _, d := range pattern.PublicDomains(g) {
		if d.SAM {
			continue
		}
		inScope := served[d.Node.ID] || lbGroups[model.Group(d.Node.Stack)]
		if !inScope {
			continue
		}
		maps := model.MappingsOf(g, d)
		anyPrivate, allPrivate := false, len(maps) > 0
		for _, m := range maps {
			if m.API == nil {
				allPrivate = false
				continue
			}
			if private, known := graph.IsPrivateAPI(m.API); known && private {
				anyPrivate = true
			} else {
				allPrivate = false
			}
		}
		if !anyPrivate {
			continue
		}
		for _, rs := range model.RecordSetsNear(g, d.Node.Stack) {
			if !model.Connected(rs.Node.Stack, d.Node.Stack) || !pattern.NameIs(rs.Name(), d, rs.Node.Stack == d.Node.Stack) {
				continue
			}
			for _, t := range rs.Targets() {
				check(pass, d, rs, t, allPrivate)
			}
		}
	}
	return nil, nil
}

func check(pass *analysis.Pass, d *pattern.CustomDomain, rs pattern.RecordSet, t *graph.Value, allPrivate bool) {
	g := pass.Graph
	sev := analysis.Error
	kinds := map[target]bool{}
	for _, b := range t.Branches() {
		k := classify(g, d, b)
		if k == other {
			return
		}
		kinds[k] = true
		if k == endpoint || !allPrivate {
			sev = analysis.Warning
		}
	}
	name := domainrule.DomainLabel(d.Name, d.Display())
	var msg string
	switch {
	case kinds[regional] && !kinds[endpoint]:
		msg = "DNS record " + analysis.Quote(rs.Node.Display()) + " sends " + name + " to the regional endpoint of custom domain " +
			analysis.Quote(d.Display()) + " (RegionalDomainName), API Gateway's public front end, which cannot serve the private API the domain maps: clients get 403 Forbidden; point the record at the load balancer (an alias to its DNSName, or a CNAME)"
		if !allPrivate {
			msg += " (the domain also maps APIs that are not private, which that front end does serve)"
		}
	case kinds[endpoint] && !kinds[regional]:
		msg = "DNS record " + analysis.Quote(rs.Node.Display()) + " sends " + name + " to the execute-api VPC endpoint's DNS name, bypassing the load balancer, its certificate and its security group; whether API Gateway serves the regional custom domain that way is not documented: point the record at the load balancer (an alias to its DNSName, or a CNAME)"
	default:
		msg = "DNS record " + analysis.Quote(rs.Node.Display()) + " sends " + name + " to the custom domain's regional endpoint or to the execute-api VPC endpoint, not to the load balancer: point it at the load balancer (an alias to its DNSName, or a CNAME)"
	}
	sev, suffix, related := domainrule.Cap(sev, rs.Name(), d.Name)
	pass.Report(analysis.Diagnostic{
		Range:    analysis.At(rs.Node, t),
		Message:  msg + suffix,
		Severity: sev,
		Resource: rs.Node,
		Related:  related,
	})
}

// classify says where one alternative of a record's target points.
func classify(g *graph.Graph, d *pattern.CustomDomain, v *graph.Value) target {
	if v == nil || pattern.NamesLoadBalancer(g, v) != nil {
		return other
	}
	var out target
	v.Walk(func(x *graph.Value) {
		if out != other || x.Ref == nil || x.Ref.Node == "" {
			return
		}
		switch {
		case x.Ref.Node == d.Node.ID && x.Ref.Attr == "RegionalDomainName":
			out = regional
		case strings.HasPrefix(x.Ref.Attr, "DnsEntries"):
			if n := g.Node(x.Ref.Node); n != nil && n.Kind == graph.VPCEndpoint && executeAPI(n) {
				out = endpoint
			}
		}
	})
	return out
}

// executeAPI reports whether an endpoint's service may be execute-api.
func executeAPI(ep *graph.Node) bool {
	_, suffix, full := ep.Prop("ServiceName").Affix()
	if !full && suffix == "" {
		return false // not known: it may be another service
	}
	return strings.HasSuffix(suffix, ".execute-api")
}
