package terraform_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/loader/terraform"
	"github.com/papilint/papilint/internal/source"
)

// FuzzLoad loads two arbitrary configuration files — a root module's
// main.tf and a local child module's — and checks that the loader never
// fails inside (it turns a panic into an "internal error" diagnostic) and
// that every diagnostic range points into a file it was given.
func FuzzLoad(f *testing.F) {
	child, err := os.ReadFile(filepath.Join("testdata", "plan", "modules", "modules", "alb", "main.tf"))
	if err != nil {
		f.Fatal(err)
	}
	paths, _ := filepath.Glob(filepath.Join("testdata", "plan", "*", "*.tf"))
	more, _ := filepath.Glob(filepath.Join("..", "..", "..", "rules", "papi0[0-3]*", "testdata", "tf-*.tf"))
	for _, p := range append(paths, more...) {
		content, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(content, child)
	}
	f.Add([]byte(`module "c" {
  source = "./modules/child"
  for_each = toset(["a", "b"])
  name = "${each.key}-${local.x}"
}
locals { x = var.v }
variable "v" { default = "d" }
`), []byte(`variable "name" {}
module "again" { source = "../.." }
resource "aws_lb" "this" {
  name = var.name
  internal = length(var.name) > 3
  dynamic "subnet_mapping" {
    for_each = range(2)
    content { subnet_id = "s-${subnet_mapping.value}" }
  }
}
`))
	root := filepath.Join(string(filepath.Separator)+"papilint-fuzz-nonexistent", "root")
	f.Fuzz(func(t *testing.T, main, childText []byte) {
		files := []*source.File{
			source.NewFile(filepath.Join(root, "main.tf"), "main.tf", main),
			source.NewFile(filepath.Join(root, "modules", "child", "main.tf"), "modules/child/main.tf", childText),
		}
		b := &graph.Builder{}
		diags := terraform.Load(b, files, nil, terraform.Options{
			Root:     root,
			ReadFile: func(string) (*source.File, error) { return nil, errors.New("not in the fuzz input") },
		})
		b.Build()
		for _, d := range diags {
			if strings.Contains(d.Message, "internal error") {
				t.Fatalf("loader crashed: %s", d.Message)
			}
			if r := d.Range; r.File != nil {
				if r.File != files[0] && r.File != files[1] {
					t.Fatalf("diagnostic %q points into %s", d.Message, r.File.Path)
				}
				if r.Start.Offset < 0 || int(r.End.Offset) > len(r.File.Content) || r.Start.Offset > r.End.Offset {
					t.Fatalf("diagnostic %q: range %d-%d outside %d bytes", d.Message, r.Start.Offset, r.End.Offset, len(r.File.Content))
				}
			}
		}
	})
}
