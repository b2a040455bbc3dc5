package terraform

import (
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/source"
)

// Plan JSON (terraform show -json plan.out). Every resource instance of the
// planned values (and every data source already read, from the prior
// state) becomes a node. Values Terraform knows only after apply
// (resource_changes[].change.after_unknown) stay unknown, and become
// references to the resources the configuration section says they come
// from. When the plan's configuration is in the scan too, each instance is
// matched with the configuration's by address: its node takes the
// configuration's file, header and ranges, and values unknown in the plan
// keep what the configuration says about them (a policy with a reference
// to the endpoint inside).

type plan struct {
	l      *loader
	f      *source.File
	doc    *graph.Value
	res    []*planRes
	byAddr map[string]*planRes
	// unknown marks values Terraform knows only after apply.
	unknown map[*graph.Value]bool
	root    string // directory of the matched configuration's root module
	stack   string
}

type planRes struct {
	addr      string
	mode, typ string
	modAddr   string   // "module.api[0]", "" for the root module
	calls     []string // module call names, for the configuration
	key       string   // the instance key as written in the address ("0", "\"a\""), "" without
	values    *graph.Value
	header    source.Range
	rng       source.Range
	configKey string // "aws_lb.x" or "data.aws_region.current"
}

// loadPlans loads each plan file.
func (l *loader) loadPlans(plans []*source.File) {
	for _, f := range plans {
		l.loadPlan(f)
	}
}

func (l *loader) loadPlan(f *source.File) {
	l.addFile(f)
	expr, diags := hcljson.ParseExpression(f.Content, f.Path)
	l.hclDiags(diags, "papilint-syntax")
	if expr == nil || diags.HasErrors() {
		return
	}
	p := &plan{l: l, f: f, byAddr: map[string]*planRes{}, unknown: map[*graph.Value]bool{}}
	p.doc = p.value(expr)
	if p.doc.Get("planned_values") == nil {
		l.diag("note", source.Range{}, f.Rel, "this is terraform show -json output but not of a plan (no planned_values); not scanned")
		return
	}
	p.collect(p.doc.Path("planned_values", "root_module"), false)
	p.collect(p.doc.Path("prior_state", "values", "root_module"), true)
	for _, rc := range p.doc.Get("resource_changes").Items() {
		addr, _ := rc.Get("address").String()
		r := p.byAddr[addr]
		if r == nil {
			continue
		}
		if u := rc.Path("change", "after_unknown"); u != nil {
			r.values = p.markUnknown(r.values, u, r.header)
		}
	}
	p.match()
	for _, r := range p.res {
		p.emit(r)
	}
}

// value converts a JSON value into graph values carrying their ranges.
func (p *plan) value(x hcl.Expression) *graph.Value {
	type mapper interface{ ExprMap() []hcl.KeyValuePair }
	type lister interface{ ExprList() []hcl.Expression }
	r := p.l.rng(x.Range())
	if m, ok := x.(mapper); ok {
		if pairs := m.ExprMap(); pairs != nil {
			out := &graph.Value{Kind: graph.KindMap, Prov: graph.Derived, Range: r}
			for _, kv := range pairs {
				k, _ := kv.Key.Value(nil)
				if !k.IsKnown() || k.IsNull() || k.Type() != cty.String {
					continue
				}
				out.Fields = append(out.Fields, &graph.Field{Key: k.AsString(), KeyRange: p.l.rng(kv.Key.Range()), Value: p.value(kv.Value)})
			}
			return out
		}
	}
	if li, ok := x.(lister); ok {
		if items := li.ExprList(); items != nil {
			out := &graph.Value{Kind: graph.KindList, Prov: graph.Derived, Range: r}
			for _, e := range items {
				out.List = append(out.List, p.value(e))
			}
			return out
		}
	}
	v, _ := x.Value(nil)
	return fromCty(v, graph.Derived, r, nil, "")
}

// collect reads the resources of a module of planned_values (or of the
// prior state, for data sources read while planning) and its children.
func (p *plan) collect(mod *graph.Value, dataOnly bool) {
	if mod == nil {
		return
	}
	modAddr, _ := mod.Get("address").String()
	for _, r := range mod.Get("resources").Items() {
		addr, _ := r.Get("address").String()
		mode, _ := r.Get("mode").String()
		typ, _ := r.Get("type").String()
		name, _ := r.Get("name").String()
		if addr == "" || typ == "" || p.byAddr[addr] != nil || (dataOnly && mode != "data") {
			continue
		}
		pr := &planRes{addr: addr, mode: mode, typ: typ, modAddr: modAddr, calls: callNames(modAddr), rng: r.Range}
		if mode == "data" {
			pr.mode = "data"
			pr.configKey = "data." + typ + "." + name
		} else {
			pr.mode = "resource"
			pr.configKey = typ + "." + name
		}
		if ix := r.Get("index"); ix != nil {
			if s, ok := ix.String(); ok {
				if ix.Kind == graph.KindString {
					pr.key = strconv.Quote(s)
				} else {
					pr.key = s
				}
			}
		}
		pr.header = r.Get("address").Range
		pr.values = r.Get("values")
		if pr.values == nil {
			pr.values = &graph.Value{Kind: graph.KindMap, Prov: graph.Derived, Range: r.Range}
		}
		p.res = append(p.res, pr)
		p.byAddr[addr] = pr
	}
	for _, c := range mod.Get("child_modules").Items() {
		p.collect(c, dataOnly)
	}
}

// callNames turns "module.a[0].module.b" into ["a", "b"].
func callNames(modAddr string) []string {
	var out []string
	for _, part := range splitAddr(modAddr) {
		if part.name != "module" {
			out = append(out, part.name)
		}
	}
	return out
}

type addrPart struct {
	name string
	key  string // "" without an index
}

// splitAddr splits a Terraform address on dots, keeping [..] keys with
// their part ("module.a[\"x.y\"].aws_lb.b" → module, a["x.y"], aws_lb, b).
func splitAddr(s string) []addrPart {
	var out []addrPart
	var cur strings.Builder
	key := ""
	inKey, inStr := false, false
	flush := func() {
		if cur.Len() > 0 || key != "" {
			out = append(out, addrPart{name: cur.String(), key: key})
		}
		cur.Reset()
		key = ""
	}
	var kb strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inKey:
			if inStr {
				kb.WriteByte(c)
				if c == '\\' && i+1 < len(s) {
					i++
					kb.WriteByte(s[i])
				} else if c == '"' {
					inStr = false
				}
				continue
			}
			if c == '"' {
				inStr = true
				kb.WriteByte(c)
				continue
			}
			if c == ']' {
				inKey = false
				key = kb.String()
				kb.Reset()
				continue
			}
			kb.WriteByte(c)
		case c == '[':
			inKey = true
		case c == '.':
			flush()
		default:
			cur.WriteByte(c)
		}
	}
	flush()
	return out
}

// markUnknown replaces what after_unknown marks in the planned values with
// unknown values.
func (p *plan) markUnknown(v, u *graph.Value, at source.Range) *graph.Value {
	if u == nil {
		return v
	}
	if b, ok := u.BoolValue(); ok && u.Kind == graph.KindBool {
		if !b {
			return v
		}
		r := at
		if v != nil && v.Range.IsValid() {
			r = v.Range
		}
		x := graph.NewUnknown("known only after apply", r)
		p.unknown[x] = true
		return x
	}
	switch u.Kind {
	case graph.KindMap:
		if v == nil || v.Kind != graph.KindMap {
			v = &graph.Value{Kind: graph.KindMap, Prov: graph.Derived, Range: at}
		}
		for _, f := range u.Fields {
			if ex := v.Field(f.Key); ex != nil {
				ex.Value = p.markUnknown(ex.Value, f.Value, ex.Value.Range)
				continue
			}
			nv := p.markUnknown(nil, f.Value, v.Range)
			if nv != nil {
				v.Fields = append(v.Fields, &graph.Field{Key: f.Key, KeyRange: v.Range, Value: nv})
			}
		}
		return v
	case graph.KindList:
		if v == nil || v.Kind != graph.KindList {
			if len(u.List) == 0 {
				return v
			}
			v = &graph.Value{Kind: graph.KindList, Prov: graph.Derived, Range: at}
		}
		for i, e := range u.List {
			if i < len(v.List) {
				v.List[i] = p.markUnknown(v.List[i], e, v.List[i].Range)
			} else if nv := p.markUnknown(nil, e, v.Range); nv != nil {
				v.List = append(v.List, nv)
			}
		}
		return v
	}
	return v
}

// configModule returns the configuration of a module (configuration
// root_module, then module_calls.NAME.module for each call).
func (p *plan) configModule(calls []string) *graph.Value {
	m := p.doc.Path("configuration", "root_module")
	for _, c := range calls {
		m = m.Path("module_calls", c, "module")
	}
	return m
}

// configResource returns a resource's configuration entry.
func (p *plan) configResource(r *planRes) *graph.Value {
	for _, c := range p.configModule(r.calls).Get("resources").Items() {
		if a, _ := c.Get("address").String(); a == r.configKey {
			return c
		}
	}
	return nil
}

// expressionAt returns the configuration expression of the argument at
// path (nested blocks are lists in the configuration too).
func expressionAt(cfg *graph.Value, path []string) *graph.Value {
	e := cfg.Get("expressions")
	for _, k := range path {
		if e == nil {
			return nil
		}
		if e.Kind == graph.KindList {
			i, err := strconv.Atoi(k)
			if err != nil || i >= len(e.List) {
				return nil
			}
			e = e.List[i]
			continue
		}
		e = e.Get(k)
	}
	return e
}

// refsOf resolves the references of a configuration expression into
// reference values to plan instances; nil when none resolves.
func (p *plan) refsOf(expr *graph.Value, r *planRes, modAddr string, calls []string, at source.Range, depth int) *graph.Value {
	if expr == nil || depth > 8 {
		return nil
	}
	for _, ref := range expr.Get("references").Items() {
		s, ok := ref.String()
		if !ok {
			continue
		}
		if v := p.resolveRef(s, r, modAddr, calls, at, depth); v != nil {
			return v
		}
	}
	return nil
}

func (p *plan) resolveRef(s string, r *planRes, modAddr string, calls []string, at source.Range, depth int) *graph.Value {
	parts := splitAddr(s)
	if len(parts) == 0 {
		return nil
	}
	prefix := ""
	if modAddr != "" {
		prefix = modAddr + "."
	}
	switch parts[0].name {
	case "count", "each", "path", "terraform", "self", "local":
		return nil
	case "var":
		if len(parts) < 2 || len(calls) == 0 {
			return nil
		}
		parentCalls := calls[:len(calls)-1]
		call := p.configModule(parentCalls).Path("module_calls", calls[len(calls)-1])
		parentAddr := ""
		if i := strings.LastIndex(modAddr, ".module."); i >= 0 {
			parentAddr = modAddr[:i]
		}
		return p.refsOf(call.Path("expressions", parts[1].name), r, parentAddr, parentCalls, at, depth+1)
	case "module":
		if len(parts) < 3 {
			return nil
		}
		child := append(append([]string(nil), calls...), parts[1].name)
		out := p.configModule(child).Path("outputs", parts[2].name, "expression")
		childAddr := prefix + "module." + parts[1].name
		if parts[1].key != "" {
			childAddr += "[" + parts[1].key + "]"
		} else if p.byPrefix(childAddr+"[") != "" {
			childAddr = p.byPrefix(childAddr + "[")
		}
		return p.refsOf(out, r, childAddr, child, at, depth+1)
	}
	var typ, name string
	var key, attr string
	mode := "resource"
	rest := parts
	if parts[0].name == "data" {
		if len(parts) < 3 {
			return nil
		}
		mode, typ, name, key = "data", parts[1].name, parts[2].name, parts[2].key
		rest = parts[3:]
	} else {
		if len(parts) < 2 {
			return nil
		}
		typ, name, key = parts[0].name, parts[1].name, parts[1].key
		rest = parts[2:]
	}
	if len(rest) > 0 {
		attr = cfnAttr(mode, typ, rest[0].name)
	}
	base := prefix + typ + "." + name
	if mode == "data" {
		base = prefix + "data." + typ + "." + name
	}
	var ids []graph.NodeID
	if key != "" {
		if t := p.byAddr[base+"["+key+"]"]; t != nil {
			ids = append(ids, p.nodeID(t))
		}
	} else if t := p.byAddr[base]; t != nil {
		ids = append(ids, p.nodeID(t))
	} else {
		var same []*planRes
		for _, t := range p.res {
			if strings.HasPrefix(t.addr, base+"[") && !strings.Contains(t.addr[len(base):], ".") {
				same = append(same, t)
			}
		}
		for _, t := range same {
			if r != nil && t.key == r.key && r.key != "" {
				ids = []graph.NodeID{p.nodeID(t)}
				break
			}
			ids = append(ids, p.nodeID(t))
		}
	}
	if len(ids) == 0 {
		return nil
	}
	if len(ids) == 1 {
		return graph.NewRef(&graph.Ref{Node: ids[0], Attr: attr}, at)
	}
	ch := &graph.Value{Kind: graph.KindChoice, Prov: graph.Unknown, Range: at, Reason: "one of the instances of " + base}
	for _, id := range ids {
		ch.Alts = append(ch.Alts, graph.NewRef(&graph.Ref{Node: id, Attr: attr}, at))
	}
	return ch
}

// byPrefix returns the module instance address of the first resource whose
// address starts with prefix.
func (p *plan) byPrefix(prefix string) string {
	for _, r := range p.res {
		if strings.HasPrefix(r.addr, prefix) {
			rest := r.addr[len(prefix)-1:]
			if i := strings.Index(rest, "]."); i >= 0 {
				return prefix[:len(prefix)-1] + rest[:i+1]
			}
		}
	}
	return ""
}

func (p *plan) nodeID(r *planRes) graph.NodeID {
	return nodeID(p.stack, r.addr)
}

// match finds the root module of the scan this plan was made from: the
// one in the plan's directory, else one that declares every resource of
// the plan's root module.
func (p *plan) match() {
	l := p.l
	dir := absDir(p.f.Path)
	if l.byRoot[dir] != nil && !l.planned[dir] {
		p.root = dir
	} else {
		var keys []string
		for _, c := range p.configModule(nil).Get("resources").Items() {
			if a, ok := c.Get("address").String(); ok {
				keys = append(keys, a)
			}
		}
		var roots []string
		for _, mi := range l.roots {
			roots = append(roots, mi.mod.dir)
		}
		sort.Strings(roots)
		var found []string
		for _, d := range roots {
			m := l.modules[d]
			all := len(keys) > 0 && !l.planned[d] && l.byRoot[d] != nil
			for _, k := range keys {
				if m.resByKey[k] == nil {
					all = false
					break
				}
			}
			if all {
				found = append(found, d)
			}
		}
		if len(found) == 1 {
			p.root = found[0]
		}
	}
	if p.root != "" {
		l.planned[p.root] = true
		for _, mi := range l.roots {
			if mi.mod.dir == p.root {
				p.stack = mi.rootRel
			}
		}
		// The plan replaces what the configuration alone produced.
		for _, e := range l.byRoot[p.root] {
			delete(l.nodes, e.inst.id)
		}
		return
	}
	p.stack = p.f.Rel
}

// hclInstance returns the configuration's instance for a plan instance:
// the same address, else the one instance of an expansion that was not
// known, else the first instance of the same resource.
func (p *plan) hclInstance(r *planRes) *emitted {
	insts := p.l.byRoot[p.root]
	if insts == nil {
		return nil
	}
	if e := insts[r.addr]; e != nil {
		return e
	}
	base := r.addr
	if r.key != "" {
		base = strings.TrimSuffix(r.addr, "["+r.key+"]")
	}
	if e := insts[base]; e != nil {
		return e
	}
	var cands []string
	for a := range insts {
		if strings.HasPrefix(a, base+"[") {
			cands = append(cands, a)
		}
	}
	sort.Strings(cands)
	if len(cands) > 0 {
		return insts[cands[0]]
	}
	return nil
}

func (p *plan) emit(r *planRes) {
	l := p.l
	cfg := p.configResource(r)
	vals := p.resolveUnknowns(r, cfg, r.values, nil)
	file, header, rng := p.f, r.header, r.rng
	if e := p.hclInstance(r); e != nil {
		vals = p.overlay(vals, e.attrs, e.node.Header, r, true)
		file, header, rng = e.node.File, e.node.Header, e.node.Range
	}
	kind, props := l.translate(r.mode, r.typ, vals, header, p.nodeID(r))
	n := &graph.Node{ID: p.nodeID(r), Kind: kind, Type: r.typ, Name: r.addr, Format: graph.Terraform,
		Stack: p.stack, File: file, Header: header, Range: rng, Props: props}
	l.nodes[n.ID] = &emitted{node: n, attrs: vals}
}

// resolveUnknowns turns the unknown values of a plan instance into
// references to what the configuration says they come from.
func (p *plan) resolveUnknowns(r *planRes, cfg, v *graph.Value, path []string) *graph.Value {
	if v == nil {
		return nil
	}
	if p.unknown[v] {
		if ref := p.refsOf(expressionAt(cfg, path), r, r.modAddr, r.calls, v.Range, 0); ref != nil {
			p.unknown[ref] = true
			return ref
		}
		return v
	}
	switch v.Kind {
	case graph.KindString, graph.KindNumber, graph.KindBool:
		// A value the plan knows (an ENI address read by a data source)
		// still remembers which resource it came from.
		if v.Ref == nil {
			if ref := p.refsOf(expressionAt(cfg, path), r, r.modAddr, r.calls, v.Range, 0); ref != nil && ref.Ref != nil {
				cp := *v
				cp.Ref = ref.Ref
				return &cp
			}
		}
	case graph.KindMap:
		for _, f := range v.Fields {
			f.Value = p.resolveUnknowns(r, cfg, f.Value, append(path, f.Key))
		}
	case graph.KindList:
		for i := range v.List {
			v.List[i] = p.resolveUnknowns(r, cfg, v.List[i], append(path, strconv.Itoa(i)))
		}
	}
	return v
}

// overlay lays the plan's values over the configuration's: a known plan
// value takes the range (and, when equal, the provenance) of the value the
// configuration wrote; a value unknown in the plan keeps the
// configuration's value, whose references are moved onto the plan's
// instances.
func (p *plan) overlay(pv, hv *graph.Value, fb source.Range, r *planRes, top bool) *graph.Value {
	if pv == nil {
		return nil
	}
	if hv != nil && hv.Range.IsValid() && !top {
		fb = hv.Range // what the configuration does not write points at the enclosing value, or the resource's labels
	}
	if p.unknown[pv] {
		if hv == nil {
			return pv
		}
		if hv.Kind == graph.KindRef && (pv.Ref != nil || pv.Kind == graph.KindChoice) {
			cp := *pv // the plan's own reference names the instance
			cp.Range = hv.Range
			return &cp
		}
		return p.remap(hv, r)
	}
	if hv != nil && hv.IsKnown() {
		if a, ok := p.l.encodeJSON(hv); ok {
			if b, ok := p.l.encodeJSON(pv); ok && a == b {
				return hv
			}
			if s, ok := pv.String(); ok && pv.Kind == graph.KindString && p.l.jsonText[hv] && s == a {
				return hv
			}
		}
	}
	if hv != nil && p.l.jsonText[hv] && pv.Kind == graph.KindString {
		return p.remap(hv, r) // jsonencode with values the plan has resolved
	}
	cp := *pv
	cp.Range = fb
	if hv != nil && hv.Ref != nil && cp.Ref == nil && !hv.IsKnown() {
		if m := p.remap(&graph.Value{Kind: graph.KindRef, Ref: hv.Ref}, r); m.Ref != nil {
			cp.Ref = m.Ref
		}
	}
	switch pv.Kind {
	case graph.KindMap:
		cp.Fields = nil
		for _, f := range pv.Fields {
			var hf *graph.Field
			if hv != nil {
				hf = hv.Field(f.Key)
			}
			kr := fb
			var sub *graph.Value
			if hf != nil {
				kr, sub = hf.KeyRange, hf.Value
			}
			cp.Fields = append(cp.Fields, &graph.Field{Key: f.Key, KeyRange: kr, Value: p.overlay(f.Value, sub, fb, r, false)})
		}
	case graph.KindList:
		cp.List = nil
		for i, e := range pv.List {
			var sub *graph.Value
			if hv != nil && hv.Kind == graph.KindList && i < len(hv.List) {
				sub = hv.List[i]
			}
			cp.List = append(cp.List, p.overlay(e, sub, fb, r, false))
		}
	}
	return &cp
}

// remap moves the references of a configuration value onto the plan's
// instances (the configuration may have kept one instance of unknown count
// where the plan has several).
func (p *plan) remap(v *graph.Value, r *planRes) *graph.Value {
	v.Walk(func(x *graph.Value) {
		if x.Ref == nil || x.Ref.Node == "" {
			return
		}
		addr := string(x.Ref.Node)
		if i := strings.LastIndexByte(addr, '#'); i >= 0 {
			addr = addr[i+1:]
		}
		if p.byAddr[addr] != nil {
			return
		}
		var ids []graph.NodeID
		for _, t := range p.res {
			if t.addr == addr || strings.HasPrefix(t.addr, addr+"[") && !strings.Contains(t.addr[len(addr):], ".") {
				if r != nil && r.key != "" && t.key == r.key {
					ids = []graph.NodeID{p.nodeID(t)}
					break
				}
				ids = append(ids, p.nodeID(t))
			}
		}
		if len(ids) == 0 {
			return
		}
		x.Ref = &graph.Ref{Node: ids[0], Attr: x.Ref.Attr}
		if len(ids) > 1 && x.Kind == graph.KindRef {
			attr := x.Ref.Attr
			x.Kind, x.Ref = graph.KindChoice, nil
			for _, id := range ids {
				x.Alts = append(x.Alts, graph.NewRef(&graph.Ref{Node: id, Attr: attr}, x.Range))
			}
		}
	})
	return v
}
