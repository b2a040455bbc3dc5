package main

import (
	"strings"
	"testing"

	"github.com/papilint/papilint/internal/scaffold"
)

// TestTerraformFlavourRegistered: the CLI binary carries the Terraform
// generator under its --format name.
func TestTerraformFlavourRegistered(t *testing.T) {
	g, err := scaffold.Lookup("terraform")
	if err != nil {
		t.Fatal(err)
	}
	files, err := g(scaffold.Options{Format: "terraform"})
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, f := range files {
		paths = append(paths, f.Path)
	}
	if got := strings.Join(paths, " "); !strings.Contains(got, "versions.tf") || !strings.Contains(got, "README.md") {
		t.Errorf("terraform flavour wrote %s", got)
	}
}
