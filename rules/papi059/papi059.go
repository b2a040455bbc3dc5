// Package papi059 reports a load balancer in front of the execute-api
// endpoint for whose name no API Gateway custom domain exists.
package papi059

import (
	"regexp"
	"strings"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/model/pattern"
	"github.com/papilint/papilint/internal/model/tlscert"
	"github.com/papilint/papilint/rules/internal/domainrule"
)

// Analyzer is PAPI059.
var Analyzer = &analysis.Analyzer{
	ID:       "PAPI059",
	Name:     "alb-without-custom-domain",
	Severity: analysis.Error,
	Engine:   analysis.EngineGo,
	Requires: []*analysis.Analyzer{pattern.Analyzer},
	Run:      run,
	Doc: &analysis.Doc{
		Title:      "Load balancer in front of the endpoint serves a name no custom domain has",
		Summary:    "The load balancer forwards requests to the execute-api endpoint with the Host header clients sent. API Gateway routes such a request only through a custom domain of that name, mapped to the private API. When the scan holds no custom domain for the names the load balancer serves (the names its DNS records give it, the names its listener certificates cover), every request ends in 403 Forbidden. Custom domains are looked for in every template, stack and module of the scan.",
		Confidence: "[V] symptom",
		Tier:       1,
		CFN:        "the pattern chain (listener forwarding to the target group whose targets are the endpoint's ENI addresses); AWS::Route53::RecordSet/RecordSetGroup pointing at the load balancer; the listener's certificates (AWS::CertificateManager::Certificate names); every AWS::ApiGateway::DomainName, AWS::ApiGatewayV2::DomainName and SAM Domain in the scan",
		TF:         "the same chain (aws_lb_listener, aws_lb_target_group_attachment from data.aws_network_interface); aws_route53_record; aws_acm_certificate; every aws_api_gateway_domain_name and aws_apigatewayv2_domain_name",
		Scope:      "Load balancers whose targets are derived from an execute-api endpoint's ENIs (strong links). Load balancers that a VPC link targets (API Gateway is then the client and sends the integration's host) and NLBs with only TCP listeners (TLS passes through to API Gateway) are left out.",
		Trigger:    "No public custom domain in the scan is named after a name the load balancer serves: the Name of a DNS record aliasing or CNAMEing it, or a name one of its listener certificates covers (wildcards as ACM matches them); and no custom domain presents the listener's certificate. When none of those names is known, only when the scan holds no custom domain at all.",
		Symptom:    "Every request through the load balancer gets 403 `{\"message\":\"Forbidden\"}` (`ForbiddenException`): API Gateway receives the load balancer's Host header, finds no custom domain for it and cannot route the request.",
		Fix:        "Create a REGIONAL custom domain (AWS::ApiGateway::DomainName) for the name clients dial, with a certificate that covers it, and a base path mapping to the private API's stage.",
		Skip:       "Nothing is concluded while a custom domain of the scan has a name that is not known before deploy, or while the load balancer's names are not known and the scan holds any custom domain. Native private custom domains (DomainNameV2) do not count: they are not served through the load balancer. When the private API is not in the scan the finding is a warning (the domain may live with it in a stack that was not scanned); when an output shows clients overriding the Host header with the API's execute-api name (a design that needs no custom domain, but works only for clients that do so) it is a warning too.",
		Bad: `Listener:
  Type: AWS::ElasticLoadBalancingV2::Listener
  Properties:
    LoadBalancerArn: !Ref Alb
    Protocol: HTTPS
    Certificates: [{CertificateArn: !Ref Cert}]   # Cert is for api.example.com
    DefaultActions: [{Type: forward, TargetGroupArn: !Ref VpceTargets}]
# ... and no AWS::ApiGateway::DomainName for api.example.com anywhere`,
		Good: `ApiDomain:
  Type: AWS::ApiGateway::DomainName
  Properties:
    DomainName: api.example.com
    RegionalCertificateArn: !Ref Cert
    EndpointConfiguration: {Types: [REGIONAL]}
Mapping:
  Type: AWS::ApiGateway::BasePathMapping
  Properties: {DomainName: !Ref ApiDomain, RestApiId: !Ref Api, Stage: !Ref Stage}`,
		Tags: []string{"availability", "custom-domain", "alb", "routing"},
		References: []string{
			"https://github.com/aws-samples/serverless-samples/tree/main/apigw-private-custom-domain-name",
			"https://repost.aws/knowledge-center/api-gateway-troubleshoot-403-forbidden",
			"https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-custom-domains.html",
		},
	},
}

// served is a name the load balancer serves and where it comes from.
type served struct {
	name  string
	val   *graph.Value
	wild  bool   // a certificate name: matched as ACM matches
	where string // for messages
}

func run(pass *analysis.Pass) (any, error) {
	g := pass.Graph
	model := pattern.Of(pass)
	domains := pattern.PublicDomains(g)
	seen := map[graph.NodeID]bool{}
	for _, inst := range model.Instances {
		lb := inst.LoadBalancer
		if !inst.Strong || seen[lb.ID] {
			continue
		}
		seen[lb.ID] = true
		if len(inst.Domains) > 0 || len(model.ServedDomains(g, inst)) > 0 {
			continue
		}
		if pattern.VPCLinkTarget(g, lb) || passThrough(inst) {
			continue
		}
		check(pass, model, inst, domains)
	}
	return nil, nil
}

// passThrough reports whether every listener forwarding to the endpoint is
// a TCP (or UDP) listener: TLS then reaches API Gateway as the client sent
// it, whatever name it asked for.
func passThrough(inst *pattern.Instance) bool {
	if len(inst.Listeners) == 0 {
		return false
	}
	for _, l := range inst.Listeners {
		p, ok := l.Prop("Protocol").String()
		if !ok {
			return false
		}
		switch strings.ToUpper(p) {
		case "TCP", "UDP", "TCP_UDP":
		default:
			return false
		}
	}
	return true
}

func check(pass *analysis.Pass, model *pattern.Result, inst *pattern.Instance, domains []*pattern.CustomDomain) {
	g := pass.Graph
	lb := inst.LoadBalancer
	var names []served
	unknown := false
	for _, rs := range model.RecordSetsNear(g, lb.Stack) {
		if !rs.PointsAt(lb) || !model.Connected(rs.Node.Stack, lb.Stack) {
			continue
		}
		for _, b := range rs.Name().Branches() {
			s, ok := b.String()
			if !ok || b.Kind != graph.KindString {
				unknown = true
				continue
			}
			names = append(names, served{name: s, val: b, where: "DNS record " + analysis.Quote(rs.Node.Display())})
		}
	}
	for _, l := range inst.Listeners {
		for _, c := range pattern.ListenerCertificates(g, l) {
			for _, b := range c.Branches() {
				cert := tlscert.Resolve(g, b)
				if cert == nil {
					unknown = true
					continue
				}
				for _, nv := range tlscert.Names(cert) {
					for _, nb := range nv.Branches() {
						s, ok := nb.String()
						if !ok || nb.Kind != graph.KindString {
							unknown = true
							continue
						}
						names = append(names, served{name: s, val: nb, wild: true, where: "certificate " + analysis.Quote(cert.Display()) + " of listener " + analysis.Quote(l.Display())})
					}
				}
			}
		}
	}
	if len(names) == 0 {
		unknown = true
	}
	for _, d := range domains {
		for _, b := range d.Name.Branches() {
			s, ok := b.String()
			if !ok || b.Kind != graph.KindString {
				return // a domain whose name may be one the load balancer serves
			}
			for _, n := range names {
				if (n.wild && tlscert.Covers(n.name, s)) || (!n.wild && tlscert.Normalize(n.name) == tlscert.Normalize(s)) {
					return
				}
			}
		}
	}
	if unknown && len(domains) > 0 {
		return
	}
	sev := analysis.Error
	ep := "the execute-api endpoint"
	if inst.Endpoint != nil {
		ep += " " + analysis.Quote(inst.Endpoint.Display())
	}
	msg := "load balancer " + analysis.Quote(lb.Display()) + " forwards to " + ep + ", but "
	var vals []*graph.Value
	if len(names) == 0 {
		msg += "the scan holds no API Gateway custom domain at all"
	} else {
		var list []string
		seenName := map[string]bool{}
		for _, n := range names {
			key := tlscert.Normalize(n.name)
			if seenName[key] {
				continue
			}
			seenName[key] = true
			list = append(list, n.name+" ("+n.where+")")
			vals = append(vals, n.val)
		}
		if len(domains) == 0 {
			msg += "the scan holds no API Gateway custom domain at all, for the names it serves: " + strings.Join(list, ", ")
		} else {
			msg += "no API Gateway custom domain in the scan is named for what it serves: " + strings.Join(list, ", ")
		}
	}
	if len(domains) == 0 && len(g.OfKind(graph.DomainNameV2)) > 0 {
		msg += " (native private custom domains, which the load balancer cannot serve, do not count)"
	}
	msg += "; API Gateway answers every request through it with 403 {\"message\":\"Forbidden\"}, since it routes by the Host header only through a custom domain of that name"
	if model.PrivateAPIIn(g, lb.Stack) == nil {
		sev = analysis.Warning
		msg += " (the private API is not in the scanned files: its custom domain may be defined with it elsewhere)"
	}
	if o := hostOverride(g, model, lb); o != nil {
		sev = analysis.Warning
		msg += " (output " + analysis.Quote(o.Name) + " has clients send a Host header with the API's execute-api name instead, which works only for clients that do)"
	}
	sev, suffix, related := domainrule.Cap(sev, vals...)
	pass.Report(analysis.Diagnostic{
		Range:    lb.Header,
		Message:  msg + suffix,
		Severity: sev,
		Resource: lb,
		Related:  related,
	})
}

// hostHeader finds a Host header that names an execute-api host in an
// output ("curl https://… -H 'Host: abc123.execute-api.…'").
var hostHeader = regexp.MustCompile(`(?i)host:\s*[^\s'"]*\.execute-api\.`)

// hostOverride returns an output in a stack connected to the load
// balancer's that shows clients overriding the Host header.
func hostOverride(g *graph.Graph, model *pattern.Result, lb *graph.Node) *graph.Output {
	for _, o := range g.Outputs() {
		st := o.Stack
		if i := strings.IndexByte(st, '#'); i >= 0 && lb.Format == graph.Terraform {
			st = st[:i]
		}
		if !model.Connected(st, lb.Stack) {
			continue
		}
		if hostHeader.MatchString(pattern.KnownText(o.Value, "x")) {
			return o
		}
	}
	return nil
}
