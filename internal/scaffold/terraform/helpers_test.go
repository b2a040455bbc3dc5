package terraform

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/papilint/papilint/internal/scaffold"
)

// variant is one option set the tests generate.
type variant struct {
	name string
	opts scaffold.Options
}

// variants cover both VPC modes, with and without a hosted zone, with and
// without an existing certificate, two and three AZs.
var variants = []variant{
	{"default", scaffold.Options{}},
	{"new-vpc-3az-zone", scaffold.Options{
		Name: "orders", Domain: "orders.api.corp.example.org", Region: "eu-west-1", Stage: "v1",
		AZCount: 3, VPCCIDR: "10.20.0.0/20", HostedZoneID: "Z0123456789ABCDEFGHIJ",
	}},
	{"new-vpc-cert", scaffold.Options{
		Name: "billing", Domain: "billing.internal.example.net", VPCCIDR: "172.16.0.0/16",
		CertificateARN: "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
	}},
	{"existing-vpc", scaffold.Options{
		VPCID:     "vpc-0a1b2c3d4e5f60718",
		SubnetIDs: []string{"subnet-0a1b2c3d4e5f60711", "subnet-0a1b2c3d4e5f60722", "subnet-0a1b2c3d4e5f60733"},
	}},
	{"existing-vpc-zone-cert", scaffold.Options{
		Name: "inventory", Region: "eu-central-1",
		VPCID:          "vpc-0a1b2c3d",
		SubnetIDs:      []string{"subnet-0a1b2c3d", "subnet-1a2b3c4d"},
		HostedZoneID:   "Z3AADJGX6KTTL2",
		CertificateARN: "arn:aws:acm:eu-central-1:123456789012:certificate/11111111-2222-3333-4444-555555555555",
	}},
}

// generate runs Generate and fails the test on an error.
func generate(t *testing.T, o scaffold.Options) []scaffold.File {
	t.Helper()
	files, err := Generate(o)
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	return files
}

// writeFiles writes generated files into dir.
func writeFiles(t *testing.T, dir string, files []scaffold.File) {
	t.Helper()
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// terraformEnv finds terraform and the local provider mirror, or skips the
// test visibly. It returns the mirror directory and an environment for
// terraform commands that reads no user configuration and never phones
// home.
func terraformEnv(t *testing.T) (mirror string, env []string) {
	t.Helper()
	if _, err := exec.LookPath("terraform"); err != nil {
		t.Skip("SKIP: terraform is not installed; the generated Terraform is not checked by terraform itself")
	}
	shared := os.Getenv("PAPILINT_SHARED")
	if shared == "" {
		shared = "../../../../shared"
	}
	out, err := exec.Command(filepath.Join(shared, "tools", "terraform-mirror")).Output()
	mirror = strings.TrimSpace(string(out))
	if err != nil || mirror == "" {
		t.Skipf("SKIP: no local mirror of the hashicorp/aws provider (%s/tools/terraform-mirror)", shared)
	}
	rc := filepath.Join(t.TempDir(), "terraformrc")
	if err := os.WriteFile(rc, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1", "TF_INPUT=0")
	return mirror, env
}

// tf runs one terraform command in dir and returns its combined output,
// failing the test when it fails.
func tf(t *testing.T, dir string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command("terraform", args...)
	cmd.Dir = dir
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("terraform %s in %s: %v\n%s", strings.Join(args, " "), dir, err, out)
	}
	return string(out)
}
