package pattern

import (
	"os"
	"testing"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/loader/cfn"
	"github.com/papilint/papilint/internal/source"
)

func buildFiles(t *testing.T, paths ...string) *graph.Graph {
	t.Helper()
	b := &graph.Builder{}
	var inputs []cfn.Input
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		f := source.NewFile(p, p, data)
		root, errs := cfn.Parse(f)
		if len(errs) > 0 {
			t.Fatal(errs[0].Message)
		}
		inputs = append(inputs, cfn.Input{File: f, Root: root})
	}
	if diags := cfn.Build(b, inputs, cfn.Options{}); len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	return b.Build()
}

// Two unrelated stacks that use the same host name are two request paths,
// not one: a load balancer is linked to a domain by name only when their
// stacks refer to each other.
func TestNamesLinkOnlyConnectedStacks(t *testing.T) {
	g := buildFiles(t, "../../../examples/conforming/private-api.yaml", "../../../examples/conforming-json/private-api.json")
	r := Detect(g)
	if len(r.Instances) != 2 {
		t.Fatalf("%d instances, want 2", len(r.Instances))
	}
	for _, inst := range r.Instances {
		if len(inst.Domains) != 1 || inst.Domains[0].Stack != inst.LoadBalancer.Stack {
			t.Errorf("load balancer %s linked to domains %v", inst.LoadBalancer.ID, inst.Domains)
		}
	}
	// The split example is one path across two stacks joined by imports.
	g = buildFiles(t, "../../../examples/conforming-split/network.yaml", "../../../examples/conforming-split/api.yaml")
	r = Detect(g)
	if len(r.Instances) != 1 || len(r.Instances[0].Domains) != 1 || r.Instances[0].Domains[0].Stack == r.Instances[0].LoadBalancer.Stack {
		t.Fatalf("split example: %+v", r.Instances)
	}
}

// TestStackGroupsKeepSeparateGroupsApart joins stacks in an order where
// path halving meets a root (which has no entry of its own): two separate
// groups must stay apart however often they are looked up.
func TestStackGroupsKeepSeparateGroupsApart(t *testing.T) {
	s := &stackGroups{parent: map[string]string{}}
	s.union("b", "a")
	s.union("c", "b")
	s.union("y", "x")
	s.union("z", "y")
	for i := 0; i < 3; i++ {
		for _, p := range [][2]string{{"a", "b"}, {"b", "c"}, {"a", "c"}, {"x", "y"}, {"y", "z"}, {"x", "z"}} {
			if !s.connected(p[0], p[1]) {
				t.Errorf("%s and %s: want connected", p[0], p[1])
			}
		}
		for _, p := range [][2]string{{"b", "y"}, {"a", "x"}, {"c", "z"}, {"b", "q"}} {
			if s.connected(p[0], p[1]) {
				t.Errorf("%s and %s: want apart", p[0], p[1])
			}
			if s.find(p[0]) == s.find(p[1]) {
				t.Errorf("%s and %s: find puts them in one group", p[0], p[1])
			}
		}
	}
}
