package opa

import (
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/loader"
	"github.com/papilint/papilint/internal/model/pattern"
)

// TestTogetherFallback runs every bundled rule over the rule cases of all
// policies twice: from the single query all rules share, and alone, as
// they do when that query fails. Both must report the same findings, and
// the cases must give some, or the comparison proves nothing.
func TestTogetherFallback(t *testing.T) {
	s, err := Bundled()
	if err != nil {
		t.Fatal(err)
	}
	if s.together == nil {
		t.Fatal("the bundled set has no shared query")
	}
	dirs, _ := filepath.Glob("../../policies/*/testdata")
	lr, err := loader.Load(dirs, loader.Options{Root: "../.."})
	if err != nil {
		t.Fatal(err)
	}
	model := pattern.Detect(lr.Graph)
	input, err := Input(lr.Graph, model)
	if err != nil {
		t.Fatal(err)
	}
	results := map[*analysis.Analyzer]any{
		pattern.Analyzer: model,
		InputModel:       input,
		s.budget:         newBudget(s.opts.Budget, len(s.rules)),
	}
	run := func(a *analysis.Analyzer, res map[*analysis.Analyzer]any) []string {
		var out []string
		pass := &analysis.Pass{Analyzer: a, Graph: lr.Graph, ResultOf: res, Report: func(d analysis.Diagnostic) {
			out = append(out, fmt.Sprintf("%s %v %s %d", d.Range, d.Severity, d.Message, len(d.Related)))
		}}
		if _, err := a.Run(pass); err != nil {
			t.Fatalf("%s: %v", a.ID, err)
		}
		return out
	}
	shared := map[*analysis.Analyzer]any{}
	for k, v := range results {
		shared[k] = v
	}
	tg, err := s.together.Run(&analysis.Pass{Analyzer: s.together, Graph: lr.Graph, ResultOf: shared})
	if err != nil || tg.(*together).err != nil {
		t.Fatalf("shared query: %v %v", err, tg.(*together).err)
	}
	shared[s.together] = tg
	alone := map[*analysis.Analyzer]any{}
	for k, v := range results {
		alone[k] = v
	}
	alone[s.together] = &together{err: errors.New("forced to fall back")}
	total := 0
	for _, a := range s.analyzers {
		got, want := run(a, shared), run(a, alone)
		total += len(got)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: shared query gives\n%v\nalone\n%v", a.ID, got, want)
		}
	}
	if total == 0 {
		t.Fatal("no findings at all: the cases did not exercise the rules")
	}
}
