package loader

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// corpusRoot is the shared corpus of real public templates, beside the
// repository. Tests that need it skip when it is absent.
const corpusRoot = "../../../shared/corpus"

// TestCorpus loads every CloudFormation template in the shared corpus in one
// scan. It must never panic; the only errors allowed are the ones recorded
// in testdata/corpus-errors.golden, each of which is a template that is not
// valid CloudFormation (cfn-lint rejects it too: invalid YAML or JSON,
// duplicate keys, a Type that is not a string). Any new error on a valid
// template fails the test.
func TestCorpus(t *testing.T) {
	var dirs []string
	for _, d := range []string{"general-cfn", "pattern-cfn"} {
		p := filepath.Join(corpusRoot, d)
		if _, err := os.Stat(p); err != nil {
			t.Skipf("corpus not available (%v); skipping", err)
		}
		dirs = append(dirs, p)
	}
	res, err := Load(dirs, Options{Root: corpusRoot})
	if err != nil {
		t.Fatal(err)
	}
	if res.Files < 1000 {
		t.Errorf("loaded %d templates; the corpus has more than 1000", res.Files)
	}
	var got []string
	for _, d := range res.Diagnostics {
		if strings.Contains(d.Message, "internal error") {
			t.Errorf("loader crashed: %s", d.Error())
		}
		if d.Severity != "error" {
			continue
		}
		file := d.File
		if d.Range.IsValid() {
			file = d.Range.File.Rel
		}
		got = append(got, fmt.Sprintf("%s:%d: %s", file, d.Range.Start.Line, d.Message))
	}
	sort.Strings(got)
	golden := filepath.Join("testdata", "corpus-errors.golden")
	text := "# Templates in ../shared/corpus that are not valid CloudFormation, with the\n" +
		"# error papilint reports for each. Regenerate with: go test ./internal/loader -run Corpus -update\n" +
		strings.Join(got, "\n") + "\n"
	if *update {
		if err := os.WriteFile(golden, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != text {
		t.Errorf("corpus errors differ from %s; got:\n%s", golden, text)
	}
	if g := res.Graph; len(g.Nodes()) < 5000 {
		t.Errorf("only %d resources in the corpus graph", len(g.Nodes()))
	}
}
