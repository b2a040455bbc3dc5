package baseline_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/baseline"
	"github.com/papilint/papilint/internal/driver"
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/loader"
	"github.com/papilint/papilint/rules"
)

const broken = "../../examples/broken/private-api.yaml"

// scan loads one template written to dir/name and runs every rule.
func scan(t *testing.T, dir, name string, content []byte) (*driver.Result, *loader.Result) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), content, 0o644); err != nil {
		t.Fatal(err)
	}
	lr, err := loader.Load([]string{dir}, loader.Options{Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	return driver.Run(lr.Graph, rules.All(), driver.Options{}), lr
}

// active lists "RULE resource line" for the findings not suppressed.
func active(res *driver.Result) []string {
	var out []string
	for _, f := range res.Active() {
		out = append(out, f.Rule.ID+" "+f.Resource.Name)
	}
	return out
}

func lineOf(t *testing.T, res *driver.Result, rule string) int {
	t.Helper()
	for _, f := range res.Findings {
		if f.Rule.ID == rule {
			return int(f.Range.Start.Line)
		}
	}
	t.Fatalf("no %s finding", rule)
	return 0
}

// reformat moves the resource named move to the end of Resources and
// rewrites the whole template in block style with four-space indentation
// and without comments, the way a formatter or a hand edit would.
func reformat(t *testing.T, src []byte, move string) []byte {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		t.Fatal(err)
	}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		n.Style &^= yaml.FlowStyle | yaml.FoldedStyle | yaml.LiteralStyle
		n.HeadComment, n.LineComment, n.FootComment = "", "", ""
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(&doc)
	top := doc.Content[0]
	for i := 0; i < len(top.Content); i += 2 {
		if top.Content[i].Value != "Resources" {
			continue
		}
		res := top.Content[i+1]
		for j := 0; j < len(res.Content); j += 2 {
			if res.Content[j].Value == move {
				pair := append([]*yaml.Node(nil), res.Content[j:j+2]...)
				res.Content = append(res.Content[:j], res.Content[j+2:]...)
				res.Content = append(res.Content, pair...)
				break
			}
		}
	}
	var b strings.Builder
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(4)
	if err := enc.Encode(&doc); err != nil {
		t.Fatal(err)
	}
	return []byte("# reformatted\n\n" + b.String())
}

// The fingerprint ignores positions: a baseline written for the broken
// example still covers every finding after the load balancer is moved to the
// end of the template and the whole file is reformatted.
func TestBaselineSurvivesMoveAndReformat(t *testing.T) {
	src, err := os.ReadFile(broken)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	res, _ := scan(t, dir, "stack.yaml", src)
	n := len(res.Findings)
	if n < 4 {
		t.Fatalf("want the broken example's findings (4 or more), got %v", active(res))
	}
	before := lineOf(t, res, "PAPI030")
	b := baseline.FromResult(res)
	data, err := b.Encode()
	if err != nil {
		t.Fatal(err)
	}
	b, err = baseline.Parse("papilint-baseline.json", data)
	if err != nil {
		t.Fatal(err)
	}

	moved := reformat(t, src, "Alb")
	if strings.Contains(string(moved), "{ IpProtocol") || !strings.Contains(string(moved), "\n    Alb:\n") {
		t.Fatalf("reformatting did not happen:\n%s", moved)
	}
	res2, lr2 := scan(t, dir, "stack.yaml", moved)
	if after := lineOf(t, res2, "PAPI030"); after == before {
		t.Fatalf("PAPI030 is still on line %d; the test must move it", after)
	}
	if got := b.Apply(res2, "papilint-baseline.json", baseline.ScannedFiles(lr2.Graph)); got != n {
		t.Errorf("baseline covered %d findings, want %d", got, n)
	}
	if a := active(res2); len(a) != 0 {
		t.Errorf("findings not covered after the move: %v", a)
	}
	if len(res2.Notifications) != 0 {
		t.Errorf("unexpected notifications: %v", res2.Notifications)
	}
	for _, f := range res2.Findings {
		if s := f.Suppression; s == nil || s.Kind != "external" || s.Justification != "in baseline papilint-baseline.json" {
			t.Errorf("%s: suppression %+v", f.Rule.ID, s)
		}
	}
}

// A new finding counts; an entry whose finding went away is reported once
// as stale.
func TestBaselineNewAndStale(t *testing.T) {
	src, _ := os.ReadFile(broken)
	dir := t.TempDir()
	res, _ := scan(t, dir, "stack.yaml", src)
	b := baseline.FromResult(res)

	// Fix the load balancer and the default endpoint, add a private API
	// without a policy.
	changed := strings.Replace(string(src), "      Scheme: internet-facing\n", "      Scheme: internal\n", 1)
	changed = strings.Replace(changed, "      Name: private-api\n", "      Name: private-api\n      DisableExecuteApiEndpoint: true\n", 1)
	changed = strings.Replace(changed, "  Alb:\n", "  OtherApi:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      Name: other\n      EndpointConfiguration:\n        Types: [PRIVATE]\n\n  Alb:\n", 1)
	res2, lr2 := scan(t, dir, "stack.yaml", []byte(changed))
	b.Apply(res2, "b.json", baseline.ScannedFiles(lr2.Graph))
	// Only findings on the new API count (PAPI002, and whatever else the
	// rules say about it).
	got := active(res2)
	if !strings.Contains(strings.Join(got, "; "), "PAPI002 OtherApi") {
		t.Errorf("active findings %q lack the new PAPI002 on OtherApi", got)
	}
	for _, a := range got {
		if !strings.HasSuffix(a, " OtherApi") {
			t.Errorf("baselined finding counted again: %s", a)
		}
	}
	if len(res2.Notifications) != 1 || !regexp.MustCompile(`^baseline b\.json: \d+ stale entries`).MatchString(res2.Notifications[0].Message) {
		t.Errorf("want one note about the stale entries (PAPI030, PAPI010), got %v", res2.Notifications)
	}
	// Entries of files outside the scan are not stale.
	res3, _ := scan(t, dir, "stack.yaml", []byte(changed))
	b.Apply(res3, "b.json", func(string) bool { return false })
	if len(res3.Notifications) != 0 {
		t.Errorf("entries of files not scanned were called stale: %v", res3.Notifications)
	}
}

// Identical findings are counted: a baseline of two covers two, and a
// third is new.
func TestBaselineCounts(t *testing.T) {
	rule := &analysis.Analyzer{ID: "PAPI999", Name: "test-rule", Severity: analysis.Error}
	node := &graph.Node{ID: "s.yaml#R", Name: "R", Stack: "s.yaml"}
	finding := func() driver.Finding {
		return driver.Finding{Rule: rule, Severity: analysis.Error, Diagnostic: analysis.Diagnostic{Message: "same", Resource: node}}
	}
	two := &driver.Result{Findings: []driver.Finding{finding(), finding()}}
	b := baseline.FromResult(two)
	if len(b.Findings) != 1 || b.Findings[0].Count != 2 || b.Len() != 2 {
		t.Fatalf("want one entry with count 2, got %+v", b.Findings)
	}
	three := &driver.Result{Findings: []driver.Finding{finding(), finding(), finding()}}
	if n := b.Apply(three, "b.json", nil); n != 2 || len(three.Active()) != 1 {
		t.Errorf("marked %d, %d active; want 2 and 1", n, len(three.Active()))
	}
	// A finding suppressed another way keeps its suppression but uses its
	// entry.
	pre := &driver.Result{Findings: []driver.Finding{finding(), finding()}}
	pre.Findings[0].Suppression = &driver.Suppression{Kind: "inSource", Justification: "reason"}
	if n := b.Apply(pre, "b.json", nil); n != 1 || pre.Findings[0].Suppression.Kind != "inSource" {
		t.Errorf("marked %d; first suppression %+v", n, pre.Findings[0].Suppression)
	}
}

func TestBaselineParseErrors(t *testing.T) {
	for _, c := range []struct{ content, want string }{
		{`{"version": 2, "tool": "papilint", "findings": []}`, "version 2, want 1"},
		{`{"version": 1, "tool": "papilint", "findings": [], "extra": 1}`, `unknown field "extra"`},
		{`{"version": 1, "findings": [{"fingerprint": "xyz", "rule": "PAPI001", "message": ""}]}`, "not 32 lower-case hex digits"},
		{`{"version": 1, "findings": []} {}`, "unexpected data"},
		{`not json`, "invalid character"},
	} {
		_, err := baseline.Parse("b.json", []byte(c.content))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.content, err, c.want)
		}
	}
	if _, err := baseline.Read(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("a missing file is not an error")
	}
}
