// Package papi052 reports a custom domain whose name its own certificate,
// or the certificates of the load balancer in front of it, do not cover.
package papi052

import (
	"strings"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/model/pattern"
	"github.com/papilint/papilint/internal/model/tlscert"
	"github.com/papilint/papilint/rules/internal/domainrule"
)

// Analyzer is PAPI052.
var Analyzer = &analysis.Analyzer{
	ID:       "PAPI052",
	Name:     "certificate-does-not-cover-domain",
	Severity: analysis.Error,
	Engine:   analysis.EngineGo,
	Requires: []*analysis.Analyzer{pattern.Analyzer},
	Run:      run,
	Doc: &analysis.Doc{
		Title:      "A certificate on the request path does not cover the custom domain's name",
		Summary:    "Two certificates must carry the name clients dial. API Gateway creates a custom domain only with a certificate that covers the domain's name, and clients accept the load balancer only when one of its listener certificates covers the name they asked for. They may be two different certificates (the load balancer does not check its targets' certificate), but each must cover the name. Names are compared as ACM and TLS clients do: case-insensitive, a trailing dot ignored, and *. covering exactly one left-most label.",
		Confidence: "[V] matching rules, [I] linkage",
		Tier:       1,
		CFN:        "AWS::ApiGateway::DomainName.DomainName and RegionalCertificateArn (CertificateArn for EDGE), AWS::ApiGatewayV2::DomainName.DomainNameConfigurations[0].CertificateArn, SAM AWS::Serverless::Api Domain; AWS::ElasticLoadBalancingV2::Listener.Certificates and AWS::ElasticLoadBalancingV2::ListenerCertificate; AWS::CertificateManager::Certificate.DomainName and SubjectAlternativeNames",
		TF:         "aws_api_gateway_domain_name.domain_name and regional_certificate_arn (certificate_arn), aws_apigatewayv2_domain_name; aws_lb_listener.certificate_arn, aws_lb_listener_certificate; aws_acm_certificate.domain_name and subject_alternative_names (through aws_acm_certificate_validation)",
		Scope:      "The custom domains a pattern load balancer serves (a DNS record for the name points at the load balancer, or the domain presents a listener's certificate), and the HTTPS (ALB) or TLS (NLB) listeners that forward to the execute-api endpoint.",
		Trigger:    "No name of the domain's certificate covers the domain name, or no certificate of a listener (its default certificate or a ListenerCertificate) covers it. With Fn::If, only when no alternative covers.",
		Symptom:    "Domain certificate: API Gateway refuses to create the custom domain, so the stack does not deploy. Listener certificate: clients fail TLS name verification before any request is sent (curl: `SSL: no alternative certificate subject name matches target host name`).",
		Fix:        "Add the domain name (or a wildcard that covers it) to the certificate's SubjectAlternativeNames, or issue a certificate for it; a certificate shared by the listener and the domain must cover it once for both.",
		Skip:       "Certificates given as an ARN literal or parameter, or looked up by a data source: their names are not in the scan. Names that are not known before deploy (parameters without defaults, imports). Domains and listeners outside a pattern instance. Names from parameter defaults are reported as warnings. When the listener presents the domain's own certificate, one finding on the domain says so.",
		Bad: `Cert:
  Type: AWS::CertificateManager::Certificate
  Properties:
    DomainName: www.example.com
ApiDomain:
  Type: AWS::ApiGateway::DomainName
  Properties:
    DomainName: api.example.com          # not covered by Cert
    RegionalCertificateArn: !Ref Cert
    EndpointConfiguration: {Types: [REGIONAL]}`,
		Good: `Cert:
  Type: AWS::CertificateManager::Certificate
  Properties:
    DomainName: www.example.com
    SubjectAlternativeNames: [api.example.com]
ApiDomain:
  Type: AWS::ApiGateway::DomainName
  Properties:
    DomainName: api.example.com
    RegionalCertificateArn: !Ref Cert
    EndpointConfiguration: {Types: [REGIONAL]}`,
		Tags: []string{"availability", "tls", "certificate", "custom-domain", "alb"},
		References: []string{
			"https://docs.aws.amazon.com/acm/latest/userguide/acm-certificate.html",
			"https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-custom-domains.html",
			"https://docs.aws.amazon.com/elasticloadbalancing/latest/application/https-listener-certificates.html",
			"https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-target-groups.html",
		},
	},
}

func run(pass *analysis.Pass) (any, error) {
	g := pass.Graph
	model := pattern.Of(pass)
	checked := map[string]tlscert.Verdict{}
	seenPair := map[string]bool{}
	for _, inst := range model.Instances {
		for _, d := range model.ServedDomains(g, inst) {
			key := domainKey(d)
			v, done := checked[key]
			if !done {
				v = checkDomain(pass, inst, d)
				checked[key] = v
			}
			for _, l := range inst.Listeners {
				if seenPair[key+"|"+string(l.ID)] || !pattern.TerminatesTLS(l) {
					continue
				}
				seenPair[key+"|"+string(l.ID)] = true
				checkListener(pass, inst, l, d, v)
			}
		}
	}
	return nil, nil
}

func domainKey(d *pattern.CustomDomain) string {
	if d.SAM {
		return "sam:" + string(d.Node.ID)
	}
	return string(d.Node.ID)
}

// checkDomain reports a domain whose own certificate does not cover its
// name, and returns the verdict.
func checkDomain(pass *analysis.Pass, inst *pattern.Instance, d *pattern.CustomDomain) tlscert.Verdict {
	g := pass.Graph
	if d.Cert == nil || d.Name.IsAbsent() {
		return tlscert.Unknown
	}
	res := tlscert.Check(g, []*graph.Value{d.Cert}, d.Name)
	if res.Verdict != tlscert.NotCovered {
		return res.Verdict
	}
	msg := "custom domain " + analysis.Quote(d.Display()) + " is named " + domainrule.Name(d.Name) +
		", but its certificate " + domainrule.Certificate(g, d.Cert) + " covers only " + domainrule.Names(res) +
		": API Gateway refuses to create a domain whose certificate does not cover its name"
	// A listener that presents the very same certificate fails too.
	for _, l := range inst.Listeners {
		if !pattern.TerminatesTLS(l) {
			continue
		}
		for _, c := range pattern.ListenerCertificates(g, l) {
			if same, known := pattern.SameCertificate(g, c, d.Cert, l.Stack == d.Node.Stack); same && known {
				msg += "; listener " + analysis.Quote(l.Display()) + " presents the same certificate, so clients would fail TLS name verification too"
				goto report
			}
		}
	}
report:
	sev, suffix, related := domainrule.Cap(analysis.Error, res.Values...)
	related = append([]analysis.Related{{Range: analysis.At(d.Node, d.Cert), Message: "the domain's certificate"}}, related...)
	pass.Report(analysis.Diagnostic{
		Range:    analysis.At(d.Node, d.Name),
		Message:  msg + suffix,
		Severity: sev,
		Resource: d.Node,
		Related:  related,
	})
	return res.Verdict
}

// checkListener reports a listener none of whose certificates covers a
// domain it serves.
func checkListener(pass *analysis.Pass, inst *pattern.Instance, l *graph.Node, d *pattern.CustomDomain, domainVerdict tlscert.Verdict) {
	g := pass.Graph
	certs := pattern.ListenerCertificates(g, l)
	if len(certs) == 0 || d.Name.IsAbsent() {
		return // an HTTPS listener without a certificate is PAPI032's
	}
	res := tlscert.Check(g, certs, d.Name)
	if res.Verdict != tlscert.NotCovered {
		return
	}
	if domainVerdict == tlscert.NotCovered && d.Cert != nil {
		for _, c := range certs {
			if same, known := pattern.SameCertificate(g, c, d.Cert, l.Stack == d.Node.Stack); same && known {
				return // said on the domain
			}
		}
	}
	var names []string
	for _, c := range certs {
		names = append(names, domainrule.Certificate(g, c))
	}
	what := "its certificate " + names[0] + " covers"
	if len(names) > 1 {
		what = "its certificates (" + strings.Join(names, ", ") + ") cover"
	}
	msg := "listener " + analysis.Quote(l.Display()) + " of load balancer " + analysis.Quote(inst.LoadBalancer.Display()) +
		" serves custom domain " + domainrule.Name(d.Name) + ", but " + what + " only " + domainrule.Names(res) +
		": clients fail TLS name verification before any request reaches API Gateway"
	sev, suffix, related := domainrule.Cap(analysis.Error, res.Values...)
	related = append([]analysis.Related{{Range: analysis.At(d.Node, d.Name), Message: "the custom domain's name"}}, related...)
	pass.Report(analysis.Diagnostic{
		Range:    analysis.At(l, certs[0]),
		Message:  msg + suffix,
		Severity: sev,
		Resource: l,
		Related:  related,
	})
}
