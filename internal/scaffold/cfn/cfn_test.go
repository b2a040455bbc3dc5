package cfn

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/awslabs/goformation/v7"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/driver"
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/loader"
	"github.com/papilint/papilint/internal/model/pattern"
	"github.com/papilint/papilint/internal/scaffold"
	"github.com/papilint/papilint/rules"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// variants covers both VPC modes, two and three zones, and each way of
// naming the hosted zone and the certificate.
var variants = []struct {
	name string
	opts scaffold.Options
}{
	{"default", scaffold.Options{}},
	{"new-vpc-3az-zone", scaffold.Options{
		Name: "orders", Domain: "orders.api.corp.example.org", Region: "eu-west-1", Stage: "v1",
		AZCount: 3, VPCCIDR: "10.20.0.0/20", HostedZoneID: "Z0123456789ABCDEFGHIJ",
	}},
	{"new-vpc-cert", scaffold.Options{
		Name: "billing", Domain: "billing.internal.example.com", Region: "us-west-2",
		VPCCIDR: "172.16.0.0/24", HostedZoneID: "Z0123456789ABCDEFGHIJ",
		CertificateARN: "arn:aws:acm:us-west-2:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789",
	}},
	{"existing-vpc", scaffold.Options{
		Name: "shared", VPCID: "vpc-0123456789abcdef0",
		SubnetIDs: []string{"subnet-0123456789abcdef0", "subnet-0fedcba9876543210"},
	}},
	{"existing-vpc-3az-cert", scaffold.Options{
		Name: "payments", Domain: "pay.internal.example.net", Region: "ap-southeast-2", Stage: "live",
		VPCID: "vpc-0a1b2c3d", SubnetIDs: []string{"subnet-0a1b2c3d", "subnet-1a1b2c3d", "subnet-2a1b2c3d"},
		CertificateARN: "arn:aws:acm:ap-southeast-2:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789",
	}},
}

func generate(t *testing.T, o scaffold.Options) map[string][]byte {
	t.Helper()
	files, err := Generate(o)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range files {
		out[f.Path] = f.Data
	}
	if len(out) != 2 || out["template.yaml"] == nil || out["README.md"] == nil {
		t.Fatalf("generated %d files, want template.yaml and README.md", len(files))
	}
	return out
}

// writeVariant writes a variant into a fresh directory and returns it.
func writeVariant(t *testing.T, o scaffold.Options) string {
	t.Helper()
	files, err := Generate(o)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := scaffold.Write(dir, files, false); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestGolden(t *testing.T) {
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			got := generate(t, v.opts)
			for _, name := range []string{"template.yaml", "README.md"} {
				path := filepath.Join("testdata", "golden", v.name, name)
				if *update {
					if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(path, got[name], 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test -update to create it)", err)
				}
				if !bytes.Equal(got[name], want) {
					t.Errorf("%s differs from %s (run go test ./internal/scaffold/cfn -update after checking the change)\n%s", name, path, firstDiff(want, got[name]))
				}
			}
		})
	}
}

func firstDiff(want, got []byte) string {
	w, g := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + wl + "\n  got:  " + gl
		}
	}
	return ""
}

func TestDeterministic(t *testing.T) {
	for _, v := range variants {
		first := generate(t, v.opts)
		for i := 0; i < 5; i++ {
			again := generate(t, v.opts)
			for name, data := range first {
				if !bytes.Equal(data, again[name]) {
					t.Fatalf("%s: %s differs between two runs", v.name, name)
				}
			}
		}
	}
}

func TestInvalidOptions(t *testing.T) {
	for _, o := range []scaffold.Options{
		{Name: "Bad_Name"},
		{Domain: "localhost"},
		{VPCCIDR: "10.0.0.0/8"},
		{VPCID: "vpc-0123456789abcdef0", SubnetIDs: []string{"subnet-0123456789abcdef0"}},
		{AZCount: 4},
	} {
		if files, err := Generate(o); err == nil {
			t.Errorf("Generate(%+v) = %d files, want an error", o, len(files))
		}
	}
}

// TestTemplateShape checks the parts the issue asks for on the generated
// YAML itself, read back through goformation (which refuses unknown
// properties).
func TestTemplateShape(t *testing.T) {
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			o := v.opts
			if err := o.Validate(); err != nil {
				t.Fatal(err)
			}
			data := generate(t, v.opts)["template.yaml"]
			tmpl, err := goformation.ParseYAML(data)
			if err != nil {
				t.Fatalf("goformation cannot read the generated template back: %v", err)
			}
			api, err := tmpl.GetApiGatewayRestApiWithName(idAPI)
			if err != nil {
				t.Fatal(err)
			}
			if api.DisableExecuteApiEndpoint == nil || !*api.DisableExecuteApiEndpoint || api.EndpointConfiguration.Types[0] != "PRIVATE" {
				t.Error("the REST API is not PRIVATE with its default endpoint disabled")
			}
			tg, err := tmpl.GetElasticLoadBalancingV2TargetGroupWithName(idTG)
			if err != nil {
				t.Fatal(err)
			}
			if len(tg.Targets) != o.AZCount {
				t.Errorf("%d targets, want %d", len(tg.Targets), o.AZCount)
			}
			if *tg.Matcher.HttpCode != "200,403" || *tg.TargetType != "ip" || *tg.Protocol != "HTTPS" || *tg.Port != 443 {
				t.Errorf("target group %+v", tg)
			}
			ep, err := tmpl.GetEC2VPCEndpointWithName(idEndpoint)
			if err != nil {
				t.Fatal(err)
			}
			if len(ep.SubnetIds) != o.AZCount {
				t.Errorf("endpoint in %d subnets, want %d", len(ep.SubnetIds), o.AZCount)
			}
			_, certErr := tmpl.GetCertificateManagerCertificateWithName(idCert)
			if (certErr == nil) != (o.CertificateARN == "") {
				t.Errorf("certificate resource present = %v with --certificate-arn %q", certErr == nil, o.CertificateARN)
			}
			_, zoneParam := tmpl.Parameters[pZone]
			if zoneParam != (o.HostedZoneID == "") {
				t.Errorf("HostedZoneId parameter present = %v with --hosted-zone-id %q", zoneParam, o.HostedZoneID)
			}
			if zoneParam && tmpl.Parameters[pZone].Type != "AWS::Route53::HostedZone::Id" {
				t.Errorf("HostedZoneId parameter has type %s", tmpl.Parameters[pZone].Type)
			}
			_, vpcErr := tmpl.GetEC2VPCWithName(idVpc)
			if (vpcErr == nil) != o.NewVPC() {
				t.Errorf("VPC resource present = %v in new-VPC mode %v", vpcErr == nil, o.NewVPC())
			}
			if !o.NewVPC() && !bytes.Contains(data, []byte(o.SubnetIDs[0])) {
				t.Errorf("the template does not use subnet %s", o.SubnetIDs[0])
			}
			fn, err := tmpl.GetLambdaFunctionWithName(idLookupFn)
			if err != nil {
				t.Fatal(err)
			}
			if fn.Code.ZipFile == nil || !strings.Contains(*fn.Code.ZipFile, "describe_network_interfaces") {
				t.Error("the lookup function has no inline code calling DescribeNetworkInterfaces")
			}
		})
	}
}

// TestScanFindsNothing generates each variant, scans it in-process with
// papilint's loader, driver and every rule, and requires no error or
// warning and a complete pattern instance: the target group linked to the
// endpoint through the lookup, with one ENI target per zone.
func TestScanFindsNothing(t *testing.T) {
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			o := v.opts
			if err := o.Validate(); err != nil {
				t.Fatal(err)
			}
			dir := writeVariant(t, v.opts)
			lr, err := loader.Load([]string{dir}, loader.Options{Root: dir})
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range lr.Diagnostics {
				t.Errorf("loader: %s", d.Error())
			}
			res := driver.Run(lr.Graph, rules.All(), driver.Options{})
			for _, n := range res.Notifications {
				t.Errorf("notification: %s", n)
			}
			for _, f := range res.Findings {
				if f.Severity >= analysis.Warning {
					t.Errorf("%s %s: %s", f.Rule.ID, f.Severity, f.Message)
				}
			}
			m := pattern.Detect(lr.Graph)
			if len(m.Instances) != 1 {
				t.Fatalf("the pattern model finds %d instances, want 1", len(m.Instances))
			}
			inst := m.Instances[0]
			if !inst.Strong || inst.Endpoint == nil || inst.Endpoint.Name != idEndpoint {
				t.Fatalf("target group not linked to %s through the ENI lookup (strong=%v)", idEndpoint, inst.Strong)
			}
			if len(inst.ENITargets) != o.AZCount {
				t.Errorf("%d targets read from the endpoint's ENIs, want %d", len(inst.ENITargets), o.AZCount)
			}
			if inst.LoadBalancer.Name != idAlb || len(inst.Listeners) != 1 || inst.Listeners[0].Name != idHTTPS {
				t.Errorf("instance %s with listeners %v", inst.LoadBalancer.Name, names(inst.Listeners))
			}
			if len(inst.Domains) != 1 || inst.Domains[0].Name != idDomain {
				t.Errorf("served domains %v, want %s", names(inst.Domains), idDomain)
			}
		})
	}
}

func names(ns []*graph.Node) []string {
	var out []string
	for _, n := range ns {
		out = append(out, n.Name)
	}
	return out
}

// TestCfnLint runs the real cfn-lint on every variant; any error or
// warning fails. No rule is ignored.
func TestCfnLint(t *testing.T) {
	bin, err := exec.LookPath("cfn-lint")
	if err != nil {
		t.Skip("cfn-lint is not installed; skipping the cfn-lint check of the generated templates")
	}
	for _, v := range variants {
		o := v.opts
		dir := writeVariant(t, o)
		if err := o.Validate(); err != nil {
			t.Fatal(err)
		}
		// --regions makes cfn-lint check the template against the region
		// it is generated for (resource types, GetAZs, runtimes).
		cmd := exec.Command(bin, "--format", "parseable", "--regions", o.Region, "--", filepath.Join(dir, "template.yaml"))
		out, err := cmd.CombinedOutput()
		if err != nil || len(bytes.TrimSpace(out)) > 0 {
			t.Errorf("%s: cfn-lint: %v\n%s", v.name, err, out)
		}
	}
	// The check must be able to fail: a known mistake is reported.
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	data := generate(t, scaffold.Options{})["template.yaml"]
	data = bytes.Replace(data, []byte("HealthCheckProtocol: HTTPS"), []byte("HealthCheckProtocol: HTTPX"), 1)
	if err := os.WriteFile(bad, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "--format", "parseable", "--", bad).CombinedOutput(); err == nil {
		t.Errorf("cfn-lint accepted an invalid HealthCheckProtocol:\n%s", out)
	}
}

// TestScanCatchesABrokenVariant is the control for TestScanFindsNothing:
// the same in-process scan reports a mistake put into the generated stack.
func TestScanCatchesABrokenVariant(t *testing.T) {
	files, err := Generate(scaffold.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range files {
		if files[i].Path == "template.yaml" {
			files[i].Data = bytes.Replace(files[i].Data, []byte("Scheme: internal"), []byte("Scheme: internet-facing"), 1)
		}
	}
	dir := t.TempDir()
	if _, err := scaffold.Write(dir, files, false); err != nil {
		t.Fatal(err)
	}
	lr, err := loader.Load([]string{dir}, loader.Options{Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	res := driver.Run(lr.Graph, rules.All(), driver.Options{})
	for _, f := range res.Findings {
		if f.Rule.ID == "PAPI030" && f.Severity == analysis.Error {
			return
		}
	}
	t.Errorf("no PAPI030 error on an internet-facing load balancer; findings: %v", res.Findings)
}
