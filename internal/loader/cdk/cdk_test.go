package cdk

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/papilint/papilint/internal/source"
)

func TestMakeUniqueID(t *testing.T) {
	// Logical IDs aws-cdk-lib 2.276.0 allocated in testdata/cdk/apps.
	for _, c := range []struct {
		path string
		want string
	}{
		{"Alb/Resource", "Alb16C2F182"},
		{"Vpc/ExecuteApi/Resource", "VpcExecuteApi29074DB4"},
		{"EndpointEnis/Resource/Default", "EndpointEnisBA437A73"},
		{"Domain/Map:--=>MainStackApiPrivateApi0CE5A9D4/Resource", "DomainMapMainStackApiPrivateApi0CE5A9D4420FC366"},
		{"Network.NestedStack/Network.NestedStackResource", "NetworkNestedStackNetworkNestedStackResource0124E108"},
		{"BootstrapVersion", "BootstrapVersion"},
		{"Cdk-Json/Default", "CdkJson"},
	} {
		if got := makeUniqueID(strings.Split(c.path, "/")); got != c.want {
			t.Errorf("makeUniqueID(%s) = %s, want %s", c.path, got, c.want)
		}
	}
}

func TestUserFrames(t *testing.T) {
	trace := []string{
		// aws-cdk-lib 2.2xx: library frames summarised.
		"...new ApplicationLoadBalancer2 in aws-cdk-lib...",
		"network (/work/app/lib/pattern.js:58:15)",
		"<anonymous> (/work/app/app.js:7:13)",
		"...node internals...",
		// Older aws-cdk-lib with CDK_DEBUG: every frame.
		"new CfnResource (/work/app/node_modules/aws-cdk-lib/core/lib/cfn-resource.js:1:2345)",
		"new VpcStack (C:\\src\\app\\lib\\stack.ts:118:34)",
		"Module._compile (node:internal/modules/cjs/loader:1521:14)",
		"Object.<anonymous> (file:///work/app/bin/app.mjs:3:1)",
		"<module> (/work/app/app.py:12)",
		"/work/app/anon.js:4:2",
		"not a frame",
	}
	want := []Frame{
		{File: "/work/app/lib/pattern.js", Line: 58, Col: 15},
		{File: "/work/app/app.js", Line: 7, Col: 13},
		{File: `C:\src\app\lib\stack.ts`, Line: 118, Col: 34},
		{File: "/work/app/bin/app.mjs", Line: 3, Col: 1},
		{File: "/work/app/app.py", Line: 12},
		{File: "/work/app/anon.js", Line: 4, Col: 2},
	}
	if got := UserFrames(trace); !reflect.DeepEqual(got, want) {
		t.Errorf("UserFrames:\n got %+v\nwant %+v", got, want)
	}
}

func TestParseEnvironment(t *testing.T) {
	for env, want := range map[string][2]string{
		"aws://123456789012/eu-west-1":           {"123456789012", "eu-west-1"},
		"aws://unknown-account/unknown-region":   {"", ""},
		"aws://unknown-account/us-east-1":        {"", "us-east-1"},
		"aws://${AWS::AccountId}/${AWS::Region}": {"", ""},
		"":                                       {"", ""},
	} {
		a, r := parseEnvironment(env)
		if a != want[0] || r != want[1] {
			t.Errorf("parseEnvironment(%q) = %q, %q; want %q, %q", env, a, r, want[0], want[1])
		}
	}
}

func TestInside(t *testing.T) {
	dir := filepath.FromSlash("/a/cdk.out")
	for name, ok := range map[string]bool{
		"Stack.template.json":             true,
		"assembly-Prod":                   true,
		"assembly-Prod/manifest.json":     true,
		"":                                false,
		"../secret.json":                  false,
		"assembly-Prod/../../x.json":      false,
		"/etc/passwd":                     false,
		"asset.1234/template.json":        false,
		"assembly-Prod/asset.12/x.json":   false,
		"a/./b/../Stack.template.json":    true,
		"assembly-Prod/../Stack.template": true,
	} {
		if _, got := inside(dir, name); got != ok {
			t.Errorf("inside(%q) = %v, want %v", name, got, ok)
		}
	}
}

func TestIsManifest(t *testing.T) {
	for text, want := range map[string]bool{
		`{"version":"55.0.0","artifacts":{"S":{"type":"aws:cloudformation:stack"}}}`: true,
		`{"version":"99.0.0","artifacts":{"T":{"type":"cdk:tree"}}}`:                 true,
		`{"version":1,"artifacts":{"S":{"type":"aws:cloudformation:stack"}}}`:        false,
		`{"version":"55.0.0","artifacts":{}}`:                                        false,
		`{"name":"x","version":"1.0.0","artifacts":"none"}`:                          false,
		`{"AWSTemplateFormatVersion":"2010-09-09","Resources":{}}`:                   false,
		`not json "artifacts"`: false,
	} {
		if got := IsManifest([]byte(text)); got != want {
			t.Errorf("IsManifest(%s) = %v, want %v", text, got, want)
		}
	}
}

func TestNestedStackPath(t *testing.T) {
	for path, want := range map[string]string{
		"/Main/Api.NestedStack/Api.NestedStackResource":           "/Main/Api",
		"/Prod/S/Inner/Deep.NestedStack/Deep.NestedStackResource": "/Prod/S/Inner/Deep",
		"/Main/Api/Resource":                              "",
		"/Main/Api.NestedStack/Other.NestedStackResource": "",
	} {
		got, ok := nestedStackPath(path)
		if ok != (want != "") || got != want {
			t.Errorf("nestedStackPath(%s) = %q, %v; want %q", path, got, ok, want)
		}
	}
}

// memFS is a Reader over files given as text.
type memFS map[string]string

func (m memFS) read(path string) (*source.File, error) {
	s, ok := m[filepath.ToSlash(path)]
	if !ok {
		return nil, errors.New("no such file")
	}
	return source.NewFile(path, filepath.Base(path), []byte(s)), nil
}

func manifestFile(text string) *source.File {
	return source.NewFile("/asm/manifest.json", "cdk.out/manifest.json", []byte(text))
}

func TestVersions(t *testing.T) {
	stack := `"artifacts":{"S":{"type":"aws:cloudformation:stack","properties":{"templateFile":"S.template.json"}}}`
	for _, c := range []struct {
		version  string
		ok       bool
		severity string
		message  string
	}{
		{"55.0.0", true, "", ""},
		{"38.0.1", true, "", ""},
		{"48.7.0", true, "", ""},
		{"34.0.0", true, "note", "older than the versions papilint supports"},
		{"99.0.0", false, "error", "newer than papilint understands"},
		{"v2", false, "error", "not a version number"},
	} {
		asm, probs := Read(manifestFile(`{"version":"`+c.version+`",`+stack+`}`), memFS{}.read)
		if (asm != nil) != c.ok {
			t.Errorf("%s: read = %v, want %v", c.version, asm != nil, c.ok)
		}
		if c.severity == "" {
			if len(probs) > 0 {
				t.Errorf("%s: unexpected %v", c.version, probs)
			}
			continue
		}
		if len(probs) != 1 || probs[0].Severity != c.severity || !strings.Contains(probs[0].Message, c.message) {
			t.Errorf("%s: problems %v, want one %s about %q", c.version, probs, c.severity, c.message)
			continue
		}
		if probs[0].Range.Text() != `"version"` {
			t.Errorf("%s: problem points at %q", c.version, probs[0].Range.Text())
		}
	}
	if _, probs := Read(manifestFile(`{"artifacts":{}}`), memFS{}.read); len(probs) != 1 || !strings.Contains(probs[0].Message, "no version") {
		t.Errorf("manifest without version: %v", probs)
	}
	if _, probs := Read(manifestFile(`{"version":`), memFS{}.read); len(probs) != 1 || !strings.Contains(probs[0].Message, "not valid JSON") {
		t.Errorf("broken manifest: %v", probs)
	}
	asm, probs := Read(manifestFile(`{"version":"55.0.0",`+stack[:len(stack)-1]+`,"Odd":{"type":7}}}`), memFS{}.read)
	if asm == nil || len(asm.Stacks) != 1 || len(probs) != 1 || !strings.Contains(probs[0].Message, "artifact Odd does not fit") {
		t.Errorf("an odd artifact: %v %v", asm, probs)
	}
}

func TestReadAssembly(t *testing.T) {
	fs := memFS{
		"/asm/Net.metadata.json": `{"/Net/Vpc/Resource":[{"type":"aws:cdk:logicalId","data":"Vpc8378EB38"},
			{"type":"aws:cdk:creationStack","data":["...new Vpc in aws-cdk-lib...","<anonymous> (/src/app.js:3:1)"]}]}`,
		"/asm/Net.assets.json": `{"version":"55.0.0","files":{
			"h1":{"source":{"path":"NetInner.nested.template.json","packaging":"file"},"destinations":{"d":{"objectKey":"h1.json"}}},
			"h2":{"source":{"path":"asset.h2","packaging":"zip"},"destinations":{"d":{"objectKey":"h2.zip"}}},
			"h3":{"source":{"path":"../outside.json","packaging":"file"},"destinations":{"d":{"objectKey":"h3.json"}}}}}`,
		"/asm/assembly-Prod/manifest.json": `{"version":"55.0.0","artifacts":{"ProdApi1234":{"type":"aws:cloudformation:stack",
			"environment":"aws://unknown-account/unknown-region","displayName":"Prod/Api",
			"properties":{"templateFile":"ProdApi1234.template.json","stackName":"Prod-Api"}}}}`,
		"/asm/tree.json": `{"version":"tree-0.1","tree":{"id":"App","path":"","children":{"Net":{"id":"Net","path":"Net",
			"children":{"Vpc":{"id":"Vpc","path":"Net/Vpc","children":{"Resource":{"id":"Resource","path":"Net/Vpc/Resource",
			"attributes":{"aws:cdk:cloudformation:type":"AWS::EC2::VPC"}}}}}}}}}`,
	}
	mf := manifestFile(`{"version":"55.0.0","artifacts":{
		"Net.assets":{"type":"cdk:asset-manifest","properties":{"file":"Net.assets.json"}},
		"Net":{"type":"aws:cloudformation:stack","environment":"aws://123456789012/eu-west-1",
			"properties":{"templateFile":"Net.template.json","parameters":{"P":"v"}},
			"dependencies":["Net.assets"],"additionalMetadataFile":"Net.metadata.json",
			"metadata":{"/Net/Sg/Resource":[{"type":"aws:cdk:logicalId","data":"Sg1234","trace":["new X (/src/old.js:9:9)"]}]}},
		"Evil":{"type":"aws:cloudformation:stack","properties":{"templateFile":"../../etc/x.json"}},
		"assembly-Prod":{"type":"cdk:cloud-assembly","properties":{"directoryName":"assembly-Prod","displayName":"Prod"}},
		"Tree":{"type":"cdk:tree","properties":{"file":"tree.json"}}}}`)
	asm, probs := Read(mf, fs.read)
	if asm == nil {
		t.Fatalf("not read: %v", probs)
	}
	if len(probs) != 1 || !strings.Contains(probs[0].Message, "not a file of this assembly") {
		t.Errorf("problems: %v", probs)
	}
	if len(asm.Stacks) != 1 || len(asm.Nested) != 1 || len(asm.Nested[0].Stacks) != 1 {
		t.Fatalf("stacks %d, nested %d", len(asm.Stacks), len(asm.Nested))
	}
	net := asm.Stacks[0]
	if net.Name != "Net" || net.Account != "123456789012" || net.Region != "eu-west-1" || net.Params["P"] != "v" ||
		net.Template != filepath.FromSlash("/asm/Net.template.json") {
		t.Errorf("stack Net: %+v", net)
	}
	if !reflect.DeepEqual(net.AssetFiles, map[string]string{"h1.json": "NetInner.nested.template.json"}) {
		t.Errorf("asset files %v", net.AssetFiles)
	}
	prod := asm.Nested[0].Stacks[0]
	if asm.Nested[0].DisplayName != "Prod" || prod.Name != "Prod-Api" || prod.DisplayName != "Prod/Api" || prod.Region != "" {
		t.Errorf("stack in stage: %+v", prod)
	}
	idx := net.Constructs(asm.Tree)
	if c, ok := idx.Lookup(nil, "Vpc8378EB38"); !ok || c.Path != "Net/Vpc/Resource" || len(c.Trace) != 2 {
		t.Errorf("Vpc: %+v %v", c, ok)
	}
	if c, ok := idx.Lookup(nil, "Sg1234"); !ok || c.Path != "Net/Sg/Resource" || c.Trace[0] != "new X (/src/old.js:9:9)" {
		t.Errorf("Sg (manifest metadata, old-style trace): %+v %v", c, ok)
	}
	if _, ok := idx.Lookup([]string{"Inner"}, "Vpc8378EB38"); ok {
		t.Error("found a resource of the top template in a nested one")
	}
}

// TestTreeFallback drops the logical ID metadata, so construct paths must
// come from tree.json with computed logical IDs, nested stacks included.
func TestTreeFallback(t *testing.T) {
	tree := `{"version":"tree-0.1","tree":{"id":"App","path":"","children":{
		"Main":{"id":"Main","path":"Main","constructInfo":{"fqn":"aws-cdk-lib.Stack"},"children":{
			"Alb":{"id":"Alb","path":"Main/Alb","children":{"Resource":{"id":"Resource","path":"Main/Alb/Resource",
				"attributes":{"aws:cdk:cloudformation:type":"AWS::ElasticLoadBalancingV2::LoadBalancer"}}}},
			"Api":{"id":"Api","path":"Main/Api","constructInfo":{"fqn":"aws-cdk-lib.NestedStack"},"children":{
				"PrivateApi":{"id":"PrivateApi","path":"Main/Api/PrivateApi","children":{
					"Resource":{"id":"Resource","path":"Main/Api/PrivateApi/Resource","attributes":{"aws:cdk:cloudformation:type":"AWS::ApiGateway::RestApi"}},
					"Deployment":{"id":"Deployment","path":"Main/Api/PrivateApi/Deployment","fileName":"trees-1.json","treeId":"t0"}}}}},
			"Api.NestedStack":{"id":"Api.NestedStack","path":"Main/Api.NestedStack","children":{
				"Api.NestedStackResource":{"id":"Api.NestedStackResource","path":"Main/Api.NestedStack/Api.NestedStackResource",
					"attributes":{"aws:cdk:cloudformation:type":"AWS::CloudFormation::Stack"}}}}}}}}}`
	forest := `{"version":"forest-0.1","forest":{"t0":{"id":"Deployment","path":"Main/Api/PrivateApi/Deployment","children":{
		"Resource":{"id":"Resource","path":"Main/Api/PrivateApi/Deployment/Resource","attributes":{"aws:cdk:cloudformation:type":"AWS::ApiGateway::Deployment"}}}}}}`
	fs := memFS{"/asm/tree.json": tree, "/asm/trees-1.json": forest}
	tr, err := readTree("/asm/tree.json", fs.read)
	if err != nil {
		t.Fatal(err)
	}
	st := &Stack{DisplayName: "Main"}
	idx := st.Constructs(tr)
	for _, c := range []struct {
		nested  []string
		logical string
		path    string
	}{
		{nil, "Alb16C2F182", "Main/Alb/Resource"},
		{nil, "ApiNestedStackApiNestedStackResourceD6AA1271", "Main/Api.NestedStack/Api.NestedStackResource"},
		{[]string{"ApiNestedStackApiNestedStackResourceD6AA1271"}, "PrivateApi1FA926D9", "Main/Api/PrivateApi/Resource"},
		{[]string{"ApiNestedStackApiNestedStackResourceD6AA1271"}, "PrivateApiDeployment3DFB7660722cdc61dfe812d62825bbacef212104",
			"Main/Api/PrivateApi/Deployment/Resource"},
	} {
		got, ok := idx.Lookup(c.nested, c.logical)
		if !ok || got.Path != c.path {
			t.Errorf("%v#%s: %+v %v, want %s", c.nested, c.logical, got, ok, c.path)
		}
	}
	if _, err := readTree("/asm/tree.json", memFS{"/asm/tree.json": tree}.read); err == nil {
		t.Error("a missing forest file is not reported")
	}
}

// TestEntriesRoundTrip keeps Entry in step with the schema's field names.
func TestEntriesRoundTrip(t *testing.T) {
	var es []Entry
	if err := json.Unmarshal([]byte(`[{"type":"aws:cdk:logicalId","data":"X","trace":["a"]}]`), &es); err != nil || es[0].Type != entryLogicalID || len(es[0].Trace) != 1 {
		t.Errorf("%+v %v", es, err)
	}
}

// FuzzRead: no manifest, metadata or tree makes reading an assembly panic.
func FuzzRead(f *testing.F) {
	f.Add(`{"version":"55.0.0","artifacts":{"S":{"type":"aws:cloudformation:stack","properties":{"templateFile":"S.template.json"},"additionalMetadataFile":"S.metadata.json"},"T":{"type":"cdk:tree","properties":{"file":"tree.json"}}}}`,
		`{"/S/A/Resource":[{"type":"aws:cdk:logicalId","data":"A"},{"type":"aws:cdk:creationStack","data":["x (/a.js:1:1)"]}]}`,
		`{"tree":{"id":"App","path":"","children":{"S":{"id":"S","path":"S","children":{"A":{"id":"A","path":"S/A","fileName":"trees-1.json","treeId":"t0"}}}}}}`)
	f.Fuzz(func(t *testing.T, manifest, metadata, tree string) {
		fs := memFS{"/asm/S.metadata.json": metadata, "/asm/tree.json": tree, "/asm/trees-1.json": tree}
		asm, _ := Read(manifestFile(manifest), fs.read)
		if asm == nil {
			return
		}
		for _, st := range asm.Stacks {
			st.Constructs(asm.Tree).Lookup(nil, "A")
		}
	})
}
