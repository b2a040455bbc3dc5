// Package driver runs analyzers over a graph: helper models first, in
// dependency order, then rules; it recovers a failing rule into a
// notification, and sorts the findings so output is deterministic.
package driver

import (
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/source"
)

// Finding is a diagnostic with the rule that reported it and its final level.
type Finding struct {
	Rule     *analysis.Analyzer
	Severity analysis.Severity
	analysis.Diagnostic
	// Suppression is set when the user suppressed the finding. Suppressed
	// findings stay in the result for SARIF; text output and the exit code
	// leave them out.
	Suppression *Suppression
}

// Suppression says how a finding was suppressed.
type Suppression struct {
	// Kind is SARIF's: "inSource" for comments and Metadata in the scanned
	// files, "external" for the config file or a baseline.
	Kind          string
	Justification string
	Until         time.Time // zero when it does not expire
}

// Active returns the findings that are not suppressed.
func (r *Result) Active() []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Suppression == nil {
			out = append(out, f)
		}
	}
	return out
}

// Notification is a problem with the scan itself rather than with the
// infrastructure: a file that could not be parsed, a rule that failed.
type Notification struct {
	// Code is a stable identifier: "papilint-syntax", "papilint-load",
	// "papilint-rule-failure", "papilint-policy-timeout".
	Code     string
	Severity analysis.Severity
	Range    source.Range // may be invalid
	File     string       // the file's report path when Range is invalid
	Message  string
}

func (n Notification) String() string {
	switch {
	case n.Range.IsValid():
		return fmt.Sprintf("%s:%d:%d: %s", n.Range.File.Rel, n.Range.Start.Line, n.Range.Start.Col, n.Message)
	case n.File != "":
		return n.File + ": " + n.Message
	}
	return n.Message
}

// Result is the outcome of a run.
type Result struct {
	Findings      []Finding
	Notifications []Notification
	// Rules lists every rule that was run, in ID order.
	Rules []*analysis.Analyzer
}

// Options tune a run.
type Options struct {
	// Recover turns a panicking rule into a notification. The CLI sets it;
	// tests leave it off so that a panic fails loudly.
	Recover bool
}

// Run runs the given rules (and the models they require) over g. Rules
// that are off by default (analysis.Analyzer.DefaultOff) are skipped: the
// configuration turns one on by passing an enabled copy (config.Enabled).
func Run(g *graph.Graph, rules []*analysis.Analyzer, opt Options) *Result {
	res := &Result{}
	var order []*analysis.Analyzer
	seen := map[*analysis.Analyzer]bool{}
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, r := range a.Requires {
			visit(r)
		}
		order = append(order, a)
	}
	sorted := append([]*analysis.Analyzer(nil), rules...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].ID < sorted[j].ID })
	for _, a := range sorted {
		if a.DefaultOff {
			continue
		}
		visit(a)
	}
	outcomes := execute(g, order, opt)
	for _, a := range order {
		o := outcomes[a]
		if o.skipped {
			continue // its required model's failure is reported
		}
		if o.err != nil {
			res.Notifications = append(res.Notifications, Notification{
				Code:     failureCode(o.err),
				Severity: analysis.Error,
				Message:  fmt.Sprintf("%s failed: %v", a, o.err),
			})
			continue
		}
		if !a.IsRule() {
			continue
		}
		res.Rules = append(res.Rules, a)
		for _, d := range o.diags {
			if !d.Range.IsValid() && d.Resource != nil {
				d.Range = d.Resource.Header
			}
			d = atCreation(d)
			sev := a.Severity
			if d.Severity != 0 {
				sev = d.Severity
			}
			res.Findings = append(res.Findings, Finding{Rule: a, Severity: sev, Diagnostic: d})
		}
	}
	sort.Slice(res.Rules, func(i, j int) bool { return res.Rules[i].ID < res.Rules[j].ID })
	SortFindings(res.Findings)
	dedupe(res)
	return res
}

// outcome is what running one analyzer gave.
type outcome struct {
	out     any
	err     error // its own failure, or that of a model it requires
	diags   []analysis.Diagnostic
	skipped bool // not run because a required model failed (err says which)
}

// execute runs the analyzers (order lists requirements before what
// requires them) on up to GOMAXPROCS goroutines: an analyzer starts once
// everything it requires is done. The graph is immutable and each pass
// sees only the results of what it requires (directly or not), so
// analyzers share nothing they could race on; Run assembles the outcomes
// in order, so the result does not depend on scheduling.
func execute(g *graph.Graph, order []*analysis.Analyzer, opt Options) map[*analysis.Analyzer]*outcome {
	outcomes := make(map[*analysis.Analyzer]*outcome, len(order))
	for _, a := range order {
		outcomes[a] = &outcome{}
	}
	// deps is the transitive closure of Requires.
	deps := map[*analysis.Analyzer][]*analysis.Analyzer{}
	for _, a := range order {
		seen := map[*analysis.Analyzer]bool{}
		var all []*analysis.Analyzer
		for _, r := range a.Requires {
			for _, x := range append(deps[r], r) {
				if !seen[x] {
					seen[x] = true
					all = append(all, x)
				}
			}
		}
		deps[a] = all
	}
	waiting := map[*analysis.Analyzer]int{}
	dependents := map[*analysis.Analyzer][]*analysis.Analyzer{}
	for _, a := range order {
		seen := map[*analysis.Analyzer]bool{}
		for _, r := range a.Requires {
			if !seen[r] {
				seen[r] = true
				waiting[a]++
				dependents[r] = append(dependents[r], a)
			}
		}
	}
	run := func(a *analysis.Analyzer) {
		o := outcomes[a]
		for _, r := range a.Requires {
			if outcomes[r].err != nil {
				o.err, o.skipped = fmt.Errorf("required model %s failed", r), true
				return
			}
		}
		results := make(map[*analysis.Analyzer]any, len(deps[a]))
		for _, r := range deps[a] {
			results[r] = outcomes[r].out
		}
		pass := &analysis.Pass{
			Analyzer: a,
			Graph:    g,
			ResultOf: results,
			Report:   func(d analysis.Diagnostic) { o.diags = append(o.diags, d) },
		}
		o.out, o.err = runOne(a, pass, opt.Recover)
	}
	workers := runtime.GOMAXPROCS(0)
	if workers > len(order) {
		workers = len(order)
	}
	ready := make(chan *analysis.Analyzer, len(order))
	done := make(chan *analysis.Analyzer, len(order))
	for _, a := range order {
		if waiting[a] == 0 {
			ready <- a
		}
	}
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for a := range ready {
				run(a)
				done <- a
			}
		}()
	}
	// A model's result is let go once everything that requires it,
	// directly or not, is done (the policy input is the largest thing a
	// scan holds).
	users := map[*analysis.Analyzer]int{} // analyzers whose passes see it
	for _, a := range order {
		for _, r := range deps[a] {
			users[r]++
		}
	}
	for finished := 0; finished < len(order); finished++ {
		a := <-done
		for _, d := range dependents[a] {
			if waiting[d]--; waiting[d] == 0 {
				ready <- d
			}
		}
		for _, r := range deps[a] {
			if users[r]--; users[r] == 0 {
				outcomes[r].out = nil
			}
		}
	}
	close(ready)
	wg.Wait()
	return outcomes
}

// atCreation moves a finding on a resource whose creation in the user's
// source is known (a CDK construct, from its creation stack trace) to that
// source line; the place in the synthesized template becomes the first
// related location, so nothing is lost.
func atCreation(d analysis.Diagnostic) analysis.Diagnostic {
	n := d.Resource
	if n == nil || !n.Created.IsValid() || d.Range.File == n.Created.File {
		return d
	}
	if d.Range.IsValid() {
		rel := analysis.Related{Range: d.Range, Message: "in the synthesized template (" + n.Name + ")"}
		d.Related = append([]analysis.Related{rel}, d.Related...)
	}
	d.Range = n.Created
	return d
}

// failureCode is the notification code of a rule failure: the error's own
// (a Rego policy that ran out of time says "papilint-policy-timeout"), or
// "papilint-rule-failure".
func failureCode(err error) string {
	var c interface{ NotificationCode() string }
	if errors.As(err, &c) {
		return c.NotificationCode()
	}
	return "papilint-rule-failure"
}

func runOne(a *analysis.Analyzer, pass *analysis.Pass, recoverPanics bool) (out any, err error) {
	if recoverPanics {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("panic: %v\n%s", r, firstFrames(debug.Stack(), 12))
			}
		}()
	}
	return a.Run(pass)
}

// SortFindings orders findings by file, position, rule and message.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		af, bf := fileOf(a.Range), fileOf(b.Range)
		if af != bf {
			return af < bf
		}
		if a.Range.Start.Offset != b.Range.Start.Offset {
			return a.Range.Start.Offset < b.Range.Start.Offset
		}
		if a.Range.End.Offset != b.Range.End.Offset {
			return a.Range.End.Offset < b.Range.End.Offset
		}
		if a.Rule.ID != b.Rule.ID {
			return a.Rule.ID < b.Rule.ID
		}
		return a.Message < b.Message
	})
}

func fileOf(r source.Range) string {
	if r.File == nil {
		return ""
	}
	return r.File.Rel
}

// dedupe drops identical findings (same rule, range and message), which can
// arise when two pattern instances share a resource.
func dedupe(res *Result) {
	out := res.Findings[:0]
	for i, f := range res.Findings {
		if i > 0 {
			p := res.Findings[i-1]
			if p.Rule == f.Rule && p.Range == f.Range && p.Message == f.Message {
				continue
			}
		}
		out = append(out, f)
	}
	res.Findings = out
}

// firstFrames keeps the first n lines of a stack trace for the notification.
func firstFrames(stack []byte, n int) string {
	lines := strings.SplitN(string(stack), "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}
