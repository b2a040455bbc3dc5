package driver

import (
	"testing"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/source"
)

// TestFindingAtCreation: a finding on a resource whose creation in the
// user's source is known points there, the template range kept as the
// first related location; other findings stay where the rule put them.
func TestFindingAtCreation(t *testing.T) {
	tpl := source.NewFile("cdk.out/S.template.json", "cdk.out/S.template.json", []byte(`{"Resources": {"Alb": {"Scheme": "internet-facing"}}}`))
	app := source.NewFile("app.js", "app.js", []byte("const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb');\n"))
	scheme := tpl.Range(38, 55)
	created := app.Range(12, 45)
	withSource := &graph.Node{ID: "S#Alb", Name: "Alb", Header: tpl.Range(15, 20), Created: created}
	plain := &graph.Node{ID: "S#Other", Name: "Other", Header: tpl.Range(15, 20)}
	g := (&graph.Builder{}).Build()
	rule := &analysis.Analyzer{ID: "PAPI999", Name: "test-rule", Severity: analysis.Error, Run: func(p *analysis.Pass) (any, error) {
		p.Report(analysis.Diagnostic{Range: scheme, Message: "on the scheme", Resource: withSource,
			Related: []analysis.Related{{Range: tpl.Range(0, 1), Message: "other"}}})
		p.Report(analysis.Diagnostic{Message: "on the header", Resource: withSource})
		p.Report(analysis.Diagnostic{Range: scheme, Message: "no source", Resource: plain})
		p.Report(analysis.Diagnostic{Range: created, Message: "already in the source", Resource: withSource})
		return nil, nil
	}}
	res := Run(g, []*analysis.Analyzer{rule}, Options{})
	got := map[string]Finding{}
	for _, f := range res.Findings {
		got[f.Message] = f
	}
	f := got["on the scheme"]
	if f.Range != created || len(f.Related) != 2 || f.Related[0].Range != scheme || f.Related[0].Message != "in the synthesized template (Alb)" ||
		f.Related[1].Message != "other" {
		t.Errorf("on the scheme: at %s, related %+v", f.Range, f.Related)
	}
	if f := got["on the header"]; f.Range != created || len(f.Related) != 1 || f.Related[0].Range != withSource.Header {
		t.Errorf("on the header: at %s, related %+v", f.Range, f.Related)
	}
	if f := got["no source"]; f.Range != scheme || len(f.Related) != 0 {
		t.Errorf("no source: at %s, related %+v", f.Range, f.Related)
	}
	if f := got["already in the source"]; f.Range != created || len(f.Related) != 0 {
		t.Errorf("already in the source: at %s, related %+v", f.Range, f.Related)
	}
}
