package pattern

import (
	"sort"
	"sync"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/model/tlscert"
)

// index holds lookups built once per scan, so that questions asked per
// instance or per domain (which records point at this load balancer, which
// domains could share its name or certificate) do not search the whole
// graph each time: with a thousand stacks that search made a scan
// quadratic. Every lookup is a superset filter; the answers are still
// decided by the same predicates (pointsAt, NameIs, SameCertificate), in
// graph order, so results do not change.
type index struct {
	once sync.Once

	records   []RecordSet
	recordsAt map[graph.NodeID][]RecordSet // by the node a record set points at
	recordsIn map[string][]RecordSet       // by group of connected stacks
	outputsIn map[string][]*graph.Output   // by group of the output's stack

	public    []*CustomDomain
	publicPos map[*CustomDomain]int
	byNode    map[graph.NodeID]*CustomDomain
	// Candidate domains by group and name key (valueKeys), and by
	// certificate key (certKeys); domains whose name has no branch match
	// anything.
	byName     map[string][]*CustomDomain
	byCert     map[string][]*CustomDomain
	anyName    []*CustomDomain
	mappingsOn map[*graph.Node][]*graph.Node // mapping nodes by domain, graph order

	// DomainName resources by group and normalized name, and by
	// certificate (a reference, or a known text within a group), for
	// domainsServedBy.
	dnByName map[string][]*graph.Node
	dnByCert map[string][]*graph.Node
	dnPos    map[*graph.Node]int

	mu     sync.Mutex
	served map[*Instance][]*CustomDomain
}

func (r *Result) idx(g *graph.Graph) *index {
	x := &r.index
	x.once.Do(func() {
		x.records = RecordSets(g)
		x.recordsAt = map[graph.NodeID][]RecordSet{}
		for _, rs := range x.records {
			for _, id := range referencedNodes(rs.Set) {
				if n := g.Node(id); n != nil && pointsAt(rs.Set, n) {
					x.recordsAt[id] = append(x.recordsAt[id], rs)
				}
			}
		}
		x.recordsIn = map[string][]RecordSet{}
		for _, rs := range x.records {
			k := r.stacks.group(rs.Node.Stack)
			x.recordsIn[k] = append(x.recordsIn[k], rs)
		}
		x.outputsIn = map[string][]*graph.Output{}
		for _, o := range g.Outputs() {
			k := r.stacks.group(outputStack(o))
			x.outputsIn[k] = append(x.outputsIn[k], o)
		}
		x.public = PublicDomains(g)
		x.publicPos = map[*CustomDomain]int{}
		x.byNode = map[graph.NodeID]*CustomDomain{}
		x.byName, x.byCert = map[string][]*CustomDomain{}, map[string][]*CustomDomain{}
		for i, d := range x.public {
			x.publicPos[d] = i
			if x.byNode[d.Node.ID] == nil {
				x.byNode[d.Node.ID] = d
			}
			// A name links only connected stacks (ServedDomains), so
			// name keys carry the domain's group.
			grp := r.stacks.group(d.Node.Stack) + "\x00"
			if !d.SAM {
				k := grp + "R:" + string(d.Node.ID)
				x.byName[k] = append(x.byName[k], d)
			}
			if !d.Name.IsAbsent() {
				bs := d.Name.Branches()
				if len(bs) == 0 {
					x.anyName = append(x.anyName, d)
				} else {
					for _, k := range valueKeys(bs[0]) {
						x.byName[grp+k] = append(x.byName[grp+k], d)
					}
				}
			}
			if d.Cert != nil {
				for _, k := range certKeys(g, d.Cert, r.stacks.group(d.Node.Stack), d.Node.Stack) {
					x.byCert[k] = append(x.byCert[k], d)
				}
			}
		}
		x.mappingsOn = map[*graph.Node][]*graph.Node{}
		for _, k := range []graph.Kind{graph.BasePathMapping, graph.APIMapping} {
			for _, m := range g.OfKind(k) {
				d := r.DomainOf[m.ID]
				x.mappingsOn[d] = append(x.mappingsOn[d], m)
			}
		}
		x.served = map[*Instance][]*CustomDomain{}
		x.dnByName, x.dnByCert, x.dnPos = map[string][]*graph.Node{}, map[string][]*graph.Node{}, map[*graph.Node]int{}
		for i, d := range g.OfKind(graph.DomainName) {
			x.dnPos[d] = i
			if s, ok := d.Prop("DomainName").String(); ok {
				k := r.stacks.group(d.Stack) + "\x00" + normName(s)
				x.dnByName[k] = append(x.dnByName[k], d)
			}
			for _, prop := range []string{"RegionalCertificateArn", "CertificateArn"} {
				for _, k := range refOrText(d.Prop(prop), r.stacks.group(d.Stack)) {
					x.dnByCert[k] = append(x.dnByCert[k], d)
				}
			}
		}
	})
	return x
}

// referencedNodes lists, once each, the nodes a value refers to anywhere
// inside it.
func referencedNodes(v *graph.Value) []graph.NodeID {
	var out []graph.NodeID
	seen := map[graph.NodeID]bool{}
	v.Walk(func(x *graph.Value) {
		if x.Ref != nil && x.Ref.Node != "" && !seen[x.Ref.Node] {
			seen[x.Ref.Node] = true
			out = append(out, x.Ref.Node)
		}
	})
	return out
}

// valueKeys are the keys under which two names can be equal for nameIs:
// a reference, a known text (normalized as names are compared) or a
// parameter.
func valueKeys(b *graph.Value) []string {
	if b == nil {
		return nil
	}
	var out []string
	if b.Ref != nil {
		out = append(out, "R:"+string(b.Ref.Node))
	}
	if s, ok := b.String(); ok {
		out = append(out, "S:"+normName(s))
	}
	if b.Param != "" {
		out = append(out, "P:"+b.Param)
	}
	return out
}

// certKeys are the keys under which sameCert can find two certificate
// values the same, taken from the first branch (SameCertificate needs every
// pair of branches to be the same, so the first pair too); known texts
// match only within a group of connected stacks.
func certKeys(g *graph.Graph, v *graph.Value, group, stack string) []string {
	bs := v.Branches()
	if len(bs) == 0 {
		return []string{"*"}
	}
	b := bs[0]
	if b == nil {
		return nil
	}
	var out []string
	if b.Ref != nil && b.Ref.Node != "" {
		out = append(out, "N:"+string(b.Ref.Node))
		if c := tlscert.Resolve(g, b); c != nil {
			out = append(out, "C:"+string(c.ID))
		}
	}
	if b.Param != "" {
		out = append(out, "P:"+stack+"\x00"+b.Param) // the same parameter only counts within one stack
	}
	if s, ok := b.String(); ok {
		out = append(out, "S:"+group+"\x00"+s)
	}
	return out
}

// candidates returns the domains, in PublicDomains order, that may share a
// name key with one of names or a certificate key with one of certs
// (group and stack are the load balancer's).
func (x *index) candidates(g *graph.Graph, group, stack string, names, certs []*graph.Value, also map[graph.NodeID]bool) []*CustomDomain {
	set := map[*CustomDomain]bool{}
	for _, d := range x.anyName {
		set[d] = true
	}
	for _, name := range names {
		if name.IsAbsent() {
			continue
		}
		bs := name.Branches()
		if len(bs) == 0 {
			for _, d := range x.public {
				set[d] = true
			}
			continue
		}
		for _, k := range valueKeys(bs[0]) {
			for _, d := range x.byName[group+"\x00"+k] {
				set[d] = true
			}
		}
	}
	for _, c := range certs {
		for _, k := range certKeys(g, c, group, stack) {
			if k == "*" {
				for _, d := range x.public {
					set[d] = true
				}
				continue
			}
			for _, d := range x.byCert[k] {
				set[d] = true
			}
		}
		for _, d := range x.byCert["*"] {
			set[d] = true
		}
	}
	for id := range also {
		if d := x.byNode[id]; d != nil {
			set[d] = true
		}
	}
	out := make([]*CustomDomain, 0, len(set))
	for d := range set {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return x.publicPos[out[i]] < x.publicPos[out[j]] })
	return out
}

// refOrText keys a certificate value as domainsServedBy compares it: the
// reference (Ref.Same), or the known text within a group of connected
// stacks.
func refOrText(v *graph.Value, group string) []string {
	var out []string
	if v != nil && v.Ref != nil {
		out = append(out, "R:"+string(v.Ref.Node)+"\x00"+v.Ref.Attr+"\x00"+v.Ref.Pseudo)
	}
	if s, ok := v.String(); ok {
		out = append(out, "S:"+group+"\x00"+s)
	}
	return out
}

// Group names the group of connected stacks a stack belongs to: two
// stacks are connected (Connected) exactly when their groups are equal.
func (r *Result) Group(stack string) string { return r.stacks.group(stack) }

// RecordSetsNear returns the record sets of the stacks connected to stack,
// in RecordSets order.
func (r *Result) RecordSetsNear(g *graph.Graph, stack string) []RecordSet {
	return r.idx(g).recordsIn[r.stacks.group(stack)]
}
