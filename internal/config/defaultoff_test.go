package config

import (
	"testing"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/driver"
	"github.com/papilint/papilint/internal/graph"
)

// A rule that is off by default runs only when the rules section enables
// it; Enabled then hands the driver a copy that is on.
func TestEnabledDefaultOff(t *testing.T) {
	ran := map[string]bool{}
	mk := func(id string, off bool) *analysis.Analyzer {
		return &analysis.Analyzer{ID: id, Name: "r" + id, Severity: analysis.Note, DefaultOff: off,
			Run: func(p *analysis.Pass) (any, error) { ran[p.Analyzer.ID] = true; return nil, nil }}
	}
	on, off := mk("PAPI001", false), mk("PAPI010", true)
	all := []*analysis.Analyzer{on, off}
	ids := func(as []*analysis.Analyzer) (out []string) {
		for _, a := range as {
			out = append(out, a.ID)
		}
		return out
	}

	var none *Config
	if got := ids(none.Enabled(all)); len(got) != 1 || got[0] != "PAPI001" {
		t.Errorf("no config: %v, want [PAPI001]", got)
	}
	c, err := Parse([]byte("version: 1\nrules:\n  PAPI010:\n    enabled: true\n  PAPI001:\n    enabled: false\n"), known)
	if err != nil {
		t.Fatal(err)
	}
	got := c.Enabled(all)
	if len(got) != 1 || got[0].ID != "PAPI010" || got[0].DefaultOff || !off.DefaultOff {
		t.Fatalf("enabled: %v (DefaultOff %v), want an enabled copy of PAPI010", ids(got), got[0].DefaultOff)
	}
	g := (&graph.Builder{}).Build()
	driver.Run(g, all, driver.Options{})
	if !ran["PAPI001"] || ran["PAPI010"] {
		t.Errorf("driver over every rule ran %v; want the default-off rule skipped", ran)
	}
	ran = map[string]bool{}
	driver.Run(g, got, driver.Options{})
	if !ran["PAPI010"] {
		t.Errorf("driver did not run the enabled copy")
	}
}
