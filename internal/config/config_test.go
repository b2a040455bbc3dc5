package config

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/driver"
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/source"
)

func known(s string) string {
	switch strings.ToUpper(s) {
	case "PAPI001", "PAPI010", "PAPI030":
		return strings.ToUpper(s)
	}
	if s == "alb-internet-facing" {
		return "PAPI030"
	}
	return ""
}

// The documented reference file parses, and matches the JSON schema.
func TestReferenceFile(t *testing.T) {
	data, err := os.ReadFile("../../.papilint.reference.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := Parse(data, known)
	if err != nil {
		t.Fatalf("the reference config does not parse: %v", err)
	}
	if c.Rules["PAPI010"].Severity != "error" || len(c.Ignore) != 1 || c.Ignore[0].Line != 22 {
		t.Errorf("decoded %+v", c)
	}
	if err := validateSchema(t, data); err != nil {
		t.Errorf("does not match docs/config.schema.json: %v", err)
	}
	if validateSchema(t, []byte("version: 1\nrule: {}\n")) == nil {
		t.Error("the schema accepts an unknown key")
	}
}

func validateSchema(t *testing.T, data []byte) error {
	t.Helper()
	var doc any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	js, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	sch, err := c.Compile("../../docs/config.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	inst, _ := jsonschema.UnmarshalJSON(strings.NewReader(string(js)))
	return sch.Validate(inst)
}

func TestErrorsNameTheLine(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"version: 1\nrule:\n  PAPI001: {}\n", `2: unknown key "rule"`},
		{"version: 2\n", "1: version must be 1"},
		{"", "1: the file is empty"},
		{"version: 1\nrules:\n  PAPI001: {severity: fatal}\n", "2: rules: PAPI001: severity must be"},
		{"version: 1\nrules:\n  PAPI001: {level: error}\n", `3: unknown key "level"`},
		{"version: 1\nrules:\n  NOPE: {}\n", `2: rules: "NOPE" is not a papilint rule`},
		{"version: 1\nignore:\n  - id: PAPI030\n    path: x\n", "3: ignore entry for PAPI030 has no reason"},
		{"version: 1\nignore:\n  - id: PAPI030\n    reason: r\n    until: soon\n", `3: ignore: until "soon" is not a date`},
		{"version: 1\nfail-on: always\n", "2: fail-on must be"},
	} {
		_, err := Parse([]byte(c.text), known)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q: error %v, want prefix %q", c.text, err, c.want)
		}
	}
}

func TestFind(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "a", "b")
	os.MkdirAll(sub, 0o755)
	os.WriteFile(filepath.Join(dir, FileName), []byte("version: 1\n"), 0o644)
	if got := Find(sub); got != filepath.Join(dir, FileName) {
		t.Errorf("Find = %q", got)
	}
}

func TestMatch(t *testing.T) {
	for _, c := range []struct {
		glob, path string
		want       bool
	}{
		{"legacy/**", "legacy/a/b.yaml", true},
		{"legacy/**", "legacy", true},
		{"**/*.generated.yaml", "x/y/z.generated.yaml", true},
		{"**/*.generated.yaml", "z.generated.yaml", true},
		{"edge/*.yaml", "edge/a/b.yaml", false},
		{"edge/*.yaml", "edge/b.yaml", true},
	} {
		if got := Match(c.glob, c.path); got != c.want {
			t.Errorf("Match(%q, %q) = %v", c.glob, c.path, got)
		}
	}
}

func TestApply(t *testing.T) {
	root := t.TempDir()
	f := source.NewFile(filepath.Join(root, "edge/alb.yaml"), "edge/alb.yaml", []byte("PublicAlb:\n  Scheme: internet-facing\n"))
	alb := &graph.Node{ID: "edge/alb.yaml#PublicAlb", Name: "PublicAlb", File: f, Header: f.Range(0, 9)}
	other := &graph.Node{ID: "edge/alb.yaml#Other", Name: "Other", File: f, Header: f.Range(0, 9)}
	r030 := &analysis.Analyzer{ID: "PAPI030", Severity: analysis.Error}
	r010 := &analysis.Analyzer{ID: "PAPI010", Severity: analysis.Warning}
	res := &driver.Result{Findings: []driver.Finding{
		{Rule: r030, Severity: analysis.Error, Diagnostic: analysis.Diagnostic{Range: f.Range(20, 35), Resource: alb}},
		{Rule: r030, Severity: analysis.Error, Diagnostic: analysis.Diagnostic{Range: f.Range(20, 35), Resource: other}},
		{Rule: r010, Severity: analysis.Warning, Diagnostic: analysis.Diagnostic{Range: f.Range(0, 9), Resource: alb}},
	}}
	c, err := Parse([]byte(`version: 1
rules:
  PAPI010: {severity: error}
ignore:
  - {id: alb-internet-facing, path: "edge/**", resource: PublicAlb, reason: "behind CloudFront"}
  - {id: PAPI030, resource: Gone, reason: "old"}
  - {id: PAPI030, resource: Other, reason: "was fine", until: "2020-01-01"}
`), known)
	if err != nil {
		t.Fatal(err)
	}
	c.Path, c.Dir = filepath.Join(root, FileName), root
	c.Apply(res, root, time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC))
	if s := res.Findings[0].Suppression; s == nil || s.Kind != "external" || s.Justification != "behind CloudFront" {
		t.Errorf("PublicAlb finding not suppressed: %+v", s)
	}
	if res.Findings[1].Suppression != nil {
		t.Error("an expired entry still suppresses")
	}
	if res.Findings[2].Severity != analysis.Error {
		t.Errorf("severity override not applied: %s", res.Findings[2].Severity)
	}
	var msgs []string
	for _, n := range res.Notifications {
		msgs = append(msgs, n.Message)
	}
	got := strings.Join(msgs, "\n")
	if !strings.Contains(got, ":6: ignore entry for PAPI030 matches no finding") || !strings.Contains(got, ":7: ignore entry for PAPI030 expired on 2020-01-01") {
		t.Errorf("notifications:\n%s", got)
	}
	if !c.Suppressible("PAPI030") || c.Excluded(root, "x.yaml") {
		t.Error("defaults")
	}
}
