package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/driver"
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/source"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// checkout is the absolute prefix of every file's Path; no output may show
// it.
const checkout = "/home/ci/work/checkout/"

func newFile(rel, content string) *source.File {
	return source.NewFile(checkout+rel, rel, []byte(content))
}

// rangeOf returns the range of the first occurrence of needle after the
// first occurrence of anchor ("" for the start of the file).
func rangeOf(t testing.TB, f *source.File, anchor, needle string) source.Range {
	t.Helper()
	s := string(f.Content)
	base := strings.Index(s, anchor)
	if base < 0 {
		t.Fatalf("%s: no %q", f.Rel, anchor)
	}
	i := strings.Index(s[base:], needle)
	if i < 0 {
		t.Fatalf("%s: no %q after %q", f.Rel, needle, anchor)
	}
	return f.Range(base+i, base+i+len(needle))
}

func noRun(*analysis.Pass) (any, error) { return nil, nil }

func rule(id, name string, sev analysis.Severity, conf, secSev string, tags ...string) *analysis.Analyzer {
	return &analysis.Analyzer{
		ID: id, Name: name, Severity: sev, Engine: analysis.EngineGo, Run: noRun,
		// Explicit, so the goldens do not change as papilint learns formats.
		Formats: []graph.Format{graph.CloudFormation},
		Doc: &analysis.Doc{
			Title:            "Title of " + name,
			Summary:          "Summary of " + name + ".",
			Confidence:       conf,
			Tier:             1,
			Trigger:          "When " + name + ".",
			Symptom:          "It breaks.",
			Fix:              "Fix it.",
			Bad:              "Bad: {}\n",
			Good:             "Good: {}\n",
			SecuritySeverity: secSev,
			Tags:             tags,
		},
	}
}

// unicodeTemplate has accented text and an emoji before the flagged value.
const unicodeTemplate = "Resources:\n" +
	"  Api:\n" +
	"    Type: AWS::ApiGateway::RestApi\n" +
	"    Properties:\n" +
	"      Policy: {Sid: \"Accès 🚀\", Effect: Allow, Principal: \"*\"}\n"

const cdkTemplate = `{
  "Resources": {
    "ApiF70053CD": {
      "Type": "AWS::ApiGateway::RestApi",
      "Properties": {
        "EndpointConfiguration": {"Types": ["REGIONAL"]}
      },
      "Metadata": {"aws:cdk:path": "AppStack/Api/Resource"}
    }
  }
}
`

const brokenTemplate = "Resources:\n  Api:\n    Type: [unclosed\n"

type fixture struct {
	res   *driver.Result
	rules []*analysis.Analyzer
	files map[string]*source.File
}

// newFixture builds a result by hand: three findings (one per file, one
// with a related location, one on a CDK resource at a lower level), three
// notifications (with a range, with a file only, with neither) and a rule
// without findings.
func newFixture(t testing.TB) fixture {
	papi001 := rule("PAPI001", "rest-api-not-private", analysis.Error, "[V]", "8.0", "aws", "apigateway")
	papi005 := rule("PAPI005", "policy-allows-any-principal", analysis.Error, "[V] defaults, [I] consequence", "9.1", "iam", "security")
	papi111 := rule("PAPI111", "consider-native-private-domain", analysis.Note, "[U]", "")

	api := newFile("templates/api.yaml", referenceTemplate)
	uni := newFile("templates/unicode.yaml", unicodeTemplate)
	cdk := newFile("cdk.out/AppStack.template.json", cdkTemplate)
	broken := newFile("templates/broken.yaml", brokenTemplate)

	apiNode := &graph.Node{
		ID: "templates/api.yaml#Api", Kind: graph.RestAPI, Type: "AWS::ApiGateway::RestApi", Name: "Api",
		Format: graph.CloudFormation, Stack: "templates/api.yaml", File: api,
		Header: rangeOf(t, api, "", "Api"),
	}
	uniNode := &graph.Node{
		ID: "templates/unicode.yaml#Api", Kind: graph.RestAPI, Type: "AWS::ApiGateway::RestApi", Name: "Api",
		Format: graph.CloudFormation, Stack: "templates/unicode.yaml", File: uni,
		Header: rangeOf(t, uni, "", "Api"),
	}
	cdkNode := &graph.Node{
		ID: "AppStack#ApiF70053CD", Kind: graph.RestAPI, Type: "AWS::ApiGateway::RestApi", Name: "ApiF70053CD",
		Format: graph.CDK, Stack: "AppStack", File: cdk, ConstructPath: "AppStack/Api/Resource",
		Header: rangeOf(t, cdk, "", `"ApiF70053CD"`),
	}

	findings := []driver.Finding{
		{Rule: papi001, Severity: analysis.Warning, Diagnostic: analysis.Diagnostic{
			Range:    rangeOf(t, cdk, `"Types"`, `"REGIONAL"`),
			Message:  `REST API "ApiF70053CD" has endpoint type REGIONAL, not PRIVATE`,
			Resource: cdkNode,
		}},
		{Rule: papi001, Severity: analysis.Error, Diagnostic: analysis.Diagnostic{
			Range:    rangeOf(t, api, "Types:", "[EDGE]"),
			Message:  `REST API "Api" has endpoint type EDGE, not PRIVATE`,
			Resource: apiNode,
		}},
		{Rule: papi005, Severity: analysis.Error, Diagnostic: analysis.Diagnostic{
			Range:    rangeOf(t, uni, "Principal:", `"*"`),
			Message:  `the resource policy of REST API "Api" allows any principal <"*"> & no condition`,
			Resource: uniNode,
			Related: []analysis.Related{
				{Range: uniNode.Header, Message: "REST API defined here"},
				{Message: "no aws:SourceVpce condition anywhere"},
			},
		}},
	}
	driver.SortFindings(findings)

	notes := []driver.Notification{
		{Code: "papilint-syntax", Severity: analysis.Error, Range: rangeOf(t, broken, "Type: ", "[unclosed"),
			Message: "flow sequence is not closed"},
		{Code: "papilint-load", Severity: analysis.Warning, File: "templates/params.json",
			Message: "not a CloudFormation template; skipped"},
		{Code: "papilint-rule-failure", Severity: analysis.Error, Message: "PAPI042 failed: panic: boom"},
	}
	return fixture{
		res: &driver.Result{
			Findings:      findings,
			Notifications: notes,
			Rules:         []*analysis.Analyzer{papi001, papi005, papi111},
		},
		// deliberately out of order: descriptors must come out sorted by ID
		rules: []*analysis.Analyzer{papi111, papi001, papi005},
		files: map[string]*source.File{"api": api, "unicode": uni, "cdk": cdk, "broken": broken},
	}
}

var meta = Meta{Version: "0.1.0", Files: 5}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (run go test -update to accept):\n--- got\n%s", path, got)
	}
}

func noAbsolutePaths(t *testing.T, what string, out []byte) {
	t.Helper()
	if bytes.Contains(out, []byte(checkout)) {
		t.Errorf("%s contains the absolute checkout path %s", what, checkout)
	}
}

func TestTextGolden(t *testing.T) {
	fx := newFixture(t)
	for _, tc := range []struct {
		name  string
		color bool
	}{{"report.txt", false}, {"report.color.txt", true}} {
		var buf bytes.Buffer
		if err := WriteText(&buf, fx.res, TextOptions{Color: tc.color, Files: meta.Files}); err != nil {
			t.Fatal(err)
		}
		golden(t, tc.name, buf.Bytes())
		noAbsolutePaths(t, tc.name, buf.Bytes())
		if has := bytes.Contains(buf.Bytes(), []byte("\x1b[")); has != tc.color {
			t.Errorf("%s: ANSI escapes present = %v, want %v", tc.name, has, tc.color)
		}
	}
}

func TestTextContent(t *testing.T) {
	fx := newFixture(t)
	var buf bytes.Buffer
	if err := WriteText(&buf, fx.res, TextOptions{Files: 5}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	// The flagged "*" on the unicode line: column in code points.
	uniLine := fx.files["unicode"].Line(5)
	byteCol := strings.Index(uniLine, `"*"`) + 1
	charCol := utf8.RuneCountInString(uniLine[:byteCol-1]) + 1
	if byteCol-charCol != 4 {
		t.Fatalf("fixture: byte and character columns differ by %d, want 4", byteCol-charCol)
	}
	for _, want := range []string{
		"templates/api.yaml:8:16: error: REST API \"Api\" has endpoint type EDGE, not PRIVATE [PAPI001]\n" +
			"  8 |         Types: [EDGE]\n" +
			"    |                ^^^^^^\n",
		"templates/unicode.yaml:5:" + itoa(charCol) + ": error: ",
		"cdk.out/AppStack.template.json:6:45: warning: ",
		"= construct: AppStack/Api/Resource\n",
		"= templates/unicode.yaml:2:3: REST API defined here\n",
		"= no aws:SourceVpce condition anywhere\n",
		"templates/broken.yaml:3:11: error: flow sequence is not closed [papilint-syntax]\n",
		"templates/params.json: warning: not a CloudFormation template; skipped [papilint-load]\n",
		"\nerror: PAPI042 failed: panic: boom [papilint-rule-failure]\n",
		"3 findings (2 errors, 1 warning, 0 notes) in 5 files; 3 scan problems\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q\n%s", want, out)
		}
	}
	// The underline sits under the "*" on a terminal: é is one cell, 🚀 two.
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		if strings.HasSuffix(l, uniLine) {
			caret := lines[i+1]
			prefix := len(l) - len(uniLine)
			if got, want := strings.Index(caret, "^")-prefix, displayWidth(uniLine[:byteCol-1]); got != want {
				t.Errorf("underline at cell %d, want %d:\n%s\n%s", got, want, l, caret)
			}
			if n := strings.Count(caret, "^"); n != 3 {
				t.Errorf("underline has %d carets, want 3", n)
			}
		}
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func TestTextClean(t *testing.T) {
	for _, tc := range []struct {
		files int
		want  string
	}{{4, "no findings in 4 files\n"}, {1, "no findings in 1 file\n"}} {
		var buf bytes.Buffer
		if err := WriteText(&buf, &driver.Result{}, TextOptions{Files: tc.files}); err != nil {
			t.Fatal(err)
		}
		if buf.String() != tc.want {
			t.Errorf("clean text = %q, want %q", buf.String(), tc.want)
		}
	}
}

func TestJSONGolden(t *testing.T) {
	fx := newFixture(t)
	var buf bytes.Buffer
	if err := WriteJSON(&buf, fx.res, meta); err != nil {
		t.Fatal(err)
	}
	golden(t, "report.json", buf.Bytes())
	noAbsolutePaths(t, "JSON", buf.Bytes())

	var doc struct {
		Version  int
		Findings []struct {
			Rule, Fingerprint string
			Location          struct{ StartColumn int }
			Resource          *struct{ ConstructPath string }
			Related           []json.RawMessage
		}
		Notifications []json.RawMessage
		Summary       struct{ Errors, Warnings, Notes, Files int }
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != 1 || len(doc.Findings) != 3 || len(doc.Notifications) != 3 {
		t.Fatalf("unexpected shape: %+v", doc)
	}
	if s := doc.Summary; s.Errors != 2 || s.Warnings != 1 || s.Notes != 0 || s.Files != 5 {
		t.Errorf("summary = %+v", s)
	}
	for _, f := range doc.Findings {
		if len(f.Fingerprint) != 32 || f.Related == nil {
			t.Errorf("finding %s: fingerprint %q, related %v", f.Rule, f.Fingerprint, f.Related)
		}
	}

	buf.Reset()
	if err := WriteJSON(&buf, &driver.Result{}, Meta{Files: 2}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"findings": []`, `"notifications": []`, `"files": 2`} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("clean JSON lacks %s:\n%s", want, buf.String())
		}
	}
}

func TestPascalCase(t *testing.T) {
	for in, want := range map[string]string{
		"rest-api-not-private": "RestApiNotPrivate",
		"alb-is-internal":      "AlbIsInternal",
		"x":                    "X",
		"tls-1-2":              "Tls12",
	} {
		if got := PascalCase(in); got != want {
			t.Errorf("PascalCase(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPrecision(t *testing.T) {
	for in, want := range map[string]string{
		"[V]":                           "very-high",
		"[V] AWS docs":                  "very-high",
		"[V] defaults, [I] consequence": "high",
		"[V] behaviour, [U] error text": "high",
		"[I]":                           "medium",
		"[U]":                           "low",
		"":                              "medium",
	} {
		if got := Precision(in); got != want {
			t.Errorf("Precision(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIdentityFingerprint(t *testing.T) {
	fx := newFixture(t)
	f := fx.res.Findings[1] // PAPI001 on templates/api.yaml
	if f.Rule.ID != "PAPI001" || f.Resource.Name != "Api" {
		t.Fatalf("fixture order changed: %s %s", f.Rule.ID, f.Resource.Name)
	}
	base := identityFingerprint(&f)

	// Move the resource three lines down: same fingerprint.
	moved := newFile("templates/api.yaml", "# a\n# b\n# c\n"+referenceTemplate)
	g := f
	g.Range = rangeOf(t, moved, "Types:", "[EDGE]")
	if g.Range.Start.Line != f.Range.Start.Line+3 {
		t.Fatal("fixture: the moved range is not three lines down")
	}
	if identityFingerprint(&g) != base {
		t.Error("fingerprint changed when the resource moved")
	}
	// Another rule, resource, stack or message: another fingerprint.
	other := func(change func(*driver.Finding)) string {
		h := f
		n := *f.Resource
		h.Resource = &n
		change(&h)
		return identityFingerprint(&h)
	}
	for name, change := range map[string]func(*driver.Finding){
		"rule":    func(h *driver.Finding) { h.Rule = fx.rules[0] },
		"name":    func(h *driver.Finding) { h.Resource.Name = "Api2" },
		"stack":   func(h *driver.Finding) { h.Resource.Stack = "other.yaml" },
		"message": func(h *driver.Finding) { h.Message += "!" },
	} {
		if other(change) == base {
			t.Errorf("fingerprint ignores the %s", name)
		}
	}
	// CDK: the construct path, not the logical ID, identifies the resource.
	c := fx.res.Findings[0]
	if c.Resource.ConstructPath == "" {
		t.Fatal("fixture order changed")
	}
	c2 := c
	n := *c.Resource
	n.Name = "ApiDIFFERENT"
	c2.Resource = &n
	if identityFingerprint(&c) != identityFingerprint(&c2) {
		t.Error("CDK fingerprint depends on the logical ID")
	}
}
