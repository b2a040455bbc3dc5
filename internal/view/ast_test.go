package view_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/util"

	"github.com/papilint/papilint/internal/benchgen"
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/loader"
	"github.com/papilint/papilint/internal/model/pattern"
	"github.com/papilint/papilint/internal/source"
	"github.com/papilint/papilint/internal/view"
)

// viaJSON is the reference conversion: the document as JSON text, read
// back by OPA's decoder.
func viaJSON(t *testing.T, in *view.Input) ast.Value {
	t.Helper()
	data, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var x any
	if err := util.UnmarshalJSON(data, &x); err != nil {
		t.Fatal(err)
	}
	v, err := ast.InterfaceToValue(x)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func checkSame(t *testing.T, name string, in *view.Input) {
	t.Helper()
	got, err := in.AST()
	if err != nil {
		t.Fatal(err)
	}
	want := viaJSON(t, in)
	if got.Compare(want) != 0 {
		t.Errorf("%s: AST differs from the JSON route\n got: %.2000s\nwant: %.2000s", name, got, want)
	}
}

// TestASTMatchesJSON converts the examples, the rule cases of a few rules
// in every format and a generated corpus both ways.
func TestASTMatchesJSON(t *testing.T) {
	dirs := []string{"../../examples"}
	for _, pat := range []string{"../../rules/*/testdata", "../../policies/*/testdata"} {
		m, _ := filepath.Glob(pat)
		dirs = append(dirs, m...)
	}
	gen := t.TempDir()
	if _, err := benchgen.Generate(gen, 8, 3); err != nil {
		t.Fatal(err)
	}
	dirs = append(dirs, gen)
	for _, dir := range dirs {
		lr, err := loader.Load([]string{dir}, loader.Options{Root: dir})
		if err != nil {
			t.Fatal(err)
		}
		checkSame(t, dir, view.Build(lr.Graph, pattern.Detect(lr.Graph)))
	}
}

// TestASTOddValues covers what real files rarely hold: numbers JSON cannot
// write as they are, invalid UTF-8, duplicate keys, nil parts.
func TestASTOddValues(t *testing.T) {
	str := func(s string) *graph.Value { return &graph.Value{Kind: graph.KindString, Str: s} }
	props := &graph.Value{Kind: graph.KindMap, Fields: []*graph.Field{
		{Key: "a", Value: &graph.Value{Kind: graph.KindNumber, Str: "0x1F"}},
		{Key: "b", Value: &graph.Value{Kind: graph.KindNumber, Str: ".5"}},
		{Key: "c", Value: &graph.Value{Kind: graph.KindNumber, Str: "nan"}},
		{Key: "d", Value: str("bad \xff\xfe utf-8 <&>")},
		{Key: "a", Value: str("duplicate")},
		{Key: "e", Value: &graph.Value{Kind: graph.KindConcat, Parts: []*graph.Value{str("x"), nil, {Kind: graph.KindUnknown, Reason: "r"}}}},
		{Key: "f", Value: &graph.Value{Kind: graph.KindChoice, Alts: []*graph.Value{str("1"), {Kind: graph.KindRef}}}},
		{Key: "g", Value: &graph.Value{Kind: graph.KindList, List: []*graph.Value{nil, {Kind: graph.KindNull}, {Kind: graph.KindBool, Bool: true}}}},
	}}
	var b graph.Builder
	b.AddNode(&graph.Node{ID: "s#N", Name: "N", Stack: "s", Type: "AWS::X::Y", Props: props})
	g := b.Build()
	checkSame(t, "odd values", view.Build(g, nil))
	if os.Getenv("PAPILINT_VIEW_DEBUG") != "" {
		v, _ := view.Build(g, nil).AST()
		t.Log(v)
	}
}

// TestASTSharesEqualValuesOnly checks the sharing of equal values in the
// policy input: two equal property blocks become one term, while numbers
// that are equal as numbers but written differently stay apart (the
// comparison in checkSame would not see them mixed up).
func TestASTSharesEqualValuesOnly(t *testing.T) {
	num := func(s string) *graph.Value { return graph.NewNumber(s, graph.Literal, source.Range{}) }
	str := func(s string) *graph.Value { return graph.NewString(s, graph.Literal, source.Range{}) }
	block := func(n string) *graph.Value {
		return &graph.Value{Kind: graph.KindMap, Fields: []*graph.Field{
			{Key: "Key", Value: str("team")}, {Key: "Value", Value: num(n)},
		}}
	}
	var b graph.Builder
	for i, n := range []string{"1", "1", "1.0"} {
		id := fmt.Sprintf("s#N%d", i)
		b.AddNode(&graph.Node{ID: graph.NodeID(id), Name: id[2:], Stack: "s", Type: "AWS::X::Y",
			Props: &graph.Value{Kind: graph.KindMap, Fields: []*graph.Field{{Key: "Tag", Value: block(n)}}}})
	}
	v, err := view.Build(b.Build(), nil).AST()
	if err != nil {
		t.Fatal(err)
	}
	nodes := v.(ast.Object).Get(ast.StringTerm("nodes")).Value.(*ast.Array)
	tag := func(i int) *ast.Term {
		return nodes.Elem(i).Value.(ast.Object).Get(ast.StringTerm("props")).Value.(ast.Object).Get(ast.StringTerm("Tag"))
	}
	if tag(0) != tag(1) {
		t.Errorf("equal property blocks are two terms: %v, %v", tag(0), tag(1))
	}
	if tag(0) == tag(2) || tag(0).String() == tag(2).String() {
		t.Errorf("1 and 1.0 were merged: %v, %v", tag(0), tag(2))
	}
	if got := tag(2).String(); !strings.Contains(got, "1.0") {
		t.Errorf("the number lost its text: %s", got)
	}
}

// BenchmarkAST is the conversion of a generated corpus' view into the
// policy input.
func BenchmarkAST(b *testing.B) {
	dir := b.TempDir()
	if _, err := benchgen.Generate(dir, 40, 1); err != nil {
		b.Fatal(err)
	}
	lr, err := loader.Load([]string{dir}, loader.Options{Root: dir})
	if err != nil {
		b.Fatal(err)
	}
	in := view.Build(lr.Graph, pattern.Detect(lr.Graph))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := in.AST(); err != nil {
			b.Fatal(err)
		}
	}
}
