// Package papi104 reports a DNS record for a native private custom domain
// that does not send the name to the execute-api VPC endpoint.
package papi104

import (
	"strings"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/model/pattern"
	"github.com/papilint/papilint/rules/internal/domainrule"
)

// Analyzer is PAPI104.
var Analyzer = &analysis.Analyzer{
	ID:       "PAPI104",
	Name:     "private-domain-dns-not-vpce",
	Severity: analysis.Warning,
	Engine:   analysis.EngineGo,
	Requires: []*analysis.Analyzer{pattern.Analyzer},
	Run:      run,
	Doc: &analysis.Doc{
		Title:      "DNS record for a private custom domain does not point at the VPC endpoint",
		Summary:    "A native private custom domain (AWS::ApiGateway::DomainNameV2, PRIVATE) is reached only through an execute-api VPC endpoint: its DNS record, usually in a private hosted zone, aliases the endpoint's regional DNS name (the first DnsEntries entry). This is the opposite of the ALB pattern, where the record points at the load balancer; a record carried over from it, or pointing at a regional custom domain, sends clients where the private domain is not served.",
		Confidence: "[V]",
		Tier:       1,
		CFN:        "AWS::ApiGateway::DomainNameV2.DomainName; AWS::Route53::RecordSet and RecordSetGroup (Name, AliasTarget.DNSName, CNAME ResourceRecords); AWS::EC2::VPCEndpoint.DnsEntries",
		TF:         "aws_api_gateway_domain_name with endpoint_configuration.types PRIVATE; aws_route53_record (name, alias.name, records); aws_vpc_endpoint.dns_entry",
		Scope:      "Every native private custom domain.",
		Trigger:    "An alias or CNAME record for the private domain's name points at something known not to be a VPC endpoint: a load balancer's DNSName, a custom domain's RegionalDomainName or DistributionDomainName, or a written name that is not a VPC endpoint name (…vpce.amazonaws.com). With Fn::If, only when every alternative does.",
		Symptom:    "Clients resolve the private domain to a host that does not serve it: requests fail (TLS name errors, 403 or timeouts, depending on the target) instead of reaching the private API.",
		Fix:        "Alias the record to the execute-api endpoint's regional DNS name: `!Select [1, !Split [\":\", !Select [0, !GetAtt Vpce.DnsEntries]]]` with the hosted zone id from the same entry (Terraform `aws_vpc_endpoint.x.dns_entry[0].dns_name` and `.hosted_zone_id`).",
		Skip:       "Targets that cannot be resolved before deploy (parameters, imports, custom resources that may return the endpoint's name), A records listing IP addresses, records whose name is not the domain's.",
		Bad: `Dns:
  Type: AWS::Route53::RecordSet
  Properties:
    HostedZoneId: !Ref PrivateZoneId
    Name: api.example.com
    Type: A
    AliasTarget:
      DNSName: !GetAtt Alb.DNSName
      HostedZoneId: !GetAtt Alb.CanonicalHostedZoneID`,
		Good: `Dns:
  Type: AWS::Route53::RecordSet
  Properties:
    HostedZoneId: !Ref PrivateZoneId
    Name: api.example.com
    Type: A
    AliasTarget:
      DNSName: !Select [1, !Split [":", !Select [0, !GetAtt ApiVpce.DnsEntries]]]
      HostedZoneId: !Select [0, !Split [":", !Select [0, !GetAtt ApiVpce.DnsEntries]]]`,
		Tags: []string{"availability", "dns", "private-custom-domain", "vpc-endpoint"},
		References: []string{
			"https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-custom-domains.html",
			"https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-custom-domains-tutorial.html",
			"https://aws.amazon.com/blogs/compute/implementing-custom-domain-names-for-private-endpoints-with-amazon-api-gateway/",
		},
	},
}

func run(pass *analysis.Pass) (any, error) {
	g := pass.Graph
	model := pattern.Of(pass)
	for _, pd := range model.PrivateDomains(g) {
		d := &pattern.CustomDomain{Node: pd.Domain, Name: pd.Domain.Prop("DomainName")}
		for _, rs := range model.RecordSetsNear(g, d.Node.Stack) {
			if !model.Connected(rs.Node.Stack, d.Node.Stack) || !pattern.NameIs(rs.Name(), d, rs.Node.Stack == d.Node.Stack) {
				continue
			}
			alias := !rs.Set.Path("AliasTarget", "DNSName").IsAbsent()
			if !alias && rs.Type() != "CNAME" {
				continue // an A record of addresses, or a type we cannot tell
			}
			for _, t := range rs.Targets() {
				check(pass, d, rs, t)
			}
		}
	}
	return nil, nil
}

func check(pass *analysis.Pass, d *pattern.CustomDomain, rs pattern.RecordSet, t *graph.Value) {
	g := pass.Graph
	var what []string
	for _, b := range t.Branches() {
		w := classify(g, b)
		if w == "" {
			return
		}
		what = append(what, w)
	}
	if len(what) == 0 {
		return
	}
	msg := "DNS record " + analysis.Quote(rs.Node.Display()) + " sends private custom domain " + domainrule.DomainLabel(d.Name, d.Display()) +
		" to " + strings.Join(dedupe(what), " or ") + ", not to the execute-api VPC endpoint: a private custom domain is served only through the endpoint, so alias the endpoint's regional DNS name (its first DnsEntries entry)"
	sev, suffix, related := domainrule.Cap(analysis.Warning, rs.Name(), d.Name, t)
	pass.Report(analysis.Diagnostic{
		Range:    analysis.At(rs.Node, t),
		Message:  msg + suffix,
		Severity: sev,
		Resource: rs.Node,
		Related:  related,
	})
}

func dedupe(s []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// classify describes a record target that is known not to be a VPC
// endpoint, or returns "" (an endpoint's name, or not known).
func classify(g *graph.Graph, v *graph.Value) string {
	if v == nil {
		return ""
	}
	if lb := pattern.NamesLoadBalancer(g, v); lb != nil {
		return "load balancer " + analysis.Quote(lb.Display())
	}
	out, endpoint := "", false
	v.Walk(func(x *graph.Value) {
		if x.Ref == nil || x.Ref.Node == "" {
			return
		}
		n := g.Node(x.Ref.Node)
		if n == nil {
			return
		}
		switch {
		case n.Kind == graph.VPCEndpoint && strings.HasPrefix(x.Ref.Attr, "DnsEntries"):
			endpoint = true
		case (n.Kind == graph.DomainName || n.Kind == graph.DomainNameHTTP) && (x.Ref.Attr == "RegionalDomainName" || x.Ref.Attr == "DistributionDomainName"):
			if out == "" {
				out = "the " + map[string]string{"RegionalDomainName": "regional", "DistributionDomainName": "CloudFront"}[x.Ref.Attr] +
					" endpoint of custom domain " + analysis.Quote(n.Display())
			}
		}
	})
	if endpoint {
		return ""
	}
	if out != "" {
		return out
	}
	s, ok := v.String()
	if !ok || v.Kind != graph.KindString {
		return ""
	}
	if strings.Contains(strings.ToLower(s), ".vpce.amazonaws.com") || strings.HasPrefix(strings.ToLower(s), "vpce-") {
		return ""
	}
	return s
}
