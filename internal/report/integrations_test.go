package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/papilint/papilint/internal/driver"
	"github.com/papilint/papilint/internal/requestpath"
)

// Tests of the formats for pull requests and CI logs: Markdown and GitHub
// workflow commands, and SARIF with suppressed results.

func TestGitHubGolden(t *testing.T) {
	fx := newFixture(t)
	var b bytes.Buffer
	if err := WriteGitHub(&b, fx.res, meta); err != nil {
		t.Fatal(err)
	}
	golden(t, "report.github.txt", b.Bytes())
	noAbsolutePaths(t, "github", b.Bytes())
	out := b.String()
	for _, want := range []string{
		// one-line range: columns in UTF-16 units, endColumn after the range
		"::error file=templates/api.yaml,line=8,endLine=8,col=16,endColumn=22,title=PAPI001 rest-api-not-private::REST API \"Api\" has endpoint type EDGE, not PRIVATE [PAPI001]\n",
		// a lower level, and the construct path in the message
		"::warning file=cdk.out/AppStack.template.json,line=",
		"(CDK construct AppStack/Api/Resource) [PAPI001]\n",
		// notifications: with a range, with a file only, with neither
		"::error file=templates/broken.yaml,line=3,endLine=3,col=11,endColumn=20,title=papilint-syntax::flow sequence is not closed\n",
		"::warning file=templates/params.json,title=papilint-load::not a CloudFormation template; skipped\n",
		"::error title=papilint-rule-failure::PAPI042 failed: panic: boom\n",
		"papilint: 3 findings (2 errors, 1 warning, 0 notes) in 5 files; 3 scan problems\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestGitHubEscaping(t *testing.T) {
	for _, c := range []struct{ in, data, prop string }{
		{"plain", "plain", "plain"},
		{"100%", "100%25", "100%25"},
		{"a\r\nb", "a%0D%0Ab", "a%0D%0Ab"},
		{"k=v, x: y", "k=v, x: y", "k=v%2C x%3A y"},
		{"::error::boom\n::warning::", "::error::boom%0A::warning::", "%3A%3Aerror%3A%3Aboom%0A%3A%3Awarning%3A%3A"},
		{"%0A", "%250A", "%250A"},
	} {
		if got := EscapeGitHubData(c.in); got != c.data {
			t.Errorf("data %q: %q, want %q", c.in, got, c.data)
		}
		if got := EscapeGitHubProperty(c.in); got != c.prop {
			t.Errorf("property %q: %q, want %q", c.in, got, c.prop)
		}
	}
	// A message cannot start a second command: every annotation is one line.
	fx := newFixture(t)
	fx.res.Findings[0].Message = "first\n::error file=x::injected"
	var b bytes.Buffer
	WriteGitHub(&b, fx.res, meta)
	for _, line := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		if strings.HasPrefix(line, "::error file=x") {
			t.Errorf("injected command: %q", line)
		}
	}
	// Suppressed findings are not annotated.
	fx.res.Findings[0].Suppression = &driver.Suppression{Kind: "inSource", Justification: "r"}
	b.Reset()
	WriteGitHub(&b, fx.res, meta)
	if strings.Contains(b.String(), "injected") || !strings.Contains(b.String(), "; 1 suppressed") {
		t.Errorf("suppressed finding annotated:\n%s", b.String())
	}
}

// brokenPath is a two-hop path whose load balancer carries a finding.
func brokenPath() *requestpath.Path {
	return &requestpath.Path{
		Title: "Alb → Tg", File: "templates/api.yaml",
		Hops: []*requestpath.Hop{
			{Key: "h0", Role: requestpath.Client, Name: "client"},
			{Key: "h1", Role: requestpath.LoadBalancer, Name: "Alb", Detail: "internet-facing", Rules: []string{"PAPI030"}},
		},
		Edges: []requestpath.Edge{{From: "h0", To: "h1"}},
	}
}

func TestMarkdownGolden(t *testing.T) {
	fx := newFixture(t)
	var b bytes.Buffer
	if err := WriteMarkdown(&b, fx.res, meta, MarkdownOptions{Paths: []*requestpath.Path{brokenPath()}}); err != nil {
		t.Fatal(err)
	}
	golden(t, "report.md", b.Bytes())
	noAbsolutePaths(t, "markdown", b.Bytes())
	out := b.String()
	for _, want := range []string{
		"## papilint\n\n**3 findings** (2 errors, 1 warning, 0 notes) in 5 files. 3 scan problems.\n",
		"#### 1. Alb → Tg in templates/api.yaml (broken: PAPI030)\n\n```mermaid\nflowchart TD\n",
		"  h1[\"load balancer<br/>Alb<br/>internet-facing<br/>✖ PAPI030\"]\n",
		"  class h1 broken\n```\n",
		"#### Errors (2)\n",
		"#### Warnings (1)\n",
		"| [PAPI001](https://github.com/papilint/papilint/blob/main/docs/rules/PAPI001.md) rest-api-not-private | Api | [templates/api.yaml:8](templates/api.yaml#L8) | REST API \"Api\" has endpoint type EDGE, not PRIVATE |\n",
		// HTML in messages is neutralised
		"allows any principal &lt;\"\\*\"&gt; &amp; no condition |",
		"### Scan problems\n",
		"- **error** (papilint-syntax) [templates/broken.yaml:3](templates/broken.yaml#L3): flow sequence is not closed\n",
		"- **warning** (papilint-load) templates/params.json: not a CloudFormation template; skipped\n",
		"<sub>papilint 0.1.0</sub>\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q:\n%s", want, out)
		}
	}
}

func TestMarkdownOptions(t *testing.T) {
	fx := newFixture(t)
	fx.res.Findings[1].Suppression = &driver.Suppression{Kind: "external", Justification: "in baseline b.json", Until: time.Date(2027, 1, 31, 0, 0, 0, 0, time.UTC)}
	var b bytes.Buffer
	WriteMarkdown(&b, fx.res, Meta{Files: 1}, MarkdownOptions{LinkBase: "https://github.com/o/r/blob/abc", MaxFindings: 1})
	out := b.String()
	for _, want := range []string{
		"(https://github.com/o/r/blob/abc/templates/",
		"1 more finding not listed here",
		"<details><summary>Suppressed findings (1)</summary>",
		"| in baseline b.json (until 2027-01-31) |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "### Request paths") || strings.Contains(out, "<sub>") {
		t.Errorf("sections without content:\n%s", out)
	}
	// Clean.
	b.Reset()
	WriteMarkdown(&b, &driver.Result{}, Meta{Files: 2}, MarkdownOptions{})
	if b.String() != "## papilint\n\nNo findings in 2 files.\n\n" {
		t.Errorf("clean report: %q", b.String())
	}
}

func TestMarkdownEscaping(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"a|b", `a\|b`},
		{"@octocat and #12", "&#64;octocat and &#35;12"},
		{"<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"},
		{"[x](javascript:y)", `\[x\](javascript:y)`},
		{"*b* _i_ `c` ~s~", "\\*b\\* \\_i\\_ \\`c\\` \\~s\\~"},
		{"line\nbreak", "line break"},
	} {
		if got := mdText(c.in); got != c.want {
			t.Errorf("mdText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	o := MarkdownOptions{}
	if got := o.link("dir with space/a#b.yaml"); got != "dir%20with%20space/a%23b.yaml" {
		t.Errorf("link = %q", got)
	}
}

// Suppressed results keep their suppressions in SARIF, and the file stays
// valid: go-sarif writes null for a suppression's unset status, location
// and guid, which every schema rejects.
func TestSARIFSuppressionsValid(t *testing.T) {
	fx := newFixture(t)
	fx.res.Findings[0].Suppression = &driver.Suppression{Kind: "inSource", Justification: "reviewed"}
	fx.res.Findings[1].Suppression = &driver.Suppression{Kind: "external", Justification: "in baseline b.json"}
	doc := writeSARIF(t, fx.res, fx.rules, meta)
	if bytes.Contains(doc, []byte("null")) {
		t.Errorf("SARIF contains null:\n%s", doc)
	}
	for _, want := range []string{"\"kind\": \"inSource\",\n              \"justification\": \"reviewed\"", "\"justification\": \"in baseline b.json\""} {
		if !bytes.Contains(doc, []byte(want)) {
			t.Errorf("SARIF lacks %q", want)
		}
	}
	validateSARIF(t, doc)
}

func TestDropNullMembers(t *testing.T) {
	in := `{"a":null,"b":[null,1,{"c":null,"d":"<&>"}],"e":{"f":null},"g":1.50}`
	got, err := dropNullMembers([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"b":[null,1,{"d":"<&>"}],"e":{},"g":1.50}`; string(got) != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if _, err := dropNullMembers([]byte(`{"a":`)); err == nil {
		t.Error("truncated JSON accepted")
	}
}
