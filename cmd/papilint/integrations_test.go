package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"
)

// End-to-end tests of what issue 7 added to the CLI: the Markdown and
// GitHub formats, `graph`, baselines, --report, --siblings and the progress
// line; and checks of the integration files at the repository root.

// schemas is the repository's copy of the shared schemas.
const schemas = repo + "/testdata/schemas"

func compileSchema(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	sch, err := c.Compile(filepath.Join(schemas, name))
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

func validateJSON(t *testing.T, sch *jsonschema.Schema, what string, doc []byte) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatalf("%s: not JSON: %v", what, err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Errorf("%s does not match the schema:\n%v", what, err)
	}
}

// copyExample copies an example directory's files into a new temp dir.
func copyExample(t *testing.T, ex string) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir(filepath.Join(repo, ex))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Type().IsRegular() {
			data, _ := os.ReadFile(filepath.Join(repo, ex, e.Name()))
			os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644)
		}
	}
	return dir
}

// The Markdown report of the bundled broken example shows the request path
// with the broken hops marked, then the findings with links to their lines.
func TestMarkdownBrokenExample(t *testing.T) {
	code, out, _ := papilint(t, "scan", "--root", repo, "--format", "markdown", filepath.Join(repo, "examples/broken"))
	if code != exitFindings {
		t.Fatalf("exit %d, want 1\n%s", code, out)
	}
	for _, want := range []string{
		"#### 1. Alb → Tg in examples/broken/private-api.yaml (broken: PAPI030",
		"```mermaid\nflowchart TD\n  h0([\"client\"])\n  h1[\"DNS record<br/>Dns<br/>api.internal.example.com\"]\n",
		"  h2[\"load balancer<br/>Alb<br/>internet-facing<br/>✖ ",
		"  h8[\"REST API<br/>Api<br/>private-api<br/>✖ ",
		"[examples/broken/private-api.yaml:138](examples/broken/private-api.yaml#L138)",
		"#### Errors (",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q:\n%s", want, out)
		}
	}
	// The broken hops carry their rules; other rules may join them.
	for _, c := range []struct{ line, rules string }{{"  h2[", "PAPI030"}, {"  h8[", "PAPI009 PAPI010"}} {
		i := strings.Index(out, c.line)
		line := out[i : i+strings.Index(out[i:], "\n")]
		for _, r := range strings.Fields(c.rules) {
			if !strings.Contains(line, r) {
				t.Errorf("%s lacks %s", line, r)
			}
		}
	}
	if !regexp.MustCompile(`\n  class h2,(h\d+,)*h8(,h\d+)* broken\n`).MatchString(out) {
		t.Errorf("the load balancer and the API are not both drawn broken:\n%s", out)
	}
	_, linked, _ := papilint(t, "scan", "--root", repo, "--format", "markdown", "--link-base", "https://github.com/o/r/blob/0123abc/", filepath.Join(repo, "examples/broken"))
	if !strings.Contains(linked, "(https://github.com/o/r/blob/0123abc/examples/broken/private-api.yaml#L138)") {
		t.Errorf("--link-base not applied:\n%s", linked)
	}
}

func TestGitHubFormat(t *testing.T) {
	code, out, _ := papilint(t, "scan", "--root", repo, "--format", "github", filepath.Join(repo, "examples/broken"))
	if code != exitFindings {
		t.Fatalf("exit %d", code)
	}
	want := "::error file=examples/broken/private-api.yaml,line=138,endLine=138,col=15,endColumn=30,title=PAPI030 alb-internet-facing::load balancer \"Alb\" forwards"
	if !strings.Contains(out, want) || strings.Count(out, "\n::") < 3 || !strings.HasPrefix(out, "::") {
		t.Errorf("github output:\n%s", out)
	}
}

func TestGraphCommand(t *testing.T) {
	broken := filepath.Join(repo, "examples/broken")
	code, mm, _ := papilint(t, "graph", "--root", repo, broken)
	if code != exitOK || !strings.Contains(mm, "subgraph p1 [\"Alb → Tg (examples/broken/private-api.yaml)\"]") ||
		!regexp.MustCompile(`p1_h2\["load balancer<br/>Alb<br/>internet-facing<br/>✖ [^"]*PAPI030`).MatchString(mm) || strings.Contains(mm, "[PAPI") {
		t.Errorf("graph (mermaid): exit %d\n%s", code, mm)
	}
	code, dot, _ := papilint(t, "graph", "--format", "dot", broken)
	if code != exitOK || !strings.HasPrefix(dot, "digraph papilint {") {
		t.Errorf("graph --format dot: exit %d\n%s", code, dot)
	}
	code, js, _ := papilint(t, "graph", "--format", "json", broken)
	var doc struct {
		Version int `json:"version"`
		Paths   []struct {
			Hops []struct{ Role string } `json:"hops"`
		} `json:"paths"`
	}
	if err := json.Unmarshal([]byte(js), &doc); code != exitOK || err != nil || len(doc.Paths) != 1 || len(doc.Paths[0].Hops) != 10 {
		t.Errorf("graph --format json: exit %d, %v\n%s", code, err, js)
	}
	out := filepath.Join(t.TempDir(), "paths.mmd")
	if code, stdout, _ := papilint(t, "graph", "-o", out, broken); code != exitOK || stdout != "" {
		t.Errorf("graph -o: exit %d, stdout %q", code, stdout)
	}
	if b, err := os.ReadFile(out); err != nil || !strings.HasPrefix(string(b), "flowchart TD\n") {
		t.Errorf("graph -o wrote %q, %v", b, err)
	}
	// Errors stay errors; scan's reporting flags are not graph's.
	for _, args := range [][]string{
		{"graph", "--format", "sarif", broken},
		{"graph", "--fail-on", "error", broken},
		{"graph", "does-not-exist"},
	} {
		if code, _, _ := papilint(t, args...); code != exitError {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	code, clean, _ := papilint(t, "graph", filepath.Join(repo, "examples/conforming"))
	if code != exitOK || strings.Contains(clean, "broken") {
		t.Errorf("conforming example: exit %d\n%s", code, clean)
	}
}

func TestBaselineFlags(t *testing.T) {
	dir := copyExample(t, "examples/broken")
	base := filepath.Join(dir, "ci", "papilint-baseline.json")
	code, out, errs := papilint(t, "scan", "--root", dir, "--write-baseline", base, dir)
	data, err := os.ReadFile(base)
	if err != nil || !strings.Contains(string(data), `"rule": "PAPI030"`) {
		t.Fatalf("baseline file: %v\n%s", err, data)
	}
	n := strings.Count(string(data), `"fingerprint"`) // the broken example's findings, 4 or more
	suppressed := fmt.Sprintf("no findings in 1 file; %d suppressed", n)
	if code != exitOK || n < 4 || !strings.Contains(out, suppressed) || !strings.Contains(errs, fmt.Sprintf("wrote %d findings to baseline", n)) {
		t.Fatalf("--write-baseline: exit %d\n%s%s", code, out, errs)
	}
	if code, out, _ := papilint(t, "scan", "--root", dir, "--baseline", base, dir); code != exitOK || !strings.Contains(out, suppressed) {
		t.Errorf("--baseline: exit %d\n%s", code, out)
	}
	// SARIF keeps the baselined results, marked, and stays valid.
	_, sarif, _ := papilint(t, "scan", "--root", dir, "--baseline", base, "--format", "sarif", dir)
	if strings.Count(sarif, `"justification": "in baseline `+base+`"`) != n || strings.Count(sarif, `"kind": "external"`) != n {
		t.Errorf("SARIF suppressions:\n%s", sarif)
	}
	validateJSON(t, compileSchema(t, "sarif-schema-2.1.0.json"), "SARIF with a baseline", []byte(sarif))
	_, js, _ := papilint(t, "scan", "--root", dir, "--baseline", base, "--format", "json", dir)
	if !strings.Contains(js, fmt.Sprintf(`"suppressed": %d`, n)) {
		t.Errorf("JSON summary:\n%s", js)
	}

	// A new finding counts, the baselined ones do not.
	src, _ := os.ReadFile(filepath.Join(dir, "private-api.yaml"))
	src = bytes.Replace(src, []byte("  Alb:\n"), []byte("  OtherApi:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      EndpointConfiguration: {Types: [PRIVATE]}\n  Alb:\n"), 1)
	os.WriteFile(filepath.Join(dir, "private-api.yaml"), src, 0o644)
	code, out, _ = papilint(t, "scan", "--root", dir, "--baseline", base, dir)
	if code != exitFindings || !strings.Contains(out, `"OtherApi" has no resource policy`) || !strings.Contains(out, fmt.Sprintf("in 1 file; %d suppressed", n)) {
		t.Errorf("new finding with --baseline: exit %d\n%s", code, out)
	}

	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"version": 9, "findings": []}`), 0o644)
	for _, args := range [][]string{{"--baseline", bad}, {"--baseline", filepath.Join(dir, "missing.json")}} {
		if code, _, errs := papilint(t, append(append([]string{"scan"}, args...), dir)...); code != exitError || !strings.Contains(errs, "baseline") {
			t.Errorf("%v: exit %d, stderr %q", args, code, errs)
		}
	}
}

func TestReportFlag(t *testing.T) {
	out := filepath.Join(t.TempDir(), "reports")
	code, stdout, _ := papilint(t, "scan", "--root", repo, "--format", "github",
		"--report", "sarif="+out+"/p.sarif", "--report", "markdown="+out+"/summary.md", filepath.Join(repo, "examples/broken"))
	if code != exitFindings || !strings.HasPrefix(stdout, "::") {
		t.Errorf("exit %d\n%s", code, stdout)
	}
	sarif, err := os.ReadFile(out + "/p.sarif")
	if err != nil {
		t.Fatal(err)
	}
	validateJSON(t, compileSchema(t, "sarif-schema-2.1.0.json"), "--report sarif", sarif)
	md, err := os.ReadFile(out + "/summary.md")
	if err != nil || !strings.Contains(string(md), "```mermaid") {
		t.Errorf("markdown report: %v\n%s", err, md)
	}
	if st, err := os.Stat(out + "/p.sarif"); err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("report file mode: %v %v", st.Mode(), err)
	}
	for _, r := range []string{"xml=x.xml", "sarif", "sarif="} {
		if code, _, errs := papilint(t, "scan", "--report", r, filepath.Join(repo, "examples/broken")); code != exitError || !strings.Contains(errs, "--report wants FORMAT=FILE") {
			t.Errorf("--report %s: exit %d, %q", r, code, errs)
		}
	}
}

// The pre-commit hook passes files one by one, in batches. With --siblings
// each file is checked with its directory around it, and only the named
// files are reported.
func TestSiblings(t *testing.T) {
	mod := filepath.Join(repo, "examples/terraform/conforming-modules")
	main := filepath.Join(mod, "main.tf")
	// Alone, a Terraform file lacks the rest of its module (its variable
	// declarations), which the scan reports.
	if code, out, _ := papilint(t, "scan", "--root", repo, main); code != exitOK || !strings.Contains(out, "scan problem") {
		t.Fatalf("main.tf alone: exit %d\n%s", code, out)
	}
	code, out, _ := papilint(t, "scan", "--root", repo, "--siblings", main)
	if code != exitOK || !strings.Contains(out, "no findings in 2 files\n") {
		t.Errorf("--siblings main.tf: exit %d\n%s", code, out)
	}

	// Findings and scan problems of files that were not named stay out; the
	// named files report theirs once, however many batches name them.
	dir := copyExample(t, "examples/broken")
	os.WriteFile(filepath.Join(dir, "bad.yaml"), []byte("AWSTemplateFormatVersion: x\nResources:\n  X: [unclosed\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"name": "x"}`), 0o644)
	os.WriteFile(filepath.Join(dir, ".pre-commit-config.yaml"), []byte("repos: []\n"), 0o644)
	code, out, _ = papilint(t, "scan", "--root", dir, "--siblings", filepath.Join(dir, "package.json"), filepath.Join(dir, ".pre-commit-config.yaml"))
	if code != exitOK || strings.Contains(out, "PAPI") || strings.Contains(out, "bad.yaml") {
		t.Errorf("non-IaC files named: exit %d\n%s", code, out)
	}
	code, out, _ = papilint(t, "scan", "--root", dir, "--siblings", filepath.Join(dir, "private-api.yaml"), filepath.Join(dir, "package.json"))
	if code != exitFindings || strings.Count(out, "[PAPI030]") != 1 || strings.Contains(out, "bad.yaml") {
		t.Errorf("template named: exit %d\n%s", code, out)
	}
	code, out, _ = papilint(t, "scan", "--root", dir, "--siblings", filepath.Join(dir, "bad.yaml"))
	if code != exitError || !strings.Contains(out, "bad.yaml:3:") || strings.Contains(out, "[PAPI") {
		t.Errorf("broken file named: exit %d\n%s", code, out)
	}

	// A directory among the arguments is scanned and reported whole.
	code, out, _ = papilint(t, "scan", "--root", repo, "--siblings", filepath.Join(repo, "examples/broken"), main)
	if code != exitFindings || strings.Count(out, "[PAPI030]") != 1 || !strings.Contains(out, "[PAPI009]") {
		t.Errorf("a directory and a file: exit %d\n%s", code, out)
	}

	// Many individual files, the way pre-commit passes them: each
	// conforming example's files by name (and twice), with files that are
	// not IaC among them. (Examples are scanned one at a time: they share a
	// host name, so together they would look like one deployment.)
	for _, ex := range []string{"examples/conforming", "examples/conforming-json", "examples/conforming-split",
		"examples/terraform/conforming", "examples/terraform/conforming-modules", "examples/terraform/conforming-policy-document"} {
		var files []string
		filepath.WalkDir(filepath.Join(repo, ex), func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				files = append(files, p)
			}
			return nil
		})
		sort.Strings(files)
		args := append([]string{"scan", "--root", repo, "--siblings", "--fail-on", "warning"}, files...)
		args = append(args, files...)
		args = append(args, filepath.Join(repo, "README.md"), filepath.Join(repo, ".pre-commit-hooks.yaml"), filepath.Join(repo, "action.yml"))
		if code, out, _ := papilint(t, args...); code != exitOK || !strings.Contains(out, "no findings in") || strings.Contains(out, "scan problem") {
			t.Errorf("%s, every file by name: exit %d\n%s", ex, code, out)
		}
	}
}

// Nothing is drawn on standard error when it is not a terminal, however long
// the scan takes.
func TestProgressNotOnTerminal(t *testing.T) {
	saved := progressDelay
	progressDelay = 0
	defer func() { progressDelay = saved }()
	f, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var stdout bytes.Buffer
	if code := run([]string{"scan", filepath.Join(repo, "examples")}, &stdout, f); code != exitFindings {
		t.Fatalf("exit %d", code)
	}
	if isTerminal(f) {
		t.Fatal("a regular file counts as a terminal")
	}
	if st, _ := f.Stat(); st.Size() != 0 {
		b, _ := os.ReadFile(f.Name())
		t.Errorf("stderr is not a terminal but got %q", b)
	}
	// The line itself, drawn as on a terminal.
	var term bytes.Buffer
	p := startProgressOn(&term, true, 0, time.Millisecond)
	p.loaded(3)
	time.Sleep(20 * time.Millisecond)
	p.checking(12, 340)
	time.Sleep(20 * time.Millisecond)
	p.stop()
	out := term.String()
	if !strings.Contains(out, "\rpapilint: loading… 3 files loaded") || !strings.Contains(out, "\rpapilint: 12 files loaded, checking 340 resources…") ||
		!strings.HasSuffix(out, "\r") || strings.Contains(out, "\n") {
		t.Errorf("progress line: %q", out)
	}
	// Short scans show nothing even on a terminal.
	term.Reset()
	p = startProgressOn(&term, true, time.Hour, time.Millisecond)
	p.stop()
	if term.Len() != 0 {
		t.Errorf("progress before the delay: %q", term.String())
	}
}

// Every example's SARIF, with and without suppressed results, matches the
// OASIS schema (the other two validators run in scripts/ci-sarif.sh).
func TestExamplesSARIFValid(t *testing.T) {
	sch := compileSchema(t, "sarif-schema-2.1.0.json")
	for _, ex := range exampleDirs(t) {
		_, doc, _ := papilint(t, "scan", "--root", repo, "--format", "sarif", filepath.Join(repo, ex))
		validateJSON(t, sch, ex, []byte(doc))
		base := filepath.Join(t.TempDir(), "b.json")
		_, doc, _ = papilint(t, "scan", "--root", repo, "--write-baseline", base, "--format", "sarif", filepath.Join(repo, ex))
		validateJSON(t, sch, ex+" (baselined)", []byte(doc))
	}
}

// exampleDirs lists the directories of examples/ that hold files (relative
// to the repository).
func exampleDirs(t *testing.T) []string {
	t.Helper()
	seen := map[string]bool{}
	filepath.WalkDir(filepath.Join(repo, "examples"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(repo, filepath.Dir(p))
			seen[filepath.ToSlash(rel)] = true
		}
		return nil
	})
	var out []string
	for d := range seen {
		out = append(out, d)
	}
	sort.Strings(out)
	if len(out) < 4 {
		t.Fatalf("examples: %v", out)
	}
	return out
}

// yamlAsJSON reads a YAML file and returns it as JSON.
func yamlAsJSON(t *testing.T, path string) []byte {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	js, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return js
}

// action.yml and the workflows match the SchemaStore schemas
// (action-validator and actionlint check more in scripts/ci-actions.sh).
func TestActionAndWorkflowSchemas(t *testing.T) {
	validateJSON(t, compileSchema(t, "github-action.json"), "action.yml", yamlAsJSON(t, filepath.Join(repo, "action.yml")))
	wf := compileSchema(t, "github-workflow.json")
	files, _ := filepath.Glob(filepath.Join(repo, ".github/workflows/*.yml"))
	more, _ := filepath.Glob(filepath.Join(repo, "docs/examples/*.yml"))
	files = append(files, more...)
	if len(files) < 3 {
		t.Fatalf("workflows: %v", files)
	}
	for _, f := range files {
		validateJSON(t, wf, f, yamlAsJSON(t, f))
	}
	// Inputs reach the scripts through env, never through ${{ }} in run:.
	var action struct {
		Inputs map[string]any
		Runs   struct {
			Using string
			Steps []struct {
				Run   string
				Shell string
			}
		}
	}
	raw, _ := os.ReadFile(filepath.Join(repo, "action.yml"))
	if err := yaml.Unmarshal(raw, &action); err != nil {
		t.Fatal(err)
	}
	if action.Runs.Using != "composite" {
		t.Errorf("runs.using = %q", action.Runs.Using)
	}
	for _, in := range []string{"path", "fail-on", "format", "args"} {
		if _, ok := action.Inputs[in]; !ok {
			t.Errorf("action.yml lacks input %q", in)
		}
	}
	for i, s := range action.Runs.Steps {
		if s.Run != "" && (strings.Contains(s.Run, "${{") || s.Shell == "") {
			t.Errorf("step %d: run with an expression or without shell: %q", i, s.Run)
		}
	}
}

// The hook manifest: one golang hook whose files pattern takes every input
// format and leaves other files alone.
func TestPreCommitManifest(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(repo, ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var hooks []map[string]any
	if err := yaml.Unmarshal(raw, &hooks); err != nil {
		t.Fatal(err)
	}
	var h map[string]any
	for _, x := range hooks {
		if x["id"] == "papilint" {
			h = x
		}
	}
	if h == nil || h["language"] != "golang" || h["entry"] != "papilint scan --siblings" {
		t.Fatalf("hook papilint: %v", h)
	}
	if _, ok := h["language_version"]; ok {
		t.Error("language_version makes pre-commit download a Go toolchain")
	}
	files := regexp.MustCompile(h["files"].(string))
	exclude := regexp.MustCompile(h["exclude"].(string))
	match := func(p string) bool { return files.MatchString(p) && !exclude.MatchString(p) }
	for _, p := range []string{"stack.yaml", "infra/api.yml", "t.json", "a.template", "main.tf", "mod/x.tf.json", "cdk.out/AppStack.template.json", "cdk.out/manifest.json", "x.tofu"} {
		if !match(p) {
			t.Errorf("%s is not passed to the hook", p)
		}
	}
	for _, p := range []string{"README.md", "main.go", ".terraform/modules/x/main.tf", "node_modules/a/package.json", "terraform.tfstate"} {
		if match(p) {
			t.Errorf("%s is passed to the hook", p)
		}
	}
}

// The schema check is wired up: it rejects the invalid fixtures it is meant
// to catch (testdata/sarif-bad/README.md has the table).
func TestSchemaRejectsBadSARIF(t *testing.T) {
	sch := compileSchema(t, "sarif-schema-2.1.0.json")
	for name, rejects := range map[string]bool{
		"level-critical.sarif": true, "unknown-property.sarif": true,
		"absolute-uri.sarif": false, "no-locations.sarif": false, "message-id.sarif": false, "no-results-array.sarif": false,
	} {
		doc, err := os.ReadFile(filepath.Join(repo, "testdata/sarif-bad", name))
		if err != nil {
			t.Fatal(err)
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := sch.Validate(inst) != nil; got != rejects {
			t.Errorf("%s: rejected %v, want %v", name, got, rejects)
		}
	}
}

// The README shows the Markdown report's diagram for examples/broken; it
// must be what papilint prints today.
func TestREADMEDiagramIsCurrent(t *testing.T) {
	_, out, _ := papilint(t, "scan", "--root", repo, "--format", "markdown", filepath.Join(repo, "examples/broken"))
	i := strings.Index(out, "```mermaid\n")
	j := strings.Index(out[i:], "\n```\n")
	if i < 0 || j < 0 {
		t.Fatalf("no diagram in the report:\n%s", out)
	}
	diagram := out[i : i+j+5]
	readme, err := os.ReadFile(filepath.Join(repo, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), diagram) {
		t.Errorf("README.md's request-path example is out of date; replace it with the output of\n"+
			"papilint scan --format markdown examples/broken:\n%s", diagram)
	}
}
