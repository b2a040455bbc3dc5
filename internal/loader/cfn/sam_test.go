package cfn

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/iam"
	"github.com/papilint/papilint/internal/source"
)

// ---------------------------------------------------------------------------
// Loading

// loadSAMFile loads one template into a graph the way the loader package
// does.
func loadSAMFile(t *testing.T, path string) (*graph.Graph, []source.Diagnostic) {
	t.Helper()
	content, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f := source.NewFile(path, filepath.ToSlash(filepath.Base(path)), content)
	root, errs := Parse(f)
	if root == nil {
		t.Fatalf("%s: %v", path, errs)
	}
	b := &graph.Builder{}
	b.AddFile(f)
	diags := Build(b, []Input{{File: f, Root: root}}, Options{})
	return b.Build(), diags
}

func samNode(t *testing.T, g *graph.Graph, name string) *graph.Node {
	t.Helper()
	for _, n := range g.Nodes() {
		if n.Name == name {
			return n
		}
	}
	t.Fatalf("no resource %s in the graph", name)
	return nil
}

// ---------------------------------------------------------------------------
// The normalised summary (the same as scripts/sam-compare.py prints)

// renderSAM renders a value as sam-compare.py renders template values.
func renderSAM(v *graph.Value) any {
	if v == nil {
		return nil
	}
	switch v.Kind {
	case graph.KindNull:
		return nil
	case graph.KindString, graph.KindNumber:
		return v.Str
	case graph.KindBool:
		return strconv.FormatBool(v.Bool)
	case graph.KindList:
		out := []any{}
		for _, e := range v.List {
			out = append(out, renderSAM(e))
		}
		return out
	case graph.KindMap:
		out := map[string]any{}
		for _, f := range v.Fields {
			out[f.Key] = renderSAM(f.Value)
		}
		return out
	case graph.KindRef:
		return samRefText(v.Ref)
	case graph.KindConcat:
		var b strings.Builder
		for _, p := range v.Parts {
			s, ok := renderSAM(p).(string)
			if !ok {
				s = "<unknown>"
			}
			b.WriteString(s)
		}
		return b.String()
	case graph.KindChoice:
		if len(v.Alts) == 2 {
			return "<if:" + dumpSAM(renderSAM(v.Alts[0])) + "|" + dumpSAM(renderSAM(v.Alts[1])) + ">"
		}
	case graph.KindUnknown:
		if v.Param != "" {
			return "${" + v.Param + "}"
		}
	}
	return "<unknown>"
}

func samRefText(r *graph.Ref) string {
	if r.Node == "" {
		return "${" + r.Pseudo + "}"
	}
	name := string(r.Node)
	if i := strings.LastIndexByte(name, '#'); i >= 0 {
		name = name[i+1:]
	}
	if r.Attr == "" || r.Attr == "Ref" {
		return "${" + name + "}"
	}
	return "${" + name + "." + r.Attr + "}"
}

// dumpSAM is Python's json.dumps(v, sort_keys=True, separators=(",", ":")).
func dumpSAM(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "<unencodable>"
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func samAsText(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return dumpSAM(v)
}

// samPolicyTuples summarises policy documents (plain data) as sam-compare.py
// does.
func samPolicyTuples(docs []any) []string {
	set := map[string]bool{}
	for _, doc := range docs {
		if s, ok := doc.(string); ok {
			var parsed any
			if err := json.Unmarshal([]byte(s), &parsed); err != nil {
				set["<unreadable policy>"] = true
				continue
			}
			doc = parsed
		}
		m, ok := doc.(map[string]any)
		if !ok {
			set["<unreadable policy>"] = true
			continue
		}
		var stmts []any
		switch st := m["Statement"].(type) {
		case map[string]any:
			stmts = []any{st}
		case []any:
			stmts = st
		}
		for _, s := range stmts {
			st, ok := s.(map[string]any)
			if !ok {
				set["<unreadable statement>"] = true
				continue
			}
			eff := samAsText(st["Effect"])
			if cond, ok := st["Condition"].(map[string]any); ok && len(cond) > 0 {
				var parts []string
				for op, kv := range cond {
					keys, ok := kv.(map[string]any)
					if !ok {
						parts = append(parts, op+"||"+samAsText(kv))
						continue
					}
					for key, vals := range keys {
						list, ok := vals.([]any)
						if !ok {
							list = []any{vals}
						}
						var texts []string
						for _, v := range list {
							texts = append(texts, samAsText(v))
						}
						sort.Strings(texts)
						parts = append(parts, op+"|"+key+"|"+strings.Join(texts, ","))
					}
				}
				sort.Strings(parts)
				set[eff+"|"+strings.Join(parts, " & ")] = true
				continue
			}
			p := st["Principal"]
			if pm, ok := p.(map[string]any); ok {
				var parts []string
				for k, v := range pm {
					list, ok := v.([]any)
					if !ok {
						list = []any{v}
					}
					var texts []string
					for _, e := range list {
						texts = append(texts, samAsText(e))
					}
					sort.Strings(texts)
					parts = append(parts, k+":"+strings.Join(texts, ","))
				}
				sort.Strings(parts)
				p = strings.Join(parts, ";")
			}
			set[eff+"|||"+samAsText(p)] = true
		}
	}
	out := []string{}
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// samDisableFlag reads DisableExecuteApiEndpoint from the property or from the
// definition's x-amazon-apigateway-endpoint-configuration.
func samDisableFlag(props map[string]any, body any) any {
	if v, ok := props["DisableExecuteApiEndpoint"]; ok {
		return samAsText(v)
	}
	m, ok := body.(map[string]any)
	if !ok {
		return nil
	}
	const ext = "x-amazon-apigateway-endpoint-configuration"
	places := []any{m[ext]}
	servers := m["servers"]
	if s, ok := servers.(map[string]any); ok {
		servers = []any{s}
	}
	if list, ok := servers.([]any); ok {
		for _, s := range list {
			if sm, ok := s.(map[string]any); ok {
				places = append(places, sm[ext])
			}
		}
	}
	for _, p := range places {
		if pm, ok := p.(map[string]any); ok {
			if v, ok := pm["disableExecuteApiEndpoint"]; ok {
				return samAsText(v)
			}
		}
	}
	return nil
}

// samSummary renders papilint's view of a Serverless API as sam-compare.py
// renders the RestApi the transform generates.
func samSummary(g *graph.Graph, api *graph.Node) map[string]any {
	props, _ := renderSAM(api.Props).(map[string]any)
	var types, vpces any
	if ec := api.Prop("EndpointConfiguration"); ec != nil {
		t := ec.Get("Types")
		if t != nil && t.Kind == graph.KindChoice && len(t.Alts) == 2 &&
			len(t.Alts[0].Items()) == 1 && len(t.Alts[1].Items()) == 1 {
			// Fn::If inside the Types list, as the transform writes it.
			types = []any{"<if:" + dumpSAM(renderSAM(t.Alts[0].List[0])) + "|" + dumpSAM(renderSAM(t.Alts[1].List[0])) + ">"}
		} else if t != nil {
			types = renderSAM(t)
		}
		if ids := ec.Get("VpcEndpointIds"); ids != nil {
			vpces = renderSAM(ids)
		}
	}
	var body any
	if b, ok := props["DefinitionBody"]; ok {
		body = b
	} else {
		body = props["Body"]
	}
	srcs, _ := g.APIPolicies(api)
	var docs []any
	for _, s := range srcs {
		docs = append(docs, renderSAM(s.Value))
	}
	out := map[string]any{
		"endpointTypes":             types,
		"vpcEndpointIds":            vpces,
		"policy":                    nil,
		"disableExecuteApiEndpoint": samDisableFlag(props, body),
		"domains":                   nil,
	}
	if tuples := samPolicyTuples(docs); len(tuples) > 0 {
		out["policy"] = tuples
	}
	if d := api.Prop(samDomainProp); d != nil && d.Kind == graph.KindMap {
		paths := []string{""}
		if bp := d.Get("BasePath"); bp != nil {
			paths = nil
			for _, e := range bp.Items() {
				paths = append(paths, samAsText(renderSAM(e)))
			}
		}
		sort.Strings(paths)
		out["domains"] = []string{samAsText(renderSAM(d.Get("DomainName"))) + "|" +
			samAsText(renderSAM(d.Get("EndpointConfiguration"))) + "|" + strings.Join(paths, ",")}
	}
	// Round-trip through JSON so the comparison sees the same types as the
	// script's output.
	var norm map[string]any
	if err := json.Unmarshal([]byte(dumpSAM(out)), &norm); err != nil {
		panic(err)
	}
	return norm
}

// ---------------------------------------------------------------------------
// Agreement with the real transform

type samCompareLine struct {
	File      string         `json:"file"`
	API       string         `json:"api"`
	Source    string         `json:"source"`
	Condition any            `json:"condition"`
	Summary   map[string]any `json:"summary"`
	Error     string         `json:"error"`
	RestAPIs  *int           `json:"restApis"`
}

// samKnownDifferences lists, by "<path suffix>#<API>.<field>", where papilint
// knowingly differs from the offline transform, and why. Keep it short and
// specific: everything else must agree.
var samKnownDifferences = map[string]string{
	// SourceVpcWhitelist: [!Ref pVpcId], a parameter without Default. The
	// script gives it the placeholder value "${pVpcId}", which SAM drops
	// (it starts with neither vpc- nor vpce-). The deployed value is an id
	// SAM files under aws:SourceVpc or aws:SourceVpce by its prefix, which
	// papilint cannot know; it lists the value under both keys, which means
	// the same for any real id.
	"aws-samples__serverless-samples/apigw-private-custom-domain-name/iac/apigw.yaml#Api.policy": "a parameter without Default in SourceVpcWhitelist",
	// SourceVpcWhitelist: [!Ref vpcId] whose Default is the placeholder
	// "<VPC ID here>". Run with defaults, SAM drops it and generates no
	// policy; deployed with a real id it generates the Deny. papilint
	// treats the deployed value as unknown (listed under both keys) rather
	// than report a missing policy that only the placeholder causes.
	"aws-samples__serverless-samples/multiregional-private-api/api.yaml#RestApi.policy": "a placeholder Default in SourceVpcWhitelist",
}

// requireSAMTranslator skips the test when aws-sam-translator is missing.
func requireSAMTranslator(t *testing.T) {
	t.Helper()
	out, err := exec.Command("python3", "-c", "import samtranslator").CombinedOutput()
	if err != nil {
		t.Skip("aws-sam-translator not installed: python3 -c \"import samtranslator\": " +
			strings.TrimSpace(string(out)) + " " + err.Error())
	}
}

// samCandidates lists the templates under dir that use the SAM transform
// and declare an AWS::Serverless::Api.
func samCandidates(t *testing.T, dir string) []string {
	var files []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		switch strings.ToLower(filepath.Ext(path)) {
		case ".yaml", ".yml", ".json", ".template":
		default:
			return nil
		}
		content, err := os.ReadFile(path)
		if err != nil || !bytes.Contains(content, []byte("AWS::Serverless::Api")) {
			return nil
		}
		root, _ := Parse(source.NewFile(path, path, content))
		if root == nil || !IsTemplate(root) {
			return nil
		}
		sam := false
		if tr := root.Get("Transform"); tr != nil {
			sam = strings.HasPrefix(tr.Value, "AWS::Serverless")
			for _, it := range tr.Items {
				sam = sam || strings.HasPrefix(it.Value, "AWS::Serverless")
			}
		}
		has := false
		for _, p := range root.Get("Resources").Pairs {
			if ty := p.Value.Get("Type"); ty != nil && ty.Value == "AWS::Serverless::Api" {
				has = true
			}
		}
		if sam && has {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	return files
}

// TestSAMTransformAgreement runs the real SAM transform (through
// scripts/sam-compare.py, once over all files) on the templates in
// testdata/sam and on the SAM templates of the shared corpus, and requires
// papilint's mapping to agree with what the transform generates.
func TestSAMTransformAgreement(t *testing.T) {
	requireSAMTranslator(t)
	files := samCandidates(t, filepath.Join("testdata", "sam"))
	corpus := 0
	for _, dir := range []string{"general-cfn", "pattern-cfn"} {
		d := filepath.Join("..", "..", "..", "..", "shared", "corpus", dir)
		if _, err := os.Stat(d); err != nil {
			t.Logf("corpus %s not present, skipped", d)
			continue
		}
		c := samCandidates(t, d)
		corpus += len(c)
		files = append(files, c...)
	}
	script := filepath.Join("..", "..", "..", "scripts", "sam-compare.py")
	cmd := exec.Command("python3", append([]string{script}, files...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("sam-compare.py: %v\n%s", err, stderr.String())
	}
	byFile := map[string][]samCompareLine{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var l samCompareLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("sam-compare.py printed %q: %v", sc.Text(), err)
		}
		byFile[l.File] = append(byFile[l.File], l)
	}

	compared, rejected, corpusAPIs, corpusRejected := 0, 0, 0, 0
	used := map[string]bool{}
	for i, file := range files {
		inCorpus := i >= len(files)-corpus
		lines, ok := byFile[file]
		if !ok {
			t.Errorf("%s: sam-compare.py printed nothing", file)
			continue
		}
		if lines[0].Error != "" {
			rejected++
			if inCorpus {
				corpusRejected++
			}
			t.Logf("skipped %s: the SAM transform rejects it: %s", file, lines[0].Error)
			continue
		}
		g, _ := loadSAMFile(t, file)
		for _, l := range lines {
			if l.Source != "AWS::Serverless::Api" {
				continue
			}
			var api *graph.Node
			for _, n := range g.Nodes() {
				if n.Name == l.API && n.Type == "AWS::Serverless::Api" {
					api = n
				}
			}
			if api == nil {
				if l.Condition != nil {
					t.Logf("%s: %s is under condition %v, which papilint decided is false", file, l.API, l.Condition)
					continue
				}
				t.Errorf("%s: papilint has no node for %s", file, l.API)
				continue
			}
			compared++
			if inCorpus {
				corpusAPIs++
			}
			got := samSummary(g, api)
			for _, field := range []string{"endpointTypes", "vpcEndpointIds", "policy", "disableExecuteApiEndpoint", "domains"} {
				if reflect.DeepEqual(got[field], l.Summary[field]) {
					continue
				}
				if key, why := knownSAMDifference(file, l.API, field); why != "" {
					used[key] = true
					t.Logf("%s: %s.%s differs as documented (%s):\n  papilint:  %s\n  transform: %s",
						file, l.API, field, why, dumpSAM(got[field]), dumpSAM(l.Summary[field]))
					continue
				}
				t.Errorf("%s: %s.%s differs from the SAM transform:\n  papilint:  %s\n  transform: %s",
					file, l.API, field, dumpSAM(got[field]), dumpSAM(l.Summary[field]))
			}
		}
	}
	for key := range samKnownDifferences {
		if !used[key] && corpus > 0 {
			t.Errorf("documented difference %s no longer occurs; remove it from samKnownDifferences", key)
		}
	}
	t.Logf("compared %d Serverless APIs in %d templates; %d rejected by the transform. Corpus: %d APIs in %d templates, %d rejected",
		compared, len(files)-rejected, rejected, corpusAPIs, corpus-corpusRejected, corpusRejected)
}

func knownSAMDifference(file, api, field string) (string, string) {
	slash := filepath.ToSlash(file)
	for key, why := range samKnownDifferences {
		i := strings.LastIndexByte(key, '#')
		if i < 0 {
			continue
		}
		if strings.HasSuffix(slash, key[:i]) && key[i+1:] == api+"."+field {
			return key, why
		}
	}
	return "", ""
}

// ---------------------------------------------------------------------------
// Unit tests over testdata/sam

func loadSAM(t *testing.T, name string) (*graph.Graph, []source.Diagnostic) {
	t.Helper()
	return loadSAMFile(t, filepath.Join("testdata", "sam", name))
}

// samHasWarning reports whether a diagnostic's message contains all of parts.
func samHasWarning(diags []source.Diagnostic, parts ...string) bool {
	for _, d := range diags {
		ok := true
		for _, p := range parts {
			ok = ok && strings.Contains(d.Message, p)
		}
		if ok {
			return true
		}
	}
	return false
}

func samPolicyOf(t *testing.T, g *graph.Graph, api *graph.Node) []string {
	t.Helper()
	p, _ := samSummary(g, api)["policy"].([]any)
	var out []string
	for _, e := range p {
		out = append(out, e.(string))
	}
	return out
}

// samStatements returns the statements of the API's generated Policy.
func samStatements(t *testing.T, api *graph.Node) []*graph.Value {
	t.Helper()
	st := api.Prop("Policy", "Statement")
	if st == nil || st.Kind != graph.KindList {
		t.Fatalf("%s: no generated Policy.Statement list: %s", api.Name, api.Prop("Policy").Display())
	}
	return st.List
}

func samWantText(t *testing.T, what string, v *graph.Value, text string) {
	t.Helper()
	if v == nil || v.Range.Text() != text {
		got := "(nil)"
		if v != nil {
			got = v.Range.Text()
		}
		t.Errorf("%s points at %q, want %q", what, got, text)
	}
}

func TestSAMEndpointConfigurationString(t *testing.T) {
	g, diags := loadSAM(t, "endpoint-scalar.yaml")
	for _, d := range diags {
		t.Errorf("unexpected diagnostic: %s", d.Message)
	}
	api := samNode(t, g, "Api")
	types := graph.EndpointTypes(api)
	if got, ok := types.Strings(); !ok || !reflect.DeepEqual(got, []string{"PRIVATE"}) {
		t.Fatalf("Types = %s, want [PRIVATE]", types.Display())
	}
	if types.Prov != graph.Derived || types.List[0].Prov != graph.Literal {
		t.Errorf("Types provenance %s (element %s), want derived list of the literal", types.Prov, types.List[0].Prov)
	}
	samWantText(t, "Types", types, "PRIVATE")
	samWantText(t, "Types[0]", types.List[0], "PRIVATE")
	if p, known := graph.IsPrivateAPI(api); !p || !known {
		t.Errorf("IsPrivateAPI = %v, %v", p, known)
	}
	if b, ok := api.Prop("DisableExecuteApiEndpoint").BoolValue(); !ok || !b {
		t.Errorf("DisableExecuteApiEndpoint = %s", api.Prop("DisableExecuteApiEndpoint").Display())
	}
	st := api.Prop(samStageProp)
	if s, _ := st.String(); s != "prod" {
		t.Errorf("%s = %s", samStageProp, st.Display())
	}
	samWantText(t, samStageProp, st, "prod")

	stmts := samStatements(t, api)
	if len(stmts) != 2 {
		t.Fatalf("%d statements, want Allow and Deny", len(stmts))
	}
	deny := stmts[1]
	if e, _ := deny.Get("Effect").String(); e != "Deny" || deny.Get("Effect").Prov != graph.Derived {
		t.Errorf("second statement Effect %s (%s)", deny.Get("Effect").Display(), deny.Get("Effect").Prov)
	}
	if !strings.HasPrefix(deny.Range.Text(), "IntrinsicVpceWhitelist:") {
		t.Errorf("generated statement points at %q, want the IntrinsicVpceWhitelist entry", deny.Range.Text())
	}
	if r, _ := deny.Path("Resource", "0").String(); r != "execute-api:/*" {
		t.Errorf("Resource = %s", r)
	}
	ids := deny.Path("Condition", "StringNotEquals", "aws:SourceVpce")
	if ids == nil || len(ids.List) != 1 {
		t.Fatalf("Deny condition %s", deny.Get("Condition").Display())
	}
	samWantText(t, "the endpoint id", ids.List[0], "vpce-0123456789abcdef0")
	if ids.List[0].Prov != graph.Literal {
		t.Errorf("the endpoint id is %s, want literal (as written)", ids.List[0].Prov)
	}
}

func TestSAMEndpointConfigurationMap(t *testing.T) {
	g, diags := loadSAM(t, "endpoint-map.yaml")
	for _, d := range diags {
		t.Errorf("unexpected diagnostic: %s", d.Message)
	}
	api := samNode(t, g, "Api")
	ec := api.Prop("EndpointConfiguration")
	if f := ec.Field("Types"); f == nil || f.KeyRange.Text() != "Type" {
		t.Errorf("Types is not keyed at the Type key: %+v", f)
	}
	if ec.Get("Type") != nil || ec.Get("VPCEndpointIds") != nil {
		t.Errorf("SAM keys left in EndpointConfiguration: %s", dumpSAM(renderSAM(ec)))
	}
	types := graph.EndpointTypes(api)
	samWantText(t, "Types", types, "PRIVATE")
	if p, known := graph.IsPrivateAPI(api); !p || !known {
		t.Errorf("IsPrivateAPI = %v, %v", p, known)
	}
	ids := ec.Get("VpcEndpointIds")
	if ids == nil || len(ids.List) != 1 || !graph.RefersTo(ids.List[0], samNode(t, g, "Endpoint").ID, "Ref") {
		t.Fatalf("VpcEndpointIds = %s", ids.Display())
	}
	samWantText(t, "VpcEndpointIds[0]", ids.List[0], "!Ref Endpoint")
	found := false
	for _, e := range g.EdgesFrom(api.ID) {
		if e.To == samNode(t, g, "Endpoint").ID && len(e.Path) >= 2 && e.Path[0] == "EndpointConfiguration" && e.Path[1] == "VpcEndpointIds" {
			found = true
		}
	}
	if !found {
		t.Errorf("no edge from EndpointConfiguration.VpcEndpointIds to the endpoint: %+v", g.EdgesFrom(api.ID))
	}
	if got := samPolicyOf(t, g, api); !reflect.DeepEqual(got, []string{"Allow|||*", "Deny|StringNotEquals|aws:SourceVpce|${Endpoint}"}) {
		t.Errorf("policy %q", got)
	}
	// The event's path parameter does not narrow API-level statements.
	if r, _ := samStatements(t, api)[0].Path("Resource", "0").String(); r != "execute-api:/*" {
		t.Errorf("Resource = %s", r)
	}
	reg := samNode(t, g, "Regional")
	if p, known := graph.IsPrivateAPI(reg); p || !known {
		t.Errorf("Regional: IsPrivateAPI = %v, %v", p, known)
	}
}

func TestSAMResourcePolicyLists(t *testing.T) {
	g, diags := loadSAM(t, "policy-lists.yaml")
	want := map[string][]string{
		// vpc- and vpce- ids go under their own key; other strings are dropped.
		"SourceVpcWhite": {"Allow|||*", "Deny|StringNotEquals|aws:SourceVpce|vpce-0ccccccccccccccccc & StringNotEquals|aws:SourceVpc|vpc-0bbbbbbbbbbbbbbbb"},
		"SourceVpcBlack": {"Allow|||*", "Deny|StringEquals|aws:SourceVpce|vpce-0ddddddddddddddddd"},
		// Parameters read with their default, as SAM reads them.
		"IntrinsicVpcWhite": {"Allow|||*", "Deny|StringNotEquals|aws:SourceVpc|vpc-0aaaaaaaaaaaaaaaa"},
		// Fn::GetAtt Endpoint.Id is the endpoint's Ref.
		"IntrinsicVpcBlack":  {"Allow|||*", "Deny|StringEquals|aws:SourceVpc|${Endpoint}"},
		"IntrinsicVpceWhite": {"Allow|||*", "Deny|StringNotEquals|aws:SourceVpce|${Endpoint},vpce-0eeeeeeeeeeeeeeeee"},
		"IntrinsicVpceBlack": {"Allow|||*", "Deny|StringEquals|aws:SourceVpce|${Endpoint}"},
		"Accounts":           {"Allow|||AWS:111111111111", "Deny|||AWS:222222222222,333333333333"},
		// A single IP range is a list of one.
		"IpRanges": {"Allow|||*", "Deny|IpAddress|aws:SourceIp|10.1.0.0/16", "Deny|NotIpAddress|aws:SourceIp|10.0.0.0/8"},
		// One Allow for all entries; VPC and endpoint ids in one Deny.
		"Combined": {"Allow|||*", "Deny|IpAddress|aws:SourceIp|192.0.2.0/24",
			"Deny|StringNotEquals|aws:SourceVpce|${Endpoint} & StringNotEquals|aws:SourceVpc|vpc-0bbbbbbbbbbbbbbbb"},
	}
	for name, w := range want {
		api := samNode(t, g, name)
		if got := samPolicyOf(t, g, api); !reflect.DeepEqual(got, w) {
			t.Errorf("%s: policy\n got %q\nwant %q", name, got, w)
		}
	}
	if !samHasWarning(diags, `SourceVpcWhitelist entry "not-an-id" is neither a vpc- nor a vpce- id`) {
		t.Errorf("no warning for the dropped entry: %v", diags)
	}
	// Combined has exactly one Allow.
	if n := len(samStatements(t, samNode(t, g, "Combined"))); n != 3 {
		t.Errorf("Combined has %d statements, want 3 (one Allow, two Deny)", n)
	}
	// The account list is the principal, as written.
	acct := samStatements(t, samNode(t, g, "Accounts"))[0]
	samWantText(t, "the account whitelist", acct.Path("Principal", "AWS"), `["111111111111"]`)
}

func TestSAMCustomStatements(t *testing.T) {
	g, diags := loadSAM(t, "custom-statements.yaml")
	for _, d := range diags {
		t.Errorf("unexpected diagnostic: %s", d.Message)
	}
	// Alone and a single map: SAM uses it as the Statement element, even on
	// an API without methods.
	only := samNode(t, g, "CustomOnly")
	st := only.Prop("Policy", "Statement")
	if st == nil || st.Kind != graph.KindMap || st.Prov != graph.Literal {
		t.Fatalf("CustomOnly: Statement = %s", dumpSAM(renderSAM(st)))
	}
	if !strings.HasPrefix(st.Range.Text(), "Effect: Allow") {
		t.Errorf("CustomOnly: Statement points at %q", st.Range.Text())
	}
	mixed := samNode(t, g, "Mixed")
	want := []string{"Allow|||*", "Deny|NotIpAddress|aws:VpcSourceIp|10.0.0.0/16", "Deny|StringNotEquals|aws:SourceVpce|vpce-0123456789abcdef0"}
	if got := samPolicyOf(t, g, mixed); !reflect.DeepEqual(got, want) {
		t.Errorf("Mixed: policy %q, want %q", got, want)
	}
	stmts := samStatements(t, mixed)
	if len(stmts) != 3 || stmts[2].Prov != graph.Literal {
		t.Errorf("Mixed: the custom statement should come last, as written: %d statements", len(stmts))
	}
	if r, _ := stmts[0].Path("Resource", "0").String(); r != "execute-api:/*" {
		t.Errorf("Mixed: Resource = %s", r)
	}
}

func TestSAMIntrinsicVpceWhitelistList(t *testing.T) {
	g, diags := loadSAM(t, "intrinsic-vpce-list.yaml")
	for _, d := range diags {
		t.Errorf("unexpected diagnostic: %s", d.Message)
	}
	api := samNode(t, g, "Api")
	stmts := samStatements(t, api)
	var denies []*graph.Value
	for _, s := range stmts {
		if e, _ := s.Get("Effect").String(); e == "Deny" {
			denies = append(denies, s)
		}
	}
	if len(denies) != 1 {
		t.Fatalf("%d Deny statements, want one listing both endpoints (serverless-application-model#1372)", len(denies))
	}
	ids := denies[0].Path("Condition", "StringNotEquals", "aws:SourceVpce")
	a, b := samNode(t, g, "EndpointA").ID, samNode(t, g, "EndpointB").ID
	if len(ids.Items()) != 2 || !graph.RefersTo(ids.List[0], a, "Ref") || !graph.RefersTo(ids.List[1], b, "Ref") {
		t.Fatalf("aws:SourceVpce = %s", ids.Display())
	}
	samWantText(t, "the first endpoint", ids.List[0], "!Ref EndpointA")
	// The inline definition has no policy of its own: the generated one is
	// the RestApi's Policy.
	if srcs, hidden := g.APIPolicies(api); len(srcs) != 1 || srcs[0].Where != "Policy" || hidden {
		t.Errorf("APIPolicies = %+v, hidden %v", srcs, hidden)
	}
}

// TestSAMIssue3764 mirrors what SAM does with IntrinsicVpceWhitelist given
// as a scalar (https://github.com/aws/serverless-application-model/issues/3764).
func TestSAMIssue3764(t *testing.T) {
	g, diags := loadSAM(t, "issue-3764.yaml")
	// The template: no methods, no policy; the deploy then fails
	// with "Private REST API doesn't have a resource policy attached to it".
	mwe := samNode(t, g, "MWE")
	if srcs, _ := g.APIPolicies(mwe); len(srcs) != 0 {
		t.Errorf("MWE: a policy was generated for an API without methods: %s", srcs[0].Value.Display())
	}
	if !samHasWarning(diags, "MWE has no methods") {
		t.Errorf("no warning that MWE gets no policy: %v", diags)
	}
	if !samHasWarning(diags, "IntrinsicVpceWhitelist is a single string", "single characters") {
		t.Errorf("no warning about the scalar IntrinsicVpceWhitelist: %v", diags)
	}
	// With a method: the string is split into characters.
	wm := samNode(t, g, "WithMethod")
	ids := samStatements(t, wm)[1].Path("Condition", "StringNotEquals", "aws:SourceVpce")
	if len(ids.Items()) != len("vpce-00000000000000000") {
		t.Fatalf("WithMethod: aws:SourceVpce = %s", ids.Display())
	}
	if s, _ := ids.List[0].String(); s != "v" || ids.List[0].Prov != graph.Derived {
		t.Errorf("WithMethod: first value %q (%s), want derived \"v\"", s, ids.List[0].Prov)
	}
	samWantText(t, "a character", ids.List[0], "vpce-00000000000000000")
	// A single !Ref: SAM reads the function's name.
	sr := samNode(t, g, "SingleRef")
	if got := samPolicyOf(t, g, sr); !reflect.DeepEqual(got, []string{"Allow|||*", "Deny|StringNotEquals|aws:SourceVpce|Ref"}) {
		t.Errorf("SingleRef: policy %q", got)
	}
	if !samHasWarning(diags, "IntrinsicVpceWhitelist is a single Ref", `"Ref"`) {
		t.Errorf("no warning about the single !Ref: %v", diags)
	}
}

func TestSAMGlobals(t *testing.T) {
	g, _ := loadSAM(t, "globals.yaml")
	inh := samNode(t, g, "Inherits")
	types := graph.EndpointTypes(inh)
	if s, _ := types.Strings(); !reflect.DeepEqual(s, []string{"PRIVATE"}) {
		t.Fatalf("Inherits: Types = %s", types.Display())
	}
	if types.Range.Start.Line != 6 {
		t.Errorf("Inherits: Types points at line %d, want the Globals entry (line 6)", types.Range.Start.Line)
	}
	want := []string{"Allow|||*", "Deny|StringNotEquals|aws:SourceVpce|vpce-0aaaaaaaaaaaaaaaa,vpce-0bbbbbbbbbbbbbbbb"}
	if got := samPolicyOf(t, g, inh); !reflect.DeepEqual(got, want) {
		t.Errorf("Inherits: lists are concatenated: policy %q, want %q", got, want)
	}
	ov := samNode(t, g, "Overrides")
	if s, _ := graph.EndpointTypes(ov).Strings(); !reflect.DeepEqual(s, []string{"REGIONAL"}) {
		t.Errorf("Overrides: Types = %s", graph.EndpointTypes(ov).Display())
	}
	ig := samNode(t, g, "Ignores")
	if srcs, _ := g.APIPolicies(ig); len(srcs) != 0 {
		t.Errorf("Ignores: IgnoreGlobals [Auth] still got a policy")
	}
	if p, _ := graph.IsPrivateAPI(ig); !p {
		t.Errorf("Ignores: EndpointConfiguration from Globals should still apply")
	}
}

func TestSAMDomain(t *testing.T) {
	g, _ := loadSAM(t, "domain.yaml")
	d := samNode(t, g, "Api").Prop(samDomainProp)
	if s, _ := d.Get("DomainName").String(); s != "api.example.com" {
		t.Fatalf("DomainName = %s", d.Get("DomainName").Display())
	}
	if s, _ := d.Get("CertificateArn").String(); !strings.HasPrefix(s, "arn:aws:acm:") {
		t.Errorf("CertificateArn = %s", d.Get("CertificateArn").Display())
	}
	ep := d.Get("EndpointConfiguration")
	if s, _ := ep.String(); s != "REGIONAL" || ep.Prov != graph.Derived {
		t.Errorf("EndpointConfiguration = %s (%s), want the derived default REGIONAL", ep.Display(), ep.Prov)
	}
	bp := d.Get("BasePath")
	if s, _ := bp.Strings(); !reflect.DeepEqual(s, []string{"v1", "ordersv2"}) {
		t.Errorf("BasePath = %s, want SAM's normalised [v1, ordersv2]", bp.Display())
	}
	samWantText(t, "BasePath[0]", bp.List[0], "/v1")
	if bp.List[0].Prov != graph.Derived {
		t.Errorf("a normalised base path is %s, want derived", bp.List[0].Prov)
	}
	edge := samNode(t, g, "Edge").Prop(samDomainProp)
	if s, _ := edge.Get("BasePath").Strings(); !reflect.DeepEqual(s, []string{"/keep-me"}) {
		t.Errorf("Edge: BasePath = %s (NormalizeBasePath: false)", edge.Get("BasePath").Display())
	}
	if s, _ := edge.Get("EndpointConfiguration").String(); s != "EDGE" {
		t.Errorf("Edge: EndpointConfiguration = %s", edge.Get("EndpointConfiguration").Display())
	}
	root := samNode(t, g, "Root").Prop(samDomainProp)
	if root.Get("BasePath") != nil {
		t.Errorf("Root: BasePath = %s, want none (one mapping without base path)", root.Get("BasePath").Display())
	}
}

func TestSAMDefinitionBody(t *testing.T) {
	g, diags := loadSAM(t, "definition-body.yaml")
	wp := samNode(t, g, "WithPolicy")
	if !wp.Prop("Policy").IsAbsent() {
		t.Errorf("WithPolicy: the statements belong in the definition's policy, not in Policy")
	}
	st := wp.Prop("DefinitionBody", "x-amazon-apigateway-policy", "Statement")
	if len(st.Items()) != 3 || st.List[0].Prov != graph.Literal || st.List[2].Prov != graph.Derived {
		t.Fatalf("WithPolicy: Statement = %s", dumpSAM(renderSAM(st)))
	}
	if srcs, _ := g.APIPolicies(wp); len(srcs) != 1 || srcs[0].Where != "Body.x-amazon-apigateway-policy" {
		t.Errorf("WithPolicy: APIPolicies = %+v", srcs)
	}
	np := samNode(t, g, "NoPaths")
	if srcs, _ := g.APIPolicies(np); len(srcs) != 0 {
		t.Errorf("NoPaths: a policy was generated for a definition without paths")
	}
	if !samHasWarning(diags, "NoPaths has no methods") {
		t.Errorf("no warning for NoPaths: %v", diags)
	}
	g, diags = loadSAM(t, "definition-body-invalid.yaml")
	if srcs, _ := g.APIPolicies(samNode(t, g, "NoPathsKey")); len(srcs) != 0 {
		t.Errorf("NoPathsKey: a policy was generated for a definition without paths")
	}
	if !samHasWarning(diags, "DefinitionBody of NoPathsKey has no paths") {
		t.Errorf("no warning for NoPathsKey: %v", diags)
	}
}

func TestSAMEventResourcePolicy(t *testing.T) {
	g, _ := loadSAM(t, "event-policy.yaml")
	api := samNode(t, g, "Api")
	stmts := samStatements(t, api)
	if len(stmts) != 2 {
		t.Fatalf("%d statements", len(stmts))
	}
	if r, _ := stmts[1].Path("Resource", "0").String(); r != "execute-api:/prod/*/orders/*" {
		t.Errorf("Resource = %q, want the event's path", r)
	}
	if !strings.HasPrefix(stmts[1].Range.Text(), "IntrinsicVpceWhitelist:") || !samNode(t, g, "Fn").Range.Contains(stmts[1].Range) {
		t.Errorf("the statement points at line %d %q, want the event's entry in Fn", stmts[1].Range.Start.Line, stmts[1].Range.Text())
	}
}

// TestSAMGeneratedPoliciesAreReadable checks that every generated policy
// parses without problems and means what SAM's does for a request through
// an allowed and a foreign endpoint.
func TestSAMGeneratedPoliciesAreReadable(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "sam", "*.yaml"))
	for _, file := range files {
		g, _ := loadSAMFile(t, file)
		for _, api := range g.OfKind(graph.RestAPI) {
			srcs, _ := g.APIPolicies(api)
			for _, s := range srcs {
				pol, problems := iam.Parse(s.Value)
				if pol == nil || len(problems) > 0 {
					t.Errorf("%s: %s: %v", file, api.Name, problems)
				}
			}
		}
	}
	g, _ := loadSAM(t, "intrinsic-vpce-list.yaml")
	api := samNode(t, g, "Api")
	srcs, _ := g.APIPolicies(api)
	pol, _ := iam.Parse(srcs[0].Value)
	for _, c := range []struct {
		stage string
		vpce  iam.Operand
		want  iam.Decision
	}{
		{"prod", iam.RefTo(&graph.Ref{Node: samNode(t, g, "EndpointB").ID, Attr: "Ref"}), iam.Allow},
		{"prod", iam.Outsider, iam.ExplicitDeny},
		{"", iam.RefTo(&graph.Ref{Node: samNode(t, g, "EndpointA").ID, Attr: "Ref"}), iam.Allow},
		{"", iam.Outsider, iam.ExplicitDeny},
	} {
		res := pol.Evaluate(iam.Request{Anonymous: true, Stage: c.stage, SourceVpce: c.vpce, SourceVpc: iam.Outsider})
		if res.Decision != c.want {
			t.Errorf("request to stage %q through %s: %s (%s), want %s", c.stage, c.vpce, res.Decision, res.Reason, c.want)
		}
	}
}

func TestSAMEdgeCases(t *testing.T) {
	g, diags := loadSAM(t, "edge-cases.yaml")
	// An undecided Fn::If as the type: a choice between [PRIVATE] and
	// [REGIONAL], so rules see both branches.
	ift := samNode(t, g, "IfType")
	types := graph.EndpointTypes(ift)
	if types == nil || types.Kind != graph.KindChoice || len(types.Alts) != 2 {
		t.Fatalf("IfType: Types = %s", types.Display())
	}
	if p, known := graph.IsPrivateAPI(ift); p || known {
		t.Errorf("IfType: IsPrivateAPI = %v, %v, want unknown", p, known)
	}
	if !graph.MayBePrivateAPI(ift) {
		t.Errorf("IfType: MayBePrivateAPI = false")
	}
	if ids, _ := ift.Prop("EndpointConfiguration", "VpcEndpointIds").Strings(); len(ids) != 2 {
		t.Errorf("IfType: VpcEndpointIds (written VpcEndpointIds) = %v", ids)
	}
	// A map without Type.
	if !samHasWarning(diags, "EndpointConfiguration of NoType has no Type") {
		t.Errorf("no warning for NoType: %v", diags)
	}
	if _, known := graph.IsPrivateAPI(samNode(t, g, "NoType")); known {
		t.Errorf("NoType: the endpoint type should be unknown")
	}
	// An empty string: no endpoint configuration at all.
	if ec := samNode(t, g, "Empty").Prop("EndpointConfiguration"); ec != nil {
		t.Errorf("Empty: EndpointConfiguration = %s", ec.Display())
	}
	// Policy written on the API and Auth.ResourcePolicy: both kept.
	both := samNode(t, g, "BothPolicies")
	if st := both.Prop("Policy", "Statement"); len(st.Items()) != 3 || st.List[0].Prov != graph.Literal {
		t.Errorf("BothPolicies: Statement = %s", dumpSAM(renderSAM(st)))
	}
	// OverrideApiAuth on an inline definition; a state machine's event.
	if got := samPolicyOf(t, g, samNode(t, g, "Override")); !reflect.DeepEqual(got, []string{"Allow|||*", "Deny|StringEquals|aws:SourceVpc|vpc-0dddddddddddddddd"}) {
		t.Errorf("Override: policy %q", got)
	}
	sm := samNode(t, g, "ForStateMachine")
	if r, _ := samStatements(t, sm)[0].Path("Resource", "0").String(); r != "execute-api:/prod/*/start" {
		t.Errorf("ForStateMachine: Resource = %q", r)
	}
	// A scalar SourceVpcWhitelist contributes nothing; the list parameter
	// in IntrinsicVpceWhitelist is its elements.
	if got := samPolicyOf(t, g, samNode(t, g, "ScalarSourceVpc")); !reflect.DeepEqual(got,
		[]string{"Allow|||*", "Deny|StringNotEquals|aws:SourceVpce|vpce-0aaaaaaaaaaaaaaaa,vpce-0bbbbbbbbbbbbbbbb"}) {
		t.Errorf("ScalarSourceVpc: policy %q", got)
	}
	if !samHasWarning(diags, "SourceVpcWhitelist is a single string") {
		t.Errorf("no warning for the scalar SourceVpcWhitelist: %v", diags)
	}
}
