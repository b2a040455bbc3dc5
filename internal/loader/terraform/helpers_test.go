package terraform_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/loader"
	"github.com/papilint/papilint/internal/source"
)

// scan writes files (path → content) into a temporary directory and loads
// it the way papilint scan does.
func scan(t *testing.T, files map[string]string, opt ...loader.Options) (*loader.Result, string) {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	o := loader.Options{}
	if len(opt) > 0 {
		o = opt[0]
	}
	o.Root = dir
	res, err := loader.Load([]string{dir}, o)
	if err != nil {
		t.Fatal(err)
	}
	return res, dir
}

// node returns a node by name (address), failing the test when absent.
func node(t *testing.T, res *loader.Result, name string) *graph.Node {
	t.Helper()
	for _, n := range res.Graph.Nodes() {
		if n.Name == name {
			return n
		}
	}
	t.Fatalf("no node %s; have %s", name, strings.Join(names(res), ", "))
	return nil
}

func names(res *loader.Result) []string {
	var out []string
	for _, n := range res.Graph.Nodes() {
		out = append(out, n.Name)
	}
	sort.Strings(out)
	return out
}

// diags renders the loader's diagnostics.
func diags(res *loader.Result, sev string) []string {
	var out []string
	for _, d := range res.Diagnostics {
		if sev == "" || d.Severity == sev {
			out = append(out, d.Severity+": "+d.Error())
		}
	}
	return out
}

func noErrors(t *testing.T, res *loader.Result) {
	t.Helper()
	for _, d := range diags(res, "error") {
		t.Errorf("loader %s", d)
	}
}

// show renders a value compactly: known scalars as they are, unknown
// values as <?>, references as <node.Attr>, choices as (a|b).
func show(v *graph.Value) string {
	if v == nil {
		return "absent"
	}
	switch v.Kind {
	case graph.KindNull:
		return "null"
	case graph.KindString:
		return v.Str
	case graph.KindNumber:
		return v.Str
	case graph.KindBool:
		if v.Bool {
			return "true"
		}
		return "false"
	case graph.KindList:
		var parts []string
		for _, e := range v.List {
			parts = append(parts, show(e))
		}
		return "[" + strings.Join(parts, " ") + "]"
	case graph.KindMap:
		var parts []string
		for _, f := range v.Fields {
			parts = append(parts, f.Key+"="+show(f.Value))
		}
		return "{" + strings.Join(parts, " ") + "}"
	case graph.KindRef:
		return "<" + v.Ref.String() + ">"
	case graph.KindConcat:
		var parts []string
		for _, p := range v.Parts {
			if p.Kind == graph.KindString {
				parts = append(parts, p.Str)
			} else {
				parts = append(parts, "${"+show(p)+"}")
			}
		}
		return strings.Join(parts, "")
	case graph.KindChoice:
		var parts []string
		for _, a := range v.Alts {
			parts = append(parts, show(a))
		}
		return "(" + strings.Join(parts, "|") + ")"
	}
	if v.Ref != nil {
		return "<?" + v.Ref.String() + ">"
	}
	return "<?>"
}

// text is the source text a range covers, or "-" when it is not valid.
func text(r source.Range) string {
	if !r.IsValid() {
		return "-"
	}
	return r.Text()
}
