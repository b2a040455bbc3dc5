package pattern

import (
	"github.com/papilint/papilint/internal/graph"
)

// stackGroups is a union-find over stack names: two stacks are in one
// group when a resource of one refers to a resource of the other (an
// import, a cross-stack reference, a module output) or when one is nested
// in the other.
type stackGroups struct{ parent map[string]string }

func groupStacks(g *graph.Graph) *stackGroups {
	s := &stackGroups{parent: map[string]string{}}
	var names []string
	seen := map[string]bool{}
	for _, n := range g.Nodes() {
		if !seen[n.Stack] {
			seen[n.Stack] = true
			names = append(names, n.Stack)
		}
		for _, e := range g.EdgesFrom(n.ID) {
			if to := g.Node(e.To); to != nil && to.Stack != n.Stack {
				s.union(n.Stack, to.Stack)
			}
		}
	}
	// CloudFormation nested stacks are named "<parent>/<logical ID>": join
	// each stack to every stack named like it up to one of its slashes.
	for _, b := range names {
		for i := 0; i < len(b); i++ {
			if b[i] == '/' && seen[b[:i]] {
				s.union(b[:i], b)
			}
		}
	}
	// Point every stack at its group's root, so that lookups during the
	// rules (which may run concurrently) only read.
	for _, n := range names {
		s.parent[n] = s.find(n)
	}
	return s
}

// root is find without path compression: it only reads.
func (s *stackGroups) root(x string) string {
	for {
		p, ok := s.parent[x]
		if !ok || p == x {
			return x
		}
		x = p
	}
}

func (s *stackGroups) find(x string) string {
	for {
		p, ok := s.parent[x]
		if !ok || p == x {
			return x
		}
		// Path halving; a root has no entry, and must not be read as
		// the empty stack name.
		if gp, ok := s.parent[p]; ok {
			s.parent[x] = gp
		}
		x = p
	}
}

func (s *stackGroups) union(a, b string) {
	ra, rb := s.find(a), s.find(b)
	if ra != rb {
		if ra < rb {
			s.parent[rb] = ra
		} else {
			s.parent[ra] = rb
		}
	}
}

// connected reports whether two stacks are the same or refer to each other.
func (s *stackGroups) connected(a, b string) bool {
	if a == b {
		return true
	}
	if s == nil {
		return false
	}
	return s.root(a) == s.root(b)
}

// group names the group a stack belongs to (the stack itself when there
// are no groups), for keys that must match only within one group.
func (s *stackGroups) group(x string) string {
	if s == nil {
		return x
	}
	return s.root(x)
}
