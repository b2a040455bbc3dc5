package policies_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/format"

	"github.com/papilint/papilint/internal/analysis/analysistest"
	"github.com/papilint/papilint/internal/opa"
)

// TestRego runs every _test.rego of the bundled policies with OPA's test
// runner, in the same sandbox scans use.
func TestRego(t *testing.T) {
	results, err := opa.TestBundled(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(results) == 0 {
		t.Fatal("no Rego tests found")
	}
	for _, r := range results {
		t.Run(fmt.Sprintf("%s.%s", r.Package, r.Name), func(t *testing.T) {
			switch {
			case r.Skip:
				t.Skip("todo_ test")
			case r.Err != nil:
				t.Errorf("%s:%d: %v\n%s", r.File, r.Line, r.Err, r.Output)
			case !r.Pass:
				t.Errorf("%s:%d: failed\n%s", r.File, r.Line, r.Output)
			}
		})
	}
}

// TestRules runs each Rego rule over its testdata through the real loaders,
// graph, models and driver, exactly like the Go rules' tests.
func TestRules(t *testing.T) {
	set, err := opa.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range set.Analyzers() {
		t.Run(a.ID, func(t *testing.T) {
			analysistest.Run(t, filepath.Join(strings.ToLower(a.ID), "testdata"), a)
		})
	}
}

var fix = flag.Bool("fix", false, "rewrite the Rego files in OPA's format")

// TestFormatted keeps every Rego file (bundled policies and the custom
// example) in `opa fmt`'s format. Rewrite them with: go test ./policies -run Formatted -fix
func TestFormatted(t *testing.T) {
	for _, root := range []string{".", "../examples/policies"} {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".rego") {
				return err
			}
			src, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			got, err := format.SourceWithOpts(p, src, format.Opts{RegoVersion: ast.RegoV1})
			if err != nil {
				t.Errorf("%s: %v", p, err)
				return nil
			}
			if !bytes.Equal(got, src) {
				if *fix {
					return os.WriteFile(p, got, 0o644)
				}
				t.Errorf("%s is not formatted; run: go test ./policies -run Formatted -fix", p)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
