package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func readInitFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestInitDemo: `papilint init demo` with no flags writes a stack that
// `papilint scan` finds nothing in, named after the directory.
func TestInitDemo(t *testing.T) {
	t.Chdir(t.TempDir())
	code, out, errs := papilint(t, "init", "demo")
	if code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	for _, want := range []string{
		filepath.Join("demo", "template.yaml"),
		filepath.Join("demo", "README.md"),
		"Next steps:", "cd demo", "papilint scan .",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	tmpl := readInitFile(t, filepath.Join("demo", "template.yaml"))
	if !strings.Contains(tmpl, "Name: demo-alb") || !strings.Contains(tmpl, "Scheme: internal") {
		t.Errorf("template not named after DIR or incomplete:\n%.400s", tmpl)
	}
	if !strings.Contains(readInitFile(t, filepath.Join("demo", "README.md")), "--capabilities CAPABILITY_IAM") {
		t.Error("README has no deploy command")
	}
	code, out, errs = papilint(t, "scan", "--root", "demo", "--fail-on", "warning", "demo")
	if code != exitOK || !strings.Contains(out, "no findings in") {
		t.Errorf("scan of the generated stack: exit %d\n%s%s", code, out, errs)
	}
}

func TestInitRefusesToOverwrite(t *testing.T) {
	t.Chdir(t.TempDir())
	if code, out, errs := papilint(t, "init", "demo"); code != exitOK {
		t.Fatalf("first init: exit %d\n%s%s", code, out, errs)
	}
	readme := filepath.Join("demo", "README.md")
	if err := os.WriteFile(readme, []byte("my notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := papilint(t, "init", "demo")
	if code != exitError {
		t.Fatalf("second init without --force: exit %d, want 2\n%s%s", code, out, errs)
	}
	if !strings.Contains(errs, filepath.Join("demo", "template.yaml")+" already exists") || !strings.Contains(errs, "--force") {
		t.Errorf("stderr does not name the file and --force:\n%s", errs)
	}
	if got := readInitFile(t, readme); got != "my notes\n" {
		t.Errorf("README.md was changed by a refused init: %q", got)
	}
	if code, out, errs := papilint(t, "init", "demo", "--force"); code != exitOK {
		t.Fatalf("init --force: exit %d\n%s%s", code, out, errs)
	}
	if got := readInitFile(t, readme); got == "my notes\n" {
		t.Error("init --force did not overwrite README.md")
	}
}

func TestInitInvalidInput(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--name", "Bad_Name"}, `--name "Bad_Name"`},
		{[]string{"--name", "a-very-long-name-for-a-load-balancer"}, "1 to 24"},
		{[]string{"--domain", "localhost"}, `--domain "localhost"`},
		{[]string{"--domain", "api..example.com"}, "not a valid DNS label"},
		{[]string{"--vpc-cidr", "10.0.0.0/8"}, `--vpc-cidr "10.0.0.0/8"`},
		{[]string{"--vpc-cidr", "banana"}, `--vpc-cidr "banana"`},
		{[]string{"--az-count", "5"}, "--az-count 5"},
		{[]string{"--vpc-id", "vpc-0123456789abcdef0", "--subnet-ids", "subnet-0123456789abcdef0"}, "2 or 3 private subnets"},
		{[]string{"--vpc-id", "vpc-0123456789abcdef0", "--vpc-cidr", "10.0.0.0/16", "--subnet-ids", "subnet-0123456789abcdef0,subnet-0fedcba9876543210"}, "exclusive"},
		{[]string{"--hosted-zone-id", "nope"}, "--hosted-zone-id"},
		{[]string{"--certificate-arn", "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789"}, "is in eu-west-1 but the stack is in us-east-1"},
		{[]string{"--format", "pulumi"}, `--format "pulumi"`},
		{[]string{"--az-count", "two"}, "invalid argument"},
		{[]string{"a", "b"}, "accepts at most 1 arg"},
	} {
		args := append([]string{"init", "out"}, c.args...)
		code, out, errs := papilint(t, args...)
		if code != exitError {
			t.Errorf("%v: exit %d, want 2\n%s%s", c.args, code, out, errs)
			continue
		}
		if !strings.Contains(errs, c.want) {
			t.Errorf("%v: stderr lacks %q:\n%s", c.args, c.want, errs)
		}
		if _, err := os.Stat("out"); err == nil {
			t.Fatalf("%v: DIR was created although the input was refused", c.args)
		}
	}
}

// TestInitExistingVPC: the existing-VPC mode with a given certificate
// and zone, into the current directory, name from the flag.
func TestInitExistingVPC(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	code, out, errs := papilint(t, "init", "--name", "shared",
		"--vpc-id", "vpc-0123456789abcdef0", "--subnet-ids", "subnet-0123456789abcdef0, subnet-0fedcba9876543210,subnet-0aaaaaaaaaaaaaaaa",
		"--hosted-zone-id", "Z0123456789ABCDEFGHIJ", "--region", "eu-central-1", "--domain", "API.Corp.Example.com.",
		"--certificate-arn", "arn:aws:acm:eu-central-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789")
	if code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	if strings.Contains(out, "cd ") {
		t.Errorf("next steps tell to cd although DIR is the current directory:\n%s", out)
	}
	tmpl := readInitFile(t, "template.yaml")
	for _, want := range []string{"vpc-0123456789abcdef0", "subnet-0aaaaaaaaaaaaaaaa", "Name: api.corp.example.com", "HostedZoneId: Z0123456789ABCDEFGHIJ", "EndpointIps.IP2"} {
		if !strings.Contains(tmpl, want) {
			t.Errorf("template lacks %q", want)
		}
	}
	if strings.Contains(tmpl, "AWS::CertificateManager::Certificate") || strings.Contains(tmpl, "AWS::EC2::VPC\n") {
		t.Error("template creates a certificate or a VPC although both were given")
	}
	code, out, errs = papilint(t, "scan", "--root", dir, "--fail-on", "warning", ".")
	if code != exitOK {
		t.Errorf("scan: exit %d\n%s%s", code, out, errs)
	}
}

func TestInitNameFromDir(t *testing.T) {
	t.Chdir(t.TempDir())
	for dir, want := range map[string]string{
		"orders-api":  "Name: orders-api-alb",
		"Orders_API":  "Name: papi-demo-alb", // not a valid name: the default
		"x/y/billing": "Name: billing-alb",
	} {
		if code, out, errs := papilint(t, "init", dir); code != exitOK {
			t.Fatalf("%s: exit %d\n%s%s", dir, code, out, errs)
		}
		if tmpl := readInitFile(t, filepath.Join(dir, "template.yaml")); !strings.Contains(tmpl, want) {
			t.Errorf("init %s: template lacks %q", dir, want)
		}
	}
	if code, _, errs := papilint(t, "init", "named", "--name", "explicit"); code != exitOK {
		t.Fatal(errs)
	}
	if tmpl := readInitFile(t, filepath.Join("named", "template.yaml")); !strings.Contains(tmpl, "Name: explicit-alb") {
		t.Error("--name did not win over DIR's name")
	}
}
