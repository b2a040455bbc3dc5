package report

import (
	"bytes"
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/driver"
)

// sarifSchemaPath is the OASIS SARIF 2.1.0 schema (draft-04); the
// repository keeps a copy of the shared one so CI has it too.
const sarifSchemaPath = "../../testdata/schemas/sarif-schema-2.1.0.json"

var (
	schemaOnce sync.Once
	schema     *jsonschema.Schema
	schemaErr  error
)

// schemaCheck validates doc against the OASIS schema, compiled once. It
// skips the test when the schema is not there.
func schemaCheck(t *testing.T, doc []byte) error {
	t.Helper()
	if _, err := os.Stat(sarifSchemaPath); err != nil {
		t.Skipf("SARIF schema not available at %s: %v", sarifSchemaPath, err)
	}
	schemaOnce.Do(func() {
		c := jsonschema.NewCompiler()
		c.AssertFormat() // also check "format": uri, uri-reference, date-time
		schema, schemaErr = c.Compile(sarifSchemaPath)
	})
	if schemaErr != nil {
		t.Fatal(schemaErr)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	return schema.Validate(inst)
}

func validateSARIF(t *testing.T, doc []byte) {
	t.Helper()
	if err := schemaCheck(t, doc); err != nil {
		t.Fatalf("SARIF does not match the schema:\n%v", err)
	}
}

// The schema check is wired up: it rejects a level GitHub would reject.
func TestSchemaRejectsBadLevel(t *testing.T) {
	fx := newFixture(t)
	doc := writeSARIF(t, fx.res, fx.rules, meta)
	bad := bytes.Replace(doc, []byte(`"level": "warning"`), []byte(`"level": "critical"`), 1)
	if bytes.Equal(bad, doc) {
		t.Fatal("fixture has no warning result")
	}
	if err := schemaCheck(t, bad); err == nil {
		t.Error(`the schema accepted "level": "critical"`)
	}
}

func writeSARIF(t *testing.T, res *driver.Result, rules []*analysis.Analyzer, m Meta) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, res, rules, m); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The parts of a SARIF log the assertions read.
type (
	sarifLog struct {
		Schema  string `json:"$schema"`
		Version string
		Runs    []sarifRun
	}
	sarifRun struct {
		Tool struct {
			Driver struct {
				Name, SemanticVersion, InformationURI string
				Rules                                 []sarifRule
			}
		}
		ColumnKind         string
		OriginalURIBaseIDs map[string]json.RawMessage `json:"originalUriBaseIds"`
		AutomationDetails  *struct{ ID string }
		Results            []sarifRes
		Invocations        []struct {
			ExecutionSuccessful        *bool
			ToolExecutionNotifications []struct {
				Level      string
				Message    struct{ Text string }
				Descriptor *struct{ ID string }
				Locations  []sarifLoc
			}
		}
	}
	sarifRule struct {
		ID, Name, HelpURI                 string
		ShortDescription, FullDescription struct{ Text string }
		Help                              struct{ Text, Markdown string }
		DefaultConfiguration              struct{ Level string }
		Properties                        map[string]any
	}
	sarifRes struct {
		RuleID              string
		RuleIndex           *int
		Level               string
		Message             struct{ Text string }
		Locations           []sarifLoc
		RelatedLocations    []sarifLoc
		PartialFingerprints map[string]string
	}
	sarifLoc struct {
		ID               *int
		Message          *struct{ Text string }
		PhysicalLocation *struct {
			ArtifactLocation struct {
				URI       string
				URIBaseID string `json:"uriBaseId"`
			}
			Region *struct{ StartLine, StartColumn, EndLine, EndColumn int }
		}
		LogicalLocations []struct{ Name, FullyQualifiedName, Kind string }
	}
)

func parseSARIF(t *testing.T, doc []byte) sarifLog {
	t.Helper()
	var log sarifLog
	dec := json.NewDecoder(bytes.NewReader(doc))
	if err := dec.Decode(&log); err != nil {
		t.Fatal(err)
	}
	return log
}

// checkGitHubRules asserts what no validator checks (integrations.md §1.10).
func checkGitHubRules(t *testing.T, doc []byte, fx fixture) sarifLog {
	t.Helper()
	log := parseSARIF(t, doc)
	if log.Version != "2.1.0" || log.Schema == "" {
		t.Errorf("version %q, $schema %q", log.Version, log.Schema)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs, want exactly 1", len(log.Runs))
	}
	run := log.Runs[0]
	if run.ColumnKind != "utf16CodeUnits" {
		t.Errorf("columnKind = %q", run.ColumnKind)
	}
	if !bytes.Contains(doc, []byte(`"results": [`)) {
		t.Error("run has no results array")
	}
	if _, ok := run.OriginalURIBaseIDs["%SRCROOT%"]; !ok || len(run.OriginalURIBaseIDs) != 1 {
		t.Errorf("originalUriBaseIds = %v", run.OriginalURIBaseIDs)
	}
	if strings.Contains(string(run.OriginalURIBaseIDs["%SRCROOT%"]), `"uri"`) {
		t.Error("%SRCROOT% carries a uri; it must be described only")
	}
	rules := run.Tool.Driver.Rules
	for i, r := range rules {
		if i > 0 && rules[i-1].ID >= r.ID {
			t.Errorf("rules not sorted by ID: %s before %s", rules[i-1].ID, r.ID)
		}
		if r.Name == "" || r.Name == r.ID || len(r.Name) > 255 {
			t.Errorf("rule %s: bad name %q", r.ID, r.Name)
		}
		if r.ShortDescription.Text == "" || len(r.ShortDescription.Text) > 1024 ||
			r.FullDescription.Text == "" || len(r.FullDescription.Text) > 1024 {
			t.Errorf("rule %s: descriptions empty or too long", r.ID)
		}
		if r.Help.Text == "" || r.Help.Markdown == "" || r.HelpURI == "" {
			t.Errorf("rule %s: help text, markdown or URI empty", r.ID)
		}
		if tags, _ := r.Properties["tags"].([]any); len(tags) > 10 {
			t.Errorf("rule %s: %d tags", r.ID, len(tags))
		}
		if p, _ := r.Properties["precision"].(string); p == "" {
			t.Errorf("rule %s: no precision", r.ID)
		}
		if v, ok := r.Properties["security-severity"]; ok {
			s, isString := v.(string)
			f, err := strconv.ParseFloat(s, 64)
			if !isString || err != nil || f <= 0 || f > 10 {
				t.Errorf("rule %s: security-severity %#v is not a numeric string in (0, 10]", r.ID, v)
			}
			tags, _ := r.Properties["tags"].([]any)
			if len(tags) == 0 || tags[0] != "security" {
				t.Errorf("rule %s: security rule not tagged security first: %v", r.ID, tags)
			}
		}
	}
	for i, res := range run.Results {
		if res.RuleIndex == nil || *res.RuleIndex < 0 || *res.RuleIndex >= len(rules) || rules[*res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %d: ruleIndex %v does not point at %s", i, res.RuleIndex, res.RuleID)
		}
		if len(res.Locations) != 1 {
			t.Errorf("result %d: %d locations, want 1", i, len(res.Locations))
			continue
		}
		pl := res.Locations[0].PhysicalLocation
		if pl == nil || pl.Region == nil {
			t.Errorf("result %d: no physical location or region", i)
			continue
		}
		if rg := pl.Region; rg.StartLine < 1 || rg.StartColumn < 1 || rg.EndLine < 1 || rg.EndColumn < 1 {
			t.Errorf("result %d: incomplete region %+v", i, *rg)
		}
		checkURI(t, pl.ArtifactLocation.URI)
		if pl.ArtifactLocation.URIBaseID != "%SRCROOT%" {
			t.Errorf("result %d: uriBaseId %q", i, pl.ArtifactLocation.URIBaseID)
		}
		if res.Message.Text == "" {
			t.Errorf("result %d: no message", i)
		}
		f := fx.res.Findings[i]
		want := LineHashes(f.Range.File.Content)[f.Range.Start.Line-1]
		if got := res.PartialFingerprints["primaryLocationLineHash"]; got != want {
			t.Errorf("result %d: primaryLocationLineHash %q, want %q", i, got, want)
		}
		if got := res.PartialFingerprints["papilint/v1"]; got != identityFingerprint(&f) {
			t.Errorf("result %d: papilint/v1 %q", i, got)
		}
		for _, rl := range res.RelatedLocations {
			if rl.PhysicalLocation != nil {
				checkURI(t, rl.PhysicalLocation.ArtifactLocation.URI)
			}
		}
	}
	if len(run.Results) > MaxSARIFResults {
		t.Errorf("%d results", len(run.Results))
	}
	return log
}

func checkURI(t *testing.T, uri string) {
	t.Helper()
	if uri == "" || strings.Contains(uri, ":") || strings.HasPrefix(uri, "/") || strings.HasPrefix(uri, "./") ||
		strings.HasPrefix(uri, "../") || strings.Contains(uri, `\`) {
		t.Errorf("URI %q is not a clean relative path", uri)
	}
}

func TestSARIF(t *testing.T) {
	fx := newFixture(t)
	doc := writeSARIF(t, fx.res, fx.rules, meta)
	golden(t, "report.sarif", doc)
	noAbsolutePaths(t, "SARIF", doc)
	validateSARIF(t, doc)
	log := checkGitHubRules(t, doc, fx)
	run := log.Runs[0]

	d := run.Tool.Driver
	if d.Name != "papilint" || d.SemanticVersion != "0.1.0" || d.InformationURI == "" {
		t.Errorf("driver = %q %q %q", d.Name, d.SemanticVersion, d.InformationURI)
	}
	if got := len(d.Rules); got != 3 {
		t.Fatalf("%d rules, want 3 (a rule without results included)", got)
	}
	r0 := d.Rules[0]
	if r0.ID != "PAPI001" || r0.Name != "RestApiNotPrivate" || r0.ShortDescription.Text != "Title of rest-api-not-private" ||
		r0.FullDescription.Text != "Summary of rest-api-not-private." || r0.DefaultConfiguration.Level != "error" ||
		r0.HelpURI != "https://github.com/papilint/papilint/blob/main/docs/rules/PAPI001.md" ||
		r0.Properties["precision"] != "very-high" || r0.Properties["security-severity"] != "8.0" {
		t.Errorf("PAPI001 descriptor = %+v", r0)
	}
	if d.Rules[1].Properties["precision"] != "high" || d.Rules[2].Properties["precision"] != "low" {
		t.Error("precision not mapped from confidence")
	}
	if _, ok := d.Rules[2].Properties["security-severity"]; ok {
		t.Error("PAPI111 has a security-severity")
	}
	if run.AutomationDetails != nil {
		t.Error("automationDetails written without a category")
	}

	// Results: the driver's order (file, then position).
	if len(run.Results) != 3 {
		t.Fatalf("%d results", len(run.Results))
	}
	cdk, api, uni := run.Results[0], run.Results[1], run.Results[2]

	// The reference template of integrations.md §1.9: same region and hash.
	rg := api.Locations[0].PhysicalLocation.Region
	if rg.StartLine != 8 || rg.StartColumn != 16 || rg.EndLine != 8 || rg.EndColumn != 22 {
		t.Errorf("reference region = %+v, want 8:16-8:22", *rg)
	}
	if h := api.PartialFingerprints["primaryLocationLineHash"]; h != "b9ec06847bcc4929:1" {
		t.Errorf("reference primaryLocationLineHash = %q", h)
	}
	if ll := api.Locations[0].LogicalLocations; len(ll) != 1 || ll[0].Name != "Api" ||
		ll[0].FullyQualifiedName != "templates/api.yaml/Api" || ll[0].Kind != "resource" {
		t.Errorf("logical locations = %+v", ll)
	}

	// UTF-16 columns: è is one unit (two bytes), 🚀 two units (four bytes).
	line := fx.files["unicode"].Line(5)
	byteCol := strings.Index(line, `"*"`) + 1
	rg = uni.Locations[0].PhysicalLocation.Region
	if rg.StartColumn != byteCol-3 || rg.EndColumn != byteCol-3+3 {
		t.Errorf("unicode region columns %d-%d, want UTF-16 %d-%d (byte column %d)",
			rg.StartColumn, rg.EndColumn, byteCol-3, byteCol, byteCol)
	}
	if uni.Level != "error" || !strings.Contains(uni.Message.Text, `<"*"> &`) {
		t.Errorf("unicode result level %q message %q", uni.Level, uni.Message.Text)
	}
	// The related place without a position is left out of SARIF.
	if rl := uni.RelatedLocations; len(rl) != 1 || rl[0].ID == nil || *rl[0].ID != 1 ||
		rl[0].Message == nil || rl[0].Message.Text != "REST API defined here" || rl[0].PhysicalLocation == nil ||
		rl[0].PhysicalLocation.Region == nil || rl[0].PhysicalLocation.Region.StartLine != 2 {
		t.Errorf("related locations = %+v", rl)
	}

	// CDK: lower level, construct path in the message and logical locations.
	if cdk.Level != "warning" || !strings.Contains(cdk.Message.Text, "AppStack/Api/Resource") {
		t.Errorf("CDK result level %q message %q", cdk.Level, cdk.Message.Text)
	}
	if ll := cdk.Locations[0].LogicalLocations; len(ll) != 2 || ll[0].FullyQualifiedName != "AppStack/ApiF70053CD" ||
		ll[1].FullyQualifiedName != "AppStack/Api/Resource" {
		t.Errorf("CDK logical locations = %+v", ll)
	}
	if cdk.Locations[0].PhysicalLocation.ArtifactLocation.URI != "cdk.out/AppStack.template.json" {
		t.Error("CDK result not reported in its template")
	}

	// Notifications.
	if len(run.Invocations) != 1 {
		t.Fatalf("%d invocations", len(run.Invocations))
	}
	inv := run.Invocations[0]
	if inv.ExecutionSuccessful == nil || *inv.ExecutionSuccessful {
		t.Error("executionSuccessful should be false with an error notification")
	}
	ns := inv.ToolExecutionNotifications
	if len(ns) != 3 {
		t.Fatalf("%d notifications", len(ns))
	}
	if n := ns[0]; n.Level != "error" || n.Descriptor == nil || n.Descriptor.ID != "papilint-syntax" ||
		len(n.Locations) != 1 || n.Locations[0].PhysicalLocation.Region == nil ||
		n.Locations[0].PhysicalLocation.Region.StartLine != 3 {
		t.Errorf("syntax notification = %+v", n)
	}
	if n := ns[1]; n.Level != "warning" || len(n.Locations) != 1 ||
		n.Locations[0].PhysicalLocation.ArtifactLocation.URI != "templates/params.json" ||
		n.Locations[0].PhysicalLocation.Region != nil {
		t.Errorf("load notification = %+v", n)
	}
	if n := ns[2]; len(n.Locations) != 0 || n.Message.Text == "" {
		t.Errorf("rule failure notification = %+v", n)
	}
}

func TestSARIFDeterministic(t *testing.T) {
	a := writeSARIF(t, newFixture(t).res, newFixture(t).rules, meta)
	fx := newFixture(t)
	b := writeSARIF(t, fx.res, fx.rules, meta)
	c := writeSARIF(t, fx.res, fx.rules, meta)
	if !bytes.Equal(a, b) || !bytes.Equal(b, c) {
		t.Error("two runs on the same input differ")
	}
	// The order of the rules argument does not matter.
	rev := []*analysis.Analyzer{fx.rules[2], fx.rules[1], fx.rules[0]}
	if d := writeSARIF(t, fx.res, rev, meta); !bytes.Equal(b, d) {
		t.Error("output depends on the order of the rules")
	}
}

func TestSARIFClean(t *testing.T) {
	fx := newFixture(t)
	doc := writeSARIF(t, &driver.Result{}, fx.rules, Meta{})
	validateSARIF(t, doc)
	log := checkGitHubRules(t, doc, fixture{res: &driver.Result{}})
	run := log.Runs[0]
	if !bytes.Contains(doc, []byte(`"results": []`)) || run.Results == nil || len(run.Results) != 0 {
		t.Errorf("clean run must have an empty results array:\n%s", doc)
	}
	if len(run.Tool.Driver.Rules) != 3 {
		t.Errorf("clean run has %d rule descriptors, want all 3", len(run.Tool.Driver.Rules))
	}
	if inv := run.Invocations; len(inv) != 1 || inv[0].ExecutionSuccessful == nil || !*inv[0].ExecutionSuccessful {
		t.Error("clean run must be executionSuccessful")
	}
	if run.AutomationDetails != nil {
		t.Error("automationDetails written without a category")
	}
	if run.Tool.Driver.SemanticVersion != "" || run.Tool.Driver.InformationURI != DefaultInformationURI {
		t.Errorf("driver = %+v", run.Tool.Driver)
	}
}

func TestSARIFWarningsOnly(t *testing.T) {
	fx := newFixture(t)
	fx.res.Notifications = fx.res.Notifications[1:2] // the warning
	doc := writeSARIF(t, fx.res, fx.rules, meta)
	validateSARIF(t, doc)
	if inv := parseSARIF(t, doc).Runs[0].Invocations[0]; !*inv.ExecutionSuccessful {
		t.Error("a warning notification made the run unsuccessful")
	}
}

func TestSARIFCategory(t *testing.T) {
	fx := newFixture(t)
	for _, cat := range []string{"papilint/cfn", "papilint/cfn/"} {
		doc := writeSARIF(t, fx.res, fx.rules, Meta{Version: "v0.2.0", Category: cat})
		validateSARIF(t, doc)
		run := parseSARIF(t, doc).Runs[0]
		if run.AutomationDetails == nil || run.AutomationDetails.ID != "papilint/cfn/" {
			t.Errorf("category %q: automationDetails = %+v", cat, run.AutomationDetails)
		}
		if run.Tool.Driver.SemanticVersion != "0.2.0" {
			t.Errorf("semanticVersion = %q", run.Tool.Driver.SemanticVersion)
		}
	}
}

func TestSARIFRejectsBadSecuritySeverity(t *testing.T) {
	for _, bad := range []string{"high", "0", "10.5", "-1"} {
		r := rule("PAPI001", "rest-api-not-private", analysis.Error, "[V]", bad)
		err := WriteSARIF(&bytes.Buffer{}, &driver.Result{}, []*analysis.Analyzer{r}, meta)
		if err == nil {
			t.Errorf("security-severity %q accepted", bad)
		}
	}
}

func TestSARIFTags(t *testing.T) {
	tags := []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "a", " "}
	r := rule("PAPI001", "rest-api-not-private", analysis.Error, "[V]", "7.5", tags...)
	doc := writeSARIF(t, &driver.Result{}, []*analysis.Analyzer{r}, meta)
	got, _ := parseSARIF(t, doc).Runs[0].Tool.Driver.Rules[0].Properties["tags"].([]any)
	if len(got) != 10 || got[0] != "security" || got[1] != "a" || got[9] != "i" {
		t.Errorf("tags = %v", got)
	}
}

// A finding whose rule the caller forgot in rules still gets a descriptor
// and a consistent ruleIndex.
func TestSARIFMissingRule(t *testing.T) {
	fx := newFixture(t)
	doc := writeSARIF(t, fx.res, fx.rules[:1], meta) // PAPI111 only
	validateSARIF(t, doc)
	checkGitHubRules(t, doc, fx)
}

func TestSARIFLimit(t *testing.T) {
	fx := newFixture(t)
	f := fx.res.Findings[0]
	res := &driver.Result{Findings: make([]driver.Finding, MaxSARIFResults+1)}
	for i := range res.Findings {
		res.Findings[i] = f
	}
	err := WriteSARIF(&bytes.Buffer{}, res, fx.rules, meta)
	if err == nil || !strings.Contains(err.Error(), "25000") {
		t.Errorf("WriteSARIF with %d results: err = %v", len(res.Findings), err)
	}
}
