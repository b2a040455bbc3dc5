package cfn

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/source"
)

func dumpV(b *strings.Builder, v *graph.Value, ind string) {
	if v == nil {
		fmt.Fprintf(b, "%snil\n", ind)
		return
	}
	fmt.Fprintf(b, "%s%s %q prov=%s range=%q param=%q origin=%q ref=%v reason=%q\n", ind, v.Kind, v.Display(), v.Prov, v.Range.Text(), v.Param, v.Origin.Text(), v.Ref, v.Reason)
	for _, e := range v.List {
		dumpV(b, e, ind+"  ")
	}
	for _, f := range v.Fields {
		fmt.Fprintf(b, "%s .%s\n", ind, f.Key)
		dumpV(b, f.Value, ind+"   ")
	}
	for _, e := range v.Parts {
		fmt.Fprintf(b, "%s part\n", ind)
		dumpV(b, e, ind+"   ")
	}
	for _, e := range v.Alts {
		fmt.Fprintf(b, "%s alt\n", ind)
		dumpV(b, e, ind+"   ")
	}
}

func TestZZExplore(t *testing.T) {
	paths := strings.Fields(os.Getenv("EXPL"))
	if len(paths) == 0 {
		t.Skip()
	}
	var ins []Input
	bld := &graph.Builder{}
	for _, p := range paths {
		c, _ := os.ReadFile(p)
		f := source.NewFile(p, p, c)
		root, errs := Parse(f)
		for _, e := range errs {
			t.Log("syntax:", e)
		}
		ins = append(ins, Input{File: f, Root: root})
		bld.AddFile(f)
	}
	diags := Build(bld, ins, Options{})
	g := bld.Build()
	var b strings.Builder
	for _, d := range diags {
		fmt.Fprintf(&b, "DIAG %s %s\n", d.Severity, d.Error())
	}
	for _, n := range g.Nodes() {
		fmt.Fprintf(&b, "NODE %s %s stack=%s cond=%q\n", n.ID, n.Type, n.Stack, n.Condition)
		dumpV(&b, n.Props, "  ")
		for _, e := range g.EdgesFrom(n.ID) {
			fmt.Fprintf(&b, "  EDGE -> %s %s %v %q\n", e.To, e.Attr, e.Path, e.Range.Text())
		}
	}
	for _, o := range g.Outputs() {
		fmt.Fprintf(&b, "OUTPUT %s %s export=%q range=%q\n", o.Stack, o.Name, o.Export, o.Range.Text())
		dumpV(&b, o.Value, "  ")
	}
	fmt.Println(b.String())
}
