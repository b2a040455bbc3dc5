package benchgen_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/papilint/papilint/internal/benchgen"
	"github.com/papilint/papilint/internal/driver"
	"github.com/papilint/papilint/internal/loader"
	"github.com/papilint/papilint/rules"
)

// TestDeterministic: the same seed and N give the same files.
func TestDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	if _, err := benchgen.Generate(a, 6, 7); err != nil {
		t.Fatal(err)
	}
	if _, err := benchgen.Generate(b, 6, 7); err != nil {
		t.Fatal(err)
	}
	if x, y := tree(t, a), tree(t, b); x != y {
		t.Error("two runs with the same seed differ")
	}
	c := t.TempDir()
	if _, err := benchgen.Generate(c, 6, 8); err != nil {
		t.Fatal(err)
	}
	if tree(t, a) == tree(t, c) {
		t.Error("another seed gives the same corpus")
	}
}

func tree(t *testing.T, dir string) string {
	var buf bytes.Buffer
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		buf.WriteString(rel + "\n")
		buf.Write(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// TestCorpusLoads: every generated stack loads without an error, every
// format contributes resources, and the broken stacks have findings.
func TestCorpusLoads(t *testing.T) {
	dir := t.TempDir()
	c, err := benchgen.Generate(dir, 12, 3)
	if err != nil {
		t.Fatal(err)
	}
	res, err := loader.Load([]string{dir}, loader.Options{Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Diagnostics {
		if d.Severity == "error" {
			t.Errorf("%s: %s", d.File, d.Message)
		}
	}
	perStack := map[string]int{}
	for _, n := range res.Graph.Nodes() {
		if n.Header.File != nil {
			perStack[strings.SplitN(n.Header.File.Rel, "/", 2)[0]]++
		}
	}
	for _, st := range c.Stacks {
		if perStack[st.Dir] < 20 {
			t.Errorf("%s (%s): %d resources loaded, want at least 20", st.Dir, st.Kind, perStack[st.Dir])
		}
	}
	r := driver.Run(res.Graph, rules.All(), driver.Options{Recover: true})
	withFindings := map[string]bool{}
	for _, f := range r.Findings {
		withFindings[strings.SplitN(f.Range.File.Rel, "/", 2)[0]] = true
	}
	for _, st := range c.Stacks {
		if st.Broken && !withFindings[st.Dir] {
			t.Errorf("broken stack %s (%s) has no findings", st.Dir, st.Kind)
		}
	}
}

// corpus is one generated corpus shared by the benchmarks.
var corpus struct {
	once sync.Once
	dir  string
	c    *benchgen.Corpus
	err  error
}

// benchCorpus generates 40 stacks (10 of each format) once per process.
func benchCorpus(b *testing.B) (string, *benchgen.Corpus) {
	corpus.once.Do(func() {
		corpus.dir, corpus.err = os.MkdirTemp("", "papilint-bench-")
		if corpus.err == nil {
			corpus.c, corpus.err = benchgen.Generate(corpus.dir, 40, 1)
		}
	})
	if corpus.err != nil {
		b.Fatal(corpus.err)
	}
	return corpus.dir, corpus.c
}

// TestMain removes the shared benchmark corpus.
func TestMain(m *testing.M) {
	code := m.Run()
	if corpus.dir != "" {
		os.RemoveAll(corpus.dir)
	}
	os.Exit(code)
}

func paths(dir string, c *benchgen.Corpus, kind benchgen.Kind) ([]string, int) {
	var out []string
	res := 0
	for _, st := range c.Stacks {
		if st.Kind == kind {
			out = append(out, filepath.Join(dir, st.Dir))
			res += st.Resources
		}
	}
	return out, res
}

func benchLoad(b *testing.B, kind benchgen.Kind) {
	dir, c := benchCorpus(b)
	ps, resources := paths(dir, c, kind)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := loader.Load(ps, loader.Options{Root: dir}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(resources)*float64(b.N)/b.Elapsed().Seconds(), "resources/s")
}

func BenchmarkLoadCFNYAML(b *testing.B)   { benchLoad(b, benchgen.CFNYAML) }
func BenchmarkLoadCFNJSON(b *testing.B)   { benchLoad(b, benchgen.CFNJSON) }
func BenchmarkLoadTerraform(b *testing.B) { benchLoad(b, benchgen.Terraform) }
func BenchmarkLoadCDK(b *testing.B)       { benchLoad(b, benchgen.CDK) }

// BenchmarkScan is the whole scan without the report: load every format,
// then run every rule.
func BenchmarkScan(b *testing.B) {
	dir, c := benchCorpus(b)
	all := rules.All()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := loader.Load([]string{dir}, loader.Options{Root: dir})
		if err != nil {
			b.Fatal(err)
		}
		driver.Run(res.Graph, all, driver.Options{Recover: true})
	}
	b.ReportMetric(float64(c.Resources)*float64(b.N)/b.Elapsed().Seconds(), "resources/s")
}
