package view_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/papilint/papilint/internal/view"
)

var update = flag.Bool("update", false, "rewrite policies/input.schema.json")

// TestSchemaCurrent fails when the committed schema differs from what the Go
// types generate. Regenerate with: go test ./internal/view -run Schema -update
func TestSchemaCurrent(t *testing.T) {
	got, err := view.Schema()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("..", "..", "policies", "input.schema.json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is stale; run: go test ./internal/view -run Schema -update", path)
	}
}
