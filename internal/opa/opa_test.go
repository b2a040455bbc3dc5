package opa_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/driver"
	"github.com/papilint/papilint/internal/loader"
	"github.com/papilint/papilint/internal/model/pattern"
	"github.com/papilint/papilint/internal/opa"
	"github.com/papilint/papilint/policies"
)

const repo = "../.."

// meta is a METADATA block for a custom rule.
func meta(id, name, severity string) string {
	return "# METADATA\n# title: Test rule " + id + "\n# description: A rule for tests.\n# custom:\n#   id: " + id +
		"\n#   name: " + name + "\n#   severity: " + severity + "\n"
}

// policyDir writes files (name → text) into a fresh folder.
func policyDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// scan loads a template and runs analyzers over it.
func scan(t *testing.T, template string, analyzers ...*analysis.Analyzer) *driver.Result {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "stack.yaml"), []byte(template), 0o644); err != nil {
		t.Fatal(err)
	}
	lr, err := loader.Load([]string{dir}, loader.Options{Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	return driver.Run(lr.Graph, analyzers, driver.Options{Recover: true})
}

func conforming(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repo, "examples/conforming/private-api.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestBundledCompiledOnce(t *testing.T) {
	a, err := opa.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := opa.Bundled()
	if a != b || len(a.Analyzers()) < 12 {
		t.Fatalf("Bundled() = %p, %p with %d rules; want one set of at least 12", a, b, len(a.Analyzers()))
	}
	for _, an := range a.Analyzers() {
		if an.Engine != analysis.EngineRego || an.Doc == nil || an.Doc.Bad == "" {
			t.Errorf("%s: engine %q, doc %v", an.ID, an.Engine, an.Doc)
		}
	}
	if err := analysis.Validate(a.Analyzers()); err != nil {
		t.Fatal(err)
	}
}

// TestSandbox: builtins that reach the network, the environment or chance
// do not compile, and the error says where and why.
func TestSandbox(t *testing.T) {
	for _, call := range []string{
		`http.send({"method": "get", "url": "https://example.com"})`,
		`net.lookup_ip_addr("example.com")`,
		`opa.runtime()`,
		`rand.intn("x", 10)`,
		`uuid.rfc4122("x")`,
	} {
		name := strings.SplitN(call, "(", 2)[0]
		t.Run(name, func(t *testing.T) {
			dir := policyDir(t, map[string]string{"rule.rego": meta("TEST001", "calls-out", "error") +
				"package papilint.custom.calls\n\nimport data.papilint.lib\n\nreport contains lib.finding(n, [], \"x\") if {\n\tsome n in input.nodes\n\tx := " + call + "\n\tx\n}\n"})
			_, err := opa.Custom([]string{dir}, opa.Options{})
			var pe *opa.Error
			if !errors.As(err, &pe) {
				t.Fatalf("got %v, want a policy error", err)
			}
			p := pe.Problems[0]
			if p.Line != 14 || p.Col == 0 || !strings.HasSuffix(p.File, "rule.rego") || !strings.Contains(p.Message, "undefined function "+name) ||
				!strings.Contains(p.Message, "sandbox") {
				t.Errorf("problem %+v", p)
			}
		})
	}
}

// TestEpoch: every evaluation sees the same time.
func TestEpoch(t *testing.T) {
	dir := policyDir(t, map[string]string{"rule.rego": meta("TEST002", "clock", "note") +
		"package papilint.custom.clock\n\nimport data.papilint.lib\n\nreport contains lib.finding(n, [], sprintf(\"now is %d\", [time.now_ns()])) if {\n\tsome n in lib.of_kind(\"load-balancer\")\n}\n"})
	set, err := opa.Custom([]string{dir}, opa.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res := scan(t, conforming(t), set.Analyzers()...)
	if len(res.Findings) != 1 || res.Findings[0].Message != "now is 0" {
		t.Fatalf("findings %+v, notifications %v", res.Findings, res.Notifications)
	}
}

// TestTimeout: a policy that runs out of its share of the time limit is a
// notification; the other policies of the set still report.
func TestTimeout(t *testing.T) {
	dir := policyDir(t, map[string]string{
		"fast.rego": meta("TEST003", "fast", "warning") +
			"package papilint.custom.fast\n\nimport data.papilint.lib\n\nreport contains lib.finding(n, [], \"fast\") if some n in lib.of_kind(\"load-balancer\")\n",
		"slow.rego": meta("TEST004", "slow", "error") +
			"package papilint.custom.slow\n\nimport data.papilint.lib\n\nreport contains lib.finding(n, [], \"slow\") if {\n\tsome n in input.nodes\n\tsome a in numbers.range(1, 5000)\n\tsome b in numbers.range(1, 5000)\n\ta * b == -1\n}\n",
		"later.rego": meta("TEST005", "later", "note") +
			"package papilint.custom.later\n\nimport data.papilint.lib\n\nreport contains lib.finding(n, [], \"later\") if some n in lib.of_kind(\"target-group\")\n",
	})
	set, err := opa.Custom([]string{dir}, opa.Options{Budget: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	res := scan(t, conforming(t), set.Analyzers()...)
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("the scan took %s despite the 300ms limit", d)
	}
	var msgs []string
	for _, f := range res.Findings {
		msgs = append(msgs, f.Message)
	}
	if strings.Join(msgs, ",") != "fast,later" && strings.Join(msgs, ",") != "later,fast" {
		t.Errorf("findings %v, want fast and later", msgs)
	}
	if len(res.Notifications) != 1 || res.Notifications[0].Code != "papilint-policy-timeout" ||
		!strings.Contains(res.Notifications[0].Message, "TEST004") || !strings.Contains(res.Notifications[0].Message, "slow.rego") {
		t.Errorf("notifications %+v", res.Notifications)
	}
}

// TestBrokenPolicies: every mistake names its file, line and column.
func TestBrokenPolicies(t *testing.T) {
	for _, tc := range []struct {
		name, text, want string
		line             int
	}{
		{"syntax", "package papilint.custom.x\n\nreport contains 1 if {\n", "rego_parse_error", 4},
		{"type", meta("TEST010", "typo", "error") + "package papilint.custom.x\n\nimport data.papilint.lib\n\nreport contains lib.finding(n, [], \"x\") if {\n\tsome n in input.nodes\n\tn.propz.Scheme == \"internal\"\n}\n",
			"undefined ref: n.propz.Scheme", 14},
		{"package", "package acme.rules\n\nx := 1\n", "custom policies must be in package papilint.custom.<name>", 1},
		{"no metadata", "package papilint.custom.x\n\nreport contains 1 if true\n", "has no METADATA block", 3},
		{"papi prefix", meta("PAPI900", "mine", "error") + "package papilint.custom.x\n\nreport contains 1 if true\n", "uses papilint's own prefix", 1},
		{"bad severity", meta("TEST011", "sev", "fatal") + "package papilint.custom.x\n\nreport contains 1 if true\n", "severity must be error, warning or note", 1},
		{"unknown key", strings.Replace(meta("TEST012", "key", "error"), "#   severity", "#   severty: x\n#   severity", 1) +
			"package papilint.custom.x\n\nreport contains 1 if true\n", `unknown key "severty"`, 1},
		{"no report", meta("TEST013", "silent", "error") + "package papilint.custom.x\n\nfindings contains 1 if true\n", "defines no report set", 8},
		{"bundled name", meta("TEST014", "tg-not-ip-type", "error") + "package papilint.custom.x\n\nreport contains 1 if true\n", "is the name of a papilint rule", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := policyDir(t, map[string]string{"rule.rego": tc.text})
			_, err := opa.Custom([]string{dir}, opa.Options{})
			var pe *opa.Error
			if !errors.As(err, &pe) {
				t.Fatalf("got %v, want a policy error", err)
			}
			p := pe.Problems[0]
			if !strings.Contains(p.String(), tc.want) || p.Line != tc.line || (tc.line > 0 && p.Col == 0) || !strings.HasSuffix(p.File, "rule.rego") {
				t.Errorf("got %s (line %d col %d), want %q on line %d", p, p.Line, p.Col, tc.want, tc.line)
			}
		})
	}
}

// TestFindings: resource and path become the value's range or the header; a
// rule may lower its level; a value from a parameter default is at most a
// warning and names the parameter; malformed findings are rule failures.
func TestFindings(t *testing.T) {
	dir := policyDir(t, map[string]string{
		"at.rego": meta("TEST020", "at-value", "error") + `package papilint.custom.at

import data.papilint.lib

report contains lib.finding(n, ["Scheme"], "scheme") if some n in lib.of_kind("load-balancer")

report contains lib.finding(n, ["Nope", 0], "missing") if some n in lib.of_kind("load-balancer")

report contains lib.finding_at(n, ["Matcher", "HttpCode"], "matcher", "note") if some n in lib.of_kind("target-group")

report contains lib.finding(n, ["VpcCidrRef"], "default") if {
	some n in lib.of_kind("security-group")
	lib.prop(n, ["VpcCidrRef"])
}
`,
	})
	set, err := opa.Custom([]string{dir}, opa.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tmpl := strings.Replace(conforming(t), "      GroupDescription: alb\n", "      GroupDescription: alb\n      VpcCidrRef: !Ref VpcCidr\n", 1)
	res := scan(t, tmpl, set.Analyzers()...)
	got := map[string]string{}
	for _, f := range res.Findings {
		got[f.Message] = f.Severity.String() + " " + f.Range.Text()
	}
	want := map[string]string{
		"scheme":  "error internal",
		"missing": "error Alb",
		"matcher": `note "200,403"`,
		"default (from the default of parameter VpcCidr)": "warning !Ref VpcCidr",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%q: got %q, want %q (all: %v)", k, got[k], v, got)
		}
	}
	for _, f := range res.Findings {
		if strings.HasPrefix(f.Message, "default (") && (len(f.Related) != 1 || f.Related[0].Range.Text() != "10.0.0.0/16") {
			t.Errorf("default finding related %+v", f.Related)
		}
	}

	for _, bad := range []struct{ expr, want string }{
		{`{"resource": "nope", "path": [], "message": "x"}`, `resource "nope" is not in the scan`},
		{`{"resource": n.id, "path": "Scheme", "message": "x"}`, "path must be an array"},
		{`{"resource": n.id, "path": [], "message": "two\nlines"}`, "message must be one line"},
		{`{"resource": n.id, "path": [], "message": "x", "level": "error"}`, `unknown key "level"`},
		{`{"resource": n.id, "path": [-1], "message": "x"}`, "not a list index"},
	} {
		dir := policyDir(t, map[string]string{"bad.rego": meta("TEST021", "bad-finding", "error") +
			"package papilint.custom.bad\n\nimport data.papilint.lib\n\nreport contains f if {\n\tsome n in lib.of_kind(\"load-balancer\")\n\tf := " + bad.expr + "\n}\n"})
		set, err := opa.Custom([]string{dir}, opa.Options{})
		if err != nil {
			t.Fatal(err)
		}
		res := scan(t, conforming(t), set.Analyzers()...)
		if len(res.Notifications) != 1 || res.Notifications[0].Code != "papilint-rule-failure" || !strings.Contains(res.Notifications[0].Message, bad.want) {
			t.Errorf("%s: notifications %+v, want %q", bad.expr, res.Notifications, bad.want)
		}
	}
}

// TestInputMatchesSchema: the input of real scans in every format is valid
// against the schema policies are compiled with.
func TestInputMatchesSchema(t *testing.T) {
	var doc any
	if err := json.Unmarshal(policies.InputSchema, &doc); err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("input.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("input.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, ex := range []string{"examples/conforming", "examples/broken", "examples/terraform/conforming",
		"policies/papi030/testdata", "policies/papi101/testdata/cdk-private-domain-without-association"} {
		path := filepath.Join(repo, ex)
		if _, err := os.Stat(path); err != nil {
			continue
		}
		lr, err := loader.Load([]string{path}, loader.Options{Root: repo})
		if err != nil {
			t.Fatal(err)
		}
		out, err := opa.Dump(lr.Graph, pattern.Detect(lr.Graph))
		if err != nil {
			t.Fatal(err)
		}
		var in any
		if err := json.Unmarshal(out, &in); err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(in); err != nil {
			t.Errorf("%s: %v", ex, err)
		}
	}
}
