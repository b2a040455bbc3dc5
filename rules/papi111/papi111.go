// Package papi111 suggests native private custom domain names where the
// ALB pattern is used to give a private API a custom domain.
package papi111

import (
	"sort"
	"strings"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/model/pattern"
)

// Analyzer is PAPI111.
var Analyzer = &analysis.Analyzer{
	ID:       "PAPI111",
	Name:     "consider-native-private-domain",
	Severity: analysis.Note,
	Engine:   analysis.EngineGo,
	// Advice, not a defect: the pattern's correct stacks would all carry
	// it. Enable it with `rules: {PAPI111: {enabled: true}}`.
	DefaultOff: true,
	Requires:   []*analysis.Analyzer{pattern.Analyzer},
	Run:        run,
	Doc: &analysis.Doc{
		Title:      "Private REST APIs can have custom domain names without a load balancer",
		Summary:    "Off by default; enable it in .papilint.yaml (`rules: {PAPI111: {enabled: true}}`). The load balancer, its IP targets and the health-check matcher that accepts 403 exist only to give a private REST API a custom domain name. Since 2024-11-21 API Gateway offers that natively: a private custom domain name (AWS::ApiGateway::DomainNameV2) with its own resource policy, a BasePathMappingV2 and a domain name access association for the consumers' execute-api endpoint. It removes the load balancer and the bookkeeping of endpoint addresses, and it is the only way to use the STRICT endpoint access mode. Keep the load balancer when you need what it adds: WAF or authentication on the load balancer, routing to other backends, or clients that already dial it.",
		Confidence: "[V]",
		Tier:       1,
		CFN:        "the pattern instance: AWS::ElasticLoadBalancingV2::LoadBalancer → Listener → TargetGroup whose targets are the execute-api endpoint's addresses → AWS::ApiGateway::DomainName mapped to a private AWS::ApiGateway::RestApi",
		TF:         "the same chain: aws_lb → aws_lb_listener → aws_lb_target_group (+ attachments) → aws_api_gateway_domain_name → aws_api_gateway_rest_api",
		Scope:      "Every load balancer of a pattern instance that serves a custom domain, once.",
		Trigger:    "A pattern instance is detected: a load balancer in front of the execute-api endpoint that serves a custom domain name (a DNS record or the listener's certificate links them).",
		Symptom:    "Nothing fails: this is advice. The pattern keeps a load balancer, endpoint addresses that go stale when the endpoint is replaced, and a health check that must accept 403.",
		Fix:        "Consider a private custom domain name: `AWS::ApiGateway::DomainNameV2` with `EndpointConfiguration: {Types: [PRIVATE]}` and a `Policy`, `AWS::ApiGateway::BasePathMappingV2`, `AWS::ApiGateway::DomainNameAccessAssociation` for the consumer endpoint, and a private DNS record pointing at the endpoint. Suppress this note when the load balancer stays on purpose.",
		Skip:       "Load balancers that serve no custom domain of the scan, that are the origin of a CloudFront distribution or VPC origin (CloudFront cannot use an endpoint as its origin), or that a VPC link targets (the load balancer carries an integration, not a domain).",
		Bad: `Alb:
  Type: AWS::ElasticLoadBalancingV2::LoadBalancer
  Properties:
    Scheme: internal
    Subnets: [!Ref SubnetA, !Ref SubnetB]
# + listener, IP target group of the endpoint's addresses, REGIONAL DomainName`,
		Good: `Domain:
  Type: AWS::ApiGateway::DomainNameV2
  Properties:
    DomainName: api.internal.example.com
    CertificateArn: !Ref Cert
    EndpointConfiguration: {Types: [PRIVATE]}
    Policy: {...}   # allow execute-api:Invoke from the consumer endpoint`,
		Tags: []string{"advice", "custom-domain", "alb"},
		References: []string{
			"https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-custom-domains.html",
			"https://aws.amazon.com/blogs/compute/implementing-custom-domain-names-for-private-endpoints-with-amazon-api-gateway/",
		},
	},
}

func run(pass *analysis.Pass) (any, error) {
	g := pass.Graph
	seen := map[graph.NodeID]bool{}
	for _, inst := range pattern.Of(pass).Instances {
		lb := inst.LoadBalancer
		if seen[lb.ID] {
			continue
		}
		seen[lb.ID] = true
		if len(inst.Domains) == 0 || referredBy(g, lb, "AWS::CloudFront::", "aws_cloudfront_") ||
			referredBy(g, lb, "AWS::ApiGateway::VpcLink", "aws_api_gateway_vpc_link") {
			continue
		}
		kind := "load balancer"
		if t, ok := lb.Prop("Type").String(); ok && strings.EqualFold(t, "network") {
			kind = "network load balancer"
		}
		msg := kind + " " + analysis.Quote(lb.Display()) + " gives a private REST API a custom domain" + domainNames(inst) +
			" through the execute-api endpoint; since 2024-11-21 private APIs can have private custom domain names for clients in VPCs (AWS::ApiGateway::DomainNameV2 with an access association), which need no load balancer, no endpoint IP targets and no 403 health-check workaround, and allow the STRICT endpoint access mode; keep the load balancer only if you need its features"
		pass.Report(analysis.Diagnostic{Range: lb.Header, Resource: lb, Message: msg})
	}
	return nil, nil
}

// referredBy reports whether a resource whose type starts with one of the
// prefixes refers to the load balancer: a CloudFront distribution or VPC
// origin (CloudFront cannot use an endpoint as its origin), a VPC link
// (the load balancer is an integration's way into the VPC, not a domain's
// front door).
func referredBy(g *graph.Graph, lb *graph.Node, prefixes ...string) bool {
	for _, e := range g.EdgesTo(lb.ID) {
		n := g.Node(e.From)
		if n == nil {
			continue
		}
		for _, p := range prefixes {
			if strings.HasPrefix(n.Type, p) {
				return true
			}
		}
	}
	return false
}

// domainNames names the instance's custom domains, when their names are
// known.
func domainNames(inst *pattern.Instance) string {
	var names []string
	for _, d := range inst.Domains {
		if s, ok := d.Prop("DomainName").String(); ok {
			names = append(names, s)
		}
	}
	sort.Strings(names)
	if len(names) == 0 {
		return ""
	}
	return " (" + strings.Join(names, ", ") + ")"
}
