package policies_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

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
