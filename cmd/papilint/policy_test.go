package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestCustomPolicy: the README's custom rule runs under scan --policy and
// its tests under papilint test.
func TestCustomPolicy(t *testing.T) {
	policies := filepath.Join(repo, "examples/policies")
	stack := filepath.Join(repo, "examples/conforming")
	code, out, errs := papilint(t, "scan", "--root", repo, "--policy", policies, stack)
	if code != exitOK || !strings.Contains(out, `examples/conforming/private-api.yaml:110:3: warning: stage "Stage" of private REST API "Api" writes no access logs [ACME001]`) {
		t.Errorf("exit %d\n%s%s", code, out, errs)
	}
	if code, out, _ := papilint(t, "scan", "--root", repo, "--policy", policies, "--fail-on", "warning", stack); code != exitFindings {
		t.Errorf("--fail-on warning: exit %d\n%s", code, out)
	}
	_, sarif, _ := papilint(t, "scan", "--root", repo, "--policy", policies, "--format", "sarif", stack)
	for _, want := range []string{`"id": "ACME001"`, `"ruleId": "ACME001"`, "Stage of a private API writes no access logs"} {
		if !strings.Contains(sarif, want) {
			t.Errorf("SARIF lacks %s", want)
		}
	}
	code, out, errs = papilint(t, "test", policies)
	if code != exitOK || !strings.Contains(out, "PASS: 3/3") {
		t.Errorf("papilint test: exit %d\n%s%s", code, out, errs)
	}
}

// TestCustomPolicyFromConfig: the config file's policy: list, settings for a
// custom rule, and an inline suppression of it.
func TestCustomPolicyFromConfig(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join(repo, "examples/conforming/private-api.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	rule, _ := os.ReadFile(filepath.Join(repo, "examples/policies/acme/stage_access_logs.rego"))
	writeFiles(t, dir, map[string]string{
		"infra/stack.yaml":    string(src),
		"policies/acme.rego":  string(rule),
		".papilint.yaml":      "version: 1\npolicy: [policies]\nrules:\n  ACME001: {severity: error}\n",
		"infra/other/x.yaml":  "not: a template\n",
		"infra/other/README":  "",
		"policies/README.txt": "",
	})
	code, out, errs := papilint(t, "scan", "--root", dir, filepath.Join(dir, "infra"))
	if code != exitFindings || !strings.Contains(out, "error: stage \"Stage\" of private REST API \"Api\" writes no access logs [ACME001]") {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	suppressed := strings.Replace(string(src), "  Stage:\n", "  Stage: # papilint:ignore ACME001 reason=\"logs are shipped by the platform\"\n", 1)
	writeFiles(t, dir, map[string]string{"infra/stack.yaml": suppressed})
	code, out, errs = papilint(t, "scan", "--root", dir, filepath.Join(dir, "infra"))
	if code != exitOK || !strings.Contains(out, "1 suppressed") {
		t.Errorf("suppressed: exit %d\n%s%s", code, out, errs)
	}
}

// TestBrokenPolicy: a policy that does not compile stops the scan with exit
// code 2 and names its file, line and column.
func TestBrokenPolicy(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"bad.rego": `# METADATA
# title: Bad
# description: Reads a field the input does not have.
# custom:
#   id: ACME002
#   name: bad-field
#   severity: error
package papilint.custom.bad

import data.papilint.lib

report contains lib.finding(n, [], "x") if {
	some n in input.nodes
	n.propertis.Scheme == "internal"
}
`})
	code, out, errs := papilint(t, "scan", "--policy", dir, filepath.Join(repo, "examples/conforming"))
	if code != exitError || !strings.Contains(errs, filepath.ToSlash(filepath.Join(dir, "bad.rego"))+":14:2: rego_type_error: undefined ref: n.propertis.Scheme") {
		t.Errorf("exit %d\n%s%s", code, out, errs)
	}
	if code, _, errs := papilint(t, "test", dir); code != exitError || !strings.Contains(errs, "bad.rego:14:2") {
		t.Errorf("papilint test: exit %d\n%s", code, errs)
	}
}

// TestSlowPolicy: a policy that runs out of the time limit is reported as a
// scan problem; the other rules' findings are all there.
func TestSlowPolicy(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"slow.rego": `# METADATA
# title: Slow
# description: Takes far too long.
# custom:
#   id: ACME003
#   name: slow-rule
#   severity: error
package papilint.custom.slow

import data.papilint.lib

report contains lib.finding(n, [], "slow") if {
	some n in input.nodes
	some a in numbers.range(1, 5000)
	some b in numbers.range(1, 5000)
	a * b == -1
}
`})
	code, out, errs := papilint(t, "scan", "--root", repo, "--policy", dir, "--policy", filepath.Join(repo, "examples/policies"),
		"--policy-time-limit", "200ms", "--format", "json", filepath.Join(repo, "examples/broken"))
	if code != exitError {
		t.Errorf("exit %d, want 2\n%s", code, errs)
	}
	var doc struct {
		Findings []struct {
			Rule string `json:"rule"`
		} `json:"findings"`
		Notifications []struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"notifications"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	rules := map[string]bool{}
	for _, f := range doc.Findings {
		rules[f.Rule] = true
	}
	for _, want := range []string{"ACME001", "PAPI002", "PAPI009", "PAPI030"} {
		if !rules[want] {
			t.Errorf("no %s finding: %v", want, rules)
		}
	}
	if len(doc.Notifications) != 1 || doc.Notifications[0].Code != "papilint-policy-timeout" || !strings.Contains(doc.Notifications[0].Message, "ACME003") {
		t.Errorf("notifications %+v", doc.Notifications)
	}
}

// TestPolicyTestFailure: a failing Rego test makes papilint test exit 1.
func TestPolicyTestFailure(t *testing.T) {
	dir := t.TempDir()
	rule, _ := os.ReadFile(filepath.Join(repo, "examples/policies/acme/stage_access_logs.rego"))
	writeFiles(t, dir, map[string]string{
		"rule.rego": string(rule),
		"rule_test.rego": `package papilint.custom.stage_access_logs_test

import data.papilint.custom.stage_access_logs
import data.papilint.testing as t

test_wrong_expectation if {
	count(stage_access_logs.report) == 1 with input as t.input_of([], [], [])
}
`,
	})
	code, out, _ := papilint(t, "test", dir)
	if code != exitFindings || !strings.Contains(out, "FAIL: ") || !strings.Contains(out, "test_wrong_expectation") || !strings.Contains(out, "PASS: 0/1, FAIL: 1") {
		t.Errorf("exit %d\n%s", code, out)
	}
}

// TestRegoRulesListed: papilint rules shows the engine, and nothing else
// tells the engines apart.
func TestRegoRulesListed(t *testing.T) {
	_, out, _ := papilint(t, "rules")
	rego := 0
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, " rego ") {
			rego++
		}
	}
	if rego < 12 {
		t.Errorf("%d rules in Rego, want at least 12:\n%s", rego, out)
	}
	if _, out, _ := papilint(t, "explain", "PAPI040"); !strings.Contains(out, "tg-not-ip-type") || !strings.Contains(out, "TargetType") {
		t.Errorf("explain PAPI040:\n%s", out)
	}
}

// TestInputCommand: papilint input prints the document policies read.
func TestInputCommand(t *testing.T) {
	code, out, errs := papilint(t, "input", "--root", repo, filepath.Join(repo, "examples/conforming"))
	var doc struct {
		Nodes []struct {
			ID   string `json:"id"`
			Kind string `json:"kind"`
		} `json:"nodes"`
		Scope struct {
			Instances []map[string]any `json:"instances"`
		} `json:"scope"`
	}
	if code != exitOK || json.Unmarshal([]byte(out), &doc) != nil || len(doc.Nodes) == 0 || len(doc.Scope.Instances) != 1 {
		t.Fatalf("exit %d: %s\n%s", code, errs, out)
	}
}
