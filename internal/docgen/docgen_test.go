package docgen

import (
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/graph"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func noRun(*analysis.Pass) (any, error) { return nil, nil }

// full documents every field; minimal only what Validate requires.
var (
	full = &analysis.Analyzer{
		ID:       "PAPI001",
		Name:     "rest-api-not-private",
		Severity: analysis.Error,
		Engine:   analysis.EngineGo,
		Formats:  []graph.Format{graph.CDK, graph.CloudFormation, graph.Terraform},
		Run:      noRun,
		Doc: &analysis.Doc{
			Title:      "The REST API's endpoint type is not PRIVATE",
			Summary:    "A REST API behind the internal ALB must have exactly the `PRIVATE` endpoint type.",
			Confidence: "[V]",
			Tier:       1,
			CFN:        "`AWS::ApiGateway::RestApi` `EndpointConfiguration.Types`",
			TF:         "`aws_api_gateway_rest_api` `endpoint_configuration.types`",
			Scope:      "REST APIs that are targets of the private ALB pattern.",
			Trigger:    "`Types` is missing, or is not exactly `[PRIVATE]`.",
			Symptom:    "The API is reachable from the internet; `aws:SourceVpce` conditions never match.",
			Fix:        "Set `EndpointConfiguration.Types` to `[PRIVATE]`.",
			Skip:       "Values that cannot be known before deploy, such as parameters without a default.",
			Bad: `Api:
  Type: AWS::ApiGateway::RestApi
  Properties:
    EndpointConfiguration:
      Types: [EDGE]
`,
			Good: `Api:
  Type: AWS::ApiGateway::RestApi
  Properties:
    EndpointConfiguration:
      Types: [PRIVATE]
`,
			SecuritySeverity: "8.0",
			Tags:             []string{"aws", "apigateway"},
			References: []string{
				"https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-apis.html",
				"AWS re:Post, private API access",
			},
		},
	}
	minimal = &analysis.Analyzer{
		ID:       "PAPI111",
		Name:     "consider-native-private-domain",
		Severity: analysis.Note,
		Engine:   analysis.EngineRego,
		Run:      noRun,
		Doc: &analysis.Doc{
			Title:      "A private custom domain could replace the ALB",
			Summary:    "API Gateway serves private custom domains natively.",
			Confidence: "[I]",
			Trigger:    "An internal ALB forwards to an execute-api endpoint.",
			Symptom:    "Extra moving parts.",
			Fix:        "Use `AWS::ApiGateway::DomainNameV2`.",
			Bad:        "Alb:\n  Type: AWS::ElasticLoadBalancingV2::LoadBalancer\n",
			Good:       "Domain:\n  Type: AWS::ApiGateway::DomainNameV2\n",
		},
	}
	model = &analysis.Analyzer{Name: "pattern", Run: noRun}
	all   = []*analysis.Analyzer{minimal, model, full}
)

func TestValidFixtures(t *testing.T) {
	if err := analysis.Validate(all); err != nil {
		t.Fatal(err)
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the output (run go test -update to accept):\n--- got\n%s", path, got)
	}
}

func TestGolden(t *testing.T) {
	golden(t, "PAPI001.md", Markdown(full))
	golden(t, "PAPI001.txt", Text(full))
	golden(t, "PAPI111.md", Markdown(minimal))
	golden(t, "PAPI111.txt", Text(minimal))
	golden(t, "README.md", Index(all))
}

func TestDeterministic(t *testing.T) {
	for _, a := range []*analysis.Analyzer{full, minimal} {
		if Markdown(a) != Markdown(a) || Text(a) != Text(a) {
			t.Errorf("%s: output differs between calls", a.ID)
		}
	}
	reversed := []*analysis.Analyzer{full, model, minimal}
	if Index(all) != Index(reversed) {
		t.Error("Index depends on the order of its input")
	}
}

func TestMarkdownSections(t *testing.T) {
	md := Markdown(full)
	for _, want := range []string{
		"# PAPI001 rest-api-not-private\n",
		"| Severity | error |", "| Confidence | [V] |", "| Tier | 1 |",
		"| Formats | CloudFormation, Terraform, CDK |",
		"## Summary", "## Inputs", "- CloudFormation: ", "- Terraform: ", "## Scope", "## Trigger",
		"## Symptom", "## Fix", "## What is not reported",
		"## Bad example\n\n```yaml\nApi:", "## Good example\n\n```yaml\nApi:",
		"## How to suppress", "      - id: PAPI001\n        reason: \"...\"",
		`# papilint:ignore PAPI001 reason="..."`,
		"## References", "- <https://docs.aws.amazon.com/",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q", want)
		}
	}
	md = Markdown(minimal)
	for _, absent := range []string{"## Inputs", "## Scope", "## What is not reported", "## References", "| Tier |"} {
		if strings.Contains(md, absent) {
			t.Errorf("Markdown of a rule without it has %q", absent)
		}
	}
	if !strings.Contains(md, "| Formats | "+formats(graph.Formats)+" |") {
		t.Error("a rule without Formats should list every format this build reads")
	}
}

func TestHelpURI(t *testing.T) {
	if got, want := HelpURI("PAPI001"), "https://github.com/papilint/papilint/blob/main/docs/rules/PAPI001.md"; got != want {
		t.Errorf("HelpURI = %q, want %q", got, want)
	}
}

func TestWriteCheck(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "docs", "rules")
	if got := Check(dir, all); !reflect.DeepEqual(got, []string{"PAPI001.md", "PAPI111.md", "README.md"}) {
		t.Errorf("Check before Write = %q", got)
	}
	if err := Write(dir, all); err != nil {
		t.Fatal(err)
	}
	if got := Check(dir, all); len(got) != 0 {
		t.Errorf("Check after Write = %q, want nothing", got)
	}
	page, err := os.ReadFile(filepath.Join(dir, "PAPI001.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(string(page), Markdown(full)) || !strings.HasPrefix(string(page), "<!-- Code generated") {
		t.Error("page is not the generated header followed by Markdown")
	}
	if err := os.WriteFile(filepath.Join(dir, "PAPI111.md"), []byte("edited\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "PAPI999.md"), []byte("old rule\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "notes.md"), []byte("not generated\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := Check(dir, all); !reflect.DeepEqual(got, []string{"PAPI111.md", "PAPI999.md"}) {
		t.Errorf("Check after edits = %q, want the edited page and the orphan", got)
	}
}
