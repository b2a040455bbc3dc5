package terraform

import (
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/source"
)

// policyDocument evaluates data "aws_iam_policy_document" into the policy
// it renders, in the IAM JSON shape internal/iam reads: Version, and one
// Statement per statement block with Sid, Effect (Allow when omitted),
// Principal, Action, Resource and Condition. source_policy_documents come
// first, statement blocks replace statements with the same Sid, and
// override_policy_documents replace or add last, as the data source does.
func (l *loader) policyDocument(ri *resInst) *graph.Value {
	m := ri.attrs["\x00policy"]
	if m == nil {
		m = &memo{}
		ri.attrs["\x00policy"] = m
	}
	if m.done {
		return m.v
	}
	if m.busy {
		return nil
	}
	m.busy = true
	defer func() { m.busy, m.done = false, true }()
	body := ri.body()
	r := body.Range
	doc := &graph.Value{Kind: graph.KindMap, Prov: graph.Derived, Range: r}
	version := get(body, "version")
	if absent(version) {
		version = graph.NewString("2012-10-17", graph.Derived, l.rng(ri.rs.r.header))
	}
	doc.Fields = append(doc.Fields, &graph.Field{Key: "Version", KeyRange: version.Range, Value: version})
	if id := get(body, "policy_id"); !absent(id) {
		doc.Fields = append(doc.Fields, &graph.Field{Key: "Id", KeyRange: id.Range, Value: id})
	}
	stmts := &graph.Value{Kind: graph.KindList, Prov: graph.Derived, Range: r}
	add := func(st *graph.Value, replace bool) {
		sid, ok := st.Get("Sid").String()
		if replace && ok && sid != "" {
			for i, ex := range stmts.List {
				if s, ok := ex.Get("Sid").String(); ok && s == sid {
					stmts.List[i] = st
					return
				}
			}
		}
		stmts.List = append(stmts.List, st)
	}
	fromDocs := func(v *graph.Value, replace bool) {
		if absent(v) {
			return
		}
		if v.Kind != graph.KindList {
			add(v, false) // not known before apply: an opaque statement
			return
		}
		for _, d := range v.List {
			dd := d
			if dd.Kind == graph.KindString {
				if dec, err := decodeJSON(dd.Str, dd.Prov, dd.Range); err == nil {
					dd = dec
				}
			}
			st := dd.Get("Statement")
			switch {
			case dd.Kind != graph.KindMap || st == nil:
				add(d, false)
			case st.Kind == graph.KindList:
				for _, s := range st.List {
					add(s, replace)
				}
			default:
				add(st, replace)
			}
		}
	}
	fromDocs(get(body, "source_policy_documents"), false)
	if f := field(body, "statement"); f != nil {
		bs, ok := blocks(f.Value)
		if !ok {
			add(f.Value, false)
		}
		for _, b := range bs {
			add(l.policyStatement(b), true)
		}
	}
	fromDocs(get(body, "override_policy_documents"), true)
	doc.Fields = append(doc.Fields, &graph.Field{Key: "Statement", KeyRange: r, Value: stmts})
	m.v = doc
	return doc
}

func (l *loader) policyStatement(b *graph.Value) *graph.Value {
	if b.Kind != graph.KindMap {
		return b
	}
	st := &graph.Value{Kind: graph.KindMap, Prov: graph.Literal, Range: b.Range}
	put := func(key string, v *graph.Value, kr source.Range) {
		if absent(v) {
			return
		}
		st.Fields = append(st.Fields, &graph.Field{Key: key, KeyRange: kr, Value: v})
	}
	copyArg := func(tf, key string) {
		if f := field(b, tf); f != nil {
			put(key, f.Value, f.KeyRange)
		}
	}
	copyArg("sid", "Sid")
	if f := field(b, "effect"); f != nil && !absent(f.Value) {
		put("Effect", f.Value, f.KeyRange)
	} else {
		put("Effect", graph.NewString("Allow", graph.Derived, b.Range), b.Range)
	}
	for _, p := range []struct{ tf, key string }{{"principals", "Principal"}, {"not_principals", "NotPrincipal"}} {
		if f := field(b, p.tf); f != nil {
			put(p.key, principals(f.Value), f.KeyRange)
		}
	}
	copyArg("actions", "Action")
	copyArg("not_actions", "NotAction")
	copyArg("resources", "Resource")
	copyArg("not_resources", "NotResource")
	if f := field(b, "condition"); f != nil {
		put("Condition", conditionBlocks(f.Value), f.KeyRange)
	}
	return st
}

// principals renders principals blocks: type "*" with identifiers ["*"]
// is "*", otherwise {TYPE: identifiers}, blocks of one type merged.
func principals(v *graph.Value) *graph.Value {
	bs, ok := blocks(v)
	if !ok {
		return v
	}
	out := &graph.Value{Kind: graph.KindMap, Prov: graph.Literal, Range: v.Range}
	for _, b := range bs {
		typ, ids := get(b, "type"), get(b, "identifiers")
		t, ok := typ.String()
		if !ok || b.Kind != graph.KindMap {
			return graph.NewUnknown("a principal type is known only after apply", v.Range)
		}
		if t == "*" {
			star := graph.NewString("*", combineLit(typ), b.Range)
			if len(bs) == 1 {
				return star
			}
			out.Fields = append(out.Fields, &graph.Field{Key: "AWS", KeyRange: typ.Range, Value: star})
			continue
		}
		if ex := out.Field(t); ex != nil {
			merged := &graph.Value{Kind: graph.KindList, Prov: graph.Literal, Range: ex.Value.Range}
			merged.List = append(append(merged.List, listItems(ex.Value)...), listItems(ids)...)
			ex.Value = merged
			continue
		}
		out.Fields = append(out.Fields, &graph.Field{Key: t, KeyRange: typ.Range, Value: ids})
	}
	return out
}

func combineLit(v *graph.Value) graph.Provenance {
	if v.Prov == graph.Default {
		return graph.Default
	}
	return graph.Literal
}

func listItems(v *graph.Value) []*graph.Value {
	if v != nil && v.Kind == graph.KindList {
		return v.List
	}
	if v == nil {
		return nil
	}
	return []*graph.Value{v}
}

// conditionBlocks renders condition blocks as {test: {variable: values}}.
func conditionBlocks(v *graph.Value) *graph.Value {
	bs, ok := blocks(v)
	if !ok {
		return v
	}
	out := &graph.Value{Kind: graph.KindMap, Prov: graph.Literal, Range: v.Range}
	for _, b := range bs {
		test, variable, values := get(b, "test"), get(b, "variable"), get(b, "values")
		ts, ok1 := test.String()
		vs, ok2 := variable.String()
		if !ok1 || !ok2 || b.Kind != graph.KindMap {
			return graph.NewUnknown("a condition operator or key is known only after apply", v.Range)
		}
		op := out.Field(ts)
		if op == nil {
			op = &graph.Field{Key: ts, KeyRange: test.Range, Value: &graph.Value{Kind: graph.KindMap, Prov: graph.Literal, Range: b.Range}}
			out.Fields = append(out.Fields, op)
		}
		if ex := op.Value.Field(vs); ex != nil {
			merged := &graph.Value{Kind: graph.KindList, Prov: graph.Literal, Range: ex.Value.Range}
			merged.List = append(append(merged.List, listItems(ex.Value)...), listItems(values)...)
			ex.Value = merged
			continue
		}
		op.Value.Fields = append(op.Value.Fields, &graph.Field{Key: vs, KeyRange: variable.Range, Value: values})
	}
	return out
}
