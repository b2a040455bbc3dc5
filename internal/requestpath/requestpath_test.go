package requestpath_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/driver"
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/loader"
	"github.com/papilint/papilint/internal/model/pattern"
	"github.com/papilint/papilint/internal/requestpath"
	"github.com/papilint/papilint/rules"
)

// paths loads a directory, runs the rules and returns the marked paths.
func paths(t *testing.T, dir string) []*requestpath.Path {
	t.Helper()
	lr, err := loader.Load([]string{dir}, loader.Options{Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	res := driver.Run(lr.Graph, rules.All(), driver.Options{})
	ps := requestpath.Build(lr.Graph, pattern.Detect(lr.Graph))
	requestpath.Mark(ps, lr.Graph, res.Findings)
	return ps
}

// chain renders a path as "role:name[rules]" in hop order.
func chain(p *requestpath.Path) string {
	var parts []string
	for _, h := range p.Hops {
		s := string(h.Role) + ":" + h.Name
		if h.Missing {
			s += "?"
		}
		if len(h.Rules) > 0 {
			s += "[" + strings.Join(h.Rules, ",") + "]"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

func TestBrokenExample(t *testing.T) {
	ps := paths(t, "../../examples/broken")
	if len(ps) != 1 {
		t.Fatalf("want one request path, got %d", len(ps))
	}
	p := ps[0]
	// Other rules may join the marks; these must be there.
	want := regexp.MustCompile(`^client:client dns-record:Dns load-balancer:Alb\[(\w+,)*PAPI030(,\w+)*\] listener:Listener(\[.*\])? target-group:Tg(\[.*\])? ` +
		`vpc-endpoint:ApiVpce(\[.*\])? custom-domain:ApiDomain(\[.*\])? base-path-mapping:Mapping(\[.*\])? rest-api:Api\[(\w+,)*PAPI009,(\w+,)*PAPI010(,\w+)*\] stage:Stage(\[.*\])?$`)
	if got := chain(p); !want.MatchString(got) {
		t.Errorf("path\n got %s\nwant %s", got, want)
	}
	if p.Title != "Alb → Tg" || p.File != "private-api.yaml" || !p.Broken() {
		t.Errorf("title %q, file %q, broken %v", p.Title, p.File, p.Broken())
	}
	// A straight line: each hop leads to the next.
	if len(p.Edges) != len(p.Hops)-1 {
		t.Fatalf("%d edges for %d hops", len(p.Edges), len(p.Hops))
	}
	for i, e := range p.Edges {
		if e.From != p.Hops[i].Key || e.To != p.Hops[i+1].Key {
			t.Errorf("edge %d: %s → %s", i, e.From, e.To)
		}
	}
	if d := p.Hop("h1").Detail; d != "api.internal.example.com" {
		t.Errorf("DNS record detail %q", d)
	}
}

func TestConformingHasNoMarks(t *testing.T) {
	for _, ex := range []string{"conforming", "conforming-json", "conforming-split", "terraform/conforming"} {
		ps := paths(t, filepath.Join("../../examples", ex))
		if len(ps) != 1 {
			t.Errorf("%s: %d paths, want 1", ex, len(ps))
			continue
		}
		if ps[0].Broken() {
			t.Errorf("%s: marked broken: %s", ex, chain(ps[0]))
		}
		for _, h := range ps[0].Hops {
			if h.Missing {
				t.Errorf("%s: missing hop %s", ex, h.Name)
			}
		}
	}
}

// Hops the scan does not contain are placeholders, not errors.
func TestMissingHops(t *testing.T) {
	src, err := os.ReadFile("../../examples/conforming/private-api.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := string(src)
	i := strings.Index(s, "\n  Dns:\n")
	j := strings.Index(s, "\nOutputs:")
	if i < 0 || j < i {
		t.Fatal("the conforming example changed; adjust the test")
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "t.yaml"), []byte(s[:i]+"\n"+s[j:]), 0o644)
	ps := paths(t, dir)
	if len(ps) != 1 {
		t.Fatalf("%d paths", len(ps))
	}
	if got := chain(ps[0]); !strings.Contains(got, "client:client dns-record:no DNS record for the load balancer in the scan? load-balancer:Alb") {
		t.Errorf("no placeholder for the DNS record: %s", got)
	}
	var mm bytes.Buffer
	requestpath.WriteMermaid(&mm, ps, requestpath.MermaidOptions{})
	if !strings.Contains(mm.String(), "classDef missing") || !strings.Contains(mm.String(), "class h1 missing") {
		t.Errorf("placeholder not drawn dashed:\n%s", mm.String())
	}
}

func TestNoPattern(t *testing.T) {
	var b bytes.Buffer
	requestpath.WriteMermaid(&b, nil, requestpath.MermaidOptions{})
	if b.String() != "flowchart TD\n  none[\"no private API request path found\"]\n" {
		t.Errorf("mermaid without paths:\n%s", b.String())
	}
	b.Reset()
	requestpath.WriteJSON(&b, nil)
	if strings.TrimSpace(b.String()) != "{\n  \"version\": 1,\n  \"paths\": []\n}" {
		t.Errorf("json without paths: %s", b.String())
	}
}

// A finding on a Terraform policy resource marks the API it attaches to.
func TestMarkPolicyResource(t *testing.T) {
	var b graph.Builder
	api := &graph.Node{ID: "aws_api_gateway_rest_api.api", Kind: graph.RestAPI, Name: "aws_api_gateway_rest_api.api"}
	pol := &graph.Node{ID: "aws_api_gateway_rest_api_policy.p", Kind: graph.RestAPIPolicy, Name: "aws_api_gateway_rest_api_policy.p",
		Props: &graph.Value{Kind: graph.KindMap, Fields: []*graph.Field{{Key: "RestApiId",
			Value: graph.NewRef(&graph.Ref{Node: api.ID, Attr: "Id"}, api.Range)}}}}
	b.AddNode(api)
	b.AddNode(pol)
	g := b.Build()
	p := &requestpath.Path{Hops: []*requestpath.Hop{{Key: "h0", Role: requestpath.API, Node: api, Name: api.Name}}}
	rule := &analysis.Analyzer{ID: "PAPI009"}
	requestpath.Mark([]*requestpath.Path{p}, g, []driver.Finding{
		{Rule: rule, Diagnostic: analysis.Diagnostic{Resource: pol}},
		{Rule: &analysis.Analyzer{ID: "PAPI002"}, Diagnostic: analysis.Diagnostic{Resource: api}, Suppression: &driver.Suppression{Kind: "inSource"}},
	})
	if got := strings.Join(p.Hops[0].Rules, ","); got != "PAPI009" {
		t.Errorf("rules on the API hop: %q, want PAPI009 (the suppressed PAPI002 must not mark)", got)
	}
}

// Names come from the scanned files: they must not break out of a label.
func TestEscaping(t *testing.T) {
	h := &requestpath.Hop{Key: "h1", Role: requestpath.CustomDomain, Name: `x"]; click h1 "javascript:alert(1)" <b>#1</b> ` + "`md`", Detail: "a\nb"}
	p := &requestpath.Path{Title: `t"itle`, Hops: []*requestpath.Hop{h}}
	var mm bytes.Buffer
	requestpath.WriteMermaid(&mm, []*requestpath.Path{p}, requestpath.MermaidOptions{Subgraphs: true})
	out := mm.String()
	for _, bad := range []string{`x"]`, "<b>", "`md`", "a\nb", `t"itle`} {
		if strings.Contains(out, bad) {
			t.Errorf("mermaid output contains %q unescaped:\n%s", bad, out)
		}
	}
	for _, want := range []string{"x#quot;]; click h1", "#lt;b#gt;#35;1#lt;/b#gt;", "#96;md#96;", "a b", "t#quot;itle"} {
		if !strings.Contains(out, want) {
			t.Errorf("mermaid output lacks %q:\n%s", want, out)
		}
	}
	var dot bytes.Buffer
	requestpath.WriteDOT(&dot, []*requestpath.Path{p})
	if !strings.Contains(dot.String(), `label="custom domain\nx\"]; click h1 \"javascript:alert(1)\" <b>#1</b> `+"`md`"+`\na\nb"`) {
		t.Errorf("DOT label not escaped:\n%s", dot.String())
	}
	var js bytes.Buffer
	requestpath.WriteJSON(&js, []*requestpath.Path{p})
	var doc struct {
		Paths []struct {
			Hops []struct{ Name string } `json:"hops"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil || doc.Paths[0].Hops[0].Name != h.Name {
		t.Errorf("JSON round trip: %v %+v", err, doc)
	}
}

func TestRenderBroken(t *testing.T) {
	ps := paths(t, "../../examples/broken")
	var mm, dot, js bytes.Buffer
	requestpath.WriteMermaid(&mm, ps, requestpath.MermaidOptions{Subgraphs: true})
	requestpath.WriteDOT(&dot, ps)
	requestpath.WriteJSON(&js, ps)
	for _, want := range []string{
		"flowchart TD\n",
		"  subgraph p1 [\"Alb → Tg (private-api.yaml)\"]\n",
		"    p1_h0([\"client\"])\n",
		"    p1_h2[\"load balancer<br/>Alb<br/>internet-facing<br/>✖ ",
		"    p1_h8[\"REST API<br/>Api<br/>private-api<br/>✖ ",
		"    p1_h0 --> p1_h1\n",
		"  class p1_h2,",
	} {
		if !strings.Contains(mm.String(), want) {
			t.Errorf("mermaid lacks %q:\n%s", want, mm.String())
		}
	}
	for _, want := range []string{"digraph papilint {", "subgraph cluster_1 {", `"p1_h2" [label="load balancer\nAlb\ninternet-facing\n✖ `, `color="#cf222e"`, `"p1_h0" -> "p1_h1";`} {
		if !strings.Contains(dot.String(), want) {
			t.Errorf("DOT lacks %q:\n%s", want, dot.String())
		}
	}
	var doc struct {
		Version int `json:"version"`
		Paths   []struct {
			Hops []struct {
				ID       string   `json:"id"`
				Role     string   `json:"role"`
				Rules    []string `json:"rules"`
				Resource *struct {
					Type string `json:"type"`
					Line int    `json:"line"`
				} `json:"resource"`
			} `json:"hops"`
			Edges []struct{ From, To string } `json:"edges"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	h := doc.Paths[0].Hops[2]
	if doc.Version != 1 || h.Role != "load-balancer" || h.Resource == nil || h.Resource.Type != "AWS::ElasticLoadBalancingV2::LoadBalancer" ||
		h.Resource.Line != 134 || !strings.Contains(strings.Join(h.Rules, ","), "PAPI030") || len(doc.Paths[0].Edges) != 9 {
		t.Errorf("JSON: %s", js.String())
	}
}

// TestCDKAliasWithDualstackPrefix: CDK's LoadBalancerTarget aliases
// "dualstack.<DNSName>", and the path still starts at the record.
func TestCDKAliasWithDualstackPrefix(t *testing.T) {
	ps := paths(t, "../../testdata/cdk/apps/single-stack")
	if len(ps) != 1 {
		t.Fatalf("want one request path, got %d", len(ps))
	}
	got := chain(ps[0])
	if !strings.HasPrefix(got, "client:client dns-record:Dns") || strings.Contains(got, "dns-record:?") {
		t.Errorf("path does not start at the CDK alias record: %s", got)
	}
}
