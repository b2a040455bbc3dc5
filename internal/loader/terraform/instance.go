package terraform

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/source"
)

// memo holds a lazily evaluated value; busy detects cycles.
type memo struct {
	v    *graph.Value
	busy bool
	done bool
}

// modInst is one instance of a module: the root, or one instance of a
// module call (module.api, module.api[0], module.api["x"]).
type modInst struct {
	l        *loader
	mod      *module
	rootDir  string
	rootRel  string
	addr     string   // "" for the root module
	callPath []string // module call names from the root, for modules.json
	parent   *modInst
	call     *moduleCall
	// The instance's key in its call: count.index or each.key/each.value.
	countIndex, eachKey, eachValue *graph.Value
	depth                          int
	dirs                           []string // module directories from the root, for cycle checks

	rootInputs map[string]*graph.Value // root only: tfvars, --var, TF_VAR_
	vars       map[string]*memo
	locals     map[string]*memo
	outputs    map[string]*memo
	res        map[string]*resState
	calls      map[string]*callState
	modulesDir map[string]string // root only: modules.json, call path → directory
}

func (l *loader) newRootInstance(m *module) *modInst {
	mi := &modInst{l: l, mod: m, rootDir: m.dir, rootRel: m.rel, dirs: []string{m.dir}}
	mi.init()
	mi.rootInputs = l.rootInputs(m)
	mi.modulesDir = l.readModulesJSON(m.dir)
	return mi
}

func (mi *modInst) init() {
	mi.vars = map[string]*memo{}
	mi.locals = map[string]*memo{}
	mi.outputs = map[string]*memo{}
	mi.res = map[string]*resState{}
	mi.calls = map[string]*callState{}
}

func (mi *modInst) root() *modInst {
	for mi.parent != nil {
		mi = mi.parent
	}
	return mi
}

// prefix is the address prefix of the module's resources.
func (mi *modInst) prefix() string {
	if mi.addr == "" {
		return ""
	}
	return mi.addr + "."
}

// display names the module instance in messages.
func (mi *modInst) display() string {
	if mi.addr == "" {
		return "the root module"
	}
	return mi.addr
}

// resState is a resource (or data source) of a module instance with its
// instances once count or for_each is expanded.
type resState struct {
	r     *resource
	mi    *modInst
	state int // 0 new, 1 expanding, 2 expanded
	// unknown is set when count or for_each is not known before apply: the
	// resource is then kept as one instance with an unknown key.
	unknown bool
	keyed   bool // count or for_each set
	isCount bool
	insts   []*resInst
	whole   *graph.Value // the resource as a value (list or map of instances)
}

// resInst is one resource instance.
type resInst struct {
	rs    *resState
	addr  string
	id    graph.NodeID
	key   *graph.Value // count.index or each.key; nil without count/for_each
	each  *graph.Value // each.value
	attrs map[string]*memo
	obj   *graph.Value // the instance as a value (a reference to it)
}

func (ri *resInst) typ() string { return ri.rs.r.typ }

// resource returns a resource of the module instance by key ("aws_lb.x",
// "data.aws_region.current"), or nil.
func (mi *modInst) resource(key string) *resState {
	if rs := mi.res[key]; rs != nil {
		return rs
	}
	r := mi.mod.resByKey[key]
	if r == nil {
		return nil
	}
	rs := &resState{r: r, mi: mi}
	mi.res[key] = rs
	return rs
}

// expand evaluates count or for_each and creates the instances.
func (rs *resState) expand() {
	if rs.state != 0 {
		return
	}
	rs.state = 1
	defer func() { rs.state = 2 }()
	l := rs.mi.l
	sc := &scope{mi: rs.mi}
	base := rs.mi.prefix() + rs.r.key()
	add := func(addr string, key, each *graph.Value) {
		l.instances++
		ri := &resInst{rs: rs, addr: addr, id: nodeID(rs.mi.rootRel, addr), key: key, each: each, attrs: map[string]*memo{}}
		ri.obj = &graph.Value{Kind: graph.KindRef, Prov: graph.Unknown, Ref: &graph.Ref{Node: ri.id}, Range: l.rng(rs.r.header),
			Reason: addr + " is created at apply time"}
		l.objects[ri.obj] = ri
		rs.insts = append(rs.insts, ri)
	}
	switch {
	case rs.r.count != nil:
		rs.keyed, rs.isCount = true, true
		v := l.eval(rs.r.count, sc)
		n, ok := v.Int()
		if !ok || !v.IsKnown() || n < 0 || n > maxInstances || l.instances+n > maxTotalInstances {
			if v.IsKnown() && ok && n > maxInstances {
				l.warnAt(rs.r.count.Range(), fmt.Sprintf("count is %d; papilint expands at most %d instances and keeps this resource as one instance", n, maxInstances))
			}
			rs.unknown = true
			idx := graph.NewUnknown("count.index of "+base+" is not known: its count is known only after apply", l.rng(rs.r.count.Range()))
			idx.Ref = v.Ref
			add(base, idx, nil)
			break
		}
		list := &graph.Value{Kind: graph.KindList, Prov: graph.Derived, Range: l.rng(rs.r.header)}
		for i := 0; i < n; i++ {
			add(fmt.Sprintf("%s[%d]", base, i), graph.NewNumber(strconv.Itoa(i), graph.Derived, l.rng(rs.r.count.Range())), nil)
			list.List = append(list.List, rs.insts[i].obj)
		}
		rs.whole = list
	case rs.r.forEach != nil:
		rs.keyed = true
		v := l.eval(rs.r.forEach, sc)
		keys, vals, ok := forEachItems(v)
		if !ok || len(keys) > maxInstances || l.instances+len(keys) > maxTotalInstances {
			rs.unknown = true
			r := l.rng(rs.r.forEach.Range())
			k := graph.NewUnknown("each.key of "+base+" is not known: its for_each is known only after apply", r)
			k.Ref = v.Ref
			var ev *graph.Value
			if inst := l.collectionInstance(v); inst != nil {
				ev = inst.obj
			} else {
				ev = graph.NewUnknown("each.value of "+base+" is not known: its for_each is known only after apply", r)
				ev.Ref = v.Ref
			}
			add(base, k, ev)
			break
		}
		m := &graph.Value{Kind: graph.KindMap, Prov: graph.Derived, Range: l.rng(rs.r.header)}
		for i, k := range keys {
			add(base+"["+quoteKey(k.Str)+"]", k, vals[i])
			m.Fields = append(m.Fields, &graph.Field{Key: k.Str, KeyRange: k.Range, Value: rs.insts[i].obj})
		}
		rs.whole = m
	default:
		add(base, nil, nil)
		rs.whole = rs.insts[0].obj
	}
	if rs.unknown {
		rs.whole = &graph.Value{Kind: graph.KindRef, Prov: graph.Unknown, Ref: &graph.Ref{Node: rs.insts[0].id}, Range: l.rng(rs.r.header),
			Reason: "the instances of " + base + " are known only after apply"}
		l.collections[rs.whole] = rs.insts[0]
	}
}

// nodeID identifies a resource instance across the scan: its address,
// qualified by the root module's directory unless that is the report root.
func nodeID(rootRel, addr string) graph.NodeID {
	if rootRel == "." || rootRel == "" {
		return graph.NodeID(addr)
	}
	return graph.NodeID(rootRel + "#" + addr)
}

// collectionInstance returns the single instance that stands for a
// resource whose instances are not known, when v is such a resource.
func (l *loader) collectionInstance(v *graph.Value) *resInst {
	if v == nil {
		return nil
	}
	if ri := l.collections[v]; ri != nil {
		return ri
	}
	return nil
}

// forEachItems returns the keys and values a for_each value expands into:
// a map's keys, or a set of strings' elements (each.value is then the
// element). ok is false when they are not known.
func forEachItems(v *graph.Value) (keys, vals []*graph.Value, ok bool) {
	if v == nil {
		return nil, nil, false
	}
	switch v.Kind {
	case graph.KindMap:
		for _, f := range v.Fields {
			keys = append(keys, &graph.Value{Kind: graph.KindString, Str: f.Key, Prov: v.Prov, Range: f.KeyRange})
			vals = append(vals, f.Value)
		}
		return keys, vals, true
	case graph.KindList:
		seen := map[string]bool{}
		for _, e := range v.List {
			s, ok := e.String()
			if !ok || e.Kind == graph.KindBool {
				return nil, nil, false
			}
			if seen[s] {
				continue
			}
			seen[s] = true
			k := *e
			k.Kind, k.Str = graph.KindString, s
			keys = append(keys, &k)
			vals = append(vals, &k)
		}
		return keys, vals, true
	case graph.KindNull:
		return nil, nil, true
	}
	return nil, nil, false
}

// quoteKey renders an instance key the way Terraform writes addresses.
func quoteKey(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// attr returns an argument or nested block type of the instance, evaluated
// once; nil when the instance does not configure it.
func (ri *resInst) attr(name string) *graph.Value {
	m := ri.attrs[name]
	if m == nil {
		m = &memo{}
		ri.attrs[name] = m
	}
	if m.done {
		return m.v
	}
	l := ri.rs.mi.l
	c := ri.rs.r.content
	if m.busy {
		var r hcl.Range
		if a := c.attrs[name]; a != nil {
			r = a.Expr.Range()
		} else {
			r = ri.rs.r.header
		}
		return graph.NewUnknown("the value of "+ri.addr+"."+name+" depends on itself", l.rng(r))
	}
	m.busy = true
	sc := ri.scope()
	if a := c.attrs[name]; a != nil {
		m.v = l.eval(a.Expr, sc)
	} else if hasBlockType(c, name) {
		m.v = l.evalBlocks(c, name, sc)
	}
	m.busy, m.done = false, true
	return m.v
}

func (ri *resInst) scope() *scope {
	sc := &scope{mi: ri.rs.mi, inst: ri}
	if ri.rs.keyed {
		if ri.rs.isCount {
			sc.countIndex = ri.key
		} else {
			sc.eachKey, sc.eachValue = ri.key, ri.each
		}
	}
	return sc
}

// body returns every argument and nested block of the instance as one map
// in Terraform's vocabulary, in source order.
func (ri *resInst) body() *graph.Value {
	l := ri.rs.mi.l
	c := ri.rs.r.content
	out := &graph.Value{Kind: graph.KindMap, Prov: graph.Literal, Range: l.rng(ri.rs.r.rng)}
	for _, a := range c.sortedAttrs() {
		if v := ri.attr(a.Name); v != nil {
			out.Fields = append(out.Fields, &graph.Field{Key: a.Name, KeyRange: l.rng(a.NameRange), Value: v})
		}
	}
	for _, t := range c.blockTypes() {
		if _, dup := c.attrs[t]; dup {
			continue
		}
		if v := ri.attr(t); v != nil {
			out.Fields = append(out.Fields, &graph.Field{Key: t, KeyRange: v.Range, Value: v})
		}
	}
	return out
}

func hasBlockType(c *content, t string) bool {
	for _, b := range c.blocks {
		if b.Type == t {
			return true
		}
	}
	for _, b := range c.dynamics {
		if len(b.Labels) == 1 && b.Labels[0] == t {
			return true
		}
	}
	return false
}

// callState is a module call of a module instance with its instances.
type callState struct {
	call    *moduleCall
	mi      *modInst
	state   int
	unknown bool
	keyed   bool
	isCount bool
	missing string // why the called module is not loaded
	insts   []*modInst
	keys    []*graph.Value
}

func (mi *modInst) callNamed(name string) *callState {
	if cs := mi.calls[name]; cs != nil {
		return cs
	}
	c := mi.mod.callByKey[name]
	if c == nil {
		return nil
	}
	cs := &callState{call: c, mi: mi}
	mi.calls[name] = cs
	return cs
}

// expand loads the called module and creates its instances.
func (cs *callState) expand() {
	if cs.state != 0 {
		return
	}
	cs.state = 1
	defer func() { cs.state = 2 }()
	mi, c, l := cs.mi, cs.call, cs.mi.l
	addr := mi.prefix() + "module." + c.name
	if c.source == "" {
		cs.missing = "it has no source"
		return
	}
	if mi.depth+1 > maxModuleDepth {
		l.errorAt(c.sourceRange, fmt.Sprintf("modules are nested more than %d deep at %s; not loaded", maxModuleDepth, addr))
		cs.missing = "modules are nested too deep"
		return
	}
	var dir string
	if isLocalSource(c.source) {
		dir = filepath.Clean(filepath.Join(mi.mod.dir, filepath.FromSlash(c.source)))
		for _, d := range mi.dirs {
			if d == dir {
				chain := []string{}
				for _, x := range append(mi.dirs, dir) {
					chain = append(chain, relTo(l.opt.Root, x))
				}
				l.errorAt(c.sourceRange, fmt.Sprintf("module cycle: %s calls itself through %s", addr, strings.Join(chain, " → ")))
				cs.missing = "the module calls itself"
				return
			}
		}
		if !l.inside(dir) {
			l.errorAt(c.sourceRange, fmt.Sprintf("module %s: source %q lies outside the scanned tree (%s); not loaded, its outputs are unknown", addr, c.source, l.opt.Root))
			cs.missing = "its source lies outside the scanned tree"
			return
		}
	} else {
		key := strings.Join(append(append([]string(nil), mi.callPath...), c.name), ".")
		d, ok := mi.root().modulesDir[key]
		if !ok {
			l.noteAt(c.sourceRange, fmt.Sprintf("module %s (source %q) is not installed; run terraform init to scan it. Its resources are not scanned and its outputs are unknown", addr, c.source))
			cs.missing = "it is a remote module that is not installed"
			return
		}
		dir = d
		if !l.inside(dir) {
			l.noteAt(c.sourceRange, fmt.Sprintf("module %s: installed directory %s lies outside the scanned tree; not loaded", addr, relTo(l.opt.Root, dir)))
			cs.missing = "its installed directory lies outside the scanned tree"
			return
		}
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		l.warnAt(c.sourceRange, fmt.Sprintf("module %s: source %q is not a directory; not loaded, its outputs are unknown", addr, c.source))
		cs.missing = "its source directory does not exist"
		return
	}
	m, err := l.loadModuleDir(dir)
	if err != nil {
		l.errorAt(c.sourceRange, fmt.Sprintf("module %s: cannot load %q: %v", addr, c.source, err))
		cs.missing = "it could not be loaded"
		return
	}
	sc := &scope{mi: mi}
	newInst := func(a string, ci, ek, ev *graph.Value) *modInst {
		child := &modInst{l: l, mod: m, rootDir: mi.rootDir, rootRel: mi.rootRel, addr: a, parent: mi, call: c,
			callPath: append(append([]string(nil), mi.callPath...), c.name), depth: mi.depth + 1,
			countIndex: ci, eachKey: ek, eachValue: ev, dirs: append(append([]string(nil), mi.dirs...), dir)}
		child.init()
		cs.insts = append(cs.insts, child)
		return child
	}
	switch {
	case c.count != nil:
		cs.keyed, cs.isCount = true, true
		v := l.eval(c.count, sc)
		n, ok := v.Int()
		if !ok || !v.IsKnown() || n < 0 || n > maxInstances {
			cs.unknown = true
			idx := graph.NewUnknown("count.index of "+addr+" is not known before apply", l.rng(c.count.Range()))
			newInst(addr, idx, nil, nil)
			return
		}
		for i := 0; i < n; i++ {
			k := graph.NewNumber(strconv.Itoa(i), graph.Derived, l.rng(c.count.Range()))
			cs.keys = append(cs.keys, k)
			newInst(fmt.Sprintf("%s[%d]", addr, i), k, nil, nil)
		}
	case c.forEach != nil:
		cs.keyed = true
		v := l.eval(c.forEach, sc)
		keys, vals, ok := forEachItems(v)
		if !ok || len(keys) > maxInstances {
			cs.unknown = true
			r := l.rng(c.forEach.Range())
			k := graph.NewUnknown("each.key of "+addr+" is not known before apply", r)
			ev := graph.NewUnknown("each.value of "+addr+" is not known before apply", r)
			ev.Ref = v.Ref
			newInst(addr, nil, k, ev)
			return
		}
		for i, k := range keys {
			cs.keys = append(cs.keys, k)
			newInst(addr+"["+quoteKey(k.Str)+"]", nil, k, vals[i])
		}
	default:
		newInst(addr, nil, nil, nil)
	}
}

// variable returns the value of a variable of the module instance.
func (mi *modInst) variable(name string, use hcl.Range) *graph.Value {
	l := mi.l
	decl := mi.mod.vars[name]
	if decl == nil {
		return l.errVal("there is no variable named "+strconv.Quote(name)+" in "+mi.display(), l.rng(use))
	}
	m := mi.vars[name]
	if m == nil {
		m = &memo{}
		mi.vars[name] = m
	}
	if !m.done {
		if m.busy {
			return graph.NewUnknown("variable "+name+" depends on itself", l.rng(use))
		}
		m.busy = true
		m.v = mi.variableValue(decl)
		m.busy, m.done = false, true
	}
	return l.at(m.v, l.rng(use))
}

func (mi *modInst) variableValue(decl *variable) *graph.Value {
	l := mi.l
	param := "var." + decl.name
	if mi.parent == nil {
		if v, ok := mi.rootInputs[decl.name]; ok {
			return l.typed(decl, v)
		}
	} else if a := mi.call.args[decl.name]; a != nil {
		sc := &scope{mi: mi.parent, countIndex: mi.countIndex, eachKey: mi.eachKey, eachValue: mi.eachValue}
		v := l.eval(a.Expr, sc)
		return l.typed(decl, v)
	}
	if decl.def != nil {
		v := l.eval(decl.def, &scope{mi: mi, noRefs: true})
		v = l.typed(decl, v)
		if v.IsKnown() {
			v.Walk(func(x *graph.Value) {
				if x.Prov != graph.Unknown {
					x.Prov = graph.Default
				}
				if x.Param == "" {
					x.Param = param
				}
			})
		}
		return v
	}
	who := "it has no default"
	if mi.parent == nil {
		who += " and no value was given (terraform.tfvars, *.auto.tfvars, --var, --var-file or TF_VAR_" + decl.name + ")"
	} else {
		who += " and " + mi.display() + " does not set it"
	}
	v := graph.NewUnknown("variable "+decl.name+" is not known: "+who, l.rng(decl.defRange))
	v.Param = param
	return v
}

// local returns a local value of the module instance.
func (mi *modInst) local(name string, use hcl.Range) *graph.Value {
	l := mi.l
	lc := mi.mod.locals[name]
	if lc == nil {
		return l.errVal("there is no local value named "+strconv.Quote(name)+" in "+mi.display(), l.rng(use))
	}
	m := mi.locals[name]
	if m == nil {
		m = &memo{}
		mi.locals[name] = m
	}
	if !m.done {
		if m.busy {
			l.warnAt(lc.expr.Range(), "local."+name+" depends on itself")
			return graph.NewUnknown("local."+name+" depends on itself", l.rng(use))
		}
		m.busy = true
		m.v = l.eval(lc.expr, &scope{mi: mi})
		m.busy, m.done = false, true
	}
	return l.at(m.v, l.rng(use))
}

// output returns an output value of the module instance.
func (mi *modInst) output(name string, use hcl.Range) *graph.Value {
	l := mi.l
	o := mi.mod.outputs[name]
	if o == nil || o.expr == nil {
		return l.errVal("module "+mi.addr+" has no output named "+strconv.Quote(name), l.rng(use))
	}
	m := mi.outputs[name]
	if m == nil {
		m = &memo{}
		mi.outputs[name] = m
	}
	if !m.done {
		if m.busy {
			return graph.NewUnknown("output "+name+" of "+mi.addr+" depends on itself", l.rng(use))
		}
		m.busy = true
		m.v = l.eval(o.expr, &scope{mi: mi})
		m.busy, m.done = false, true
	}
	return l.at(m.v, l.rng(use))
}

// moduleObject is the value of a whole module instance: its outputs.
func (mi *modInst) moduleObject(use hcl.Range) *graph.Value {
	l := mi.l
	out := &graph.Value{Kind: graph.KindMap, Prov: graph.Derived, Range: l.rng(use)}
	var names []string
	for n := range mi.mod.outputs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		out.Fields = append(out.Fields, &graph.Field{Key: n, KeyRange: l.rng(use), Value: mi.output(n, use)})
	}
	return out
}

// readModulesJSON reads .terraform/modules/modules.json of a root module:
// where terraform init installed each module call.
func (l *loader) readModulesJSON(rootDir string) map[string]string {
	p := filepath.Join(rootDir, ".terraform", "modules", "modules.json")
	if _, err := os.Stat(p); err != nil {
		return nil
	}
	f, err := l.opt.ReadFile(p)
	if err != nil {
		l.diag("warning", source.Range{}, relTo(l.opt.Root, p), "cannot read: "+err.Error())
		return nil
	}
	var doc struct {
		Modules []struct {
			Key    string
			Source string
			Dir    string
		}
	}
	if err := json.Unmarshal(f.Content, &doc); err != nil {
		l.diag("warning", source.Range{}, f.Rel, "not a modules.json that terraform init writes: "+err.Error())
		return nil
	}
	out := map[string]string{}
	for _, m := range doc.Modules {
		if m.Key == "" {
			continue
		}
		out[m.Key] = filepath.Clean(filepath.Join(rootDir, filepath.FromSlash(m.Dir)))
	}
	return out
}
