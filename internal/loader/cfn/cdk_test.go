package cfn

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/source"
)

// cdkInput is one template of a CDK assembly, written to dir.
type cdkInput struct {
	name, text, stackName, region string
}

func buildCDK(t *testing.T, dir string, assets map[string]string, ins ...cdkInput) (*graph.Graph, []source.Diagnostic, map[string][]string) {
	t.Helper()
	b := &graph.Builder{}
	var inputs []Input
	annotated := map[string][]string{}
	for _, in := range ins {
		p := filepath.Join(dir, in.name)
		if err := os.WriteFile(p, []byte(in.text), 0o644); err != nil {
			t.Fatal(err)
		}
		f := source.NewFile(p, in.name, []byte(in.text))
		root, errs := Parse(f)
		if len(errs) > 0 {
			t.Fatalf("%s: %v", in.name, errs[0].Message)
		}
		b.AddFile(f)
		inputs = append(inputs, Input{File: f, Root: root, StackName: in.stackName, Format: graph.CDK,
			Region: in.region, Account: "123456789012", AssetFiles: assets,
			Annotate: func(n *graph.Node, nested []string) { annotated[string(n.ID)] = nested }})
	}
	read := func(p string) (*source.File, error) {
		c, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		rel, _ := filepath.Rel(dir, p)
		return source.NewFile(p, rel, c), nil
	}
	diags := Build(b, inputs, Options{ReadFile: read})
	return b.Build(), diags, annotated
}

func TestGetStackOutput(t *testing.T) {
	producer := cdkInput{name: "Network.template.json", stackName: "Network", region: "eu-west-1", text: `{
 "Resources": {"Vpce": {"Type": "AWS::EC2::VPCEndpoint", "Properties": {"VpcId": "vpc-1"}}},
 "Outputs": {
  "VpceId": {"Value": {"Ref": "Vpce"}},
  "Loop": {"Value": {"Fn::GetStackOutput": {"StackName": "Api", "OutputName": "Back"}}}
 }}`}
	consumer := cdkInput{name: "Api.template.json", stackName: "Api", region: "eu-west-1", text: `{
 "Resources": {"Probe": {"Type": "AWS::S3::Bucket", "Properties": {
  "Same": {"Fn::GetStackOutput": {"StackName": "Network", "OutputName": "VpceId", "Region": "eu-west-1"}},
  "NoRegion": {"Fn::GetStackOutput": {"StackName": "Network", "OutputName": "VpceId"}},
  "OtherRegion": {"Fn::GetStackOutput": {"StackName": "Network", "OutputName": "VpceId", "Region": "us-east-1"}},
  "Elsewhere": {"Fn::GetStackOutput": {"StackName": "Shared", "OutputName": "VpceId"}},
  "Computed": {"Fn::GetStackOutput": {"StackName": {"Ref": "AWS::StackId"}, "OutputName": "X"}},
  "Malformed": {"Fn::GetStackOutput": ["Network", "VpceId"]},
  "Missing": {"Fn::GetStackOutput": {"StackName": "Network", "OutputName": "Nope"}},
  "Cycle": {"Fn::GetStackOutput": {"StackName": "Network", "OutputName": "Loop"}}
 }}},
 "Outputs": {"Back": {"Value": {"Fn::GetStackOutput": {"StackName": "Network", "OutputName": "Loop"}}}}}`}
	g, diags, _ := buildCDK(t, t.TempDir(), nil, producer, consumer)
	var msgs []string
	for _, d := range diags {
		msgs = append(msgs, d.Severity+": "+d.Message)
	}
	joined := strings.Join(msgs, "\n")
	for _, want := range []string{
		`warning: Fn::GetStackOutput needs {StackName, OutputName}`,
		`error: stack Network.template.json has no output "Nope"`,
		`depends on itself`,
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, joined)
		}
	}
	probe := g.Node("Api.template.json#Probe")
	for prop, ref := range map[string]bool{"Same": true, "NoRegion": true, "OtherRegion": false, "Elsewhere": false,
		"Computed": false, "Malformed": false, "Missing": false} {
		v := probe.Prop(prop)
		if got := graph.RefersTo(v, "Network.template.json#Vpce", "Ref"); got != ref {
			t.Errorf("%s = %s (%s), refers to the endpoint: %v, want %v", prop, v.Display(), v.Reason, got, ref)
		}
		if !ref && v.Kind != graph.KindUnknown {
			t.Errorf("%s = %s, want unknown", prop, v.Display())
		}
	}
	if v := probe.Prop("Elsewhere"); !strings.Contains(v.Reason, "stack Shared, which is not in the scan") {
		t.Errorf("Elsewhere: reason %q", v.Reason)
	}
	// The edge crosses stacks, as with Fn::ImportValue.
	if edges := g.EdgesTo("Network.template.json#Vpce"); len(edges) != 2 {
		t.Errorf("edges to the endpoint: %+v", edges)
	}
}

func TestGetStackOutputTwoStacksOneName(t *testing.T) {
	mk := func(file, region string) cdkInput {
		return cdkInput{name: file, stackName: "Network", region: region, text: `{"Resources": {"Vpce": {"Type": "AWS::EC2::VPCEndpoint"}},
 "Outputs": {"VpceId": {"Value": {"Ref": "Vpce"}}}}`}
	}
	consumer := cdkInput{name: "Api.template.json", stackName: "Api", region: "us-east-1", text: `{"Resources": {"Probe": {"Type": "AWS::S3::Bucket", "Properties": {
  "Here": {"Fn::GetStackOutput": {"StackName": "Network", "OutputName": "VpceId"}},
  "There": {"Fn::GetStackOutput": {"StackName": "Network", "OutputName": "VpceId", "Region": "eu-west-1"}}}}}}`}
	g, diags, _ := buildCDK(t, t.TempDir(), nil, mk("eu.template.json", "eu-west-1"), mk("us.template.json", "us-east-1"), consumer)
	if len(diags) > 0 {
		t.Errorf("diagnostics: %v", diags)
	}
	probe := g.Node("Api.template.json#Probe")
	if !graph.RefersTo(probe.Prop("Here"), "us.template.json#Vpce", "Ref") || !graph.RefersTo(probe.Prop("There"), "eu.template.json#Vpce", "Ref") {
		t.Errorf("Here = %s, There = %s", probe.Prop("Here").Display(), probe.Prop("There").Display())
	}
}

func TestPseudoParametersFromEnvironment(t *testing.T) {
	text := `{"Resources": {"Probe": {"Type": "AWS::S3::Bucket", "Properties": {
  "Service": {"Fn::Join": ["", ["com.amazonaws.", {"Ref": "AWS::Region"}, ".execute-api"]]},
  "Url": {"Fn::Join": ["", ["https://s3.", {"Ref": "AWS::Region"}, ".", {"Ref": "AWS::URLSuffix"}, "/b"]]},
  "Arn": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"},
  "Stack": {"Ref": "AWS::StackId"}}}}}`
	for _, c := range []struct {
		region, service, url, arn string
	}{
		{"eu-west-1", "com.amazonaws.eu-west-1.execute-api", "https://s3.eu-west-1.amazonaws.com/b", "arn:aws:iam::123456789012:root"},
		{"cn-north-1", "com.amazonaws.cn-north-1.execute-api", "https://s3.cn-north-1.amazonaws.com.cn/b", "arn:aws-cn:iam::123456789012:root"},
		{"us-gov-west-1", "com.amazonaws.us-gov-west-1.execute-api", "https://s3.us-gov-west-1.amazonaws.com/b", "arn:aws-us-gov:iam::123456789012:root"},
		// An environment-agnostic stack: known as far as it goes.
		{"", "com.amazonaws.${<AWS::Region>}.execute-api", "https://s3.${<AWS::Region>}.${<AWS::URLSuffix>}/b", "arn:${<AWS::Partition>}:iam::123456789012:root"},
	} {
		g, diags, _ := buildCDK(t, t.TempDir(), nil, cdkInput{name: "S.template.json", region: c.region, text: text})
		if len(diags) > 0 {
			t.Errorf("%s: %v", c.region, diags)
		}
		probe := g.Node("S.template.json#Probe")
		for prop, want := range map[string]string{"Service": c.service, "Url": c.url, "Arn": c.arn, "Stack": "<AWS::StackId>"} {
			if got := probe.Prop(prop).Display(); got != want {
				t.Errorf("%s: %s = %s, want %s", c.region, prop, got, want)
			}
		}
		if c.region != "" {
			if p := probe.Prop("Service"); p.Kind != graph.KindString || p.Prov != graph.Derived {
				t.Errorf("%s: Service is %s/%s, want a derived string", c.region, p.Kind, p.Prov)
			}
		}
	}
}

// TestCDKNestedStacks: a CDK nested stack's template is found through its
// aws:asset:path metadata (cdk synth) or through the asset manifest entry
// of its TemplateURL's object key (plain node app.js), and is read only
// from beside its parent, never from an asset folder or above.
func TestCDKNestedStacks(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "ParentInner1234.nested.template.json"), []byte(`{
 "Parameters": {"refVpce": {"Type": "String"}},
 "Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Policy": {"Ref": "refVpce"}}}},
 "Outputs": {"ApiId": {"Value": {"Ref": "Api"}}}}`), 0o644)
	os.MkdirAll(filepath.Join(dir, "asset.abc"), 0o755)
	os.WriteFile(filepath.Join(dir, "asset.abc", "x.json"), []byte(`{"Resources": {}}`), 0o644)
	url := func(key string) string {
		return `{"Fn::Join": ["", ["https://s3.eu-west-1.", {"Ref": "AWS::URLSuffix"}, "/cdk-hnb659fds-assets-123456789012-eu-west-1/` + key + `"]]}`
	}
	parent := cdkInput{name: "Parent.template.json", stackName: "Parent", region: "eu-west-1", text: `{"Resources": {
 "Vpce": {"Type": "AWS::EC2::VPCEndpoint"},
 "ByMetadata": {"Type": "AWS::CloudFormation::Stack",
  "Properties": {"TemplateURL": ` + url("0000.json") + `, "Parameters": {"refVpce": {"Ref": "Vpce"}}},
  "Metadata": {"aws:asset:path": "ParentInner1234.nested.template.json", "aws:asset:property": "TemplateURL"}},
 "ByAssetManifest": {"Type": "AWS::CloudFormation::Stack",
  "Properties": {"TemplateURL": ` + url("1111.json") + `, "Parameters": {"refVpce": "vpce-literal"}}},
 "IntoAssetFolder": {"Type": "AWS::CloudFormation::Stack", "Properties": {"TemplateURL": ` + url("2222.json") + `},
  "Metadata": {"aws:asset:path": "asset.abc/x.json"}},
 "UpAndOut": {"Type": "AWS::CloudFormation::Stack", "Properties": {"TemplateURL": ` + url("3333.json") + `}},
 "Unknown": {"Type": "AWS::CloudFormation::Stack", "Properties": {"TemplateURL": ` + url("4444.json") + `}}},
 "Outputs": {"Inner": {"Value": {"Fn::GetAtt": ["ByMetadata", "Outputs.ApiId"]}}}}`}
	assets := map[string]string{"1111.json": "ParentInner1234.nested.template.json", "2222.json": "asset.abc/x.json", "3333.json": "../Parent.template.json"}
	g, diags, annotated := buildCDK(t, dir, assets, parent)
	if len(diags) > 0 {
		t.Errorf("diagnostics: %v", diags)
	}
	checkNodeIDs(t, g,
		"Parent.template.json#Vpce", "Parent.template.json#ByMetadata", "Parent.template.json#ByAssetManifest",
		"Parent.template.json#IntoAssetFolder", "Parent.template.json#UpAndOut", "Parent.template.json#Unknown",
		"Parent.template.json/ByMetadata#Api", "Parent.template.json/ByAssetManifest#Api")
	if api := g.Node("Parent.template.json/ByMetadata#Api"); !graph.RefersTo(api.Prop("Policy"), "Parent.template.json#Vpce", "Ref") || api.Format != graph.CDK {
		t.Errorf("nested by metadata: Policy = %s, format %s", api.Prop("Policy").Display(), api.Format)
	}
	if s, _ := g.Node("Parent.template.json/ByAssetManifest#Api").Prop("Policy").String(); s != "vpce-literal" {
		t.Errorf("nested by asset manifest: Policy = %q", s)
	}
	if got := strings.Join(annotated["Parent.template.json/ByAssetManifest#Api"], "/"); got != "ByAssetManifest" {
		t.Errorf("Annotate got nested chain %q", got)
	}
	if got, ok := annotated["Parent.template.json#Vpce"]; !ok || len(got) != 0 {
		t.Errorf("Annotate on a top-level resource: %v %v", got, ok)
	}
	var inner *graph.Output
	for _, o := range g.Outputs() {
		if o.Name == "Inner" {
			inner = o
		}
	}
	if inner == nil || !graph.RefersTo(inner.Value, "Parent.template.json/ByMetadata#Api", "Ref") {
		t.Errorf("output through the nested stack: %+v", inner)
	}
}

func TestAssemblyFile(t *testing.T) {
	parent := filepath.FromSlash("/asm/Parent.template.json")
	for name, ok := range map[string]bool{
		"Inner.nested.template.json":     true,
		"sub/Inner.nested.template.json": true,
		"../Inner.nested.template.json":  false,
		"/etc/passwd":                    false,
		"asset.12/Inner.json":            false,
		"":                               false,
	} {
		if _, got := assemblyFile(parent, name); got != ok {
			t.Errorf("assemblyFile(%q) = %v, want %v", name, got, ok)
		}
	}
}
