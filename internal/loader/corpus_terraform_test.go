package loader

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// fileCollection matches the OpenTofu test directories that hold one
// standalone configuration per file (valid-files, invalid-files,
// error-files, ...) rather than one module: their files are loaded one at a
// time, as OpenTofu's own tests load them.
var fileCollection = regexp.MustCompile(`/testdata/(valid|invalid|error|warning|invalid-import)-files/[^/]+$`)

// TestCorpusTerraform loads every .tf and .tf.json file of the shared
// Terraform corpus (directories as modules, with their local child
// modules). It must never panic; the only errors allowed are the ones in
// testdata/corpus-terraform-errors.golden, each of them a file Terraform
// rejects too (a syntax error, a duplicate block, an unknown block type, a
// count beside a for_each, ...). Missing child module directories (the
// corpus keeps only some files of each repository) are warnings, not errors.
func TestCorpusTerraform(t *testing.T) {
	var dirs []string
	for _, d := range []string{"general-tf", "pattern-tf"} {
		p := filepath.Join(corpusRoot, d)
		if _, err := os.Stat(p); err != nil {
			t.Skipf("corpus not available (%v); skipping", err)
		}
		dirs = append(dirs, p)
	}
	var single []string
	for _, d := range dirs {
		filepath.WalkDir(d, func(p string, e fs.DirEntry, err error) error {
			if err == nil && !e.IsDir() && isTerraformConfig(e.Name()) && fileCollection.MatchString(filepath.ToSlash(p)) {
				single = append(single, p)
			}
			return nil
		})
	}
	sort.Strings(single)
	start := time.Now()
	res, err := Load(dirs, Options{Root: corpusRoot, Exclude: func(rel string) bool {
		return fileCollection.MatchString("/" + rel)
	}})
	if err != nil {
		t.Fatal(err)
	}
	files, nodes := res.Files, len(res.Graph.Nodes())
	diags := res.Diagnostics
	for _, p := range single {
		r, err := Load([]string{p}, Options{Root: corpusRoot})
		if err != nil {
			t.Fatal(err)
		}
		files += r.Files
		nodes += len(r.Graph.Nodes())
		diags = append(diags, r.Diagnostics...)
	}
	t.Logf("loaded %d Terraform files (%d loaded one by one), %d resources, in %s", files, len(single), nodes, time.Since(start).Round(time.Millisecond))
	if files < 850 {
		t.Errorf("loaded %d Terraform files; the corpus has more than 850", files)
	}
	if nodes < 2000 {
		t.Errorf("only %d resources in the Terraform corpus graph", nodes)
	}
	var got []string
	for _, d := range diags {
		if strings.Contains(d.Message, "internal error") {
			t.Errorf("loader crashed: %s", d.Error())
		}
		if d.Severity != "error" {
			continue
		}
		if !d.Range.IsValid() {
			t.Errorf("error without a position: %s", d.Error())
		}
		file := d.File
		if d.Range.IsValid() {
			file = d.Range.File.Rel
		}
		got = append(got, fmt.Sprintf("%s:%d: %s", file, d.Range.Start.Line, d.Message))
	}
	sort.Strings(got)
	golden := filepath.Join("testdata", "corpus-terraform-errors.golden")
	text := "# Terraform files in ../shared/corpus that Terraform rejects too, with the error\n" +
		"# papilint reports for each. Regenerate with: go test ./internal/loader -run CorpusTerraform -update\n" +
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
		t.Errorf("Terraform corpus errors differ from %s; got:\n%s", golden, text)
	}
}
