package terraform

import (
	"strings"
	"testing"
)

func TestParseConstraint(t *testing.T) {
	for _, s := range []string{">= 1.5.7", "~> 1.0", "1.2.3", "= 1.2", "!= 0.13.0", ">=1.2, ~>1.4", "> 0.12, < 0.14", "v1.3.0", ">= 1.6.0-beta1", "<= 1.9.0+build.5", "999.9"} {
		if _, err := parseConstraint(s); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
	for _, s := range []string{"", "latest", ">= 1.x", "=> 1.0", ">= 1.0,", "1..2", ">= 1.0 < 2.0"} {
		if _, err := parseConstraint(s); err == nil {
			t.Errorf("%q parsed; want an error", s)
		} else if !strings.Contains(err.Error(), "not a version constraint") {
			t.Errorf("%q: unexpected error %v", s, err)
		}
	}
}

func TestConstraintSatisfiable(t *testing.T) {
	below2 := []int64{2, 0, 0}
	for s, want := range map[string]bool{
		">= 1.5.7":         true,
		"~> 1.0":           true,
		"0.1.99":           true,
		">= 0.12, < 0.14":  true,
		"!= 1.0.0":         true,
		"> 1.99.99":        true,
		"999.9":            false,
		">= 2.0":           false,
		"~> 2.1":           false,
		">= 1.2, < 1.0":    false,
		"> 1.5, < 1.5.1":   false,
		"> 1.5, <= 1.5.1":  true,
		"= 1.4, != 1.4.0":  false,
		"~> 1.2.3, >= 1.3": false,
	} {
		terms, err := parseConstraint(s)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		if got := admitsAnyBelow(terms, below2); got != want {
			t.Errorf("admitsAnyBelow(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestPessimisticConstraint(t *testing.T) {
	for _, c := range []struct {
		constraint string
		version    []int64
		want       bool
	}{
		{"~> 1.2", []int64{1, 9, 0}, true},
		{"~> 1.2", []int64{2, 0, 0}, false},
		{"~> 1.2", []int64{1, 1, 9}, false},
		{"~> 1.2.3", []int64{1, 2, 9}, true},
		{"~> 1.2.3", []int64{1, 3, 0}, false},
		{"~> 1", []int64{1, 7, 0}, true},
		{"~> 1", []int64{2, 0, 0}, false},
		{">= 1.11", []int64{1, 11, 0}, true},
		{">= 1.12", []int64{1, 11, 0}, false},
	} {
		terms, err := parseConstraint(c.constraint)
		if err != nil {
			t.Fatal(err)
		}
		if got := admits(terms, c.version); got != c.want {
			t.Errorf("admits(%q, %v) = %v, want %v", c.constraint, c.version, got, c.want)
		}
	}
}

func TestProviderNames(t *testing.T) {
	for name, want := range map[string]string{
		"aws":         "",
		"google-beta": "",
		"1password":   "",
		"TEST":        "lower case",
		"crash_es":    "contains '_'",
		"a--b":        "two dashes",
		"-a":          "starts or ends with a dash",
		"":            "empty",
	} {
		got, _ := providerNameProblem(name)
		if (want == "") != (got == "") || !strings.Contains(got, want) {
			t.Errorf("providerNameProblem(%q) = %q, want %q", name, got, want)
		}
	}
	for src, want := range map[string]string{
		"hashicorp/aws":                       "",
		"aws":                                 "",
		"registry.terraform.io/hashicorp/aws": "",
		"foo/terraform-provider-foo":          `write "foo/foo"`,
		"foo/Terraform-foo":                   `redundant "terraform-" prefix`,
		"a/b/c/d":                             "at most three parts",
		"hashicorp/":                          "empty",
	} {
		got := providerSourceProblem(src)
		if (want == "") != (got == "") || !strings.Contains(got, want) {
			t.Errorf("providerSourceProblem(%q) = %q, want %q", src, got, want)
		}
	}
	for src, want := range map[string]string{
		"terraform-aws-modules/vpc/aws":                                   "",
		"app.terraform.io/example-corp/k8s-cluster/azurerm//modules/node": "",
		"localhost:8080/ns/name/aws":                                      "",
		"---.com/HashiCorp/Consul/aws":                                    "not a valid host name",
		"./foo":                                                           "local path",
		"git::https://example.com/x.git":                                  "remote package address",
		"github.com/hashicorp/example":                                    `"github.com" is not a valid namespace`,
		"bitbucket.org/a/b/c":                                             "version control host",
		"ns/name":                                                         "three or four parts",
		"ns/name/AWS-x":                                                   "target system",
	} {
		got := registrySourceProblem(src)
		if (want == "") != (got == "") || !strings.Contains(got, want) {
			t.Errorf("registrySourceProblem(%q) = %q, want %q", src, got, want)
		}
	}
}
