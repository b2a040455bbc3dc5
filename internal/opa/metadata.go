package opa

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/graph"
)

// A rule module opens with a METADATA block whose title, description and
// related_resources are OPA's standard annotations and whose custom section
// carries the rest of the rule's documentation:
//
//	# METADATA
//	# title: Target group in front of the endpoint is not of type ip
//	# description: The summary paragraph.
//	# related_resources:
//	#   - https://docs.aws.amazon.com/...
//	# custom:
//	#   id: PAPI040
//	#   name: tg-not-ip-type
//	#   severity: error
//	#   confidence: "[V]"
//	#   tier: 1
//	#   cfn: AWS::ElasticLoadBalancingV2::TargetGroup.TargetType
//	#   tf: aws_lb_target_group.target_type
//	#   scope: ...
//	#   trigger: ...
//	#   symptom: ...
//	#   fix: ...
//	#   skip: ...
//	#   bad: |
//	#     ...
//	#   good: |
//	#     ...
//	#   security_severity: "7.0"
//	#   tags: [load-balancer]
//	#   formats: [cloudformation, terraform, cdk]
//	package papilint.rules.papi040
var customKeys = map[string]bool{
	"id": true, "name": true, "severity": true, "confidence": true, "tier": true, "cfn": true, "tf": true,
	"scope": true, "trigger": true, "symptom": true, "fix": true, "skip": true, "bad": true, "good": true,
	"security_severity": true, "tags": true, "formats": true,
}

var (
	bundledID   = regexp.MustCompile(`^PAPI[0-9]{3}$`)
	customID    = regexp.MustCompile(`^[A-Z]{2,8}[0-9]{3,4}$`)
	kebab       = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	regoPackage = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)
)

// packageAnnotation returns the METADATA block of a module's package, or nil.
func packageAnnotation(m *ast.Module) *ast.Annotations {
	for _, a := range m.Annotations {
		if a.Scope == "package" || a.Scope == "subpackages" {
			return a
		}
	}
	return nil
}

// definesReport reports whether the module defines the rule "report".
func definesReport(m *ast.Module) *ast.Rule {
	for _, r := range m.Rules {
		if len(r.Head.Ref()) == 1 && r.Head.Ref()[0].Value.Compare(ast.Var("report")) == 0 {
			return r
		}
	}
	return nil
}

// readMeta builds a rule's analyzer description (without Run and Requires)
// from its METADATA. custom selects the rules for custom policies: another
// ID pattern, and documentation beyond the title and summary optional.
func readMeta(file string, a *ast.Annotations, custom bool) (*analysis.Analyzer, error) {
	loc := a.Location
	bad := func(format string, args ...any) error {
		return locErr(file, loc, fmt.Sprintf(format, args...))
	}
	c := a.Custom
	if c == nil {
		return nil, bad("METADATA has no custom section with the rule's id, name and severity")
	}
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !customKeys[k] {
			return nil, bad("METADATA custom: unknown key %q (known: %s)", k, strings.Join(sortedKeys(customKeys), ", "))
		}
	}
	str := func(k string) (string, error) {
		v, ok := c[k]
		if !ok || v == nil {
			return "", nil
		}
		switch x := v.(type) {
		case string:
			return strings.TrimSpace(x), nil
		case int, int64, float64, bool:
			return fmt.Sprint(x), nil
		}
		return "", bad("METADATA custom: %s must be a string", k)
	}
	list := func(k string) ([]string, error) {
		v, ok := c[k]
		if !ok || v == nil {
			return nil, nil
		}
		xs, ok := v.([]any)
		if !ok {
			return nil, bad("METADATA custom: %s must be a list", k)
		}
		var out []string
		for _, x := range xs {
			s, ok := x.(string)
			if !ok {
				return nil, bad("METADATA custom: %s must be a list of strings", k)
			}
			out = append(out, s)
		}
		return out, nil
	}
	var id, name, sev, tier string
	doc := &analysis.Doc{Title: strings.TrimSpace(a.Title), Summary: strings.TrimSpace(a.Description)}
	fields := []struct {
		key string
		to  *string
	}{
		{"id", &id}, {"name", &name}, {"severity", &sev}, {"tier", &tier}, {"confidence", &doc.Confidence},
		{"cfn", &doc.CFN}, {"tf", &doc.TF}, {"scope", &doc.Scope}, {"trigger", &doc.Trigger}, {"symptom", &doc.Symptom},
		{"fix", &doc.Fix}, {"skip", &doc.Skip}, {"security_severity", &doc.SecuritySeverity},
	}
	for _, f := range fields {
		s, err := str(f.key)
		if err != nil {
			return nil, err
		}
		*f.to = s
	}
	// Examples keep their indentation.
	for _, f := range []struct {
		key string
		to  *string
	}{{"bad", &doc.Bad}, {"good", &doc.Good}} {
		if v, ok := c[f.key].(string); ok {
			*f.to = strings.Trim(v, "\n")
		} else if c[f.key] != nil {
			return nil, bad("METADATA custom: %s must be a string", f.key)
		}
	}
	var err error
	if doc.Tags, err = list("tags"); err != nil {
		return nil, err
	}
	formats, err := list("formats")
	if err != nil {
		return nil, err
	}
	for _, r := range a.RelatedResources {
		doc.References = append(doc.References, r.Ref.String())
	}
	if tier != "" {
		n, err := strconv.Atoi(tier)
		if err != nil {
			return nil, bad("METADATA custom: tier must be a number")
		}
		doc.Tier = n
	}
	switch {
	case custom && !customID.MatchString(id):
		return nil, bad("METADATA custom: id %q must be 2-8 capital letters and 3-4 digits (ACME001)", id)
	case custom && strings.HasPrefix(id, "PAPI"):
		return nil, bad("METADATA custom: id %q uses papilint's own prefix PAPI; give custom rules your own prefix (ACME001)", id)
	case !custom && !bundledID.MatchString(id):
		return nil, bad("METADATA custom: id %q is not PAPI followed by three digits", id)
	case !kebab.MatchString(name):
		return nil, bad("METADATA custom: name %q is not kebab-case", name)
	case doc.Title == "":
		return nil, bad("METADATA has no title")
	case doc.Summary == "":
		return nil, bad("METADATA has no description")
	}
	s, ok := analysis.ParseSeverity(sev)
	if !ok {
		return nil, bad("METADATA custom: severity must be error, warning or note, not %q", sev)
	}
	an := &analysis.Analyzer{ID: id, Name: name, Severity: s, Engine: analysis.EngineRego, Doc: doc}
	for _, f := range formats {
		ok := false
		for _, g := range graph.Formats {
			if string(g) == f {
				ok = true
			}
		}
		if !ok {
			return nil, bad("METADATA custom: unknown format %q", f)
		}
		an.Formats = append(an.Formats, graph.Format(f))
	}
	if !custom {
		if err := analysis.Validate([]*analysis.Analyzer{withRun(an)}); err != nil {
			return nil, bad("%v", err)
		}
	} else if len(doc.Title) > 80 || strings.HasSuffix(doc.Title, ".") {
		return nil, bad("METADATA title must be one line of at most 80 characters without a final period")
	}
	return an, nil
}

func withRun(a *analysis.Analyzer) *analysis.Analyzer {
	c := *a
	c.Run = func(*analysis.Pass) (any, error) { return nil, nil }
	return &c
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
