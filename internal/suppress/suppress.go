// Package suppress applies the suppressions users write next to their
// infrastructure code: comments in YAML and HCL,
//
//	# papilint:ignore PAPI030 reason="behind CloudFront" until=2027-01-31
//
// and CloudFormation resource Metadata (which also works for JSON templates
// and CDK, through addMetadata),
//
//	Metadata:
//	  papilint:
//	    ignore:
//	      - {id: PAPI030, reason: "behind CloudFront", until: 2027-01-31}
//
// A reason is required; a suppression without one does not suppress and is
// reported. An expired suppression stops suppressing and says so. A
// suppression that matches no finding is reported as a note. Suppressed
// findings stay in the result, marked, so SARIF can carry them; text output
// and the exit code leave them out.
//
// Scope: a comment on a resource's header line (the CloudFormation logical
// ID, the Terraform block labels) or on the line directly above it covers
// every finding on that resource; a comment on any other line, or on the
// line above it, covers the findings whose range starts on that line.
package suppress

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/driver"
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/source"
)

// Code is the notification code of every message about suppressions.
const Code = "papilint-suppression"

// Directive is one suppression as written.
type Directive struct {
	Rules  []string // rule IDs, upper case
	Reason string
	Until  time.Time // zero when it never expires
	// Range is where the directive is written.
	Range source.Range
	// Line is the line the directive sits on (comments only).
	Line int
	// Resource is the resource whose Metadata holds the directive.
	Resource *graph.Node
	// Problem is set when the directive is malformed; it then suppresses
	// nothing.
	Problem string
	used    map[string]bool
	expired bool
	vetoed  bool
}

// InSource says whether the directive is written in the scanned files
// (comments and Metadata); config-file suppressions are "external".
func (d *Directive) kind() string { return "inSource" }

var commentRe = regexp.MustCompile(`(?:#|//)\s*papilint:ignore\b(.*)$`)

// ParseComments finds the suppression comments of a file.
func ParseComments(f *source.File, known func(string) string) []*Directive {
	var out []*Directive
	for n := 1; n <= f.LineCount(); n++ {
		line := f.Line(n)
		if !strings.Contains(line, "papilint:ignore") {
			continue
		}
		m := commentRe.FindStringSubmatchIndex(line)
		if m == nil {
			continue
		}
		start := f.OffsetAt(n, m[0]+1)
		end := f.OffsetAt(n, len(line)+1)
		d := &Directive{Range: f.Range(start, end), Line: n}
		parseArgs(d, line[m[2]:m[3]], known)
		out = append(out, d)
	}
	return out
}

var argRe = regexp.MustCompile(`^\s*([a-z]+)=("(?:[^"\\]|\\.)*"|\S+)`)

// parseArgs reads `PAPI030,PAPI031 reason="…" until=2027-01-31`.
func parseArgs(d *Directive, s string, known func(string) string) {
	s = strings.TrimSpace(s)
	ids, rest, _ := strings.Cut(s, " ")
	if ids == "" || strings.Contains(ids, "=") {
		d.Problem = "names no rule: write papilint:ignore PAPI030 reason=\"…\""
		return
	}
	for _, id := range strings.Split(ids, ",") {
		if id = strings.TrimSpace(id); id == "" {
			continue
		}
		canon := known(id)
		if canon == "" {
			d.Problem = fmt.Sprintf("names %q, which is not a papilint rule", id)
			return
		}
		d.Rules = append(d.Rules, canon)
	}
	if len(d.Rules) == 0 { // only commas: "papilint:ignore ,"
		d.Problem = "names no rule: write papilint:ignore PAPI030 reason=\"…\""
		return
	}
	rest = strings.TrimSpace(rest)
	for rest != "" {
		m := argRe.FindStringSubmatch(rest)
		if m == nil {
			d.Problem = fmt.Sprintf("cannot read %q; write reason=\"…\" and optionally until=YYYY-MM-DD", rest)
			return
		}
		val := m[2]
		if len(val) >= 2 && strings.HasPrefix(val, `"`) {
			val = strings.ReplaceAll(val[1:len(val)-1], `\"`, `"`)
		}
		switch m[1] {
		case "reason":
			d.Reason = strings.TrimSpace(val)
		case "until":
			t, err := time.Parse("2006-01-02", val)
			if err != nil {
				d.Problem = fmt.Sprintf("until=%s is not a date (YYYY-MM-DD)", val)
				return
			}
			d.Until = t
		default:
			d.Problem = fmt.Sprintf("unknown setting %q (use reason= and until=)", m[1])
			return
		}
		rest = strings.TrimSpace(rest[len(m[0]):])
	}
}

// ParseMetadata reads the Metadata form of a resource.
func ParseMetadata(n *graph.Node, known func(string) string) []*Directive {
	ign := n.Metadata.Path("papilint", "ignore")
	if ign == nil {
		return nil
	}
	var out []*Directive
	items := ign.Items()
	if ign.Kind != graph.KindList {
		items = []*graph.Value{ign}
	}
	for _, it := range items {
		d := &Directive{Range: it.Range, Resource: n}
		if !d.Range.IsValid() {
			d.Range = n.Header
		}
		var id string
		if s, ok := it.String(); ok {
			id = s // the short form: ignore: [PAPI030]
		} else if s, ok := it.Get("id").String(); ok {
			id = s
			d.Reason, _ = it.Get("reason").String()
			if u, ok := it.Get("until").String(); ok {
				t, err := time.Parse("2006-01-02", u)
				if err != nil {
					d.Problem = fmt.Sprintf("until: %s is not a date (YYYY-MM-DD)", u)
				}
				d.Until = t
			}
		} else {
			d.Problem = "each ignore entry needs an id and a reason: {id: PAPI030, reason: \"…\"}"
		}
		if d.Problem == "" {
			if canon := known(id); canon != "" {
				d.Rules = []string{canon}
			} else {
				d.Problem = fmt.Sprintf("names %q, which is not a papilint rule", id)
			}
		}
		d.Reason = strings.TrimSpace(d.Reason)
		out = append(out, d)
	}
	return out
}

// Apply marks the suppressed findings of res and adds notifications about
// the directives themselves. known maps a rule ID or name to its canonical
// ID ("" when unknown); today decides expiry; suppressible, when not nil,
// says which rules inline suppressions may silence (the config file can
// reserve a rule to itself).
func Apply(res *driver.Result, g *graph.Graph, known func(string) string, today time.Time, suppressible func(id string) bool) {
	var all []*Directive
	byFileLine := map[*source.File]map[int][]*Directive{}
	for _, f := range g.Files() {
		for _, d := range ParseComments(f, known) {
			all = append(all, d)
			if byFileLine[f] == nil {
				byFileLine[f] = map[int][]*Directive{}
			}
			byFileLine[f][d.Line] = append(byFileLine[f][d.Line], d)
		}
	}
	byNode := map[graph.NodeID][]*Directive{}
	for _, n := range g.Nodes() {
		for _, d := range ParseMetadata(n, known) {
			all = append(all, d)
			byNode[n.ID] = append(byNode[n.ID], d)
		}
	}
	if len(all) == 0 {
		return
	}
	// commentsAt returns the comment directives on a line or the line above.
	commentsAt := func(f *source.File, line int) []*Directive {
		if f == nil {
			return nil
		}
		return append(append([]*Directive(nil), byFileLine[f][line]...), byFileLine[f][line-1]...)
	}
	for i := range res.Findings {
		f := &res.Findings[i]
		var cands []*Directive
		if f.Resource != nil {
			cands = append(cands, byNode[f.Resource.ID]...)
			if f.Resource.Header.IsValid() {
				cands = append(cands, commentsAt(f.Resource.Header.File, int(f.Resource.Header.Start.Line))...)
			}
		}
		if f.Range.IsValid() {
			cands = append(cands, commentsAt(f.Range.File, int(f.Range.Start.Line))...)
		}
		for _, d := range cands {
			if d.Problem != "" || d.Reason == "" || !covers(d, f.Rule.ID) {
				continue
			}
			if suppressible != nil && !suppressible(f.Rule.ID) {
				d.vetoed = true
				continue
			}
			if d.used == nil {
				d.used = map[string]bool{}
			}
			d.used[f.Rule.ID] = true
			if !d.Until.IsZero() && today.After(d.Until) {
				d.expired = true
				continue
			}
			f.Suppression = &driver.Suppression{Kind: d.kind(), Justification: d.Reason, Until: d.Until}
			break
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return less(all[i].Range, all[j].Range) })
	for _, d := range all {
		note := func(sev analysis.Severity, format string, args ...any) {
			res.Notifications = append(res.Notifications, driver.Notification{
				Code: Code, Severity: sev, Range: d.Range, Message: fmt.Sprintf(format, args...)})
		}
		switch {
		case d.Problem != "":
			note(analysis.Warning, "papilint:ignore %s; it suppresses nothing", d.Problem)
		case d.Reason == "":
			note(analysis.Warning, "suppression of %s has no reason, so it suppresses nothing: add reason=\"…\"", strings.Join(d.Rules, ", "))
		case d.vetoed:
			note(analysis.Warning, "suppression of %s is not allowed: the config file makes the rule non-suppressible inline", strings.Join(d.Rules, ", "))
		case d.expired:
			note(analysis.Note, "suppression of %s expired on %s and no longer applies", strings.Join(d.Rules, ", "), d.Until.Format("2006-01-02"))
		default:
			for _, id := range d.Rules {
				if !d.used[id] {
					note(analysis.Note, "suppression of %s matches no finding; remove it", id)
				}
			}
		}
	}
}

func covers(d *Directive, id string) bool {
	for _, r := range d.Rules {
		if r == id {
			return true
		}
	}
	return false
}

func less(a, b source.Range) bool {
	af, bf := "", ""
	if a.File != nil {
		af = a.File.Rel
	}
	if b.File != nil {
		bf = b.File.Rel
	}
	if af != bf {
		return af < bf
	}
	return a.Start.Offset < b.Start.Offset
}
