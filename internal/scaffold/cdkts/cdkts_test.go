package cdkts

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/papilint/papilint/internal/scaffold"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// cases are the option sets the golden files pin and the toolchain test
// deploys into cdk.out; together they cover both VPC modes, a zone given or
// left to deploy time, and a new or an existing certificate.
var cases = []struct {
	name string
	opts scaffold.Options
}{
	{"defaults", scaffold.Options{}},
	{"new-vpc-3az-zone-cert", scaffold.Options{
		Name: "orders-api", Domain: "orders.corp.example.org", Region: "eu-west-1", Stage: "v1",
		AZCount: 3, VPCCIDR: "10.20.0.0/20", HostedZoneID: "Z0ABCDEF1234567890XYZ",
		CertificateARN: "arn:aws:acm:eu-west-1:123456789012:certificate/0e6b7a3c-1111-4222-8333-944455556666",
	}},
	{"existing-vpc-zone", scaffold.Options{
		Name: "inventory", Domain: "inventory.internal.example.net", Region: "us-west-2",
		VPCID:        "vpc-0a1b2c3d4e5f60718",
		SubnetIDs:    []string{"subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002", "subnet-0a1b2c3d4e5f60003"},
		HostedZoneID: "Z2EXAMPLEZONE",
	}},
	{"existing-vpc-cert", scaffold.Options{
		Name:           "payments",
		VPCID:          "vpc-1234abcd",
		SubnetIDs:      []string{"subnet-1234abcd", "subnet-5678ef01"},
		CertificateARN: "arn:aws:acm:us-east-1:123456789012:certificate/12345678-90ab-cdef-1234-567890abcdef",
	}},
}

func generate(t *testing.T, o scaffold.Options) []scaffold.File {
	t.Helper()
	files, err := Generate(o)
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	return files
}

func TestGolden(t *testing.T) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join("testdata", "golden", c.name)
			files := generate(t, c.opts)
			if *update {
				if err := os.RemoveAll(dir); err != nil {
					t.Fatal(err)
				}
				for _, f := range files {
					p := filepath.Join(dir, filepath.FromSlash(f.Path))
					if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(p, f.Data, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				return
			}
			var want []string
			err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					rel, _ := filepath.Rel(dir, p)
					want = append(want, filepath.ToSlash(rel))
				}
				return err
			})
			if err != nil {
				t.Fatalf("%v (run go test -update to write the golden files)", err)
			}
			var got []string
			for _, f := range files {
				got = append(got, f.Path)
				data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
				if err != nil {
					t.Errorf("%s: no golden file: %v", f.Path, err)
					continue
				}
				if !bytes.Equal(data, f.Data) {
					t.Errorf("%s differs from testdata/golden/%s/%s (go test -update rewrites it):\n%s", f.Path, c.name, f.Path, firstDiff(data, f.Data))
				}
			}
			sort.Strings(got)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("generated files %v, golden files %v", got, want)
			}
		})
	}
}

// firstDiff shows the first line where two texts part.
func firstDiff(want, got []byte) string {
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d:\n  want %s\n  got  %s", i+1, w, g)
		}
	}
	return ""
}

func TestDeterministic(t *testing.T) {
	for _, c := range cases {
		a, b := generate(t, c.opts), generate(t, c.opts)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: two runs differ", c.name)
		}
	}
}

// TestGenerateLeavesOptionsAlone: Generate validates a copy; the caller's
// subnet slice is not touched.
func TestGenerateLeavesOptionsAlone(t *testing.T) {
	subnets := []string{"subnet-1234abcd", "subnet-5678ef01"}
	o := scaffold.Options{VPCID: "vpc-1234abcd", SubnetIDs: subnets}
	generate(t, o)
	if o.Name != "" || o.AZCount != 0 || !reflect.DeepEqual(o.SubnetIDs, []string{"subnet-1234abcd", "subnet-5678ef01"}) {
		t.Errorf("options changed: %+v", o)
	}
}

// TestLockfileMatchesPackageJSON: npm ci refuses a lockfile whose root
// entry disagrees with package.json, so the embedded lockfile must record
// the same dependencies and the same name for every --name.
func TestLockfileMatchesPackageJSON(t *testing.T) {
	for _, name := range []string{"papi-demo", "x", "a-much-longer-name-24chr"} {
		files := generate(t, scaffold.Options{Name: name})
		var pkg, lock map[string]any
		for _, f := range files {
			switch f.Path {
			case "package.json":
				if err := json.Unmarshal(f.Data, &pkg); err != nil {
					t.Fatalf("package.json: %v", err)
				}
			case "package-lock.json":
				if err := json.Unmarshal(f.Data, &lock); err != nil {
					t.Fatalf("package-lock.json: %v", err)
				}
			}
		}
		root := lock["packages"].(map[string]any)[""].(map[string]any)
		if lock["name"] != name || root["name"] != name || pkg["name"] != name {
			t.Errorf("names: package.json %v, lockfile %v and %v; want %s", pkg["name"], lock["name"], root["name"], name)
		}
		for _, k := range []string{"version", "dependencies", "devDependencies"} {
			if !reflect.DeepEqual(pkg[k], root[k]) {
				t.Errorf("%s: package.json has %v, the lockfile %v", k, pkg[k], root[k])
			}
		}
		// aws-cdk-lib is the version papilint's own CDK tests synthesize with.
		if v := lock["packages"].(map[string]any)["node_modules/aws-cdk-lib"].(map[string]any)["version"]; v != "2.276.0" {
			t.Errorf("lockfile installs aws-cdk-lib %v", v)
		}
	}
}

func TestFilesAndModes(t *testing.T) {
	files := generate(t, cases[1].opts)
	byPath := map[string]string{}
	for _, f := range files {
		byPath[f.Path] = string(f.Data)
	}
	for _, p := range []string{"package.json", "package-lock.json", "tsconfig.json", "cdk.json", "bin/app.ts", "lib/orders-api-stack.ts", "README.md", ".gitignore"} {
		if _, ok := byPath[p]; !ok {
			t.Errorf("no %s", p)
		}
	}
	for _, p := range []string{"package.json", "package-lock.json", "tsconfig.json", "cdk.json"} {
		if !json.Valid([]byte(byPath[p])) {
			t.Errorf("%s is not valid JSON", p)
		}
	}
	stack := byPath["lib/orders-api-stack.ts"]
	for _, want := range []string{"acm.Certificate.fromCertificateArn", "new ec2.Vpc(", "get availabilityZones()"} {
		if !strings.Contains(stack, want) {
			t.Errorf("new VPC with certificate ARN: stack lacks %q", want)
		}
	}
	for _, absent := range []string{"CertificateValidation.fromDns", "fromVpcAttributes"} {
		if strings.Contains(stack, absent) {
			t.Errorf("new VPC with certificate ARN: stack has %q", absent)
		}
	}
	if strings.Contains(byPath["bin/app.ts"], "tryGetContext") {
		t.Error("a hosted zone was given, yet the app reads it from the context")
	}
	def := generate(t, scaffold.Options{})
	for _, f := range def {
		if f.Path == "bin/app.ts" && !strings.Contains(string(f.Data), "tryGetContext('hostedZoneId')") {
			t.Error("no hosted zone given, yet the app does not read hostedZoneId from the context")
		}
	}
}

func TestInvalidOptions(t *testing.T) {
	for _, o := range []scaffold.Options{
		{Name: "Bad_Name"},
		{Domain: "example.com"},
		{VPCID: "vpc-1234abcd", SubnetIDs: []string{"subnet-1234abcd"}},
		{Format: "terraform"},
	} {
		if _, err := Generate(o); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
}
