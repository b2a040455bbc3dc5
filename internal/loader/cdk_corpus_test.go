package loader

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/loader/cdk"
)

// TestCDKCorpus loads every cloud assembly of the shared corpus (CDK integ
// snapshots and locally synthesized pattern apps, manifest versions 34 to
// 54): each loads without an error, as CDK resources with construct paths.
func TestCDKCorpus(t *testing.T) {
	root := filepath.Join(corpusRoot, "cdk-out")
	if _, err := os.Stat(root); err != nil {
		t.Skipf("corpus not available (%v); skipping", err)
	}
	var asms []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() != "manifest.json" {
			return err
		}
		if b, err := os.ReadFile(p); err == nil && cdk.IsManifest(b) {
			dir := filepath.Dir(p)
			// A Stage's assembly is read through its parent's manifest.
			if !cdk.IsManifest(readOrNil(filepath.Join(filepath.Dir(dir), "manifest.json"))) {
				asms = append(asms, dir)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(asms) < 20 {
		t.Fatalf("found %d assemblies in %s; the corpus has more than 20", len(asms), root)
	}
	for _, dir := range asms {
		rel, _ := filepath.Rel(root, dir)
		t.Run(rel, func(t *testing.T) {
			res, err := Load([]string{dir}, Options{Root: corpusRoot})
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range res.Diagnostics {
				if d.Severity == "error" || strings.Contains(d.Message, "internal error") {
					t.Errorf("%s", d.Error())
				}
			}
			nodes, withPath := 0, 0
			for _, n := range res.Graph.Nodes() {
				if n.Format != graph.CDK {
					t.Errorf("%s: format %s", n.ID, n.Format)
				}
				nodes++
				if n.ConstructPath != "" {
					withPath++
				}
			}
			if nodes == 0 || withPath < nodes*9/10 {
				t.Errorf("%d resources, %d with a construct path", nodes, withPath)
			}
		})
	}
}

func readOrNil(p string) []byte {
	b, _ := os.ReadFile(p)
	return b
}
