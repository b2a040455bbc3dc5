// Package domainrule holds what the custom-domain, certificate and DNS
// rules (PAPI052, PAPI053, PAPI059, PAPI060, PAPI061, PAPI065, PAPI070,
// PAPI104) share: capping findings that rest on parameter defaults and
// naming certificates in messages.
package domainrule

import (
	"strings"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/model/tlscert"
)

// Cap lowers an error that rests on a parameter or variable default to a
// warning (RULES.md: defaults fire at most a warning and name the
// parameter). It returns the level, a suffix for the message, and a
// related location at the default.
func Cap(sev analysis.Severity, vals ...*graph.Value) (analysis.Severity, string, []analysis.Related) {
	p := analysis.FromDefault(vals...)
	if p == "" {
		return sev, "", nil
	}
	what := "the default of parameter " + p
	switch {
	case p == "a default":
		what = "a default"
	case strings.HasPrefix(p, "var."):
		what = "the default of variable " + strings.TrimPrefix(p, "var.")
	}
	return analysis.CapAtWarning(sev), " (a value comes from " + what + ")", analysis.DefaultRelated(vals...)
}

// Certificate names a certificate ARN value in messages: the certificate
// resource, the parameter, or the ARN.
func Certificate(g *graph.Graph, v *graph.Value) string {
	var parts []string
	seen := map[string]bool{}
	for _, b := range v.Branches() {
		var s string
		switch {
		case b == nil:
			continue
		case b.Ref != nil && b.Ref.Node != "":
			if n := tlscert.Resolve(g, b); n != nil {
				s = analysis.Quote(n.Display())
			} else if n := g.Resolve(b); n != nil {
				s = analysis.Quote(n.Display())
			} else {
				s = b.Ref.String()
			}
		case b.Param != "":
			s = "parameter " + b.Param
		default:
			if str, ok := b.String(); ok {
				s = str
			} else {
				s = b.Display()
			}
		}
		if !seen[s] {
			seen[s] = true
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " or ")
}

// Names renders certificate names for messages.
func Names(r tlscert.Result) string {
	if len(r.Names) == 0 {
		return "no name"
	}
	return strings.Join(r.Names, ", ")
}

// Name renders a known name value for messages: its Fn::If branches
// joined by " or ".
func Name(v *graph.Value) string {
	var parts []string
	for _, b := range v.Branches() {
		parts = append(parts, b.Display())
	}
	return strings.Join(parts, " or ")
}

// DomainLabel names a custom domain in messages: its name when known in
// every branch, else the resource.
func DomainLabel(name *graph.Value, display string) string {
	for _, b := range name.Branches() {
		if _, ok := b.String(); !ok || b.Kind != graph.KindString {
			return analysis.Quote(display)
		}
	}
	return Name(name)
}
