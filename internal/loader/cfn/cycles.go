package cfn

import (
	"strings"

	"github.com/papilint/papilint/internal/loader/cfn/syntax"
)

// checkCycles reports resources whose Ref, Fn::GetAtt, Fn::Sub and
// DependsOn references form a cycle: CloudFormation refuses such a template
// ("Circular dependency between resources"). Templates with a Transform are
// left alone: SAM and macros add and remove resources, and the references
// of an AWS::Serverless::Function's events to its API are not dependencies
// once expanded.
func (l *loader) checkCycles(in Input) {
	root := in.Root
	if root.Get("Transform") != nil {
		return
	}
	for _, d := range l.diags {
		// Evaluation already found the cycle and said where it bites.
		if d.Range.File == in.File && (strings.Contains(d.Message, "cycle") || strings.Contains(d.Message, "depend on its own") || strings.Contains(d.Message, "depends on its own")) {
			return
		}
	}
	resources := root.Get("Resources")
	if resources == nil || resources.Kind != syntax.Mapping {
		return
	}
	index := map[string]int{}
	for i, p := range resources.Pairs {
		if _, dup := index[p.Key.Value]; !dup {
			index[p.Key.Value] = i
		}
	}
	edges := make([][]int, len(resources.Pairs))
	for i, p := range resources.Pairs {
		seen := map[int]bool{}
		add := func(name string) {
			if j, ok := index[name]; ok && !seen[j] {
				seen[j] = true
				edges[i] = append(edges[i], j)
			}
		}
		if p.Value == nil || p.Value.Kind != syntax.Mapping {
			continue
		}
		refsIn(p.Value.Get("Properties"), add, 0)
		if d := p.Value.Get("DependsOn"); d != nil {
			if d.Kind == syntax.Scalar {
				add(d.Value)
			}
			for _, it := range d.Items {
				if it.Kind == syntax.Scalar {
					add(it.Value)
				}
			}
		}
	}
	for _, scc := range stronglyConnected(edges) {
		if len(scc) == 1 && !contains(edges[scc[0]], scc[0]) {
			continue
		}
		first := scc[0]
		for _, i := range scc {
			if i < first {
				first = i
			}
		}
		names := make([]string, 0, len(scc))
		for i := range resources.Pairs {
			if contains(scc, i) {
				names = append(names, resources.Pairs[i].Key.Value)
			}
		}
		what := "resource " + names[0] + " depends on itself"
		if len(names) > 1 {
			what = "circular dependency between resources " + strings.Join(names, ", ")
		}
		l.errorf(resources.Pairs[first].Key.Range, "%s (through Ref, Fn::GetAtt, Fn::Sub or DependsOn); CloudFormation refuses to create the stack", what)
	}
}

func contains(s []int, x int) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}

// refsIn calls add with every logical name n references.
func refsIn(n *syntax.Node, add func(string), depth int) {
	if n == nil || depth > 512 {
		return
	}
	switch n.Tag {
	case "!Ref":
		add(n.Value)
		return
	case "!GetAtt":
		getAttName(n, add)
		return
	case "!Sub":
		subNames(n, add)
		for _, it := range n.Items {
			refsIn(it, add, depth+1)
		}
		return
	}
	if n.Kind == syntax.Mapping && len(n.Pairs) == 1 {
		switch v := n.Pairs[0].Value; n.Pairs[0].Key.Value {
		case "Ref":
			if v != nil && v.Kind == syntax.Scalar {
				add(v.Value)
			}
			return
		case "Fn::GetAtt":
			getAttName(v, add)
			return
		case "Fn::Sub":
			subNames(v, add)
			if v != nil {
				for _, it := range v.Items {
					refsIn(it, add, depth+1)
				}
			}
			return
		}
	}
	for _, it := range n.Items {
		refsIn(it, add, depth+1)
	}
	for _, p := range n.Pairs {
		refsIn(p.Value, add, depth+1)
	}
}

func getAttName(v *syntax.Node, add func(string)) {
	switch {
	case v == nil:
	case v.Kind == syntax.Scalar:
		name, _, _ := strings.Cut(v.Value, ".")
		add(name)
	case len(v.Items) > 0 && v.Items[0].Kind == syntax.Scalar:
		add(v.Items[0].Value)
	}
}

// subNames reads the ${Name} and ${Name.Attr} references of an Fn::Sub
// string, leaving out ${!Literal} and the names its variable map defines.
func subNames(v *syntax.Node, add func(string)) {
	if v == nil {
		return
	}
	text, vars := v, (*syntax.Node)(nil)
	if len(v.Items) > 0 {
		text = v.Items[0]
		if len(v.Items) > 1 {
			vars = v.Items[1]
		}
	}
	if text.Kind != syntax.Scalar {
		return
	}
	s := text.Value
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			return
		}
		s = s[i+2:]
		j := strings.IndexByte(s, '}')
		if j < 0 {
			return
		}
		ref := s[:j]
		s = s[j+1:]
		if strings.HasPrefix(ref, "!") {
			continue
		}
		name, _, _ := strings.Cut(strings.TrimSpace(ref), ".")
		if vars.Get(name) != nil {
			continue
		}
		add(name)
	}
}

// stronglyConnected returns the strongly connected components of a graph
// given by adjacency lists (Tarjan's algorithm, iteratively, so a long
// chain of references cannot exhaust the stack).
func stronglyConnected(edges [][]int) [][]int {
	n := len(edges)
	index := make([]int, n)
	low := make([]int, n)
	on := make([]bool, n)
	for i := range index {
		index[i] = -1
	}
	var out [][]int
	var comp []int
	next := 0
	type frame struct{ v, e int }
	for s := 0; s < n; s++ {
		if index[s] >= 0 {
			continue
		}
		call := []frame{{s, 0}}
		index[s], low[s] = next, next
		next++
		comp = append(comp, s)
		on[s] = true
		for len(call) > 0 {
			f := &call[len(call)-1]
			if f.e < len(edges[f.v]) {
				w := edges[f.v][f.e]
				f.e++
				if index[w] < 0 {
					index[w], low[w] = next, next
					next++
					comp = append(comp, w)
					on[w] = true
					call = append(call, frame{w, 0})
				} else if on[w] && index[w] < low[f.v] {
					low[f.v] = index[w]
				}
				continue
			}
			v := f.v
			call = call[:len(call)-1]
			if len(call) > 0 {
				if p := call[len(call)-1].v; low[v] < low[p] {
					low[p] = low[v]
				}
			}
			if low[v] == index[v] {
				var c []int
				for {
					w := comp[len(comp)-1]
					comp = comp[:len(comp)-1]
					on[w] = false
					c = append(c, w)
					if w == v {
						break
					}
				}
				out = append(out, c)
			}
		}
	}
	return out
}
