package live

import (
	"fmt"
	"strings"
	"time"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/docgen"
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/model/pattern"
	"github.com/papilint/papilint/internal/source"
)

// Live-only rule IDs. They live in their own range (PAPI2xx) and are not in
// the static rule registry: only an account can answer them.
const (
	IDStaleTarget     = "PAPI201"
	IDUnhealthyTarget = "PAPI202"
	IDCertificate     = "PAPI203"
)

// StaticOnly lists the static rules live leaves out: PAPI045 asks authors to
// derive targets in their code, which says nothing about a deployed account
// (PAPI201 says whether the registered targets are right).
var StaticOnly = map[string]bool{"PAPI045": true}

// ExpiryWindow is how close to its expiry a certificate is reported.
const ExpiryWindow = 30 * 24 * time.Hour

func init() {
	for _, id := range []string{IDStaleTarget, IDUnhealthyTarget, IDCertificate} {
		docgen.DocumentElsewhere(id, "docs/live.md#checks-only-an-account-can-answer")
	}
}

// Checks returns the live-only rules; now is the time certificates are
// judged at. When EC2 could not be read completely the endpoints' current
// addresses are not known, and PAPI201 runs but reports nothing.
func Checks(now time.Time, problems []Problem) []*analysis.Analyzer {
	stale := staleTarget
	for _, p := range problems {
		if p.Service == "ec2" {
			cp := *staleTarget
			cp.Run = func(*analysis.Pass) (any, error) { return nil, nil }
			stale = &cp
			break
		}
	}
	return []*analysis.Analyzer{stale, unhealthyTarget, certificate(now)}
}

const bad = `# what papilint live read (live/<region>.json)
TargetGroup:
  Type: AWS::ElasticLoadBalancingV2::TargetGroup
  Properties:
    Targets:
      - {Id: 10.0.1.25, Port: 443}   # no current ENI of the endpoint has this address`

const good = `TargetGroup:
  Type: AWS::ElasticLoadBalancingV2::TargetGroup
  Properties:
    Targets:
      - {Id: !GetAtt VpceEnis.NetworkInterfaces.0.PrivateIpAddress, Port: 443}`

var staleTarget = &analysis.Analyzer{
	ID:       IDStaleTarget,
	Name:     "live-target-not-endpoint-eni",
	Severity: analysis.Error,
	Engine:   analysis.EngineGo,
	Requires: []*analysis.Analyzer{pattern.Analyzer},
	Run:      runStale,
	Doc: &analysis.Doc{
		Title:      "A registered target is not a current address of the execute-api endpoint",
		Summary:    "The load balancer forwards to IP targets that should be the execute-api endpoint's network interface addresses. In the deployed account one of them is not the address of any of the endpoint's current interfaces: it went stale when the endpoint or its subnets were replaced, or it was registered by hand.",
		Confidence: "[V] current ENIs, [I] consequence",
		Tier:       1,
		Scope:      "Target groups of pattern instances in a live account (papilint live).",
		Trigger:    "A registered target's address equals no current private address of the endpoint the other targets belong to (error), or, when no target is an endpoint's address at all, of any execute-api endpoint in the region (warning). Targets registered with AvailabilityZone all (outside the VPC) are skipped.",
		Symptom:    "Requests the load balancer sends to that target time out or reach another host: 502 or 504 from the ALB, and the target is unhealthy.",
		Fix:        "Register the endpoint's current interface addresses (aws ec2 describe-network-interfaces --network-interface-ids <the endpoint's NetworkInterfaceIds>) and deregister the stale ones; derive them in the infrastructure code so they follow the endpoint.",
		Skip:       "Targets outside the VPC (AvailabilityZone all).",
		Bad:        bad,
		Good:       good,
	},
}

var unhealthyTarget = &analysis.Analyzer{
	ID:       IDUnhealthyTarget,
	Name:     "live-target-unhealthy",
	Severity: analysis.Error,
	Engine:   analysis.EngineGo,
	Requires: []*analysis.Analyzer{pattern.Analyzer},
	Run:      runUnhealthy,
	Doc: &analysis.Doc{
		Title:      "The load balancer reports a target of the pattern as unhealthy",
		Summary:    "DescribeTargetHealth says a target of a pattern instance's target group is unhealthy, with the reason the load balancer gives (Target.ResponseCodeMismatch, Target.Timeout, Target.FailedHealthChecks, …).",
		Confidence: "[V]",
		Tier:       1,
		Scope:      "Target groups of pattern instances in a live account (papilint live).",
		Trigger:    "A target's health state is unhealthy.",
		Symptom:    "The ALB stops sending to the target; when every target is unhealthy it sends to all of them anyway (fail open), and clients see 502 or 504 when they do not answer.",
		Fix:        "Follow the reason: a health-check matcher without 403 (the endpoint answers 403 to a request without a Host it knows), a security group of the endpoint that does not admit the ALB on 443, or a stale address (PAPI201).",
		Bad:        bad,
		Good:       good,
	},
}

func certificate(now time.Time) *analysis.Analyzer {
	return &analysis.Analyzer{
		ID:       IDCertificate,
		Name:     "live-certificate-not-usable",
		Severity: analysis.Error,
		Engine:   analysis.EngineGo,
		Run:      func(p *analysis.Pass) (any, error) { return nil, runCertificate(p, now) },
		Doc: &analysis.Doc{
			Title:      "A certificate of the listener or the custom domain is not issued or expires soon",
			Summary:    "ACM says a certificate the ALB listener or the API's custom domain uses is not ISSUED (pending validation, expired, revoked, failed), or expires within 30 days.",
			Confidence: "[V]",
			Tier:       1,
			Scope:      "ACM certificates used by a listener or a custom domain in a live account (papilint live).",
			Trigger:    "Status is not ISSUED (error), or NotAfter is in the past (error) or within 30 days (warning).",
			Symptom:    "Clients fail the TLS handshake with the ALB, or the ALB fails it with API Gateway and answers 502.",
			Fix:        "Complete the DNS validation, renew or re-import the certificate (imported certificates are never renewed by ACM), or switch to an ACM-issued one.",
			Bad: `Certificate:
  Type: AWS::CertificateManager::Certificate
  Metadata:
    papilint:live: {Status: PENDING_VALIDATION}`,
			Good: `Certificate:
  Type: AWS::CertificateManager::Certificate
  Metadata:
    papilint:live: {Status: ISSUED, NotAfter: "2027-06-01T00:00:00Z"}`,
		},
	}
}

func meta(n *graph.Node, path ...string) *graph.Value {
	if n.Metadata == nil {
		return nil
	}
	return n.Metadata.Path(append([]string{MetaKey}, path...)...)
}

func metaString(n *graph.Node, path ...string) string {
	s, _ := meta(n, path...).String()
	return s
}

func at(n *graph.Node, v *graph.Value) source.Range { return analysis.At(n, v) }

// endpointIPs returns the current private addresses of an endpoint node.
func endpointIPs(ep *graph.Node) []string {
	var out []string
	for _, e := range meta(ep, "NetworkInterfaces").Items() {
		if s, ok := e.Get("PrivateIpAddress").String(); ok && s != "" {
			out = append(out, s)
		}
	}
	return out
}

func runStale(p *analysis.Pass) (any, error) {
	pm := pattern.Of(p)
	done := map[graph.NodeID]bool{}
	for _, inst := range pm.Instances {
		tg := inst.TargetGroup
		if done[tg.ID] {
			continue
		}
		done[tg.ID] = true
		for _, t := range tg.Prop("Targets").Items() {
			id := t.Get("Id")
			ip, ok := id.String()
			if !ok || id.Kind != graph.KindString {
				continue // the address of an endpoint ENI, or not known
			}
			if az, _ := t.Get("AvailabilityZone").String(); az == "all" {
				continue
			}
			if inst.Endpoint != nil {
				vpce := metaString(inst.Endpoint, "VpcEndpointId")
				p.Report(analysis.Diagnostic{Range: at(tg, id), Resource: tg, Message: fmt.Sprintf(
					"target %s is not a current address of execute-api endpoint %s (its network interfaces have %s): it is stale, and the load balancer still sends requests to it",
					ip, vpce, strings.Join(endpointIPs(inst.Endpoint), ", "))})
				continue
			}
			var all []string
			for _, ep := range p.Graph.OfKind(graph.VPCEndpoint) {
				all = append(all, endpointIPs(ep)...)
			}
			p.Report(analysis.Diagnostic{Range: at(tg, id), Resource: tg, Severity: analysis.Warning, Message: fmt.Sprintf(
				"target %s is not the address of any execute-api endpoint's network interface in this region (%d current addresses read): if it stood for one, it is stale",
				ip, len(all))})
		}
	}
	return nil, nil
}

func runUnhealthy(p *analysis.Pass) (any, error) {
	pm := pattern.Of(p)
	done := map[graph.NodeID]bool{}
	for _, inst := range pm.Instances {
		tg := inst.TargetGroup
		if done[tg.ID] {
			continue
		}
		done[tg.ID] = true
		targets := tg.Prop("Targets").Items()
		for i, h := range meta(tg, "TargetHealth").Items() {
			state, _ := h.Get("State").String()
			if state != "unhealthy" {
				continue
			}
			id, _ := h.Get("Id").String()
			reason, _ := h.Get("Reason").String()
			desc, _ := h.Get("Description").String()
			why := reason
			if desc != "" {
				why += " (" + desc + ")"
			}
			if why == "" {
				why = "no reason given"
			}
			r := at(tg, h.Get("State"))
			if i < len(targets) {
				r = at(tg, targets[i].Get("Id"))
			}
			p.Report(analysis.Diagnostic{Range: r, Resource: tg, Message: fmt.Sprintf("target %s is unhealthy: %s", id, why)})
		}
	}
	return nil, nil
}

func runCertificate(p *analysis.Pass, now time.Time) error {
	for _, c := range p.Graph.OfKind(graph.Certificate) {
		used := false
		for _, e := range p.Graph.EdgesTo(c.ID) {
			if n := p.Graph.Node(e.From); n != nil && (n.Kind == graph.Listener || n.Kind == graph.DomainName || n.Kind == graph.ListenerCertificate) {
				used = true
			}
		}
		if !used {
			continue
		}
		name, _ := c.Prop("DomainName").String()
		sv := meta(c, "Status")
		if status, ok := sv.String(); ok && status != "ISSUED" {
			p.Report(analysis.Diagnostic{Range: at(c, sv), Resource: c, Message: fmt.Sprintf("certificate for %s is %s, not ISSUED", name, status)})
			continue
		}
		nv := meta(c, "NotAfter")
		s, ok := nv.String()
		if !ok {
			continue
		}
		end, err := time.Parse(time.RFC3339, s)
		if err != nil {
			continue
		}
		switch {
		case !end.After(now):
			p.Report(analysis.Diagnostic{Range: at(c, nv), Resource: c, Message: fmt.Sprintf("certificate for %s expired on %s", name, end.Format("2006-01-02"))})
		case end.Sub(now) < ExpiryWindow:
			days := int(end.Sub(now).Hours() / 24)
			p.Report(analysis.Diagnostic{Range: at(c, nv), Resource: c, Severity: analysis.Warning, Message: fmt.Sprintf("certificate for %s expires on %s, in %d days", name, end.Format("2006-01-02"), days)})
		}
	}
	return nil
}
