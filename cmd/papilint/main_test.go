package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// repo is the repository root as seen from this package.
const repo = "../.."

func papilint(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestConformingExamplesAreClean(t *testing.T) {
	for _, ex := range []string{"examples/conforming", "examples/conforming-json", "examples/conforming-split",
		"examples/terraform/conforming", "examples/terraform/conforming-modules", "examples/terraform/conforming-policy-document"} {
		t.Run(ex, func(t *testing.T) {
			code, out, errs := papilint(t, "scan", "--root", repo, "--fail-on", "warning", filepath.Join(repo, ex))
			if code != exitOK {
				t.Fatalf("exit %d, want 0\n%s%s", code, out, errs)
			}
			if !strings.Contains(out, "no findings in") {
				t.Errorf("unexpected output:\n%s", out)
			}
		})
	}
}

func TestBrokenExample(t *testing.T) {
	code, out, _ := papilint(t, "scan", "--root", repo, filepath.Join(repo, "examples/broken"))
	if code != exitFindings {
		t.Fatalf("exit %d, want 1\n%s", code, out)
	}
	for _, want := range []string{
		"examples/broken/private-api.yaml:70:3: warning: private REST API \"Api\" is mapped by a custom domain but still answers on its default execute-api endpoint",
		"[PAPI010]",
		"examples/broken/private-api.yaml:79:13: error: resource policy of private REST API \"Api\" lets anonymous callers invoke it from any VPC endpoint",
		"examples/broken/private-api.yaml:84:3: error: private REST API \"AdminApi\" has no resource policy",
		"examples/broken/private-api.yaml:138:15: error: load balancer \"Alb\" forwards to the execute-api endpoint but its Scheme is internet-facing",
		"4 findings (3 errors, 1 warning, 0 notes) in 1 file",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colour in output that is not a terminal")
	}
}

func TestFailOn(t *testing.T) {
	broken := filepath.Join(repo, "examples/broken")
	for _, c := range []struct {
		failOn string
		want   int
	}{{"error", 1}, {"warning", 1}, {"note", 1}, {"none", 0}} {
		if code, _, _ := papilint(t, "scan", "--fail-on", c.failOn, broken); code != c.want {
			t.Errorf("--fail-on %s: exit %d, want %d", c.failOn, code, c.want)
		}
	}
	// A warning alone does not fail at the default level.
	dir := t.TempDir()
	src, _ := os.ReadFile(filepath.Join(repo, "examples/conforming/private-api.yaml"))
	os.WriteFile(filepath.Join(dir, "t.yaml"), bytes.Replace(src, []byte("      DisableExecuteApiEndpoint: true\n"), nil, 1), 0o644)
	if code, out, _ := papilint(t, "scan", dir); code != exitOK || !strings.Contains(out, "PAPI010") {
		t.Errorf("warning only: exit %d, want 0 with a PAPI010 warning\n%s", code, out)
	}
	if code, _, _ := papilint(t, "scan", "--fail-on", "warning", dir); code != exitFindings {
		t.Errorf("warning with --fail-on warning: exit %d, want 1", code)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"scan", "--format", "xml", "."},
		{"scan", "--fail-on", "sometimes", "."},
		{"scan", "--param", "novalue", "."},
		{"scan", "does-not-exist"},
		{"scan", "--no-such-flag"},
		{"explain", "PAPI999"},
	} {
		code, _, errs := papilint(t, args...)
		if code != exitError {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
		if !strings.HasPrefix(errs, "papilint: ") {
			t.Errorf("%v: stderr %q lacks a clear message", args, errs)
		}
	}
}

// A file that cannot be parsed is reported with its position, the rest of
// the scan goes on, and the exit code is 2.
func TestBrokenFileDoesNotHideFindings(t *testing.T) {
	dir := t.TempDir()
	src, _ := os.ReadFile(filepath.Join(repo, "examples/broken/private-api.yaml"))
	os.WriteFile(filepath.Join(dir, "a-broken.yaml"), src, 0o644)
	os.WriteFile(filepath.Join(dir, "b-bad.yaml"), []byte("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  X: [unclosed\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "c-bad.json"), []byte("{\"AWSTemplateFormatVersion\": \"2010-09-09\",\n \"Resources\": {\"X\": }}\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "d-binary.yaml"), []byte("AWSTemplateFormatVersion: x\nResources:\x00\x01\x02"), 0o644)
	os.WriteFile(filepath.Join(dir, "workflow.yaml"), []byte("on: push\njobs: {build: {runs-on: ubuntu-latest}}\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "package.json"), []byte("{\"name\": \"x\"}\n"), 0o644)
	code, out, _ := papilint(t, "scan", "--root", dir, dir)
	if code != exitError {
		t.Errorf("exit %d, want 2", code)
	}
	for _, want := range []string{"b-bad.yaml:3:", "c-bad.json:2:", "d-binary.yaml", "binary", "[PAPI030]", "[PAPI009]"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "workflow.yaml") || strings.Contains(out, "package.json") {
		t.Errorf("non-IaC files were reported:\n%s", out)
	}
}

func TestSARIFValidAndDeterministic(t *testing.T) {
	schemaPath := filepath.Join(repo, "../shared/schemas/sarif-schema-2.1.0.json")
	if _, err := os.Stat(schemaPath); err != nil {
		t.Skipf("SARIF schema not available: %v", err)
	}
	c := jsonschema.NewCompiler()
	schema, err := c.Compile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, ex := range []string{"examples/broken", "examples/conforming", "examples"} {
		_, first, _ := papilint(t, "scan", "--root", repo, "--format", "sarif", filepath.Join(repo, ex))
		_, second, _ := papilint(t, "scan", "--root", repo, "--format", "sarif", filepath.Join(repo, ex))
		if first != second {
			t.Errorf("%s: two runs differ", ex)
		}
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(first))
		if err != nil {
			t.Fatalf("%s: not JSON: %v", ex, err)
		}
		if err := schema.Validate(inst); err != nil {
			t.Errorf("%s: SARIF does not match the schema: %v", ex, err)
		}
		var log struct {
			Runs []struct {
				Results []struct {
					RuleID    string `json:"ruleId"`
					Locations []struct {
						PhysicalLocation struct {
							ArtifactLocation struct {
								URI       string `json:"uri"`
								URIBaseID string `json:"uriBaseId"`
							} `json:"artifactLocation"`
						} `json:"physicalLocation"`
					} `json:"locations"`
				} `json:"results"`
				Tool struct {
					Driver struct {
						Rules []struct {
							ID         string            `json:"id"`
							Properties map[string]any    `json:"properties"`
							Help       map[string]string `json:"help"`
						} `json:"rules"`
					} `json:"driver"`
				} `json:"tool"`
			} `json:"runs"`
		}
		if err := json.Unmarshal([]byte(first), &log); err != nil {
			t.Fatal(err)
		}
		if len(log.Runs) != 1 || len(log.Runs[0].Tool.Driver.Rules) < 5 {
			t.Fatalf("%s: want one run listing every rule", ex)
		}
		for _, r := range log.Runs[0].Tool.Driver.Rules {
			if s, ok := r.Properties["security-severity"]; ok {
				if _, isString := s.(string); !isString {
					t.Errorf("%s: security-severity %v is not a string", r.ID, s)
				}
			}
			if r.Help["markdown"] == "" {
				t.Errorf("%s: no help markdown", r.ID)
			}
		}
		for _, res := range log.Runs[0].Results {
			uri := res.Locations[0].PhysicalLocation.ArtifactLocation.URI
			if !strings.HasPrefix(uri, "examples/") {
				t.Errorf("result URI %q is not relative to the repository", uri)
			}
		}
	}
}

func TestJSONOutput(t *testing.T) {
	_, out, _ := papilint(t, "scan", "--root", repo, "--format", "json", filepath.Join(repo, "examples/broken"))
	var rep struct {
		Version  int `json:"version"`
		Findings []struct {
			Rule     string `json:"rule"`
			Severity string `json:"severity"`
			Location struct {
				File      string `json:"file"`
				StartLine int    `json:"startLine"`
			} `json:"location"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if rep.Version != 1 || len(rep.Findings) != 4 {
		t.Fatalf("want version 1 and 4 findings, got %+v", rep)
	}
	if f := rep.Findings[0]; f.Location.File != "examples/broken/private-api.yaml" || f.Location.StartLine != 70 {
		t.Errorf("first finding at %+v", f.Location)
	}
}

func TestOutputFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.sarif")
	code, stdout, _ := papilint(t, "scan", "--format", "sarif", "--output", out, filepath.Join(repo, "examples/broken"))
	if code != exitFindings || stdout != "" {
		t.Errorf("exit %d, stdout %q", code, stdout)
	}
	if b, err := os.ReadFile(out); err != nil || !bytes.Contains(b, []byte(`"version": "2.1.0"`)) {
		t.Errorf("report file: %v", err)
	}
}

func TestParams(t *testing.T) {
	conforming := filepath.Join(repo, "examples/conforming")
	// Override a parameter whose default is used by the pattern: the
	// certificate and DNS names change together, nothing breaks.
	if code, out, _ := papilint(t, "scan", "--param", "ApiHost=api.example.org", conforming); code != 0 {
		t.Errorf("exit %d\n%s", code, out)
	}
	dir := t.TempDir()
	list := filepath.Join(dir, "list.json")
	os.WriteFile(list, []byte(`[{"ParameterKey": "ApiHost", "ParameterValue": "a.example.org"}]`), 0o644)
	obj := filepath.Join(dir, "obj.json")
	os.WriteFile(obj, []byte(`{"Parameters": {"ApiHost": "b.example.org"}}`), 0o644)
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"Nope": 1}`), 0o644)
	for _, f := range []string{list, obj} {
		if code, out, _ := papilint(t, "scan", "--param-file", f, conforming); code != 0 {
			t.Errorf("%s: exit %d\n%s", f, code, out)
		}
	}
	if code, _, _ := papilint(t, "scan", "--param-file", bad, conforming); code != exitError {
		t.Errorf("bad param file: exit %d, want 2", code)
	}
	params := map[string]string{}
	if err := readParamFile(list, params); err != nil || params["ApiHost"] != "a.example.org" {
		t.Errorf("list shape: %v %v", params, err)
	}
	if err := readParamFile(obj, params); err != nil || params["ApiHost"] != "b.example.org" {
		t.Errorf("object shape: %v %v", params, err)
	}
}

// TestTerraformVars sets a Terraform variable that has no default with
// --var, --var-file and TF_VAR_: the ALB becomes internet-facing.
func TestTerraformVars(t *testing.T) {
	tf := filepath.Join(repo, "rules/papi030/testdata/tf-internal-unset-variable.tf")
	if code, out, _ := papilint(t, "scan", tf); code != exitOK {
		t.Fatalf("without a value: exit %d, want 0\n%s", code, out)
	}
	if code, out, _ := papilint(t, "scan", "--var", "internal=false", tf); code != exitFindings || !strings.Contains(out, "[PAPI030]") {
		t.Errorf("--var internal=false: exit %d, want 1\n%s", code, out)
	}
	if code, out, _ := papilint(t, "scan", "--var", "internal=true", tf); code != exitOK {
		t.Errorf("--var internal=true: exit %d, want 0\n%s", code, out)
	}
	dir := t.TempDir()
	vf := filepath.Join(dir, "prod.tfvars")
	os.WriteFile(vf, []byte("internal = false\n"), 0o644)
	if code, out, _ := papilint(t, "scan", "--var-file", vf, tf); code != exitFindings {
		t.Errorf("--var-file: exit %d, want 1\n%s", code, out)
	}
	if code, out, _ := papilint(t, "scan", "--var-file", vf, "--var", "internal=true", tf); code != exitOK {
		t.Errorf("--var after --var-file: exit %d, want 0\n%s", code, out)
	}
	t.Setenv("TF_VAR_internal", "false")
	if code, out, _ := papilint(t, "scan", tf); code != exitFindings {
		t.Errorf("TF_VAR_internal=false: exit %d, want 1\n%s", code, out)
	}
	for _, bad := range [][]string{{"--var", "internal"}, {"--var-file", filepath.Join(dir, "missing.tfvars")}} {
		if code, _, _ := papilint(t, append([]string{"scan"}, append(bad, tf)...)...); code != exitError {
			t.Errorf("%v: exit %d, want 2", bad, code)
		}
	}
}

func TestRulesExplainVersion(t *testing.T) {
	code, out, _ := papilint(t, "rules")
	if code != 0 || !strings.Contains(out, "PAPI001") || !strings.Contains(out, "rest-api-not-private") || !strings.Contains(out, "go") {
		t.Errorf("rules: exit %d\n%s", code, out)
	}
	code, out, _ = papilint(t, "explain", "papi030")
	if code != 0 || !strings.Contains(out, "internet-facing") {
		t.Errorf("explain: exit %d\n%s", code, out)
	}
	code, out, _ = papilint(t, "version")
	if code != 0 || !strings.HasPrefix(out, "papilint ") {
		t.Errorf("version: exit %d %q", code, out)
	}
	code, out, _ = papilint(t, "completion", "bash")
	if code != 0 || !strings.Contains(out, "papilint") {
		t.Errorf("completion: exit %d", code)
	}
}

// The config file and inline suppressions together: a rule turned off, a
// finding ignored in the config, one suppressed inline, and one rule that
// the config makes non-suppressible inline.
func TestConfigAndSuppressions(t *testing.T) {
	dir := t.TempDir()
	src, _ := os.ReadFile(filepath.Join(repo, "examples/broken/private-api.yaml"))
	src = bytes.Replace(src, []byte("          - Effect: Allow\n"), []byte("          # papilint:ignore PAPI009 reason=\"reviewed: the VPCs are ours\"\n          - Effect: Allow\n"), 1)
	src = bytes.Replace(src, []byte("  AdminApi:\n"), []byte("  AdminApi: # papilint:ignore PAPI002 reason=\"later\"\n"), 1)
	os.WriteFile(filepath.Join(dir, "stack.yaml"), src, 0o644)
	os.WriteFile(filepath.Join(dir, "legacy.yaml"), []byte("AWSTemplateFormatVersion: x\nResources:\n  A: [broken\n"), 0o644)
	os.WriteFile(filepath.Join(dir, ".papilint.yaml"), []byte(`version: 1
rules:
  PAPI010: {enabled: false}
  PAPI002: {suppressible: false}
ignore:
  - {id: PAPI030, resource: Alb, reason: "internet-facing on purpose, behind WAF"}
exclude: [legacy.yaml]
`), 0o644)
	code, out, _ := papilint(t, "scan", "--root", dir, dir)
	if code != exitFindings {
		t.Errorf("exit %d, want 1 (PAPI002 cannot be suppressed inline)\n%s", code, out)
	}
	for _, want := range []string{"[PAPI002]", "1 finding (1 error, 0 warnings, 0 notes) in 1 file; 2 suppressed",
		"suppression of PAPI002 is not allowed"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, absent := range []string{"PAPI010]", "legacy.yaml", "[PAPI030]", "[PAPI009]"} {
		if strings.Contains(out, absent) {
			t.Errorf("output has %q:\n%s", absent, out)
		}
	}
	_, sarif, _ := papilint(t, "scan", "--root", dir, "--format", "sarif", dir)
	for _, want := range []string{`"kind": "external"`, `"justification": "internet-facing on purpose, behind WAF"`, `"kind": "inSource"`} {
		if !strings.Contains(sarif, want) {
			t.Errorf("SARIF lacks %s", want)
		}
	}
	os.WriteFile(filepath.Join(dir, ".papilint.yaml"), []byte("version: 1\nrulez: {}\n"), 0o644)
	if code, _, errs := papilint(t, "scan", dir); code != exitError || !strings.Contains(errs, `.papilint.yaml:2: unknown key "rulez"`) {
		t.Errorf("bad config: exit %d, stderr %q", code, errs)
	}
}
