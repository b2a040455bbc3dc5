package cfn

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/source"
)

// Every group of intrinsic-function tests reads one fixture written three
// ways: the YAML short form (!Ref), the YAML long form ({Ref: ...}, Fn::...)
// and JSON. The fixtures write the same values under the same property
// names of a resource called Probe, and quote their literals in YAML so that
// a literal's source text is the same in all three files.
var evFormats = [3]string{".short.yaml", ".long.yaml", ".json"}

// in3 gives the same source text for all three formats.
func in3(s string) [3]string { return [3]string{s, s, s} }

// per3 gives the source text in the short form, the long form and JSON.
func per3(short, long, json string) [3]string { return [3]string{short, long, json} }

// want describes a graph.Value. Zero fields are checked too: a want without
// param asserts that the value names no parameter.
type want struct {
	kind graph.ValueKind
	show string // Value.Display(); "{stack}" stands for the template's stack
	prov graph.Provenance
	// text is the exact source text of Value.Range, per format.
	text [3]string
	// origin is the exact source text of Value.Origin, per format ("" when
	// the value has no separate origin).
	origin [3]string
	param  string
	// ref is "{stack}#Node.Attr" or the pseudo parameter, "" for no Ref.
	ref string
	// reason must appear in Value.Reason when set.
	reason string
}

// evCase is one property of the Probe resource and what it must load as.
type evCase struct {
	prop string
	want want
}

// evDiag is a diagnostic a fixture must produce.
type evDiag struct {
	severity string
	text     string // source text of its range
	message  string // substring of its message
}

// refKey renders a Ref so that the attribute is always visible (Ref.String
// hides the "Ref" attribute).
func refKey(r *graph.Ref) string {
	if r == nil {
		return ""
	}
	if r.Node == "" {
		return r.Pseudo
	}
	return string(r.Node) + "." + r.Attr
}

// checkValue compares v with w for the fixture format f (0, 1, 2) of stack.
func checkValue(t *testing.T, v *graph.Value, w want, f int, stack string) {
	t.Helper()
	if v == nil {
		t.Fatalf("value is absent, want %s %q", w.kind, w.show)
	}
	exp := func(s string) string { return strings.ReplaceAll(s, "{stack}", stack) }
	if v.Kind != w.kind {
		t.Errorf("Kind = %s, want %s (value %s)", v.Kind, w.kind, v.Display())
	}
	if got := v.Display(); got != exp(w.show) {
		t.Errorf("Display() = %q, want %q", got, exp(w.show))
	}
	if v.Prov != w.prov {
		t.Errorf("Prov = %s, want %s", v.Prov, w.prov)
	}
	if got := v.Range.Text(); got != w.text[f] {
		t.Errorf("Range.Text() = %q, want %q", got, w.text[f])
	}
	if got := v.Origin.Text(); got != w.origin[f] {
		t.Errorf("Origin.Text() = %q, want %q", got, w.origin[f])
	}
	if v.Param != w.param {
		t.Errorf("Param = %q, want %q", v.Param, w.param)
	}
	if got := refKey(v.Ref); got != exp(w.ref) {
		t.Errorf("Ref = %q, want %q", got, exp(w.ref))
	}
	if w.reason != "" && !strings.Contains(v.Reason, w.reason) {
		t.Errorf("Reason = %q, want it to mention %q", v.Reason, w.reason)
	}
	if w.prov != graph.Unknown && v.Reason != "" && v.Kind != graph.KindNull {
		t.Errorf("a %s value has Reason %q", w.prov, v.Reason)
	}
}

// loadFiles parses the files at paths (report path = base name) and builds
// them together.
func loadFiles(t testing.TB, opts Options, paths ...string) (*graph.Graph, []source.Diagnostic) {
	t.Helper()
	b := &graph.Builder{}
	var ins []Input
	for _, p := range paths {
		content, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		ins = append(ins, parseInput(t, b, p, filepath.Base(p), content))
	}
	diags := Build(b, ins, opts)
	return b.Build(), diags
}

// loadTexts builds templates given as text; keys are file names.
func loadTexts(t testing.TB, opts Options, names []string, texts ...string) (*graph.Graph, []source.Diagnostic) {
	t.Helper()
	b := &graph.Builder{}
	var ins []Input
	for i, name := range names {
		ins = append(ins, parseInput(t, b, filepath.Join("inline", name), name, []byte(texts[i])))
	}
	diags := Build(b, ins, opts)
	return b.Build(), diags
}

func parseInput(t testing.TB, b *graph.Builder, path, rel string, content []byte) Input {
	t.Helper()
	f := source.NewFile(path, rel, content)
	root, errs := Parse(f)
	for _, e := range errs {
		t.Fatalf("%s: syntax error: %v", rel, e)
	}
	b.AddFile(f)
	return Input{File: f, Root: root}
}

// node returns a resource of a stack, failing the test when it is missing.
func node(t testing.TB, g *graph.Graph, stack, name string) *graph.Node {
	t.Helper()
	n := g.Node(graph.NodeID(stack + "#" + name))
	if n == nil {
		var ids []string
		for _, n := range g.Nodes() {
			ids = append(ids, string(n.ID))
		}
		t.Fatalf("no node %s#%s; nodes: %v", stack, name, ids)
	}
	return n
}

// checkDiags asserts that diags are exactly the expected ones (in any
// order).
func checkDiags(t *testing.T, diags []source.Diagnostic, wants ...evDiag) {
	t.Helper()
	used := make([]bool, len(diags))
	for _, w := range wants {
		found := false
		for i, d := range diags {
			if !used[i] && d.Severity == w.severity && d.Range.Text() == w.text && strings.Contains(d.Message, w.message) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			t.Errorf("missing %s diagnostic at %q mentioning %q", w.severity, w.text, w.message)
		}
	}
	for i, d := range diags {
		if !used[i] {
			t.Errorf("unexpected diagnostic: %s %s (at %q)", d.Severity, d.Error(), d.Range.Text())
		}
	}
}

// runGroup loads testdata/eval/<group> in all three formats and checks the
// Probe's properties. diags gives the diagnostics per format (their source
// text differs between formats).
func runGroup(t *testing.T, group string, opts Options, cases []evCase, diags func(f int) []evDiag) {
	t.Helper()
	for f, ext := range evFormats {
		t.Run(strings.TrimPrefix(ext, "."), func(t *testing.T) {
			file := group + ext
			g, ds := loadFiles(t, opts, filepath.Join("testdata", "eval", file))
			var wantDiags []evDiag
			if diags != nil {
				wantDiags = diags(f)
			}
			checkDiags(t, ds, wantDiags...)
			probe := node(t, g, file, "Probe")
			for _, c := range cases {
				t.Run(c.prop, func(t *testing.T) {
					checkValue(t, probe.Prop(strings.Split(c.prop, ".")...), c.want, f, file)
				})
			}
		})
	}
}

func TestRef(t *testing.T) {
	opts := Options{Params: map[string]string{"Tier": "prod"}}
	cases := []evCase{
		{"Host", want{kind: graph.KindString, show: "api.example.com", prov: graph.Default,
			text: per3(`!Ref Host`, `{Ref: Host}`, `{"Ref": "Host"}`), origin: in3(`"api.example.com"`), param: "Host"}},
		{"Secret", want{kind: graph.KindUnknown, show: "<unknown>", prov: graph.Unknown,
			text: per3(`!Ref Secret`, `Ref: Secret`, `{"Ref": "Secret"}`), param: "Secret", reason: "parameter Secret has no default"}},
		{"Tier", want{kind: graph.KindString, show: "prod", prov: graph.Literal,
			text: per3(`!Ref Tier`, `{Ref: Tier}`, `{"Ref": "Tier"}`), param: "Tier"}},
		{"Zones", want{kind: graph.KindList, show: "[a, b]", prov: graph.Default,
			text: per3(`!Ref Zones`, `{Ref: Zones}`, `{"Ref": "Zones"}`), origin: in3(`"a, b"`), param: "Zones"}},
		{"Subnets", want{kind: graph.KindList, show: "[subnet-1, subnet-2]", prov: graph.Default,
			text: per3(`!Ref Subnets`, `{Ref: Subnets}`, `{"Ref": "Subnets"}`), origin: in3(`"subnet-1,subnet-2"`), param: "Subnets"}},
		{"Subnets.1", want{kind: graph.KindString, show: "subnet-2", prov: graph.Default,
			text: per3(`!Ref Subnets`, `{Ref: Subnets}`, `{"Ref": "Subnets"}`), origin: in3(`"subnet-1,subnet-2"`), param: "Subnets"}},
		{"FromSsm", want{kind: graph.KindUnknown, show: "<unknown>", prov: graph.Unknown,
			text: per3(`!Ref FromSsm`, `{Ref: FromSsm}`, `{"Ref": "FromSsm"}`), param: "FromSsm", reason: "SSM"}},
		{"Region", want{kind: graph.KindRef, show: "<AWS::Region>", prov: graph.Unknown,
			text: per3(`!Ref AWS::Region`, `Ref: AWS::Region`, `{"Ref": "AWS::Region"}`), ref: "AWS::Region", reason: "deploy time"}},
		{"Partition", want{kind: graph.KindRef, show: "<AWS::Partition>", prov: graph.Unknown,
			text: per3(`!Ref AWS::Partition`, `{Ref: "AWS::Partition"}`, `{"Ref": "AWS::Partition"}`), ref: "AWS::Partition", reason: "deploy time"}},
		{"Thinned", want{kind: graph.KindList, show: "[x, y]", prov: graph.Literal,
			text: per3(`["x", !Ref AWS::NoValue, "y"]`, "- \"x\"\n        - Ref: AWS::NoValue\n        - \"y\"", `["x", {"Ref": "AWS::NoValue"}, "y"]`)}},
		{"Thinned.1", want{kind: graph.KindString, show: "y", prov: graph.Literal, text: in3(`"y"`)}},
		{"Endpoint", want{kind: graph.KindRef, show: "<{stack}#Vpce>", prov: graph.Unknown,
			text: per3(`!Ref Vpce`, `{Ref: Vpce}`, `{"Ref": "Vpce"}`), ref: "{stack}#Vpce.Ref", reason: "deploy time"}},
		// Ref to a stage is its StageName, still remembering the stage.
		{"StageName", want{kind: graph.KindString, show: "prod", prov: graph.Derived,
			text: per3(`!Ref Stage`, `{Ref: Stage}`, `{"Ref": "Stage"}`), origin: in3(`"prod"`), ref: "{stack}#Stage.Ref"}},
		// Ref to a custom domain is its DomainName, here a parameter default.
		{"DomainName", want{kind: graph.KindString, show: "api.example.com", prov: graph.Default,
			text: per3(`!Ref Domain`, `{Ref: Domain}`, `{"Ref": "Domain"}`), origin: per3(`!Ref Host`, `{Ref: Host}`, `{"Ref": "Host"}`),
			param: "Host", ref: "{stack}#Domain.Ref"}},
	}
	runGroup(t, "ref", opts, cases, nil)

	// AWS::NoValue removes the property itself.
	for _, ext := range evFormats {
		g, _ := loadFiles(t, opts, filepath.Join("testdata", "eval", "ref"+ext))
		probe := node(t, g, "ref"+ext, "Probe")
		if f := probe.Props.Field("Gone"); f != nil {
			t.Errorf("%s: Gone: AWS::NoValue left a field %s", ext, f.Value.Display())
		}
	}
}

// readFromDisk is an Options.ReadFile for nested templates in testdata.
func readFromDisk(path string) (*source.File, error) {
	content, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return source.NewFile(path, filepath.Base(path), content), nil
}

func TestGetAtt(t *testing.T) {
	ref := func(attr string, text [3]string) want {
		return want{kind: graph.KindRef, show: "<{stack}#" + strings.TrimSuffix(attr, ".Ref") + ">", prov: graph.Unknown,
			text: text, ref: "{stack}#" + attr, reason: "deploy time"}
	}
	cases := []evCase{
		{"Dns", ref("Vpce.DnsEntries", per3(`!GetAtt Vpce.DnsEntries`, `Fn::GetAtt: Vpce.DnsEntries`, `{"Fn::GetAtt": "Vpce.DnsEntries"}`))},
		{"DnsList", ref("Vpce.DnsEntries", per3(`!GetAtt [Vpce, DnsEntries]`, `{Fn::GetAtt: [Vpce, DnsEntries]}`, `{"Fn::GetAtt": ["Vpce", "DnsEntries"]}`))},
		// The endpoint's Id is what Ref returns; both spellings become "Ref".
		{"Id", ref("Vpce.Ref", per3(`!GetAtt Vpce.Id`, `{Fn::GetAtt: Vpce.Id}`, `{"Fn::GetAtt": "Vpce.Id"}`))},
		{"IdList", ref("Vpce.Ref", per3(`!GetAtt [Vpce, Id]`, "Fn::GetAtt:\n          - Vpce\n          - Id", `{"Fn::GetAtt": ["Vpce", "Id"]}`))},
		{"AlbDns", ref("Alb.DNSName", per3(`!GetAtt Alb.DNSName`, `{"Fn::GetAtt": [Alb, DNSName]}`, `{"Fn::GetAtt": ["Alb", "DNSName"]}`))},
		{"Computed", ref("Vpce.DnsEntries", per3(`!GetAtt [Vpce, !Ref AttrName]`, `{Fn::GetAtt: [Vpce, {Ref: AttrName}]}`, `{"Fn::GetAtt": ["Vpce", {"Ref": "AttrName"}]}`))},
		// Outputs of a nested stack resolve through the child template: the
		// value is used in the parent and defined in the child.
		{"ChildApi", want{kind: graph.KindRef, show: "<{stack}/Child#Api>", prov: graph.Unknown,
			text:   per3(`!GetAtt Child.Outputs.ApiId`, `{Fn::GetAtt: Child.Outputs.ApiId}`, `{"Fn::GetAtt": "Child.Outputs.ApiId"}`),
			origin: in3(`!Ref Api`), ref: "{stack}/Child#Api.Ref", reason: "deploy time"}},
		{"ChildHost", want{kind: graph.KindString, show: "shop.example.com", prov: graph.Derived,
			text:   per3(`!GetAtt [Child, Outputs.Host]`, `{Fn::GetAtt: [Child, Outputs.Host]}`, `{"Fn::GetAtt": ["Child", "Outputs.Host"]}`),
			origin: in3(`!Sub "${Prefix}.example.com"`)}},
	}
	runGroup(t, "getatt", Options{ReadFile: readFromDisk}, cases, nil)
}

// probeProp loads one fixture and returns a property of its Probe.
func probeProp(t *testing.T, file string, opts Options, prop string) *graph.Value {
	t.Helper()
	g, _ := loadFiles(t, opts, filepath.Join("testdata", "eval", file))
	return node(t, g, file, "Probe").Prop(strings.Split(prop, ".")...)
}

func TestSub(t *testing.T) {
	sub := func(s string) [3]string {
		return per3(`!Sub "`+s+`"`, `{Fn::Sub: "`+s+`"}`, `{"Fn::Sub": "`+s+`"}`)
	}
	concat := func(show string, text [3]string) want {
		return want{kind: graph.KindConcat, show: show, prov: graph.Unknown, text: text, reason: "known only at deploy time"}
	}
	cases := []evCase{
		{"Plain", want{kind: graph.KindString, show: "plain text", prov: graph.Derived, text: sub("plain text")}},
		// ${!Name} writes ${Name} literally.
		{"Escaped", concat("${Literal}-${<AWS::Region>}", sub("${!Literal}-${AWS::Region}"))},
		{"EscapedOnly", want{kind: graph.KindString, show: "${Literal}", prov: graph.Derived,
			text: per3(`!Sub "${!Literal}"`, `Fn::Sub: "${!Literal}"`, `{"Fn::Sub": "${!Literal}"}`)}},
		{"Attr", concat("${<{stack}#Api.RootResourceId>}/items", sub("${Api.RootResourceId}/items"))},
		{"Vars", want{kind: graph.KindString, show: "api.example.com", prov: graph.Default, param: "Domain",
			text: per3(`!Sub ["${Name}.${Zone}", {Name: "api", Zone: !Ref Domain}]`,
				"Fn::Sub:\n          - \"${Name}.${Zone}\"\n          - Name: \"api\"\n            Zone: {Ref: Domain}",
				`{"Fn::Sub": ["${Name}.${Zone}", {"Name": "api", "Zone": {"Ref": "Domain"}}]}`)}},
		{"Known", want{kind: graph.KindString, show: "x-y", prov: graph.Derived,
			text: per3(`!Sub ["${A}-${B}", {A: "x", B: "y"}]`, `{Fn::Sub: ["${A}-${B}", {A: "x", B: "y"}]}`, `{"Fn::Sub": ["${A}-${B}", {"A": "x", "B": "y"}]}`)}},
		{"Pseudo", concat("com.amazonaws.${<AWS::Region>}.execute-api", sub("com.amazonaws.${AWS::Region}.execute-api"))},
		// A parameter default makes the whole string a default.
		{"Host", want{kind: graph.KindString, show: "api.example.com", prov: graph.Default, param: "Domain", text: sub("api.${Domain}")}},
		{"HostRegion", concat("example.com.${<AWS::Region>}.aws", sub("${Domain}.${AWS::Region}.aws"))},
		{"NoDefault", concat("api.${<unknown>}", sub("api.${Secret}"))},
	}
	runGroup(t, "sub", Options{}, cases, nil)

	affixes := []struct {
		prop             string
		prefix, suffix   string
		full             bool
		firstProv        graph.Provenance // provenance of the first part
		unknownPartRef   string           // refKey of the first unknown part
		unknownPartParam string
	}{
		{"Escaped", "${Literal}-", "", false, graph.Literal, "AWS::Region", ""},
		{"Attr", "", "/items", false, graph.Unknown, "{stack}#Api.RootResourceId", ""},
		{"Pseudo", "com.amazonaws.", ".execute-api", false, graph.Literal, "AWS::Region", ""},
		{"HostRegion", "example.com.", ".aws", false, graph.Default, "AWS::Region", ""},
		{"NoDefault", "api.", "", false, graph.Literal, "", "Secret"},
		{"Host", "api.example.com", "api.example.com", true, 0, "", ""},
	}
	for _, ext := range evFormats {
		file := "sub" + ext
		for _, a := range affixes {
			v := probeProp(t, file, Options{}, a.prop)
			pre, suf, full := v.Affix()
			if pre != a.prefix || suf != a.suffix || full != a.full {
				t.Errorf("%s %s: Affix() = %q, %q, %v; want %q, %q, %v", file, a.prop, pre, suf, full, a.prefix, a.suffix, a.full)
			}
			if v.Kind != graph.KindConcat {
				continue
			}
			if p := v.Parts[0].Prov; p != a.firstProv {
				t.Errorf("%s %s: first part is %s, want %s", file, a.prop, p, a.firstProv)
			}
			for _, p := range v.Parts {
				if _, ok := p.String(); ok {
					continue
				}
				if got, w := refKey(p.Ref), strings.ReplaceAll(a.unknownPartRef, "{stack}", file); got != w {
					t.Errorf("%s %s: unknown part refers to %q, want %q", file, a.prop, got, w)
				}
				if p.Param != a.unknownPartParam {
					t.Errorf("%s %s: unknown part names parameter %q, want %q", file, a.prop, p.Param, a.unknownPartParam)
				}
				break
			}
		}
	}
}

func TestJoinSelectSplit(t *testing.T) {
	fn := func(name, short, json string) [3]string {
		long := "{Fn::" + name + ": " + short + "}"
		return per3("!"+name+" "+short, long, `{"Fn::`+name+`": `+json+`}`)
	}
	cases := []evCase{
		{"Join", want{kind: graph.KindString, show: "a-b-c", prov: graph.Derived, text: fn("Join", `["-", ["a", "b", "c"]]`, `["-", ["a", "b", "c"]]`)}},
		{"JoinParam", want{kind: graph.KindString, show: "a,b", prov: graph.Default, param: "Zones",
			text: per3(`!Join [",", !Ref Zones]`, `{Fn::Join: [",", {Ref: Zones}]}`, `{"Fn::Join": [",", {"Ref": "Zones"}]}`)}},
		{"JoinRef", want{kind: graph.KindConcat, show: "https://${<{stack}#Vpce>}/x", prov: graph.Unknown, reason: "deploy time",
			text: per3(`!Join ["", ["https://", !Ref Vpce, "/x"]]`, "Fn::Join:\n          - \"\"\n          - [\"https://\", {Ref: Vpce}, \"/x\"]",
				`{"Fn::Join": ["", ["https://", {"Ref": "Vpce"}, "/x"]]}`)}},
		{"JoinEmpty", want{kind: graph.KindString, show: "", prov: graph.Derived, text: fn("Join", `["-", []]`, `["-", []]`)}},
		{"Select", want{kind: graph.KindString, show: "y", prov: graph.Derived, text: fn("Select", `[1, ["x", "y"]]`, `[1, ["x", "y"]]`)}},
		{"SelectParam", want{kind: graph.KindString, show: "a", prov: graph.Default, param: "Zones", origin: in3(`"a,b"`),
			text: per3(`!Select [0, !Ref Zones]`, `{Fn::Select: [0, {Ref: Zones}]}`, `{"Fn::Select": [0, {"Ref": "Zones"}]}`)}},
		// An element of a list attribute stays a reference to that attribute.
		{"SelectEni", want{kind: graph.KindRef, show: "<{stack}#Vpce.NetworkInterfaceIds.0>", prov: graph.Unknown,
			ref: "{stack}#Vpce.NetworkInterfaceIds.0", reason: "deploy time",
			text: per3(`!Select [0, !GetAtt Vpce.NetworkInterfaceIds]`, `{Fn::Select: [0, {Fn::GetAtt: [Vpce, NetworkInterfaceIds]}]}`,
				`{"Fn::Select": [0, {"Fn::GetAtt": ["Vpce", "NetworkInterfaceIds"]}]}`)}},
		{"SelectOut", want{kind: graph.KindUnknown, show: "<unknown>", prov: graph.Unknown, reason: "out of range",
			text: fn("Select", `[2, ["x", "y"]]`, `[2, ["x", "y"]]`)}},
		// Only the default list is short; the deployed one may be longer.
		{"SelectOutDefault", want{kind: graph.KindUnknown, show: "<unknown>", prov: graph.Unknown, reason: "default",
			text: per3(`!Select [5, !Ref Zones]`, `{Fn::Select: [5, {Ref: Zones}]}`, `{"Fn::Select": [5, {"Ref": "Zones"}]}`)}},
		{"Split", want{kind: graph.KindList, show: "[a, b, c]", prov: graph.Derived, text: fn("Split", `[",", "a,b,c"]`, `[",", "a,b,c"]`)}},
		{"Split.2", want{kind: graph.KindString, show: "c", prov: graph.Derived, text: fn("Split", `[",", "a,b,c"]`, `[",", "a,b,c"]`)}},
		{"SplitSelect", want{kind: graph.KindString, show: "b", prov: graph.Derived,
			text: per3(`!Select [1, !Split ["/", "a/b"]]`, `{Fn::Select: [1, {Fn::Split: ["/", "a/b"]}]}`, `{"Fn::Select": [1, {"Fn::Split": ["/", "a/b"]}]}`)}},
	}
	runGroup(t, "list", Options{}, cases, func(f int) []evDiag {
		return []evDiag{{"warning", fn("Select", `[2, ["x", "y"]]`, `[2, ["x", "y"]]`)[f], "index 2 is out of range for a list of 2"}}
	})

	for _, ext := range evFormats {
		v := probeProp(t, "list"+ext, Options{}, "JoinRef")
		if pre, suf, _ := v.Affix(); pre != "https://" || suf != "/x" {
			t.Errorf("list%s JoinRef: Affix() = %q, %q", ext, pre, suf)
		}
	}
}

func TestIfAndConditions(t *testing.T) {
	ifText := func(args, json string) [3]string {
		return per3("!If "+args, "{Fn::If: "+args+"}", `{"Fn::If": `+json+`}`)
	}
	cases := []evCase{
		// Decided by a parameter default: the branch, but no more certain
		// than the default it rests on.
		{"Decided", want{kind: graph.KindString, show: "PRIVATE", prov: graph.Default, param: "Mode", text: in3(`"PRIVATE"`)}},
		{"DecidedLiteral", want{kind: graph.KindString, show: "yes", prov: graph.Literal, text: in3(`"yes"`)}},
		{"Choice", want{kind: graph.KindChoice, show: "one of (a | null)", prov: graph.Unknown, reason: "condition IsFree cannot be decided",
			text: per3(`!If [IsFree, "a", !Ref AWS::NoValue]`, "Fn::If:\n          - IsFree\n          - \"a\"\n          - Ref: AWS::NoValue",
				`{"Fn::If": ["IsFree", "a", {"Ref": "AWS::NoValue"}]}`)}},
		{"Combined", want{kind: graph.KindString, show: "both", prov: graph.Default, param: "Mode", text: in3(`"both"`)}},
		{"Undecided", want{kind: graph.KindChoice, show: "one of (one | none)", prov: graph.Unknown, reason: "condition Either",
			text: ifText(`[Either, "one", "none"]`, `["Either", "one", "none"]`)}},
		{"OrTrue", want{kind: graph.KindString, show: "one", prov: graph.Literal, text: in3(`"one"`)}},
		{"Same", want{kind: graph.KindString, show: "same", prov: graph.Literal, text: in3(`"same"`)}},
		{"Thinned", want{kind: graph.KindList, show: "[x]", prov: graph.Literal,
			text: per3(`["x", !If [Never, "never", !Ref AWS::NoValue]]`, `["x", {Fn::If: [Never, "never", {Ref: AWS::NoValue}]}]`,
				`["x", {"Fn::If": ["Never", "never", {"Ref": "AWS::NoValue"}]}]`)}},
	}
	loop := per3(`!Condition Loop`, `Loop`, `"Loop"`)
	runGroup(t, "cond", Options{}, cases, func(f int) []evDiag {
		return []evDiag{{"error", loop[f], `condition "Loop" refers to itself`}}
	})

	for _, ext := range evFormats {
		file := "cond" + ext
		g, _ := loadFiles(t, Options{}, filepath.Join("testdata", "eval", file))
		// A false condition removes the resource; an undecided one keeps
		// it and names the condition.
		if n := g.Node(graph.NodeID(file + "#Gone")); n != nil {
			t.Errorf("%s: Gone has a false condition but is in the graph", file)
		}
		for name, cond := range map[string]string{"Maybe": "IsFree", "Here": "", "Looping": "Loop"} {
			if n := node(t, g, file, name); n.Condition != cond {
				t.Errorf("%s: %s.Condition = %q, want %q", file, name, n.Condition, cond)
			}
		}
		probe := node(t, g, file, "Probe")
		if f := probe.Props.Field("Dropped"); f != nil {
			t.Errorf("%s: Fn::If choosing AWS::NoValue left a field %s", file, f.Value.Display())
		}
		br := probe.Prop("Choice").Branches()
		if len(br) != 2 || br[0].Display() != "a" || br[0].Prov != graph.Literal || !br[1].IsAbsent() {
			var shown []string
			for _, b := range br {
				shown = append(shown, b.Display())
			}
			t.Errorf("%s: Choice.Branches() = %v, want [a, absent]", file, shown)
		}
	}

	// A parameter value given on the command line decides the condition
	// for good: the branch is a literal again.
	v := probeProp(t, "cond.short.yaml", Options{Params: map[string]string{"Mode": "public"}}, "Decided")
	checkValue(t, v, want{kind: graph.KindString, show: "REGIONAL", prov: graph.Literal, text: in3(`"REGIONAL"`)}, 0, "cond.short.yaml")
}

func TestFindInMap(t *testing.T) {
	fim := func(short, json string) [3]string {
		return per3("!FindInMap "+short, "{Fn::FindInMap: "+short+"}", `{"Fn::FindInMap": `+json+`}`)
	}
	known := fim(`[Hosts, prod, Name]`, `["Hosts", "prod", "Name"]`)
	anyKey := per3(`!FindInMap [Hosts, !Ref Stage, Name]`, `{Fn::FindInMap: [Hosts, {Ref: Stage}, Name]}`, `{"Fn::FindInMap": ["Hosts", {"Ref": "Stage"}, "Name"]}`)
	missing := fim(`[Hosts, qa, Name]`, `["Hosts", "qa", "Name"]`)
	cases := []evCase{
		{"Known", want{kind: graph.KindString, show: "prod.example.com", prov: graph.Derived, text: known, origin: in3(`"prod.example.com"`)}},
		// A key from a parameter default picks the entry, as a default.
		{"KeyedByDefault", want{kind: graph.KindString, show: "dev.example.com", prov: graph.Default, param: "Env",
			text:   per3(`!FindInMap [Hosts, !Ref Env, Name]`, `{Fn::FindInMap: [Hosts, {Ref: Env}, Name]}`, `{"Fn::FindInMap": ["Hosts", {"Ref": "Env"}, "Name"]}`),
			origin: in3(`"dev.example.com"`)}},
		// An unknown key: one of the entries.
		{"AnyKey", want{kind: graph.KindChoice, show: "one of (dev.example.com | prod.example.com)", prov: graph.Unknown,
			text: anyKey, reason: "key known only at deploy time"}},
		// ... or the one value every entry has.
		{"AllAgree", want{kind: graph.KindString, show: "443", prov: graph.Derived, origin: in3(`"443"`),
			text: per3(`!FindInMap [Hosts, !Ref Stage, Port]`, `{Fn::FindInMap: [Hosts, {Ref: Stage}, Port]}`, `{"Fn::FindInMap": ["Hosts", {"Ref": "Stage"}, "Port"]}`)}},
		{"Fallback", want{kind: graph.KindString, show: "qa.example.com", prov: graph.Literal, text: in3(`"qa.example.com"`)}},
		{"Missing", want{kind: graph.KindUnknown, show: "<unknown>", prov: graph.Unknown, text: missing, reason: "entry missing"}},
	}
	runGroup(t, "map", Options{}, cases, func(f int) []evDiag {
		return []evDiag{{"warning", missing[f], "no entry qa/Name in mapping Hosts"}}
	})

	for f, ext := range evFormats {
		file := "map" + ext
		v := probeProp(t, file, Options{}, "AnyKey")
		alts := v.Branches()
		if len(alts) != 2 {
			t.Fatalf("%s: AnyKey has %d branches", file, len(alts))
		}
		checkValue(t, alts[1], want{kind: graph.KindString, show: "prod.example.com", prov: graph.Derived, text: anyKey, origin: in3(`"prod.example.com"`)}, f, file)
	}
}

func TestOtherFunctions(t *testing.T) {
	fn := func(name, short, json string) [3]string {
		return per3("!"+name+" "+short, "{Fn::"+name+": "+short+"}", `{"Fn::`+name+`": `+json+`}`)
	}
	unknown := func(reason string, text [3]string) want {
		return want{kind: graph.KindUnknown, show: "<unknown>", prov: graph.Unknown, text: text, reason: reason}
	}
	cases := []evCase{
		{"Base64", want{kind: graph.KindString, show: "aGVsbG8=", prov: graph.Derived, text: fn("Base64", `"hello"`, `"hello"`)}},
		{"Base64Unknown", unknown("Fn::Base64 of an unknown value",
			per3(`!Base64 {Ref: AWS::StackName}`, `{Fn::Base64: {Ref: AWS::StackName}}`, `{"Fn::Base64": {"Ref": "AWS::StackName"}}`))},
		{"Azs", unknown("availability zones", fn("GetAZs", `""`, `""`))},
		{"Cidr", unknown("Fn::Cidr", fn("Cidr", `["10.0.0.0/16", 4, 8]`, `["10.0.0.0/16", 4, 8]`))},
		{"Json", want{kind: graph.KindString, show: `{"a":["x"],"b":1}`, prov: graph.Derived,
			text: fn("ToJsonString", `{b: 1, a: ["x"]}`, `{"b": 1, "a": ["x"]}`)}},
		{"JsonUnknown", unknown("Fn::ToJsonString",
			per3(`!ToJsonString {a: !Ref AWS::Region}`, `{Fn::ToJsonString: {a: {Ref: AWS::Region}}}`, `{"Fn::ToJsonString": {"a": {"Ref": "AWS::Region"}}}`))},
		{"Length", want{kind: graph.KindNumber, show: "3", prov: graph.Derived, text: fn("Length", `["a", "b", "c"]`, `["a", "b", "c"]`)}},
		{"LengthParam", want{kind: graph.KindNumber, show: "2", prov: graph.Default,
			text: per3(`!Length {Ref: Zones}`, `{Fn::Length: {Ref: Zones}}`, `{"Fn::Length": {"Ref": "Zones"}}`)}},
	}
	runGroup(t, "misc", Options{}, cases, nil)

	// With a known stack name (a CDK assembly), Base64 can be computed.
	f := source.NewFile("inline/stack.yaml", "stack.yaml", []byte("Resources:\n  Probe:\n    Type: Custom::Probe\n    Properties:\n      B: !Base64 {Ref: AWS::StackName}\n"))
	root, _ := Parse(f)
	b := &graph.Builder{}
	if diags := Build(b, []Input{{File: f, Root: root, StackName: "shop"}}, Options{}); len(diags) > 0 {
		t.Fatal(diags)
	}
	checkValue(t, b.Build().Node("stack.yaml#Probe").Prop("B"),
		want{kind: graph.KindString, show: "c2hvcA==", prov: graph.Derived, text: in3(`!Base64 {Ref: AWS::StackName}`)}, 0, "stack.yaml")
}
