// Package tlscert answers whether a TLS certificate covers a host name, the
// way ACM issues names and TLS clients and API Gateway match them, and reads
// the names of the certificates a scan defines (RULES.md PAPI052, PAPI059).
//
// Matching: case-insensitive, a trailing dot ignored, and a wildcard "*." on
// the left-most label covers exactly one label there: *.example.com covers
// api.example.com but neither example.com nor a.b.example.com. A wildcard
// custom domain name is covered by a certificate for the same wildcard.
package tlscert

import (
	"strings"

	"github.com/papilint/papilint/internal/graph"
)

// Normalize returns a DNS name in the form names are compared in: lower
// case, without surrounding blanks or a trailing dot.
func Normalize(name string) string {
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(name)), ".")
}

// Covers reports whether a certificate name (a subject or subject
// alternative name, possibly a wildcard) covers host.
func Covers(certName, host string) bool {
	c, h := Normalize(certName), Normalize(host)
	if c == "" || h == "" {
		return false
	}
	if c == h {
		return true
	}
	if !strings.HasPrefix(c, "*.") {
		return false
	}
	rest := c[2:]
	if rest == "" || strings.Contains(rest, "*") {
		return false
	}
	i := strings.IndexByte(h, '.')
	if i <= 0 || h[:i] == "*" {
		// No left-most label, or a wildcard host, which only the same
		// wildcard (compared above) covers.
		return false
	}
	return h[i+1:] == rest
}

// Resolve returns the certificate resource (AWS::CertificateManager::
// Certificate, aws_acm_certificate) a certificate ARN value refers to, or
// nil: an ARN written as a literal or passed as a parameter names a
// certificate whose names papilint cannot see. Terraform's
// aws_acm_certificate_validation.certificate_arn is the certificate it
// validates (a configuration reads as it already; a plan alone keeps the
// validation resource in between).
func Resolve(g *graph.Graph, arn *graph.Value) *graph.Node {
	for hops := 0; arn != nil && arn.Ref != nil && hops < 3; hops++ {
		n := g.Resolve(arn)
		switch {
		case n == nil:
			return nil
		case n.Kind == graph.Certificate && (arn.Ref.Attr == "Ref" || arn.Ref.Attr == "Arn"):
			return n
		case n.Type == "aws_acm_certificate_validation" && arn.Ref.Attr == "CertificateArn":
			arn = n.Prop("certificate_arn")
		default:
			return nil
		}
	}
	return nil
}

// Names returns a certificate's names: its DomainName, then each of its
// SubjectAlternativeNames. Values may be undecided (KindChoice) or
// unknown; callers look at their branches.
func Names(cert *graph.Node) []*graph.Value {
	var out []*graph.Value
	if d := cert.Prop("DomainName"); !d.IsAbsent() {
		out = append(out, d)
	}
	sans := cert.Prop("SubjectAlternativeNames")
	for _, b := range sans.Branches() {
		if b.IsAbsent() {
			continue
		}
		if b.Kind != graph.KindList {
			out = append(out, b) // a list we cannot read: an unknown name
			continue
		}
		out = append(out, b.List...)
	}
	return out
}

// Verdict is the answer to "does the certificate cover the name?".
type Verdict uint8

const (
	// Unknown: a value involved cannot be resolved before deploy.
	Unknown Verdict = iota
	// Covered: some certificate name covers the host, in some branch.
	Covered
	// NotCovered: in every branch of every value, no name covers the host.
	NotCovered
)

func (v Verdict) String() string {
	return [...]string{"unknown", "covered", "not covered"}[v]
}

// Result is a coverage verdict with what it rests on.
type Result struct {
	Verdict Verdict
	// Certs are the certificate resources looked at, in order, without
	// duplicates.
	Certs []*graph.Node
	// Names are the certificates' known names, in order, without
	// duplicates, as written.
	Names []string
	// Values are the values the verdict rests on (the host, the ARNs, the
	// names), for callers that cap findings resting on parameter defaults.
	Values []*graph.Value
}

// Check says whether the certificates the ARN values name cover host. A
// name is covered when one certificate covers it; it is NotCovered only
// when every certificate resolves, every name of each is known, and no
// branch of any (Fn::If) covers any branch of host.
func Check(g *graph.Graph, arns []*graph.Value, host *graph.Value) Result {
	res := Result{Verdict: NotCovered}
	res.Values = append(res.Values, host)
	var hosts []string
	for _, b := range host.Branches() {
		s, ok := b.String()
		if !ok || b.Kind != graph.KindString {
			res.Verdict = Unknown
			return res
		}
		hosts = append(hosts, s)
	}
	if len(arns) == 0 || len(hosts) == 0 {
		res.Verdict = Unknown
		return res
	}
	seenCert := map[graph.NodeID]bool{}
	seenName := map[string]bool{}
	unknown := false
	for _, arn := range arns {
		res.Values = append(res.Values, arn)
		for _, ab := range arn.Branches() {
			cert := Resolve(g, ab)
			if cert == nil {
				unknown = true
				continue
			}
			if !seenCert[cert.ID] {
				seenCert[cert.ID] = true
				res.Certs = append(res.Certs, cert)
			}
			names := Names(cert)
			if len(names) == 0 {
				unknown = true // a certificate without a name is not valid
			}
			for _, nv := range names {
				res.Values = append(res.Values, nv)
				for _, nb := range nv.Branches() {
					s, ok := nb.String()
					if !ok || nb.Kind != graph.KindString {
						unknown = true
						continue
					}
					if !seenName[s] {
						seenName[s] = true
						res.Names = append(res.Names, s)
					}
					for _, h := range hosts {
						if Covers(s, h) {
							res.Verdict = Covered
						}
					}
				}
			}
		}
	}
	if res.Verdict == NotCovered && unknown {
		res.Verdict = Unknown
	}
	return res
}
