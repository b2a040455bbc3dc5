package opa

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/model/pattern"
	"github.com/papilint/papilint/internal/view"
)

// InputModel is the helper model that builds the policy input once per
// scan, for every set of policies.
var InputModel = &analysis.Analyzer{
	Name:     "rego-input",
	Requires: []*analysis.Analyzer{pattern.Analyzer},
	Run: func(p *analysis.Pass) (any, error) {
		return Input(p.Graph, pattern.Of(p))
	},
}

// Input converts the view of a graph into the value policies read.
func Input(g *graph.Graph, model *pattern.Result) (ast.Value, error) {
	return view.Build(g, model).AST()
}

// budget shares a set's evaluation time among its policies during one scan:
// each policy may use what is left minus a reserve kept for every policy
// that has not run yet, so a slow policy early in the order cannot take the
// time of the ones after it.
type budget struct {
	mu        sync.Mutex
	total     time.Duration
	remaining time.Duration
	pending   int
	reserve   time.Duration
}

func newBudget(total time.Duration, policies int) *budget {
	if policies < 1 {
		policies = 1
	}
	return &budget{total: total, remaining: total, pending: policies, reserve: total / time.Duration(2*policies)}
}

// start returns the time the next policy may take.
func (b *budget) start() time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	others := b.pending - 1
	if others < 0 {
		others = 0
	}
	limit := b.remaining - b.reserve*time.Duration(others)
	if limit < b.reserve {
		limit = b.reserve
	}
	if b.pending > 0 {
		b.pending--
	}
	return limit
}

// spent records the time a policy took.
func (b *budget) spent(d time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.remaining -= d
	if b.remaining < 0 {
		b.remaining = 0
	}
}

// together is the outcome of evaluating every rule of a set in one query:
// the report of each rule (nil when undefined), or the error that made
// the rules fall back to evaluating one by one.
type together struct {
	reports map[*rule][]any
	err     error
}

// evalTogether evaluates all the set's rules in one query over the input:
// the library's lookups (resources by id and kind, the scope's indexes)
// are then built once per scan rather than once per rule. Whatever goes
// wrong (an error, the time budget) leaves the rules to run one by one, so
// each reports its own error as before.
func (s *Set) evalTogether(pass *analysis.Pass) (any, error) {
	input, _ := pass.ResultOf[InputModel].(ast.Value)
	b, _ := pass.ResultOf[s.budget].(*budget)
	out := &together{reports: map[*rule][]any{}}
	if input == nil || b == nil {
		out.err = errors.New("the policy input was not built")
		return out, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), s.opts.Budget/2)
	defer cancel()
	t0 := time.Now()
	rs, err := s.all.Eval(ctx, rego.EvalParsedInput(input), rego.EvalTime(Epoch))
	if err != nil || len(rs) != 1 {
		b.spent(time.Since(t0))
		out.err = fmt.Errorf("evaluating the rules together: %v (%d results)", err, len(rs))
		return out, nil
	}
	for i, r := range s.rules {
		v, ok := rs[0].Bindings[fmt.Sprintf("r%d", i)].([]any)
		if !ok || len(v) > 1 {
			out.err = fmt.Errorf("evaluating the rules together: unexpected result for %s", r.file)
			return out, nil
		}
		if len(v) == 1 {
			items, ok := v[0].([]any)
			if !ok {
				out.err = fmt.Errorf("evaluating the rules together: %s: report is not a set", r.file)
				return out, nil
			}
			out.reports[r] = items
		} else {
			out.reports[r] = nil
		}
	}
	return out, nil
}

// runner evaluates one rule over the scan's input and reports its findings.
func (s *Set) runner(r *rule) func(*analysis.Pass) (any, error) {
	return func(pass *analysis.Pass) (any, error) {
		input, _ := pass.ResultOf[InputModel].(ast.Value)
		b, _ := pass.ResultOf[s.budget].(*budget)
		if input == nil || b == nil {
			return nil, errors.New("the policy input was not built")
		}
		if s.together != nil {
			if t, _ := pass.ResultOf[s.together].(*together); t != nil && t.err == nil {
				items, found := t.reports[r]
				if !found {
					return nil, fmt.Errorf("%s: missing from the evaluation of all rules", r.file)
				}
				return nil, report(pass, r, items)
			}
		}
		limit := b.start()
		ctx, cancel := context.WithTimeout(context.Background(), limit)
		defer cancel()
		t0 := time.Now()
		rs, err := r.query.Eval(ctx, rego.EvalParsedInput(input), rego.EvalTime(Epoch))
		b.spent(time.Since(t0))
		if err != nil {
			if topdown.IsCancel(err) || errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return nil, &TimeoutError{Rule: r.an.ID, File: r.file, Limit: limit, Budget: s.opts.Budget}
			}
			return nil, fmt.Errorf("%s: %w", r.file, err)
		}
		if len(rs) == 0 || len(rs[0].Expressions) == 0 {
			return nil, nil // report is empty (undefined)
		}
		items, ok := rs[0].Expressions[0].Value.([]any)
		if !ok {
			return nil, fmt.Errorf("%s: report must be a set of findings", r.file)
		}
		return nil, report(pass, r, items)
	}
}

// report reports a rule's findings.
func report(pass *analysis.Pass, r *rule, items []any) error {
	for i, it := range items {
		d, err := diagnostic(pass, it)
		if err != nil {
			return fmt.Errorf("%s: finding %d: %w", r.file, i+1, err)
		}
		pass.Report(d)
	}
	return nil
}

// finding is a Rego finding as a policy writes it.
type finding struct {
	Resource string
	Path     []string
	Message  string
	Severity analysis.Severity // 0: the rule's
	Related  []finding
}

// decodeFinding reads one element of report.
func decodeFinding(x any, related bool) (finding, error) {
	var f finding
	m, ok := x.(map[string]any)
	if !ok {
		return f, fmt.Errorf("want an object with resource, path and message, got %s", show(x))
	}
	for k := range m {
		switch k {
		case "resource", "path", "message":
		case "severity", "related":
			if related {
				return f, fmt.Errorf("a related location has no %s", k)
			}
		default:
			return f, fmt.Errorf("unknown key %q (want resource, path, message, severity, related)", k)
		}
	}
	f.Resource, ok = m["resource"].(string)
	if !ok || f.Resource == "" {
		return f, fmt.Errorf("resource must be a resource id, got %s", show(m["resource"]))
	}
	f.Message, ok = m["message"].(string)
	if !ok || strings.TrimSpace(f.Message) == "" {
		return f, fmt.Errorf("message must be a non-empty string, got %s", show(m["message"]))
	}
	if strings.ContainsAny(f.Message, "\r\n") {
		return f, errors.New("message must be one line")
	}
	if p, ok := m["path"]; ok && p != nil {
		elems, ok := p.([]any)
		if !ok {
			return f, fmt.Errorf("path must be an array of property names and list indexes, got %s", show(p))
		}
		for _, e := range elems {
			switch v := e.(type) {
			case string:
				f.Path = append(f.Path, v)
			case json.Number:
				n, err := strconv.Atoi(v.String())
				if err != nil || n < 0 {
					return f, fmt.Errorf("path index %s is not a list index", v)
				}
				f.Path = append(f.Path, strconv.Itoa(n))
			default:
				return f, fmt.Errorf("path element %s is neither a property name nor a list index", show(e))
			}
		}
	}
	if s, ok := m["severity"]; ok {
		str, _ := s.(string)
		sev, ok := analysis.ParseSeverity(str)
		if !ok {
			return f, fmt.Errorf("severity must be error, warning or note, got %s", show(s))
		}
		f.Severity = sev
	}
	if rel, ok := m["related"]; ok {
		list, ok := rel.([]any)
		if !ok {
			return f, fmt.Errorf("related must be an array, got %s", show(rel))
		}
		for _, x := range list {
			rf, err := decodeFinding(x, true)
			if err != nil {
				return f, fmt.Errorf("related: %w", err)
			}
			f.Related = append(f.Related, rf)
		}
	}
	return f, nil
}

func show(x any) string {
	b, err := json.Marshal(x)
	if err != nil {
		return fmt.Sprint(x)
	}
	return string(b)
}

// diagnostic turns a finding into a diagnostic with exact ranges. A
// finding may lower the rule's level, never raise it. A finding on a value
// that came from a parameter default is at most a warning, names the
// parameter and points at the default as a related location, whatever the
// policy said (RULES.md, "Resolution and unknown values").
func diagnostic(pass *analysis.Pass, x any) (analysis.Diagnostic, error) {
	f, err := decodeFinding(x, false)
	if err != nil {
		return analysis.Diagnostic{}, err
	}
	n := pass.Graph.Node(graph.NodeID(f.Resource))
	if n == nil {
		return analysis.Diagnostic{}, fmt.Errorf("resource %q is not in the scan", f.Resource)
	}
	r, v := analysis.AtPath(n, f.Path...)
	d := analysis.Diagnostic{Range: r, Message: f.Message, Resource: n}
	rule := pass.Analyzer.Severity
	if f.Severity != 0 && f.Severity < rule {
		d.Severity = f.Severity
	}
	if p := analysis.FromDefault(v); p != "" {
		sev := rule
		if d.Severity != 0 {
			sev = d.Severity
		}
		if capped := analysis.CapAtWarning(sev); capped != rule {
			d.Severity = capped
		}
		if !strings.Contains(d.Message, "parameter "+p) && !strings.Contains(d.Message, "variable "+p) {
			d.Message += " (from the default of parameter " + p + ")"
		}
		d.Related = append(d.Related, analysis.DefaultRelated(v)...)
	}
	for _, rf := range f.Related {
		rn := pass.Graph.Node(graph.NodeID(rf.Resource))
		if rn == nil {
			return analysis.Diagnostic{}, fmt.Errorf("related resource %q is not in the scan", rf.Resource)
		}
		rr, _ := analysis.AtPath(rn, rf.Path...)
		d.Related = append(d.Related, analysis.Related{Range: rr, Message: rf.Message})
	}
	return d, nil
}

// Dump writes the input a scan gives policies, indented, for policy
// authors (papilint test --dump-input, docs).
func Dump(g *graph.Graph, model *pattern.Result) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(view.Build(g, model)); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
