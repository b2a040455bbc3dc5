package loader

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/model/pattern"
	"github.com/papilint/papilint/internal/source"
)

// cdkApps holds the CDK apps whose assemblies were synthesized by the real
// aws-cdk-lib (scripts/cdk-synth-testdata).
const cdkApps = "../../testdata/cdk/apps"

func loadCDKApp(t *testing.T, app string) *Result {
	t.Helper()
	dir := filepath.Join(cdkApps, app)
	res, err := Load([]string{filepath.Join(dir, "cdk.out")}, Options{Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Diagnostics {
		t.Errorf("diagnostic: %s %s", d.Severity, d.Error())
	}
	return res
}

// nodeByPath returns the resource created by a construct.
func nodeByPath(t *testing.T, g *graph.Graph, path string) *graph.Node {
	t.Helper()
	for _, n := range g.Nodes() {
		if n.ConstructPath == path {
			return n
		}
	}
	t.Fatalf("no resource with construct path %s", path)
	return nil
}

// TestCDKApps loads each conforming app: every resource is a CDK resource
// with its construct path, CDK's own bookkeeping is left out, and the
// pattern is found with its targets known to be the endpoint's ENIs 0 and 1.
func TestCDKApps(t *testing.T) {
	for _, c := range []struct {
		app, prefix string
		files       int
	}{
		{"single-stack", "PrivateApiStack/", 2},
		{"split-strong", "", 4}, // with an environment-agnostic third stack
		{"split-weak", "", 3},
		{"nested-stacks", "Main/", 2},
		{"stage", "Prod/PrivateApi/", 2},
	} {
		t.Run(c.app, func(t *testing.T) {
			res := loadCDKApp(t, c.app)
			g := res.Graph
			if res.Files != c.files {
				t.Errorf("loaded %d files, want %d (the manifest and the stacks' templates)", res.Files, c.files)
			}
			if len(g.Nodes()) < 30 {
				t.Fatalf("only %d resources", len(g.Nodes()))
			}
			for _, n := range g.Nodes() {
				if n.Format != graph.CDK || n.ConstructPath == "" || !strings.HasPrefix(n.ConstructPath, c.prefix) {
					t.Errorf("%s: format %s, construct path %q", n.ID, n.Format, n.ConstructPath)
				}
				if n.Type == "AWS::CDK::Metadata" {
					t.Errorf("%s: CDK metadata resource in the graph", n.ID)
				}
			}
			// CDK's bookkeeping is in the templates, and left out without a
			// word (no diagnostic above, no resource).
			idioms := map[string]bool{}
			for _, f := range g.Files() {
				if strings.Contains(f.Rel, "asset.") || strings.HasSuffix(f.Rel, "tree.json") || strings.HasSuffix(f.Rel, ".assets.json") {
					t.Errorf("graph built from %s", f.Rel)
				}
				for _, s := range []string{`"BootstrapVersion"`, `"CheckBootstrapVersion"`, `"AWS::CDK::Metadata"`, `"CDKMetadataAvailable"`} {
					if strings.Contains(string(f.Content), s) {
						idioms[s] = true
					}
				}
			}
			if !idioms[`"BootstrapVersion"`] || !idioms[`"CheckBootstrapVersion"`] {
				t.Errorf("the templates lack the bootstrap version check: %v", idioms)
			}
			if c.app == "split-strong" && (!idioms[`"AWS::CDK::Metadata"`] || !idioms[`"CDKMetadataAvailable"`]) {
				t.Errorf("split-strong lacks CDK's version reporting: %v", idioms)
			}
			m := pattern.Detect(g)
			if len(m.Instances) != 1 {
				t.Fatalf("%d pattern instances, want 1", len(m.Instances))
			}
			inst := m.Instances[0]
			if !inst.Strong || inst.Endpoint == nil || inst.Endpoint.Type != "AWS::EC2::VPCEndpoint" || len(inst.Domains) != 1 {
				t.Fatalf("instance: strong %v, endpoint %v, domains %d", inst.Strong, inst.Endpoint, len(inst.Domains))
			}
			if len(inst.ENITargets) != 2 || inst.ENITargets[0].Index != 0 || inst.ENITargets[1].Index != 1 {
				t.Errorf("ENI targets %+v, want ENIs 0 and 1", inst.ENITargets)
			}
			for _, api := range g.OfKind(graph.RestAPI) {
				if !m.MappedByPatternDomain(api.ID) {
					t.Errorf("%s is not mapped by the pattern's domain", api.Display())
				}
			}
		})
	}
}

// TestCDKCrossStackReferences checks that the API stack's policy names the
// endpoint of the network stack, through Fn::ImportValue (strong) and
// Fn::GetStackOutput (weak), and through nested stack parameters.
func TestCDKCrossStackReferences(t *testing.T) {
	for app, intrinsic := range map[string]string{
		"split-strong":  "Fn::ImportValue",
		"split-weak":    "Fn::GetStackOutput",
		"nested-stacks": "Fn::GetAtt",
	} {
		t.Run(app, func(t *testing.T) {
			g := loadCDKApp(t, app).Graph
			var api, ep *graph.Node
			for _, n := range g.Nodes() {
				switch n.Type {
				case "AWS::ApiGateway::RestApi":
					api = n
				case "AWS::EC2::VPCEndpoint":
					ep = n
				}
			}
			if api == nil || ep == nil || api.Stack == ep.Stack {
				t.Fatalf("API %v and endpoint %v should be in two stacks", api, ep)
			}
			vpce := api.Prop("Policy", "Statement", "1", "Condition", "StringNotEquals", "aws:SourceVpce")
			if !graph.RefersTo(vpce, ep.ID, "Ref") {
				t.Errorf("aws:SourceVpce = %s, want a reference to %s", vpce.Display(), ep.ID)
			}
			if !strings.Contains(string(vpce.Range.File.Content), intrinsic) {
				t.Errorf("the template does not use %s", intrinsic)
			}
		})
	}
}

// TestCDKEnvironmentPseudoParameters: the stacks have an explicit env, so
// AWS::Region and AWS::URLSuffix resolve (the nested stack's TemplateURL).
func TestCDKEnvironmentPseudoParameters(t *testing.T) {
	g := loadCDKApp(t, "stage").Graph
	n := nodeByPath(t, g, "Prod/PrivateApi/Api.NestedStack/Api.NestedStackResource")
	u, ok := n.Prop("TemplateURL").String()
	if !ok || !strings.HasPrefix(u, "https://s3.eu-west-1.amazonaws.com/cdk-hnb659fds-assets-123456789012-eu-west-1/") {
		t.Errorf("TemplateURL = %s", n.Prop("TemplateURL").Display())
	}
}

// copyTree copies a directory.
func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func editJSON(t *testing.T, path string, edit func(v map[string]any)) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	edit(v)
	b, _ = json.MarshalIndent(v, "", " ")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestCDKClaimsAssemblyFiles scans a tree holding an assembly, a plain
// template and an asset folder full of things that look like templates:
// the assembly's files are loaded only as CDK, asset folders never.
func TestCDKClaimsAssemblyFiles(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, filepath.Join(cdkApps, "single-stack", "cdk.out"), filepath.Join(dir, "infra", "out"))
	asset := filepath.Join(dir, "infra", "out", "asset.0123abcd")
	os.MkdirAll(asset, 0o755)
	os.WriteFile(filepath.Join(asset, "broken.template.json"), []byte(`{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {`), 0o644)
	os.WriteFile(filepath.Join(asset, "Evil.template.json"), []byte(`{"Resources": {"X": {"Type": "AWS::EC2::VPC"}}}`), 0o644)
	os.WriteFile(filepath.Join(dir, "plain.yaml"), []byte("Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n"), 0o644)
	res, err := Load([]string{dir}, Options{Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Diagnostics {
		t.Errorf("diagnostic: %s", d.Error())
	}
	formats := map[graph.Format]int{}
	for _, n := range res.Graph.Nodes() {
		formats[n.Format]++
		if strings.Contains(string(n.ID), "asset.") {
			t.Errorf("resource from an asset folder: %s", n.ID)
		}
	}
	if formats[graph.CloudFormation] != 1 || formats[graph.CDK] < 30 {
		t.Errorf("resources by format: %v", formats)
	}
	if res.Files != 3 {
		t.Errorf("files %d, want 3 (plain.yaml, the manifest, the template)", res.Files)
	}
}

// TestCDKTemplateGivenAlone: a template of an assembly named on its own is
// still read as CDK, with its stack's metadata, and alone.
func TestCDKTemplateGivenAlone(t *testing.T) {
	dir := filepath.Join(cdkApps, "split-weak")
	res, err := Load([]string{filepath.Join(dir, "cdk.out", "Api.template.json")}, Options{Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Diagnostics {
		t.Errorf("diagnostic: %s", d.Error())
	}
	for _, n := range res.Graph.Nodes() {
		if n.Format != graph.CDK || !strings.HasPrefix(n.ConstructPath, "Api/") {
			t.Errorf("%s: %s %q", n.ID, n.Format, n.ConstructPath)
		}
	}
	api := nodeByPath(t, res.Graph, "Api/PrivateApi/Resource")
	if v := api.Prop("Policy", "Statement", "1", "Condition", "StringNotEquals", "aws:SourceVpce"); v.Kind != graph.KindUnknown ||
		!strings.Contains(v.Reason, "not in the scan") {
		t.Errorf("a weak reference to a stack outside the scan is %s (%s), want unknown", v.Display(), v.Reason)
	}
}

// TestCDKManifestVersions: an assembly written by a newer CDK than papilint
// knows is refused with a clear error and none of its files is read as a
// plain template; an older one is read with a note.
func TestCDKManifestVersions(t *testing.T) {
	for version, want := range map[string]string{
		"99.0.0": "error: cloud assembly version 99.0.0 is newer than papilint understands",
		"36.0.0": "note: cloud assembly version 36.0.0 is older than the versions papilint supports",
	} {
		dir := t.TempDir()
		copyTree(t, filepath.Join(cdkApps, "single-stack", "cdk.out"), filepath.Join(dir, "cdk.out"))
		editJSON(t, filepath.Join(dir, "cdk.out", "manifest.json"), func(v map[string]any) { v["version"] = version })
		res, err := Load([]string{dir}, Options{Root: dir})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, d := range res.Diagnostics {
			got = append(got, d.Severity+": "+d.Message)
		}
		if len(got) != 1 || !strings.HasPrefix(got[0], want) {
			t.Errorf("%s: diagnostics %q, want one %q", version, got, want)
		}
		if nodes := len(res.Graph.Nodes()); (version == "99.0.0") != (nodes == 0) {
			t.Errorf("%s: %d resources", version, nodes)
		}
	}
}

// TestCDKConstructPathsFromTree removes the logical ID metadata (context
// aws:cdk:disable-logicalId-metadata does that): construct paths then come
// from tree.json.
func TestCDKConstructPathsFromTree(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, filepath.Join(cdkApps, "stage", "cdk.out"), filepath.Join(dir, "cdk.out"))
	md := filepath.Join(dir, "cdk.out", "assembly-Prod", "ProdPrivateApiC927F122.metadata.json")
	editJSON(t, md, func(v map[string]any) {
		for k := range v {
			delete(v, k)
		}
	})
	res, err := Load([]string{dir}, Options{Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Diagnostics {
		t.Errorf("diagnostic: %s", d.Error())
	}
	missing := 0
	for _, n := range res.Graph.Nodes() {
		if n.ConstructPath == "" {
			missing++
			t.Logf("no construct path: %s", n.ID)
		}
	}
	if missing > 0 {
		t.Errorf("%d of %d resources have no construct path", missing, len(res.Graph.Nodes()))
	}
	nodeByPath(t, res.Graph, "Prod/PrivateApi/Alb/Resource")
	nodeByPath(t, res.Graph, "Prod/PrivateApi/Api/PrivateApi/Resource")
	nodeByPath(t, res.Graph, "Prod/PrivateApi/Api/PrivateApi/Deployment/Resource")
}

// TestCDKCreationLocation: with the app's source in the scanned tree, each
// resource knows the line of the app that created it, even when the
// assembly was synthesized in another folder (the traces name files as
// they were there); without it, nothing.
func TestCDKCreationLocation(t *testing.T) {
	debugCase := "../../rules/papi030/testdata/cdk-debug-internet-facing"
	dir := t.TempDir()
	copyTree(t, debugCase, dir)
	res, err := Load([]string{dir}, Options{Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	alb := nodeByPath(t, res.Graph, "PrivateApiStack/Alb/Resource")
	if got := alb.Created.String(); !regexp.MustCompile(`^app\.js:11:5-11:38$`).MatchString(got) {
		t.Errorf("ALB created at %s, want app.js:11:5-11:38", got)
	}
	if txt := alb.Created.Text(); txt != "new elbv2.ApplicationLoadBalancer" {
		t.Errorf("creation range covers %q", txt)
	}
	// The VPC is made by the shared helper, which is not in the scan: the
	// innermost frame that is, is the app's call of that helper.
	vpc := nodeByPath(t, res.Graph, "PrivateApiStack/Vpc/Resource")
	if txt := vpc.Created.Text(); vpc.Created.File == nil || vpc.Created.File.Rel != "app.js" || txt != "network" {
		t.Errorf("VPC created at %s (%q), want the call of network in app.js", vpc.Created, txt)
	}
	var app *source.File
	for _, f := range res.Graph.Files() {
		if f.Rel == "app.js" {
			app = f
		}
	}
	if app == nil || alb.Created.File != app || vpc.Created.File != app {
		t.Error("app.js is not one file of the graph")
	}

	// The assembly alone: its source is not in the scan.
	res, err = Load([]string{filepath.Join(dir, "cdk.out")}, Options{Root: filepath.Join(dir, "cdk.out")})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range res.Graph.Nodes() {
		if n.Created.IsValid() {
			t.Errorf("%s created at %s, outside the scan", n.ID, n.Created)
		}
	}
}

func TestFrameRange(t *testing.T) {
	f := source.NewFile("a.js", "a.js", []byte("const x = 1;\n  new s3.Bucket(this, 'B', {\n  é.add('x');\nfoo\n"))
	for _, c := range []struct {
		line, col int
		want      string
	}{
		{2, 3, "new s3.Bucket"},
		{2, 0, "new s3.Bucket"},
		{3, 5, "add"}, // columns count UTF-16 units: é is one
		{4, 1, "foo"},
		{1, 99, "const x = 1"},
	} {
		r, ok := frameRange(f, c.line, c.col)
		if !ok || r.Text() != c.want {
			t.Errorf("%d:%d covers %q (%v), want %q", c.line, c.col, r.Text(), ok, c.want)
		}
	}
	if _, ok := frameRange(f, 40, 1); ok {
		t.Error("a line past the end has a range")
	}
}
