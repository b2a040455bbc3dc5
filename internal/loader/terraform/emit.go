package terraform

import (
	"sort"

	"github.com/papilint/papilint/internal/graph"
)

// emitModule turns every resource instance of a module instance, and of
// the module instances it calls, into nodes.
func (l *loader) emitModule(mi *modInst) {
	for _, r := range mi.mod.resources {
		rs := mi.resource(r.key())
		rs.expand()
		for _, ri := range rs.insts {
			l.emitInstance(ri)
		}
	}
	for _, c := range mi.mod.calls {
		cs := mi.callNamed(c.name)
		cs.expand()
		for _, child := range cs.insts {
			l.emitModule(child)
		}
		if cs.missing != "" {
			l.emitUnloaded(mi, cs)
		}
	}
	var names []string
	for n, o := range mi.mod.outputs {
		if o.expr != nil {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	stack := mi.rootRel
	if mi.addr != "" {
		stack += "#" + mi.addr
	}
	for _, n := range names {
		o := mi.mod.outputs[n]
		l.b.AddOutput(&graph.Output{Stack: stack, Name: n, Value: mi.output(n, o.defRange), Range: l.rng(o.defRange)})
	}
}

func (l *loader) emitInstance(ri *resInst) {
	if l.nodes[ri.id] != nil {
		return
	}
	r := ri.rs.r
	attrs := ri.body()
	header := l.rng(r.header)
	kind, props := l.translate(r.mode, r.typ, attrs, header, ri.id)
	n := &graph.Node{
		ID: ri.id, Kind: kind, Type: r.typ, Name: ri.addr, Format: graph.Terraform,
		Stack: ri.rs.mi.rootRel, File: r.file, Header: header, Range: l.rng(r.rng), Props: props,
	}
	e := &emitted{inst: ri, node: n, attrs: attrs}
	l.nodes[ri.id] = e
	root := ri.rs.mi.rootDir
	if l.byRoot[root] == nil {
		l.byRoot[root] = map[string]*emitted{}
	}
	l.byRoot[root][ri.addr] = e
}

// emitUnloaded adds a node for a module call whose module is not loaded
// (a remote module that is not installed, a source outside the scan), with
// its arguments: what it receives (an API's id) may be configured there, so
// rules can tell that part of the configuration is not visible.
func (l *loader) emitUnloaded(mi *modInst, cs *callState) {
	c := cs.call
	addr := mi.prefix() + "module." + c.name
	id := nodeID(mi.rootRel, addr)
	if l.nodes[id] != nil {
		return
	}
	sc := &scope{mi: mi}
	if c.count != nil {
		sc.countIndex = graph.NewUnknown("the instances of "+addr+" are not loaded", l.rng(c.count.Range()))
	}
	if c.forEach != nil {
		sc.eachKey = graph.NewUnknown("the instances of "+addr+" are not loaded", l.rng(c.forEach.Range()))
		sc.eachValue = sc.eachKey
	}
	header := l.rng(c.header)
	props := &graph.Value{Kind: graph.KindMap, Prov: graph.Literal, Range: header}
	var keys []string
	for k := range c.args {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		a := c.args[k]
		props.Fields = append(props.Fields, &graph.Field{Key: k, KeyRange: l.rng(a.NameRange), Value: l.eval(a.Expr, sc)})
	}
	n := &graph.Node{ID: id, Kind: graph.KindOther, Type: UnloadedModule, Name: addr, Format: graph.Terraform,
		Stack: mi.rootRel, File: c.file, Header: header, Range: header, Props: props}
	l.nodes[id] = &emitted{node: n}
}

// UnloadedModule is the Type of the node that stands for a module call
// whose module papilint could not load; its properties are the call's
// arguments.
const UnloadedModule = "module"

// flush adds the nodes to the graph.
func (l *loader) flush() {
	ids := make([]string, 0, len(l.nodes))
	for id := range l.nodes {
		ids = append(ids, string(id))
	}
	sort.Strings(ids)
	for _, id := range ids {
		if e := l.nodes[graph.NodeID(id)]; e.node != nil {
			l.b.AddNode(e.node)
		}
	}
}
