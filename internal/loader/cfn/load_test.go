package cfn

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/source"
)

// within runs load and fails the test if it does not return in time: the
// loader must not hang on templates whose references form cycles. load runs
// on another goroutine, so it must not fail the test itself.
func within(t *testing.T, d time.Duration, load func() (*graph.Graph, []source.Diagnostic)) (*graph.Graph, []source.Diagnostic) {
	t.Helper()
	type result struct {
		g     *graph.Graph
		diags []source.Diagnostic
	}
	done := make(chan result, 1)
	go func() {
		g, diags := load()
		done <- result{g, diags}
	}()
	select {
	case r := <-done:
		return r.g, r.diags
	case <-time.After(d):
		t.Fatalf("loading did not finish within %v (a reference cycle?)", d)
	}
	return nil, nil
}

// buildFiles is loadFiles without the testing.TB, for use inside within:
// the fixtures it reads are known to parse.
func buildFiles(opts Options, paths ...string) (*graph.Graph, []source.Diagnostic) {
	b := &graph.Builder{}
	var ins []Input
	for _, p := range paths {
		content, _ := os.ReadFile(p)
		f := source.NewFile(p, filepath.Base(p), content)
		root, _ := Parse(f)
		b.AddFile(f)
		ins = append(ins, Input{File: f, Root: root})
	}
	diags := Build(b, ins, opts)
	return b.Build(), diags
}

// buildTexts is loadTexts without the testing.TB, for use inside within.
func buildTexts(names []string, texts ...string) (*graph.Graph, []source.Diagnostic) {
	b := &graph.Builder{}
	var ins []Input
	for i, name := range names {
		f := source.NewFile(filepath.Join("inline", name), name, []byte(texts[i]))
		root, _ := Parse(f)
		b.AddFile(f)
		ins = append(ins, Input{File: f, Root: root})
	}
	diags := Build(b, ins, Options{})
	return b.Build(), diags
}

func nodeIDs(g *graph.Graph) []string {
	var ids []string
	for _, n := range g.Nodes() {
		ids = append(ids, string(n.ID))
	}
	return ids
}

func checkNodeIDs(t *testing.T, g *graph.Graph, want ...string) {
	t.Helper()
	sort.Strings(want)
	if got := nodeIDs(g); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("nodes = %v, want %v", got, want)
	}
}

func TestImportValue(t *testing.T) {
	for f, ext := range evFormats {
		importer := "importer" + ext
		t.Run(importer, func(t *testing.T) {
			g, diags := loadFiles(t, Options{}, filepath.Join("testdata", "eval", "exporter.yaml"), filepath.Join("testdata", "eval", importer))
			imp := func(name string) [3]string {
				return per3(`!ImportValue "`+name+`"`, `{Fn::ImportValue: "`+name+`"}`, `{"Fn::ImportValue": "`+name+`"}`)
			}
			// Two scanned templates export "shared".
			checkDiags(t, diags, evDiag{"warning", imp("shared")[f], `export "shared" is defined by 2 scanned templates`})
			probe := node(t, g, importer, "Probe")
			cases := []evCase{
				// The import is the exporting stack's output: a Ref into the
				// other template's node, used here and defined there.
				{"Vpce", want{kind: graph.KindRef, show: "<exporter.yaml#Vpce>", prov: graph.Unknown, ref: "exporter.yaml#Vpce.Ref",
					text: imp("dev-vpce"), origin: in3(`!Ref Vpce`), reason: "deploy time"}},
				{"Dup", want{kind: graph.KindUnknown, show: "<unknown>", prov: graph.Unknown, text: imp("shared"), reason: "defined more than once"}},
				{"Nowhere", want{kind: graph.KindUnknown, show: "<unknown>", prov: graph.Unknown, text: per3(`!ImportValue "nowhere"`, `Fn::ImportValue: "nowhere"`, `{"Fn::ImportValue": "nowhere"}`),
					reason: "export nowhere"}},
				// The output exporting "hidden" has a false condition.
				{"Hidden", want{kind: graph.KindUnknown, show: "<unknown>", prov: graph.Unknown, text: imp("hidden"), reason: "export hidden"}},
				{"Computed", want{kind: graph.KindUnknown, show: "<unknown>", prov: graph.Unknown, reason: "name known only at deploy time",
					text: per3(`!ImportValue {Fn::Sub: "${AWS::Region}-vpce"}`, `{Fn::ImportValue: {Fn::Sub: "${AWS::Region}-vpce"}}`, `{"Fn::ImportValue": {"Fn::Sub": "${AWS::Region}-vpce"}}`)}},
			}
			for _, c := range cases {
				t.Run(c.prop, func(t *testing.T) { checkValue(t, probe.Prop(c.prop), c.want, f, importer) })
			}
			// The reference crosses templates, and so does its edge.
			edges := g.EdgesTo("exporter.yaml#Vpce")
			if len(edges) != 1 || edges[0].From != graph.NodeID(importer+"#Probe") || edges[0].Attr != "Ref" ||
				strings.Join(edges[0].Path, ".") != "Vpce" || edges[0].Range.Text() != imp("dev-vpce")[f] {
				t.Errorf("edges to exporter.yaml#Vpce = %+v", edges)
			}
		})
	}
}

func TestOutputs(t *testing.T) {
	g, _ := loadFiles(t, Options{}, filepath.Join("testdata", "eval", "exporter.yaml"), filepath.Join("testdata", "eval", "importer.json"))
	type out struct {
		stack, name, export string
		kind                graph.ValueKind
		show, valueText     string
		rangePrefix         string
	}
	wants := []out{
		{"exporter.yaml", "Dns", "", graph.KindRef, "<exporter.yaml#Vpce.DnsEntries>", "!GetAtt Vpce.DnsEntries", "Value: !GetAtt"},
		{"exporter.yaml", "Shared", "shared", graph.KindString, "from-exporter", `"from-exporter"`, `Value: "from-exporter"`},
		// The export name is computed from a parameter default.
		{"exporter.yaml", "VpceId", "dev-vpce", graph.KindRef, "<exporter.yaml#Vpce>", "!Ref Vpce", "Description: The endpoint"},
		{"importer.json", "Shared", "shared", graph.KindString, "from-importer", `"from-importer"`, `{"Value": "from-importer"`},
	}
	outs := g.Outputs()
	if len(outs) != len(wants) {
		var got []string
		for _, o := range outs {
			got = append(got, o.Stack+"/"+o.Name)
		}
		t.Fatalf("outputs = %v, want %d (an output with a false condition is not created)", got, len(wants))
	}
	for i, w := range wants {
		o := outs[i]
		if o.Stack != w.stack || o.Name != w.name || o.Export != w.export {
			t.Errorf("output %d = %s %s export %q, want %s %s export %q", i, o.Stack, o.Name, o.Export, w.stack, w.name, w.export)
		}
		if o.Value.Kind != w.kind || o.Value.Display() != w.show || o.Value.Range.Text() != w.valueText {
			t.Errorf("output %s value = %s %q at %q, want %s %q at %q", o.Name, o.Value.Kind, o.Value.Display(), o.Value.Range.Text(), w.kind, w.show, w.valueText)
		}
		if !strings.HasPrefix(o.Range.Text(), w.rangePrefix) {
			t.Errorf("output %s range = %q, want it to start with %q", o.Name, o.Range.Text(), w.rangePrefix)
		}
	}
	// A literal output is derived once it is read through the output.
	if p := outs[1].Value.Prov; p != graph.Derived {
		t.Errorf("output Shared has provenance %s, want derived", p)
	}
}

func TestNestedStack(t *testing.T) {
	nested := func(name string) string { return filepath.Join("testdata", "nested", name) }
	variants := []struct {
		name   string
		parent string
		paths  []string
		opts   Options
	}{
		{"child among the inputs", "parent.yaml", []string{nested("parent.yaml"), nested("child.yaml")}, Options{}},
		{"child listed first", "parent.yaml", []string{nested("child.yaml"), nested("parent.yaml")}, Options{}},
		{"child read on demand", "parent.yaml", []string{nested("parent.yaml")}, Options{ReadFile: readFromDisk}},
		{"JSON parent", "parent.json", []string{nested("parent.json"), nested("child.yaml")}, Options{}},
	}
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			g, diags := loadFiles(t, v.opts, v.paths...)
			checkDiags(t, diags)
			p, c := v.parent, v.parent+"/Child"
			// The child's resources appear once, in the nested stack; the
			// child template is not also loaded on its own.
			checkNodeIDs(t, g, p+"#Child", p+"#Consumer", c+"#Api", c+"#Vpce")
			api := node(t, g, c, "Api")
			if api.Stack != c || api.File.Rel != "child.yaml" {
				t.Errorf("Api: Stack %q, file %q", api.Stack, api.File.Rel)
			}
			if len(g.Files()) != 2 {
				t.Errorf("graph files = %d, want parent and child", len(g.Files()))
			}

			// Parameters flow in...
			json := v.parent == "parent.json"
			passed := `!Ref Prefix`
			if json {
				passed = `{"Ref": "Prefix"}`
			}
			name := api.Prop("Name")
			checkValue(t, name, want{kind: graph.KindString, show: "shop", prov: graph.Default, param: "Prefix",
				text: in3(`!Ref Prefix`), origin: in3(passed)}, 0, c)
			if name.Range.File.Rel != "child.yaml" || name.Origin.File.Rel != v.parent {
				t.Errorf("Name is used in %s and passed in %s", name.Range.File.Rel, name.Origin.File.Rel)
			}
			// ... a list parameter arrives as a comma-separated string ...
			checkValue(t, node(t, g, c, "Vpce").Prop("SubnetIds"), want{kind: graph.KindList, show: "[subnet-1, subnet-2]", prov: graph.Derived,
				param: "Subnets", text: in3(`!Ref Subnets`), origin: in3(map[bool]string{false: `!Join [",", ["subnet-1", "subnet-2"]]`, true: `{"Fn::Join": [",", ["subnet-1", "subnet-2"]]}`}[json])}, 0, c)

			// ... and outputs flow out through GetAtt Child.Outputs.X.
			consumer := node(t, g, p, "Consumer")
			getAtt := func(yamlText, jsonText string) [3]string {
				if json {
					return in3(jsonText)
				}
				return in3(yamlText)
			}
			checkValue(t, consumer.Prop("ApiId"), want{kind: graph.KindRef, show: "<" + c + "#Api>", prov: graph.Unknown, ref: c + "#Api.Ref",
				text: getAtt(`!GetAtt Child.Outputs.ApiId`, `{"Fn::GetAtt": ["Child", "Outputs.ApiId"]}`), origin: in3(`!Ref Api`), reason: "deploy time"}, 0, p)
			checkValue(t, consumer.Prop("Host"), want{kind: graph.KindString, show: "shop.example.com", prov: graph.Default, param: "Prefix",
				text: getAtt(`!GetAtt [Child, Outputs.Host]`, `{"Fn::GetAtt": "Child.Outputs.Host"}`), origin: in3(`!Sub "${Prefix}.example.com"`)}, 0, p)
			checkValue(t, consumer.Prop("FirstSubnet"), want{kind: graph.KindString, show: "subnet-1", prov: graph.Derived, param: "Subnets",
				text: getAtt(`!GetAtt Child.Outputs.FirstSubnet`, `{"Fn::GetAtt": ["Child", "Outputs.FirstSubnet"]}`), origin: in3(`!Select [0, !Ref Subnets]`)}, 0, p)

			// The reference into the nested stack is an edge.
			edges := g.EdgesFrom(graph.NodeID(p + "#Consumer"))
			if len(edges) != 1 || edges[0].To != graph.NodeID(c+"#Api") || edges[0].Attr != "Ref" || strings.Join(edges[0].Path, ".") != "ApiId" {
				t.Errorf("edges from Consumer = %+v", edges)
			}
			var outs []string
			for _, o := range g.Outputs() {
				outs = append(outs, o.Stack+" "+o.Name)
			}
			if got, w := strings.Join(outs, ", "), p+" ApiId, "+c+" ApiId, "+c+" FirstSubnet, "+c+" Host"; got != w {
				t.Errorf("outputs = %s, want %s", got, w)
			}
		})
	}
}

func TestNestedStackProblems(t *testing.T) {
	nested := func(name string) string { return filepath.Join("testdata", "nested", name) }
	t.Run("includes itself", func(t *testing.T) {
		g, diags := within(t, 5*time.Second, func() (*graph.Graph, []source.Diagnostic) {
			return buildFiles(Options{ReadFile: readFromDisk}, nested("self.yaml"))
		})
		checkDiags(t, diags, evDiag{"error", "self.yaml", "nested stack Again includes its own template"})
		checkNodeIDs(t, g, "self.yaml#Again", "self.yaml#Consumer")
		checkValue(t, node(t, g, "self.yaml", "Consumer").Prop("Value"), want{kind: graph.KindRef, show: "<self.yaml#Again.Outputs.Value>",
			prov: graph.Unknown, ref: "self.yaml#Again.Outputs.Value", text: in3(`!GetAtt Again.Outputs.Value`), reason: "deploy time"}, 0, "self.yaml")
	})
	// Two templates that nest each other: neither is the other's parent
	// alone, so the first is loaded and the loop reported.
	for _, paths := range [][]string{{nested("loop-a.yaml"), nested("loop-b.yaml")}, {nested("loop-a.yaml")}} {
		t.Run(fmt.Sprintf("nest each other, %d inputs", len(paths)), func(t *testing.T) {
			g, diags := within(t, 5*time.Second, func() (*graph.Graph, []source.Diagnostic) {
				return buildFiles(Options{ReadFile: readFromDisk}, paths...)
			})
			checkDiags(t, diags, evDiag{"error", "loop-a.yaml", "nested stack A includes its own template"})
			checkNodeIDs(t, g, "loop-a.yaml#B", "loop-a.yaml/B#A")
		})
	}
	t.Run("template in S3", func(t *testing.T) {
		g, diags := loadFiles(t, Options{ReadFile: readFromDisk}, nested("s3.yaml"))
		checkDiags(t, diags)
		checkNodeIDs(t, g, "s3.yaml#Consumer", "s3.yaml#Remote")
		checkValue(t, node(t, g, "s3.yaml", "Consumer").Prop("ApiId"), want{kind: graph.KindRef, show: "<s3.yaml#Remote.Outputs.ApiId>",
			prov: graph.Unknown, ref: "s3.yaml#Remote.Outputs.ApiId", text: in3(`!GetAtt Remote.Outputs.ApiId`), reason: "deploy time"}, 0, "s3.yaml")
	})
	t.Run("output fed back as a parameter", func(t *testing.T) {
		g, diags := within(t, 5*time.Second, func() (*graph.Graph, []source.Diagnostic) {
			return buildFiles(Options{}, nested("feedback.yaml"), nested("child.yaml"))
		})
		checkDiags(t, diags, evDiag{"error", "!GetAtt Child.Outputs.Host", "depend on its own output"})
		checkNodeIDs(t, g, "feedback.yaml#Child", "feedback.yaml/Child#Api", "feedback.yaml/Child#Vpce")
	})
}

func TestReferenceCycles(t *testing.T) {
	t.Run("stage names", func(t *testing.T) {
		g, diags := within(t, 5*time.Second, func() (*graph.Graph, []source.Diagnostic) {
			return buildTexts([]string{"stages.yaml"}, `Resources:
  First:
    Type: AWS::ApiGateway::Stage
    Properties:
      StageName: !Ref Second
  Second:
    Type: AWS::ApiGateway::Stage
    Properties:
      StageName: !Join ["-", [!Ref First, "x"]]
  Itself:
    Type: AWS::ApiGateway::Stage
    Properties:
      StageName: !Sub "${Itself}-x"
  Domain:
    Type: AWS::ApiGateway::DomainName
    Properties:
      DomainName: !Ref Domain
`)
		})
		checkDiags(t, diags,
			evDiag{"error", `!Ref Second`, "cycle"},
			evDiag{"error", `!Sub "${Itself}-x"`, "cycle"},
			evDiag{"error", `!Ref Domain`, "cycle"})
		for _, name := range []string{"First", "Second", "Itself", "Domain"} {
			n := node(t, g, "stages.yaml", name)
			v := n.Prop("StageName")
			if name == "Domain" {
				v = n.Prop("DomainName")
			}
			if v.IsKnown() {
				t.Errorf("%s: a name that depends on itself is known: %s", name, v.Display())
			}
		}
	})
	t.Run("exports", func(t *testing.T) {
		_, diags := within(t, 5*time.Second, func() (*graph.Graph, []source.Diagnostic) {
			return buildTexts([]string{"a.yaml", "b.yaml"}, `Resources:
  R: {Type: Custom::R}
Outputs:
  A:
    Value: !ImportValue "b"
    Export: {Name: "a"}
`, `Resources:
  R: {Type: Custom::R}
Outputs:
  B:
    Value: !ImportValue "a"
    Export: {Name: "b"}
`)
		})
		checkDiags(t, diags, evDiag{"error", `!ImportValue "a"`, `output "A" of a.yaml depends on itself`})
	})
	t.Run("conditions", func(t *testing.T) {
		g, diags := within(t, 5*time.Second, func() (*graph.Graph, []source.Diagnostic) {
			return buildTexts([]string{"c.yaml"}, `Conditions:
  Ping: !Not [!Condition Pong]
  Pong: !Or [!Condition Ping, !Equals ["a", "b"]]
Resources:
  R:
    Type: Custom::R
    Condition: Ping
`)
		})
		checkDiags(t, diags, evDiag{"error", `!Condition Ping`, `condition "Ping" refers to itself`})
		if n := node(t, g, "c.yaml", "R"); n.Condition != "Ping" {
			t.Errorf("R.Condition = %q, want the undecided Ping", n.Condition)
		}
	})
	// Not a cycle, but each stage's name refers twice to the previous one:
	// without remembering what a Ref evaluated to, that is 2^30 steps.
	t.Run("shared references", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("Resources:\n  S0:\n    Type: AWS::ApiGateway::Stage\n    Properties:\n      StageName: \"prod\"\n")
		for i := 1; i <= 30; i++ {
			fmt.Fprintf(&b, "  S%d:\n    Type: AWS::ApiGateway::Stage\n    Properties:\n      StageName: !Select [0, [!Ref S%d, !Ref S%d]]\n", i, i-1, i-1)
		}
		g, diags := within(t, 10*time.Second, func() (*graph.Graph, []source.Diagnostic) {
			return buildTexts([]string{"chain.yaml"}, b.String())
		})
		checkDiags(t, diags)
		if s, _ := node(t, g, "chain.yaml", "S30").Prop("StageName").String(); s != "prod" {
			t.Errorf("S30 StageName = %q", s)
		}
	})
}

func TestEdges(t *testing.T) {
	g, diags := loadTexts(t, Options{}, []string{"edges.yaml"}, `Parameters:
  Free: {Type: String}
Conditions:
  IsFree: !Equals [!Ref Free, "x"]
Resources:
  Vpce:
    Type: AWS::EC2::VPCEndpoint
    Properties:
      ServiceName: "com.amazonaws.eu-west-1.execute-api"
  Stage:
    Type: AWS::ApiGateway::Stage
    Properties:
      StageName: "prod"
  Tg:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      Endpoint: !Ref Vpce
      Targets:
        - Id: !Select [0, !GetAtt Vpce.NetworkInterfaceIds]
        - Id: !GetAtt [Vpce, DnsEntries]
      Stage: !Ref Stage
      Url: !Sub "https://${Vpce}/"
      Either: !If [IsFree, !GetAtt Vpce.Id, "none"]
`)
	checkDiags(t, diags)
	type edge struct{ to, attr, path, text string }
	wantFrom := []edge{
		{"Vpce", "Ref", "Endpoint", `!Ref Vpce`},
		{"Vpce", "NetworkInterfaceIds.0", "Targets.0.Id", `!Select [0, !GetAtt Vpce.NetworkInterfaceIds]`},
		{"Vpce", "DnsEntries", "Targets.1.Id", `!GetAtt [Vpce, DnsEntries]`},
		// A Ref resolved to the stage's name still links to the stage.
		{"Stage", "Ref", "Stage", `!Ref Stage`},
		{"Vpce", "Ref", "Url", `!Sub "https://${Vpce}/"`},
		{"Vpce", "Ref", "Either", `!GetAtt Vpce.Id`},
	}
	var got []edge
	for _, e := range g.EdgesFrom("edges.yaml#Tg") {
		if e.From != "edges.yaml#Tg" {
			t.Errorf("edge from Tg has From %s", e.From)
		}
		got = append(got, edge{strings.TrimPrefix(string(e.To), "edges.yaml#"), e.Attr, strings.Join(e.Path, "."), e.Range.Text()})
	}
	if fmt.Sprint(got) != fmt.Sprint(wantFrom) {
		t.Errorf("edges from Tg:\n got %v\nwant %v", got, wantFrom)
	}
	if n := len(g.EdgesTo("edges.yaml#Vpce")); n != 5 {
		t.Errorf("%d edges to Vpce, want 5", n)
	}
	if to := g.EdgesTo("edges.yaml#Stage"); len(to) != 1 || to[0].From != "edges.yaml#Tg" {
		t.Errorf("edges to Stage = %+v", to)
	}
	if n := len(g.EdgesFrom("edges.yaml#Vpce")); n != 0 {
		t.Errorf("Vpce refers to nothing, but has %d edges", n)
	}
}

// FuzzBuild loads two arbitrary templates together (the second named
// child.yaml, so a parent can nest it) and checks that loading never fails
// inside and that every value points into a file it was read from.
func FuzzBuild(f *testing.F) {
	child, err := os.ReadFile(filepath.Join("testdata", "nested", "child.yaml"))
	if err != nil {
		f.Fatal(err)
	}
	for _, dir := range []string{"eval", "nested"} {
		files, _ := filepath.Glob(filepath.Join("testdata", dir, "*"))
		for _, p := range files {
			content, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			// Point the fixtures' nested stacks at the second input.
			s := strings.NewReplacer("loop-b.yaml", "child.yaml", "getatt-child.yaml", "child.yaml").Replace(string(content))
			f.Add([]byte(s), child)
		}
	}
	exporter, _ := os.ReadFile(filepath.Join("testdata", "eval", "exporter.yaml"))
	importer, _ := os.ReadFile(filepath.Join("testdata", "eval", "importer.short.yaml"))
	f.Add(importer, exporter)
	f.Fuzz(func(t *testing.T, parent, second []byte) {
		b := &graph.Builder{}
		var ins []Input
		var files []*source.File
		for i, content := range [][]byte{parent, second} {
			name := [2]string{"parent.yaml", "child.yaml"}[i]
			file := source.NewFile(filepath.Join("fuzz", name), name, content)
			root, _ := Parse(file)
			if root == nil || !IsTemplate(root) {
				continue // the scanner skips these too
			}
			files = append(files, file)
			b.AddFile(file)
			ins = append(ins, Input{File: file, Root: root})
		}
		diags := Build(b, ins, Options{})
		g := b.Build()
		for _, d := range diags {
			if strings.Contains(d.Message, "internal error") {
				t.Fatalf("loader crashed: %s", d.Message)
			}
			checkRange(t, files, d.Range, "diagnostic "+d.Message)
		}
		check := func(where string, v *graph.Value) {
			v.Walk(func(x *graph.Value) {
				if !x.Range.IsValid() {
					t.Fatalf("%s: %s value %s has no range", where, x.Kind, x.Display())
				}
				checkRange(t, files, x.Range, where)
				checkRange(t, files, x.Origin, where+" (origin)")
			})
		}
		for _, n := range g.Nodes() {
			checkRange(t, files, n.Range, string(n.ID))
			if n.Props.Range.File != n.File {
				t.Fatalf("%s: properties are in %s, the resource in %s", n.ID, n.Props.Range.File.Rel, n.File.Rel)
			}
			check(string(n.ID), n.Props)
			check(string(n.ID)+" metadata", n.Metadata)
		}
		for _, o := range g.Outputs() {
			check("output "+o.Stack+"/"+o.Name, o.Value)
		}
	})
}

// checkRange fails when r (if set) is not a range inside one of files.
func checkRange(t *testing.T, files []*source.File, r source.Range, where string) {
	t.Helper()
	if r.File == nil {
		return
	}
	ok := false
	for _, f := range files {
		ok = ok || f == r.File
	}
	if !ok {
		t.Fatalf("%s: range in %s, which is not an input", where, r.File.Rel)
	}
	if r.Start.Offset < 0 || r.End.Offset < r.Start.Offset || int(r.End.Offset) > len(r.File.Content) {
		t.Fatalf("%s: range %d-%d outside %s (%d bytes)", where, r.Start.Offset, r.End.Offset, r.File.Rel, len(r.File.Content))
	}
	if r.File.PosAt(int(r.Start.Offset)) != r.Start || r.File.PosAt(int(r.End.Offset)) != r.End {
		t.Fatalf("%s: range %v has positions that do not match its offsets", where, r)
	}
}
