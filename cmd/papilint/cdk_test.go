package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The CDK apps under testdata/cdk/apps and the rule cases synthesized from
// them by the real aws-cdk-lib (scripts/cdk-synth-testdata).

func TestCDKConformingAppsAreClean(t *testing.T) {
	for _, app := range []string{"single-stack", "split-strong", "split-weak", "nested-stacks", "stage"} {
		t.Run(app, func(t *testing.T) {
			dir := filepath.Join(repo, "testdata/cdk/apps", app)
			code, out, errs := papilint(t, "scan", "--root", repo, "--fail-on", "note", filepath.Join(dir, "cdk.out"))
			if code != exitOK || !strings.HasPrefix(out, "no findings in ") {
				t.Errorf("exit %d, want 0 and no findings\n%s%s", code, out, errs)
			}
		})
	}
}

// TestCDKFindingsNameConstructs: each rule fires on its CDK mutation, and
// the finding names the construct in its message, in the text output and
// in SARIF's logical locations; the SARIF is valid.
func TestCDKFindingsNameConstructs(t *testing.T) {
	schema := sarifSchema(t)
	for _, c := range []struct {
		dir, rule, construct, at string
	}{
		{"rules/papi001/testdata/cdk-regional", "PAPI001", "PrivateApiStack/PrivateApi/Resource", "cdk.out/PrivateApiStack.template.json:468:15"},
		{"rules/papi002/testdata/cdk-no-policy", "PAPI002", "Api/PrivateApi/Resource", "cdk.out/Api.template.json:3:3"},
		{"rules/papi009/testdata/cdk-allow-every-endpoint", "PAPI009", "Main/Api/PrivateApi/Resource", "cdk.out/MainApi55044011.nested.template.json:15:7"},
		{"rules/papi010/testdata/cdk-execute-api-endpoint-enabled", "PAPI010", "Api/PrivateApi/Resource", "cdk.out/Api.template.json:6:34"},
		{"rules/papi030/testdata/cdk-internet-facing", "PAPI030", "Prod/PrivateApi/Alb/Resource", "cdk.out/assembly-Prod/ProdPrivateApiC927F122.template.json:349:15"},
	} {
		t.Run(c.rule, func(t *testing.T) {
			dir := filepath.Join(repo, c.dir)
			code, out, _ := papilint(t, "scan", "--root", dir, "--fail-on", "warning", filepath.Join(dir, "cdk.out"))
			if code != exitFindings {
				t.Fatalf("exit %d, want 1\n%s", code, out)
			}
			for _, want := range []string{c.at + ": ", "(" + c.construct + ")\" ", "[" + c.rule + "]", "= construct: " + c.construct} {
				if !strings.Contains(out, want) {
					t.Errorf("text output lacks %q:\n%s", want, out)
				}
			}
			_, sarif, _ := papilint(t, "scan", "--root", dir, "--format", "sarif", filepath.Join(dir, "cdk.out"))
			validateSARIF(t, schema, sarif)
			res := sarifResults(t, sarif)
			if len(res) != 1 || res[0].RuleID != c.rule {
				t.Fatalf("SARIF results %+v", res)
			}
			var names []string
			for _, l := range res[0].Locations[0].LogicalLocations {
				names = append(names, l.FullyQualifiedName)
			}
			if !strings.Contains(strings.Join(names, " "), c.construct) || !strings.Contains(res[0].Message.Text, c.construct) {
				t.Errorf("SARIF result lacks the construct path: logical locations %v, message %q", names, res[0].Message.Text)
			}
			if res[0].PartialFingerprints["papilint/v1"] == "" {
				t.Error("no papilint/v1 fingerprint")
			}
		})
	}
}

// TestCDKDebugPointsAtSource: an assembly synthesized with CDK_DEBUG=true,
// its app in the scanned tree: the finding's primary location is the line
// of the app that created the load balancer, in text, JSON and SARIF; the
// template is a related location.
func TestCDKDebugPointsAtSource(t *testing.T) {
	schema := sarifSchema(t)
	dir := "rules/papi030/testdata/cdk-debug-internet-facing"
	target := filepath.Join(repo, dir, "cdk.out")
	code, out, _ := papilint(t, "scan", "--root", repo, target)
	if code != exitFindings {
		t.Fatalf("exit %d\n%s", code, out)
	}
	for _, want := range []string{
		dir + "/app.js:11:5: error: load balancer \"Alb16C2F182 (PrivateApiStack/Alb/Resource)\"",
		"new elbv2.ApplicationLoadBalancer(scope, 'Alb', {",
		"^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
		"= construct: PrivateApiStack/Alb/Resource",
		"= " + dir + "/cdk.out/PrivateApiStack.template.json:349:15: in the synthesized template (Alb16C2F182)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q:\n%s", want, out)
		}
	}
	_, js, _ := papilint(t, "scan", "--root", repo, "--format", "json", target)
	var doc struct {
		Findings []struct {
			Location struct {
				File      string `json:"file"`
				StartLine int    `json:"startLine"`
			} `json:"location"`
			Resource struct {
				ConstructPath string `json:"constructPath"`
				Format        string `json:"format"`
			} `json:"resource"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(js), &doc); err != nil || len(doc.Findings) != 1 {
		t.Fatalf("JSON: %v\n%s", err, js)
	}
	if f := doc.Findings[0]; f.Location.File != dir+"/app.js" || f.Location.StartLine != 11 ||
		f.Resource.ConstructPath != "PrivateApiStack/Alb/Resource" || f.Resource.Format != "cdk" {
		t.Errorf("JSON finding %+v", f)
	}
	_, sarif, _ := papilint(t, "scan", "--root", repo, "--format", "sarif", target)
	validateSARIF(t, schema, sarif)
	res := sarifResults(t, sarif)
	if len(res) != 1 {
		t.Fatalf("SARIF results %+v", res)
	}
	if uri := res[0].Locations[0].PhysicalLocation.ArtifactLocation.URI; uri != dir+"/app.js" {
		t.Errorf("SARIF primary location %s", uri)
	}
	if len(res[0].RelatedLocations) == 0 || res[0].RelatedLocations[0].PhysicalLocation.ArtifactLocation.URI != dir+"/cdk.out/PrivateApiStack.template.json" {
		t.Errorf("SARIF related locations %+v", res[0].RelatedLocations)
	}
}

// TestCDKUnknownManifestVersion: an assembly from a CDK newer than papilint
// is an input error, named clearly.
func TestCDKUnknownManifestVersion(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "cdk.out")
	os.MkdirAll(out, 0o755)
	src := filepath.Join(repo, "testdata/cdk/apps/single-stack/cdk.out")
	for _, name := range []string{"manifest.json", "PrivateApiStack.template.json"} {
		b, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		b = []byte(strings.Replace(string(b), `"version": "55.0.0"`, `"version": "99.0.0"`, 1))
		os.WriteFile(filepath.Join(out, name), b, 0o644)
	}
	code, stdout, _ := papilint(t, "scan", "--root", dir, out)
	if code != exitError || !strings.Contains(stdout, "cdk.out/manifest.json:2:3: error: cloud assembly version 99.0.0 is newer than papilint understands") {
		t.Errorf("exit %d\n%s", code, stdout)
	}
}

func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	schemaPath := filepath.Join(repo, "../shared/schemas/sarif-schema-2.1.0.json")
	if _, err := os.Stat(schemaPath); err != nil {
		return nil
	}
	s, err := jsonschema.NewCompiler().Compile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func validateSARIF(t *testing.T, schema *jsonschema.Schema, sarif string) {
	t.Helper()
	if schema == nil {
		t.Log("SARIF schema not available; not validated")
		return
	}
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(sarif))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(inst); err != nil {
		t.Errorf("SARIF does not match the schema: %v", err)
	}
}

type sarifLocation struct {
	PhysicalLocation struct {
		ArtifactLocation struct {
			URI string `json:"uri"`
		} `json:"artifactLocation"`
	} `json:"physicalLocation"`
	LogicalLocations []struct {
		FullyQualifiedName string `json:"fullyQualifiedName"`
	} `json:"logicalLocations"`
}

type sarifResult struct {
	RuleID  string `json:"ruleId"`
	Message struct {
		Text string `json:"text"`
	} `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	RelatedLocations    []sarifLocation   `json:"relatedLocations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
}

func sarifResults(t *testing.T, sarif string) []sarifResult {
	t.Helper()
	var log struct {
		Runs []struct {
			Results []sarifResult `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(sarif), &log); err != nil || len(log.Runs) != 1 {
		t.Fatalf("SARIF: %v", err)
	}
	return log.Runs[0].Results
}
