package terraform

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/source"
)

// maxSteps bounds the work of evaluating one scan's expressions, so a
// configuration with runaway for expressions ends with unknown values
// rather than a hang.
const maxSteps = 4_000_000

// scope is what names resolve to while an expression is evaluated.
type scope struct {
	mi   *modInst
	inst *resInst
	// count.index, each.key and each.value where they are defined.
	countIndex, eachKey, eachValue *graph.Value
	// syms are the symbols of for expressions, dynamic block iterators and
	// templatefile variables; anon is the item of a splat expression.
	syms   map[string]*graph.Value
	anon   map[*hclsyntax.AnonSymbolExpr]*graph.Value
	parent *scope
	// noRefs is set where Terraform allows no references (variable
	// defaults, tfvars files).
	noRefs bool
	// only is set for templatefile: only syms and functions resolve.
	only bool
}

func (sc *scope) child() *scope {
	return &scope{mi: sc.mi, inst: sc.inst, countIndex: sc.countIndex, eachKey: sc.eachKey, eachValue: sc.eachValue,
		parent: sc, noRefs: sc.noRefs, only: sc.only, syms: map[string]*graph.Value{}}
}

func (sc *scope) sym(name string) (*graph.Value, bool) {
	for s := sc; s != nil; s = s.parent {
		if v, ok := s.syms[name]; ok {
			return v, true
		}
	}
	return nil, false
}

func (sc *scope) anonSym(e *hclsyntax.AnonSymbolExpr) (*graph.Value, bool) {
	for s := sc; s != nil; s = s.parent {
		if v, ok := s.anon[e]; ok {
			return v, true
		}
	}
	return nil, false
}

// errVal is the value of an expression that fails to evaluate: unknown,
// and marked so try() and can() can tell.
func (l *loader) errVal(msg string, r source.Range) *graph.Value {
	v := graph.NewUnknown(msg, r)
	l.errVals[v] = true
	return v
}

// hasErr reports whether a value holds an evaluation error.
func (l *loader) hasErr(v *graph.Value) bool {
	found := false
	v.Walk(func(x *graph.Value) {
		if l.errVals[x] {
			found = true
		}
	})
	return found
}

// at returns v as used at r: a shallow copy whose range is r and whose
// origin is where the value was first written.
func (l *loader) at(v *graph.Value, r source.Range) *graph.Value {
	if v == nil {
		return nil
	}
	if v.Range == r {
		return v
	}
	cp := *v
	if !cp.Origin.IsValid() {
		cp.Origin = v.Range
	}
	cp.Range = r
	l.copyMarks(v, &cp)
	return &cp
}

func (l *loader) copyMarks(from, to *graph.Value) {
	if l.jsonText[from] {
		l.jsonText[to] = true
	}
	if ri := l.objects[from]; ri != nil {
		l.objects[to] = ri
	}
	if ri := l.collections[from]; ri != nil {
		l.collections[to] = ri
	}
	if l.errVals[from] {
		l.errVals[to] = true
	}
}

// combine gives a derived value the weakest provenance of its inputs.
func combine(vals ...*graph.Value) graph.Provenance {
	p := graph.Derived
	for _, v := range vals {
		v.Walk(func(x *graph.Value) {
			if x.Prov == graph.Default && p == graph.Derived {
				p = graph.Default
			}
		})
	}
	return p
}

func paramOf(vals ...*graph.Value) string {
	for _, v := range vals {
		p := ""
		v.Walk(func(x *graph.Value) {
			if p == "" && x.Prov == graph.Default && x.Param != "" {
				p = x.Param
			}
		})
		if p != "" {
			return p
		}
	}
	return ""
}

// refOf returns the first resource reference among values that are not
// known, so an unknown result keeps the identity of what it came from.
func refOf(vals ...*graph.Value) *graph.Ref {
	for _, v := range vals {
		var r *graph.Ref
		v.Walk(func(x *graph.Value) {
			if r == nil && x.Ref != nil && x.Ref.Node != "" && !x.IsKnown() {
				r = x.Ref
			}
		})
		if r != nil {
			return r
		}
	}
	return nil
}

// unknownFrom is an unknown result computed from vals.
func (l *loader) unknownFrom(reason string, r source.Range, vals ...*graph.Value) *graph.Value {
	for _, v := range vals {
		if l.hasErr(v) {
			return l.errVal(firstReason(v, reason), r)
		}
	}
	u := graph.NewUnknown(firstReason(nil, reason), r)
	for _, v := range vals {
		if v != nil && !v.IsKnown() && v.Reason != "" {
			u.Reason = v.Reason
			break
		}
	}
	u.Ref = refOf(vals...)
	u.Param = paramOf(vals...)
	return u
}

func firstReason(v *graph.Value, dflt string) string {
	if v != nil && v.Reason != "" {
		return v.Reason
	}
	return dflt
}

// eval evaluates an expression.
func (l *loader) eval(x hcl.Expression, sc *scope) *graph.Value {
	if x == nil {
		return nil
	}
	r := l.rng(x.Range())
	l.steps++
	if l.steps > maxSteps {
		if l.steps == maxSteps+1 {
			l.warnAt(x.Range(), fmt.Sprintf("evaluation stopped after %d steps; the remaining values are treated as unknown", maxSteps))
		}
		return graph.NewUnknown("not evaluated: the configuration needs too much work to evaluate", r)
	}
	switch e := x.(type) {
	case *hclsyntax.LiteralValueExpr:
		return fromCty(e.Val, graph.Literal, r, nil, "")
	case *hclsyntax.TemplateExpr:
		return l.template(e, r, sc)
	case *hclsyntax.TemplateWrapExpr:
		v := l.eval(e.Wrapped, sc)
		if l.objects[v] == nil && l.collections[v] == nil {
			return l.at(v, r)
		}
		return v
	case *hclsyntax.TemplateJoinExpr:
		t := l.eval(e.Tuple, sc)
		if t == nil || t.Kind != graph.KindList || !t.IsKnown() {
			return l.unknownFrom("part of the template is known only after apply", r, t)
		}
		var b strings.Builder
		for _, p := range t.List {
			s, ok := p.String()
			if !ok {
				return l.errVal("template directive produced a value that is not a string", r)
			}
			b.WriteString(s)
		}
		return &graph.Value{Kind: graph.KindString, Str: b.String(), Prov: combine(t), Range: r}
	case *hclsyntax.ScopeTraversalExpr:
		return l.traversal(e.Traversal, e.SrcRange, sc)
	case *hclsyntax.RelativeTraversalExpr:
		return l.traverse(l.eval(e.Source, sc), e.Traversal, r)
	case *hclsyntax.IndexExpr:
		return l.at(l.index(l.eval(e.Collection, sc), l.eval(e.Key, sc), r), r)
	case *hclsyntax.TupleConsExpr:
		out := &graph.Value{Kind: graph.KindList, Prov: graph.Literal, Range: r}
		for _, ex := range e.Exprs {
			out.List = append(out.List, l.eval(ex, sc))
		}
		return out
	case *hclsyntax.ObjectConsExpr:
		return l.object(e, r, sc)
	case *hclsyntax.FunctionCallExpr:
		return l.call(e, r, sc)
	case *hclsyntax.ConditionalExpr:
		return l.conditional(e, r, sc)
	case *hclsyntax.ForExpr:
		return l.forExpr(e, r, sc)
	case *hclsyntax.SplatExpr:
		return l.splat(e, r, sc)
	case *hclsyntax.AnonSymbolExpr:
		if v, ok := sc.anonSym(e); ok {
			return v
		}
		return l.errVal("splat symbol outside a splat expression", r)
	case *hclsyntax.BinaryOpExpr:
		return l.binary(e, r, sc)
	case *hclsyntax.UnaryOpExpr:
		v := l.eval(e.Val, sc)
		if !v.IsKnown() || v.Kind == graph.KindChoice {
			return l.unknownFrom("the operand is known only after apply", r, v)
		}
		return l.ctyCall(e.Op.Impl, []*graph.Value{v}, r, "")
	case *hclsyntax.ParenthesesExpr:
		return l.eval(e.Expression, sc)
	case *hclsyntax.ObjectConsKeyExpr:
		return l.eval(e.Wrapped, sc)
	}
	return l.evalJSON(x, r, sc)
}

// template evaluates a string template: a known string when every part is
// known, otherwise a concat whose known parts stay visible.
func (l *loader) template(e *hclsyntax.TemplateExpr, r source.Range, sc *scope) *graph.Value {
	var parts []*graph.Value
	known := true
	literal := true
	for _, p := range e.Parts {
		if _, ok := p.(*hclsyntax.LiteralValueExpr); !ok {
			literal = false
		}
		v := l.eval(p, sc)
		if v == nil || l.hasErr(v) {
			return l.errVal(firstReason(v, "a template part cannot be evaluated"), r)
		}
		switch {
		case v.Kind == graph.KindNull:
			return l.errVal("a template part is null", r)
		case l.jsonText[v] && v.IsKnown():
			s, _ := l.encodeJSON(v)
			v = &graph.Value{Kind: graph.KindString, Str: s, Prov: combine(v), Range: v.Range}
		case v.Kind == graph.KindList || v.Kind == graph.KindMap:
			if l.jsonText[v] {
				known = false
				break
			}
			if l.objects[v] == nil {
				return l.errVal("a list or object cannot be interpolated into a string", r)
			}
			known = false
		case !v.IsKnown():
			known = false
		}
		parts = append(parts, v)
	}
	if known {
		var b strings.Builder
		for _, p := range parts {
			s, _ := p.String()
			b.WriteString(s)
		}
		prov := graph.Literal
		if !literal {
			prov = combine(parts...)
		}
		return &graph.Value{Kind: graph.KindString, Str: b.String(), Prov: prov, Range: r, Param: paramOf(parts...)}
	}
	if len(parts) == 1 {
		return l.at(parts[0], r)
	}
	var merged []*graph.Value
	for _, p := range parts {
		if s, ok := p.String(); ok && len(merged) > 0 {
			if prev, ok := merged[len(merged)-1].String(); ok {
				merged[len(merged)-1] = &graph.Value{Kind: graph.KindString, Str: prev + s, Prov: combine(merged[len(merged)-1], p), Range: r}
				continue
			}
		}
		merged = append(merged, p)
	}
	return &graph.Value{Kind: graph.KindConcat, Parts: merged, Prov: graph.Unknown, Range: r,
		Reason: "part of the string is known only after apply"}
}

// object evaluates an object constructor.
func (l *loader) object(e *hclsyntax.ObjectConsExpr, r source.Range, sc *scope) *graph.Value {
	out := &graph.Value{Kind: graph.KindMap, Prov: graph.Literal, Range: r}
	for _, it := range e.Items {
		key, ok := l.objectKey(it.KeyExpr, sc)
		if !ok {
			return l.unknownFrom("an object key is known only after apply", r)
		}
		kr := l.rng(it.KeyExpr.Range())
		v := l.eval(it.ValueExpr, sc)
		replaced := false
		for _, f := range out.Fields {
			if f.Key == key {
				f.Value, f.KeyRange, replaced = v, kr, true
			}
		}
		if !replaced {
			out.Fields = append(out.Fields, &graph.Field{Key: key, KeyRange: kr, Value: v})
		}
	}
	return out
}

// objectKey evaluates an object key: a bare name is the name itself.
func (l *loader) objectKey(x hcl.Expression, sc *scope) (string, bool) {
	if k, ok := x.(*hclsyntax.ObjectConsKeyExpr); ok {
		if !k.ForceNonLiteral {
			if name := hcl.ExprAsKeyword(k.Wrapped); name != "" {
				return name, true
			}
		}
		x = k.Wrapped
	}
	v := l.eval(x, sc)
	return v.String()
}

func (l *loader) conditional(e *hclsyntax.ConditionalExpr, r source.Range, sc *scope) *graph.Value {
	c := l.eval(e.Condition, sc)
	if l.hasErr(c) {
		return l.errVal(firstReason(c, "the condition cannot be evaluated"), r)
	}
	if b, ok := c.BoolValue(); ok && c.IsKnown() {
		var v *graph.Value
		if b {
			v = l.eval(e.TrueResult, sc)
		} else {
			v = l.eval(e.FalseResult, sc)
		}
		if c.Prov == graph.Default || combine(c) == graph.Default {
			v = soften(v, paramOf(c))
		}
		return v
	}
	a, b := l.eval(e.TrueResult, sc), l.eval(e.FalseResult, sc)
	reason := "the condition is known only after apply"
	if c != nil && c.Reason != "" {
		reason = "the condition is not known: " + c.Reason
	}
	return &graph.Value{Kind: graph.KindChoice, Alts: []*graph.Value{a, b}, Prov: graph.Unknown, Range: r, Reason: reason, Param: c.Param}
}

// soften marks a value chosen by a condition on a variable default as
// coming from that default.
func soften(v *graph.Value, param string) *graph.Value {
	if v == nil || v.Prov == graph.Unknown || v.Prov == graph.Default {
		return v
	}
	cp := *v
	cp.Prov = graph.Default
	if cp.Param == "" {
		cp.Param = param
	}
	return &cp
}

// items returns the keys and elements of a known list or map.
func items(v *graph.Value) (keys, vals []*graph.Value, ok bool) {
	if v == nil {
		return nil, nil, false
	}
	switch v.Kind {
	case graph.KindList:
		for i, e := range v.List {
			keys = append(keys, graph.NewNumber(strconv.Itoa(i), graph.Derived, v.Range))
			vals = append(vals, e)
		}
		return keys, vals, true
	case graph.KindMap:
		for _, f := range v.Fields {
			keys = append(keys, &graph.Value{Kind: graph.KindString, Str: f.Key, Prov: v.Prov, Range: f.KeyRange})
			vals = append(vals, f.Value)
		}
		return keys, vals, true
	}
	return nil, nil, false
}

func (l *loader) forExpr(e *hclsyntax.ForExpr, r source.Range, sc *scope) *graph.Value {
	coll := l.eval(e.CollExpr, sc)
	keys, vals, ok := items(coll)
	if !ok || l.objects[coll] != nil {
		if coll != nil && coll.Kind == graph.KindNull {
			return l.errVal("a for expression cannot iterate over null", r)
		}
		return l.unknownFrom("the collection of the for expression is known only after apply", r, coll)
	}
	var out *graph.Value
	if e.KeyExpr != nil {
		out = &graph.Value{Kind: graph.KindMap, Prov: combine(coll), Range: r}
	} else {
		out = &graph.Value{Kind: graph.KindList, Prov: combine(coll), Range: r}
	}
	for i := range vals {
		child := sc.child()
		if e.KeyVar != "" {
			child.syms[e.KeyVar] = keys[i]
		}
		child.syms[e.ValVar] = vals[i]
		if e.CondExpr != nil {
			c := l.eval(e.CondExpr, child)
			b, ok := c.BoolValue()
			if !ok || !c.IsKnown() {
				return l.unknownFrom("the condition of the for expression is known only after apply", r, c)
			}
			if !b {
				continue
			}
		}
		v := l.eval(e.ValExpr, child)
		if e.KeyExpr == nil {
			out.List = append(out.List, v)
			continue
		}
		kv := l.eval(e.KeyExpr, child)
		k, ok := kv.String()
		if !ok {
			return l.unknownFrom("a key of the for expression is known only after apply", r, kv)
		}
		var f *graph.Field
		for _, x := range out.Fields {
			if x.Key == k {
				f = x
			}
		}
		if e.Group {
			if f == nil {
				f = &graph.Field{Key: k, KeyRange: kv.Range, Value: &graph.Value{Kind: graph.KindList, Prov: out.Prov, Range: r}}
				out.Fields = append(out.Fields, f)
			}
			f.Value.List = append(f.Value.List, v)
			continue
		}
		if f != nil {
			return l.errVal("duplicate key "+strconv.Quote(k)+" in a for expression (use ... to group)", r)
		}
		out.Fields = append(out.Fields, &graph.Field{Key: k, KeyRange: kv.Range, Value: v})
	}
	return out
}

func (l *loader) splat(e *hclsyntax.SplatExpr, r source.Range, sc *scope) *graph.Value {
	src := l.eval(e.Source, sc)
	apply := func(item *graph.Value) *graph.Value {
		child := sc.child()
		child.anon = map[*hclsyntax.AnonSymbolExpr]*graph.Value{e.Item: item}
		return l.eval(e.Each, child)
	}
	switch {
	case src == nil || src.Kind == graph.KindNull:
		return &graph.Value{Kind: graph.KindList, Prov: graph.Derived, Range: r}
	case l.collections[src] != nil:
		v := apply(l.collections[src].obj)
		return l.unknownFrom("the instances of the resource are known only after apply", r, v)
	case src.Kind == graph.KindList:
		out := &graph.Value{Kind: graph.KindList, Prov: combine(src), Range: r}
		for _, it := range src.List {
			out.List = append(out.List, apply(it))
		}
		return out
	case !src.IsKnown() && l.objects[src] == nil:
		return l.unknownFrom("the splat's source is known only after apply", r, src)
	}
	return &graph.Value{Kind: graph.KindList, Prov: combine(src), Range: r, List: []*graph.Value{apply(src)}}
}

func (l *loader) binary(e *hclsyntax.BinaryOpExpr, r source.Range, sc *scope) *graph.Value {
	a, b := l.eval(e.LHS, sc), l.eval(e.RHS, sc)
	if l.hasErr(a) || l.hasErr(b) {
		return l.unknownFrom("", r, a, b)
	}
	ka, kb := a.IsKnown() && a.Kind != graph.KindChoice, b.IsKnown() && b.Kind != graph.KindChoice
	switch e.Op {
	case hclsyntax.OpLogicalAnd:
		if x, ok := a.BoolValue(); ok && ka && !x {
			return graph.NewBool(false, combine(a), r)
		}
		if x, ok := b.BoolValue(); ok && kb && !x {
			return graph.NewBool(false, combine(b), r)
		}
	case hclsyntax.OpLogicalOr:
		if x, ok := a.BoolValue(); ok && ka && x {
			return graph.NewBool(true, combine(a), r)
		}
		if x, ok := b.BoolValue(); ok && kb && x {
			return graph.NewBool(true, combine(b), r)
		}
	}
	if !ka || !kb {
		return l.unknownFrom("an operand is known only after apply", r, a, b)
	}
	return l.ctyCall(e.Op.Impl, []*graph.Value{a, b}, r, "")
}

// evalJSON evaluates an expression of the JSON syntax: arrays and objects
// element by element, strings as templates.
func (l *loader) evalJSON(x hcl.Expression, r source.Range, sc *scope) *graph.Value {
	type mapper interface{ ExprMap() []hcl.KeyValuePair }
	type lister interface{ ExprList() []hcl.Expression }
	if m, ok := x.(mapper); ok {
		if pairs := m.ExprMap(); pairs != nil {
			out := &graph.Value{Kind: graph.KindMap, Prov: graph.Literal, Range: r}
			for _, p := range pairs {
				kv, _ := p.Key.Value(nil)
				if !kv.IsKnown() || kv.IsNull() || kv.Type() != cty.String {
					continue
				}
				k := kv.AsString()
				v := l.eval(p.Value, sc)
				out.Fields = append(out.Fields, &graph.Field{Key: k, KeyRange: l.rng(p.Key.Range()), Value: v})
			}
			return out
		}
	}
	if li, ok := x.(lister); ok {
		if list := li.ExprList(); list != nil {
			out := &graph.Value{Kind: graph.KindList, Prov: graph.Literal, Range: r}
			for _, e := range list {
				out.List = append(out.List, l.eval(e, sc))
			}
			return out
		}
	}
	v, diags := x.Value(nil)
	if diags.HasErrors() {
		return l.errVal("cannot read the expression", r)
	}
	if v.IsKnown() && !v.IsNull() && v.Type() == cty.String {
		return l.jsonTemplate(x, v.AsString(), r, sc)
	}
	return fromCty(v, graph.Literal, r, nil, "")
}

// jsonTemplate evaluates a JSON string, which Terraform reads as a
// template.
func (l *loader) jsonTemplate(x hcl.Expression, s string, r source.Range, sc *scope) *graph.Value {
	if !strings.Contains(s, "${") && !strings.Contains(s, "%{") {
		return graph.NewString(s, graph.Literal, r)
	}
	hr := x.Range()
	start := hcl.Pos{Line: hr.Start.Line, Column: hr.Start.Column + 1, Byte: hr.Start.Byte + 1}
	tmpl, diags := hclsyntax.ParseTemplate([]byte(s), hr.Filename, start)
	if diags.HasErrors() {
		l.hclDiags(diags, "papilint-syntax")
		return l.errVal("the string is not a valid template", r)
	}
	v := l.eval(tmpl, sc)
	// With escapes in the JSON string, offsets inside it are not exact:
	// everything written inside it points at the whole string.
	if r.IsValid() && int(r.End.Offset-r.Start.Offset-2) != len(s) {
		v.Walk(func(x *graph.Value) {
			if r.Contains(x.Range) {
				x.Range = r
			}
		})
	}
	if v.Range != r {
		v = l.at(v, r)
	}
	return v
}

// traversal resolves a reference: var.x, local.x, module.m.out,
// aws_lb.x.dns_name, data.t.n.attr, count.index, each.value, ...
func (l *loader) traversal(t hcl.Traversal, hr hcl.Range, sc *scope) *graph.Value {
	r := l.rng(hr)
	if t.RootName() == "resource" && len(t) > 1 {
		if a, ok := t[1].(hcl.TraverseAttr); ok {
			t = append(hcl.Traversal{hcl.TraverseRoot{Name: a.Name, SrcRange: a.SrcRange}}, t[2:]...)
		}
	}
	root := t.RootName()
	rest := t[1:]
	if v, ok := sc.sym(root); ok {
		return l.traverse(v, rest, r)
	}
	if sc.only {
		return l.errVal("there is no template variable named "+strconv.Quote(root), r)
	}
	attrName := func(i int) (string, bool) {
		if i < len(rest) {
			if a, ok := rest[i].(hcl.TraverseAttr); ok {
				return a.Name, true
			}
		}
		return "", false
	}
	if sc.noRefs {
		return l.errVal("references are not allowed here", r)
	}
	mi := sc.mi
	if mi == nil {
		return l.errVal("references are not allowed here", r)
	}
	switch root {
	case "var":
		name, ok := attrName(0)
		if !ok {
			return l.errVal("var must be followed by a variable name", r)
		}
		return l.traverse(mi.variable(name, hr), rest[1:], r)
	case "local":
		name, ok := attrName(0)
		if !ok {
			return l.errVal("local must be followed by a name", r)
		}
		return l.traverse(mi.local(name, hr), rest[1:], r)
	case "module":
		name, ok := attrName(0)
		if !ok {
			return l.errVal("module must be followed by a module name", r)
		}
		cs := mi.callNamed(name)
		if cs == nil {
			return l.errVal("there is no module call named "+strconv.Quote(name), r)
		}
		return l.moduleRef(cs, rest[1:], hr, r)
	case "data":
		typ, ok1 := attrName(0)
		name, ok2 := attrName(1)
		if !ok1 || !ok2 {
			return l.errVal("data must be followed by a type and a name", r)
		}
		rs := mi.resource("data." + typ + "." + name)
		if rs == nil {
			return l.errVal("there is no data source data."+typ+"."+name, r)
		}
		return l.resourceRef(rs, rest[2:], r)
	case "count":
		if name, _ := attrName(0); name == "index" && sc.countIndex != nil {
			return l.traverse(sc.countIndex, rest[1:], r)
		}
		return l.errVal("count.index is only available where count is set", r)
	case "each":
		name, _ := attrName(0)
		switch {
		case name == "key" && sc.eachKey != nil:
			return l.traverse(sc.eachKey, rest[1:], r)
		case name == "value" && sc.eachValue != nil:
			return l.traverse(sc.eachValue, rest[1:], r)
		}
		return l.errVal("each is only available where for_each is set", r)
	case "path":
		name, _ := attrName(0)
		root := mi.root()
		switch name {
		case "module":
			rel, err := filepath.Rel(root.mod.dir, mi.mod.dir)
			if err != nil {
				rel = mi.mod.dir
			}
			return graph.NewString(filepath.ToSlash(rel), graph.Derived, r)
		case "root":
			return graph.NewString(".", graph.Derived, r)
		case "cwd":
			return graph.NewString(filepath.ToSlash(root.mod.dir), graph.Derived, r)
		}
		return l.errVal("path."+name+" does not exist", r)
	case "terraform":
		if name, _ := attrName(0); name == "workspace" {
			return graph.NewString("default", graph.Derived, r)
		}
		name, _ := attrName(0)
		return graph.NewUnknown("terraform."+name+" is not known", r)
	case "self":
		return graph.NewUnknown("self is known only after apply", r)
	}
	name, ok := attrName(0)
	if !ok {
		return l.errVal("a reference to a resource needs its name", r)
	}
	rs := mi.resource(root + "." + name)
	if rs == nil {
		return l.errVal("there is no resource "+root+"."+name+" in "+mi.display(), r)
	}
	return l.resourceRef(rs, rest[1:], r)
}

// moduleRef resolves module.NAME...: an output of an instance, or the
// instances as values.
func (l *loader) moduleRef(cs *callState, rest hcl.Traversal, hr hcl.Range, r source.Range) *graph.Value {
	cs.expand()
	if cs.missing != "" {
		return graph.NewUnknown("the outputs of module "+cs.call.name+" are not known: "+cs.missing, r)
	}
	if cs.state == 1 && len(cs.insts) == 0 {
		return graph.NewUnknown("module "+cs.call.name+" depends on itself", r)
	}
	pick := func(mi *modInst, steps hcl.Traversal) *graph.Value {
		if len(steps) == 0 {
			return mi.moduleObject(hr)
		}
		a, ok := steps[0].(hcl.TraverseAttr)
		if !ok {
			return l.errVal("a module output is named with .NAME", r)
		}
		return l.traverse(mi.output(a.Name, hr), steps[1:], r)
	}
	if !cs.keyed {
		return pick(cs.insts[0], rest)
	}
	if len(rest) > 0 {
		if ix, ok := rest[0].(hcl.TraverseIndex); ok {
			if cs.unknown {
				return pick(cs.insts[0], rest[1:])
			}
			key := fromCty(ix.Key, graph.Literal, r, nil, "")
			for i, k := range cs.keys {
				if ks, _ := k.String(); ks == mustString(key) {
					return pick(cs.insts[i], rest[1:])
				}
			}
			return l.errVal("module "+cs.call.name+" has no instance "+key.Display(), r)
		}
	}
	if cs.unknown {
		v := pick(cs.insts[0], rest)
		return l.unknownFrom("the instances of module "+cs.call.name+" are known only after apply", r, v)
	}
	var whole *graph.Value
	if cs.isCount {
		whole = &graph.Value{Kind: graph.KindList, Prov: graph.Derived, Range: r}
		for _, mi := range cs.insts {
			whole.List = append(whole.List, mi.moduleObject(hr))
		}
	} else {
		whole = &graph.Value{Kind: graph.KindMap, Prov: graph.Derived, Range: r}
		for i, mi := range cs.insts {
			whole.Fields = append(whole.Fields, &graph.Field{Key: cs.keys[i].Str, KeyRange: r, Value: mi.moduleObject(hr)})
		}
	}
	return l.traverse(whole, rest, r)
}

func mustString(v *graph.Value) string {
	s, _ := v.String()
	return s
}

// resourceRef resolves TYPE.NAME... for a resource or data source.
func (l *loader) resourceRef(rs *resState, rest hcl.Traversal, r source.Range) *graph.Value {
	rs.expand()
	if len(rs.insts) == 0 {
		if rs.state == 1 {
			return graph.NewUnknown(rs.r.key()+" depends on itself", r)
		}
	}
	if !rs.keyed {
		return l.instRef(rs.insts[0], rest, r)
	}
	if len(rest) > 0 {
		if ix, ok := rest[0].(hcl.TraverseIndex); ok {
			if rs.unknown {
				return l.instRef(rs.insts[0], rest[1:], r)
			}
			key := fromCty(ix.Key, graph.Literal, r, nil, "")
			v := l.index(rs.whole, key, r)
			return l.traverse(v, rest[1:], r)
		}
	}
	return l.traverse(rs.whole, rest, r)
}

// instRef resolves the attributes of one resource instance: a configured
// argument is its value, remembering the instance; anything else is known
// only after apply and becomes a reference to the instance's attribute.
func (l *loader) instRef(ri *resInst, rest hcl.Traversal, r source.Range) *graph.Value {
	if len(rest) == 0 {
		return l.at(ri.obj, r)
	}
	a, ok := rest[0].(hcl.TraverseAttr)
	if !ok {
		return l.errVal(ri.addr+" is a single instance; it cannot be indexed", r)
	}
	return l.traverse(l.instAttr(ri, a.Name, r), rest[1:], r)
}

func (l *loader) instAttr(ri *resInst, name string, r source.Range) *graph.Value {
	typ := ri.typ()
	attr := cfnAttr(ri.rs.r.mode, typ, name)
	ref := &graph.Ref{Node: ri.id, Attr: attr}
	if ri.rs.r.mode == "data" && typ == "aws_iam_policy_document" && (name == "json" || name == "minified_json") {
		doc := l.policyDocument(ri)
		if doc != nil {
			cp := l.at(doc, r)
			l.jsonText[cp] = true
			return cp
		}
	}
	v := ri.attr(name)
	if v == nil {
		return graph.NewRef(ref, r)
	}
	switch v.Kind {
	case graph.KindRef:
		return l.at(v, r)
	case graph.KindUnknown:
		if l.errVals[v] {
			return l.at(v, r)
		}
		u := graph.NewRef(ref, r)
		u.Param = v.Param
		return u
	}
	cp := l.at(v, r)
	cp.Ref = ref
	if cp.Prov == graph.Literal {
		cp.Prov = graph.Derived
	}
	return cp
}

// traverse applies attribute and index steps to a value.
func (l *loader) traverse(v *graph.Value, steps hcl.Traversal, r source.Range) *graph.Value {
	if len(steps) == 0 {
		return v
	}
	for _, st := range steps {
		switch s := st.(type) {
		case hcl.TraverseAttr:
			v = l.getAttr(v, s.Name, r)
		case hcl.TraverseIndex:
			v = l.index(v, fromCty(s.Key, graph.Literal, r, nil, ""), r)
		default:
			return l.unknownFrom("unsupported traversal", r, v)
		}
	}
	return l.at(v, r)
}

// getAttr reads an attribute of an object value.
func (l *loader) getAttr(v *graph.Value, name string, r source.Range) *graph.Value {
	if v == nil {
		return l.errVal("attribute "+name+" of an absent value", r)
	}
	if ri := l.objects[v]; ri != nil {
		return l.instAttr(ri, name, r)
	}
	if l.errVals[v] {
		return v
	}
	switch v.Kind {
	case graph.KindMap:
		if f := v.Field(name); f != nil {
			return f.Value
		}
		return l.errVal("the object has no attribute "+strconv.Quote(name), r)
	case graph.KindChoice:
		out := &graph.Value{Kind: graph.KindChoice, Prov: graph.Unknown, Range: r, Reason: v.Reason}
		for _, a := range v.Alts {
			out.Alts = append(out.Alts, l.getAttr(a, name, r))
		}
		return out
	case graph.KindNull:
		return l.errVal("attribute "+name+" of a null value", r)
	case graph.KindRef, graph.KindUnknown, graph.KindConcat:
		u := graph.NewUnknown(firstReason(v, "known only after apply"), r)
		u.Param = v.Param
		if v.Ref != nil {
			if v.Ref.Attr == "" && v.Ref.Node != "" {
				u.Ref = &graph.Ref{Node: v.Ref.Node, Attr: cfnAttr("", l.nodeType(v.Ref.Node), name)}
				u.Kind = graph.KindRef
			} else {
				u.Ref = v.Ref
			}
		}
		return u
	}
	return l.errVal("a "+v.Kind.String()+" has no attribute "+strconv.Quote(name), r)
}

// nodeType returns the resource type of a node created from the
// configuration.
func (l *loader) nodeType(id graph.NodeID) string {
	s := string(id)
	if i := strings.LastIndexByte(s, '#'); i >= 0 {
		s = s[i+1:]
	}
	parts := strings.Split(s, ".")
	// Skip module.NAME[...] pairs.
	for len(parts) >= 2 && parts[0] == "module" {
		parts = parts[2:]
	}
	if len(parts) > 0 && parts[0] == "data" {
		parts = parts[1:]
	}
	if len(parts) > 0 {
		return parts[0]
	}
	return ""
}

// index reads an element of a list or map.
func (l *loader) index(coll, key *graph.Value, r source.Range) *graph.Value {
	if coll == nil {
		return l.errVal("index into an absent value", r)
	}
	if ri := l.collections[coll]; ri != nil {
		return ri.obj
	}
	if l.errVals[coll] || l.errVals[key] {
		return l.errVal(firstReason(coll, "cannot be evaluated"), r)
	}
	if coll.Kind == graph.KindChoice {
		out := &graph.Value{Kind: graph.KindChoice, Prov: graph.Unknown, Range: r, Reason: coll.Reason}
		for _, a := range coll.Alts {
			out.Alts = append(out.Alts, l.index(a, key, r))
		}
		return out
	}
	if key == nil || !key.IsKnown() || key.Kind == graph.KindChoice {
		// One of the elements, we do not know which.
		_, vals, ok := items(coll)
		if ok && len(vals) > 0 && len(vals) <= 32 {
			reason := "the index is known only after apply"
			if key != nil && key.Reason != "" {
				reason = key.Reason
			}
			if len(vals) == 1 {
				return vals[0]
			}
			return &graph.Value{Kind: graph.KindChoice, Alts: vals, Prov: graph.Unknown, Range: r, Reason: reason}
		}
		return l.unknownFrom("the index is known only after apply", r, coll, key)
	}
	switch coll.Kind {
	case graph.KindList:
		i, ok := key.Int()
		if !ok {
			return l.errVal("a list index must be a whole number", r)
		}
		if i < 0 || i >= len(coll.List) {
			return l.errVal(fmt.Sprintf("index %d is out of range for a list of %d elements", i, len(coll.List)), r)
		}
		return coll.List[i]
	case graph.KindMap:
		s, _ := key.String()
		if f := coll.Field(s); f != nil {
			return f.Value
		}
		return l.errVal("the map has no element "+strconv.Quote(s), r)
	case graph.KindRef, graph.KindUnknown, graph.KindConcat:
		return l.unknownFrom("known only after apply", r, coll)
	}
	return l.errVal("a "+coll.Kind.String()+" cannot be indexed", r)
}

// evalBlocks evaluates every nested block of one type (static and
// dynamic) into a list of objects, Terraform's representation of nested
// blocks.
func (l *loader) evalBlocks(c *content, typ string, sc *scope) *graph.Value {
	var bs []*hcl.Block
	for _, b := range c.blocks {
		if b.Type == typ {
			bs = append(bs, b)
		}
	}
	for _, b := range c.dynamics {
		if len(b.Labels) == 1 && b.Labels[0] == typ {
			bs = append(bs, b)
		}
	}
	sortBlocks(bs)
	if len(bs) == 0 {
		return nil
	}
	out := &graph.Value{Kind: graph.KindList, Prov: graph.Literal, Range: l.rng(bs[0].DefRange)}
	for _, b := range bs {
		if b.Type != "dynamic" {
			out.List = append(out.List, l.evalBody(b.Body, l.rng(blockRange(b)), sc))
			continue
		}
		dc, _, diags := b.Body.PartialContent(dynamicSchema)
		l.hclDiags(diags, "papilint-load")
		if dc == nil || dc.Attributes["for_each"] == nil {
			continue
		}
		iter := b.Labels[0]
		if a := dc.Attributes["iterator"]; a != nil {
			if kw := hcl.ExprAsKeyword(a.Expr); kw != "" {
				iter = kw
			}
		}
		fe := l.eval(dc.Attributes["for_each"].Expr, sc)
		keys, vals, ok := items(fe)
		if !ok {
			return l.unknownFrom("the for_each of dynamic \""+typ+"\" is known only after apply", l.rng(b.DefRange), fe)
		}
		var body hcl.Body
		for _, cb := range dc.Blocks {
			if cb.Type == "content" {
				body = cb.Body
			}
		}
		if body == nil {
			continue
		}
		for i := range vals {
			child := sc.child()
			child.syms[iter] = &graph.Value{Kind: graph.KindMap, Prov: graph.Derived, Range: fe.Range, Fields: []*graph.Field{
				{Key: "key", KeyRange: keys[i].Range, Value: keys[i]},
				{Key: "value", KeyRange: vals[i].Range, Value: vals[i]},
			}}
			out.List = append(out.List, l.evalBody(body, l.rng(blockRange(b)), child))
		}
	}
	return out
}

var dynamicSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "for_each"}, {Name: "iterator"}, {Name: "labels"}},
	Blocks:     []hcl.BlockHeaderSchema{{Type: "content"}},
}

func sortBlocks(bs []*hcl.Block) {
	for i := 1; i < len(bs); i++ {
		for j := i; j > 0 && bs[j].DefRange.Start.Byte < bs[j-1].DefRange.Start.Byte; j-- {
			bs[j], bs[j-1] = bs[j-1], bs[j]
		}
	}
}

// evalBody evaluates a nested block's body into an object.
func (l *loader) evalBody(body hcl.Body, r source.Range, sc *scope) *graph.Value {
	c, diags := splitBody(body, nil, nil)
	l.hclDiags(diags, "papilint-load")
	out := &graph.Value{Kind: graph.KindMap, Prov: graph.Literal, Range: r}
	for _, a := range c.sortedAttrs() {
		out.Fields = append(out.Fields, &graph.Field{Key: a.Name, KeyRange: l.rng(a.NameRange), Value: l.eval(a.Expr, sc)})
	}
	for _, t := range c.blockTypes() {
		if v := l.evalBlocks(c, t, sc); v != nil {
			out.Fields = append(out.Fields, &graph.Field{Key: t, KeyRange: v.Range, Value: v})
		}
	}
	return out
}
