// Package papi053 notes a custom domain that presents another certificate
// than the load balancer listener in front of it.
package papi053

import (
	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/model/pattern"
	"github.com/papilint/papilint/rules/internal/domainrule"
)

// Analyzer is PAPI053.
var Analyzer = &analysis.Analyzer{
	ID:       "PAPI053",
	Name:     "certificate-differs-alb-vs-domain",
	Severity: analysis.Note,
	Engine:   analysis.EngineGo,
	Requires: []*analysis.Analyzer{pattern.Analyzer},
	Run:      run,
	Doc: &analysis.Doc{
		Title:      "Load balancer listener and custom domain use different certificates",
		Summary:    "The pattern as its users document it puts one ACM certificate on the load balancer's HTTPS listener and on the API's custom domain. AWS does not require it: the load balancer does not check the certificate its targets present, so two different certificates work as long as both cover the name (PAPI052 checks that). Two certificates mean two renewals to keep in step, and they are often a slip, so this note says so; it never goes above note.",
		Confidence: "[V] not required",
		Tier:       1,
		CFN:        "AWS::ElasticLoadBalancingV2::Listener.Certificates, AWS::ElasticLoadBalancingV2::ListenerCertificate; AWS::ApiGateway::DomainName.RegionalCertificateArn (CertificateArn), AWS::ApiGatewayV2::DomainName.DomainNameConfigurations[0].CertificateArn, SAM Domain.CertificateArn",
		TF:         "aws_lb_listener.certificate_arn, aws_lb_listener_certificate; aws_api_gateway_domain_name.regional_certificate_arn (certificate_arn), aws_apigatewayv2_domain_name",
		Scope:      "The custom domains a pattern load balancer serves (a DNS record for the name points at the load balancer), and the HTTPS (ALB) or TLS (NLB) listeners that forward to the execute-api endpoint.",
		Trigger:    "The domain's certificate ARN and every certificate the listener presents resolve to different certificates: different certificate resources, different literal ARNs, or different parameters. With Fn::If, only when they differ in every alternative.",
		Symptom:    "None: requests work when both certificates cover the name. The ALB does not validate the certificates of its targets (AWS: target certificates may be self-signed or expired). The two certificates renew, expire and get replaced separately.",
		Fix:        "Use the listener's certificate on the custom domain too (`RegionalCertificateArn: !Ref Cert`, the same ARN as the listener's `Certificates`), or suppress the note where two certificates are intended; both must still cover the name.",
		Skip:       "Certificates that cannot be resolved before deploy (a parameter without default on one side, an import, a data source), and a literal ARN compared with a certificate resource of the scan (it may be that resource's ARN).",
		Bad: `ApiDomain:
  Type: AWS::ApiGateway::DomainName
  Properties:
    DomainName: api.example.com
    RegionalCertificateArn: !Ref DomainCert
Listener:
  Type: AWS::ElasticLoadBalancingV2::Listener
  Properties:
    Certificates: [{CertificateArn: !Ref AlbCert}]`,
		Good: `ApiDomain:
  Type: AWS::ApiGateway::DomainName
  Properties:
    DomainName: api.example.com
    RegionalCertificateArn: !Ref Cert
Listener:
  Type: AWS::ElasticLoadBalancingV2::Listener
  Properties:
    Certificates: [{CertificateArn: !Ref Cert}]`,
		Tags: []string{"maintainability", "tls", "certificate", "custom-domain", "alb"},
		References: []string{
			"https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-target-groups.html",
			"https://github.com/aws-samples/serverless-samples/tree/main/apigw-private-custom-domain-name",
		},
	},
}

func run(pass *analysis.Pass) (any, error) {
	g := pass.Graph
	model := pattern.Of(pass)
	seen := map[string]bool{}
	for _, inst := range model.Instances {
		for _, d := range model.ServedDomains(g, inst) {
			if d.Cert == nil {
				continue
			}
			for _, l := range inst.Listeners {
				key := string(d.Node.ID) + "|" + string(l.ID)
				if seen[key] || !pattern.TerminatesTLS(l) {
					continue
				}
				seen[key] = true
				check(pass, inst, l, d)
			}
		}
	}
	return nil, nil
}

func check(pass *analysis.Pass, inst *pattern.Instance, l *graph.Node, d *pattern.CustomDomain) {
	g := pass.Graph
	certs := pattern.ListenerCertificates(g, l)
	if len(certs) == 0 {
		return
	}
	for _, c := range certs {
		same, known := pattern.SameCertificate(g, c, d.Cert, l.Stack == d.Node.Stack)
		if same || !known {
			return
		}
	}
	names := domainrule.Certificate(g, certs[0])
	for _, c := range certs[1:] {
		names += ", " + domainrule.Certificate(g, c)
	}
	pass.Report(analysis.Diagnostic{
		Range:    analysis.At(d.Node, d.Cert),
		Resource: d.Node,
		Message: "custom domain " + analysis.Quote(d.Display()) + " presents certificate " + domainrule.Certificate(g, d.Cert) +
			", while listener " + analysis.Quote(l.Display()) + " of load balancer " + analysis.Quote(inst.LoadBalancer.Display()) +
			" presents " + names + ": this works when both cover the name (PAPI052), but the pattern usually shares one certificate, and two must be renewed and kept covering the name separately",
		Related: []analysis.Related{{Range: analysis.At(l, certs[0]), Message: "the listener's certificate"}},
	})
}
