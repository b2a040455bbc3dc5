package terraform

import (
	"encoding/json"
	"math/big"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/source"
)

var ctyString = cty.String

// toCty converts a graph value to a cty value for functions and operators.
// Values that are not known before apply become unknown; a map that stands
// for JSON text (the result of jsonencode) becomes that text.
func (l *loader) toCty(v *graph.Value) cty.Value {
	if v == nil {
		return cty.NullVal(cty.DynamicPseudoType)
	}
	if l.jsonText[v] {
		if s, ok := l.encodeJSON(v); ok {
			return cty.StringVal(s)
		}
		return cty.UnknownVal(cty.String)
	}
	switch v.Kind {
	case graph.KindNull:
		return cty.NullVal(cty.DynamicPseudoType)
	case graph.KindString:
		return cty.StringVal(v.Str)
	case graph.KindNumber:
		n, err := cty.ParseNumberVal(v.Str)
		if err != nil {
			return cty.UnknownVal(cty.Number)
		}
		return n
	case graph.KindBool:
		return cty.BoolVal(v.Bool)
	case graph.KindList:
		if len(v.List) == 0 {
			return cty.EmptyTupleVal
		}
		elems := make([]cty.Value, len(v.List))
		for i, e := range v.List {
			elems[i] = l.toCty(e)
		}
		return cty.TupleVal(elems)
	case graph.KindMap:
		if len(v.Fields) == 0 {
			return cty.EmptyObjectVal
		}
		attrs := make(map[string]cty.Value, len(v.Fields))
		for _, f := range v.Fields {
			attrs[f.Key] = l.toCty(f.Value)
		}
		return cty.ObjectVal(attrs)
	case graph.KindConcat:
		return cty.UnknownVal(cty.String)
	}
	return cty.DynamicVal
}

// fromCty converts a function result back. Every value gets the range r
// and provenance p; unknown parts get the reason and the reference ref.
func fromCty(c cty.Value, p graph.Provenance, r source.Range, ref *graph.Ref, reason string) *graph.Value {
	if c.IsMarked() {
		c, _ = c.Unmark()
	}
	if !c.IsKnown() {
		u := graph.NewUnknown(reason, r)
		u.Ref = ref
		return u
	}
	if c.IsNull() {
		return graph.NewNull(p, r)
	}
	t := c.Type()
	switch {
	case t == cty.String:
		return graph.NewString(c.AsString(), p, r)
	case t == cty.Number:
		return graph.NewNumber(numberText(c.AsBigFloat()), p, r)
	case t == cty.Bool:
		return graph.NewBool(c.True(), p, r)
	case t.IsListType() || t.IsSetType() || t.IsTupleType():
		out := &graph.Value{Kind: graph.KindList, Prov: p, Range: r}
		for it := c.ElementIterator(); it.Next(); {
			_, e := it.Element()
			out.List = append(out.List, fromCty(e, p, r, ref, reason))
		}
		return out
	case t.IsMapType() || t.IsObjectType():
		out := &graph.Value{Kind: graph.KindMap, Prov: p, Range: r}
		for it := c.ElementIterator(); it.Next(); {
			k, e := it.Element()
			out.Fields = append(out.Fields, &graph.Field{Key: k.AsString(), KeyRange: r, Value: fromCty(e, p, r, ref, reason)})
		}
		return out
	}
	u := graph.NewUnknown(reason, r)
	u.Ref = ref
	return u
}

func numberText(f *big.Float) string {
	if f.IsInt() {
		i, _ := f.Int(nil)
		return i.String()
	}
	return f.Text('g', -1)
}

// encodeJSON renders a known value as JSON the way jsonencode does (keys
// sorted); ok is false when part of it is not known.
func (l *loader) encodeJSON(v *graph.Value) (string, bool) {
	if !v.IsKnown() {
		return "", false
	}
	var b strings.Builder
	var enc func(v *graph.Value)
	enc = func(v *graph.Value) {
		switch v.Kind {
		case graph.KindNull:
			b.WriteString("null")
		case graph.KindString:
			q, _ := json.Marshal(v.Str)
			b.Write(q)
		case graph.KindNumber:
			b.WriteString(v.Str)
		case graph.KindBool:
			if v.Bool {
				b.WriteString("true")
			} else {
				b.WriteString("false")
			}
		case graph.KindList:
			b.WriteByte('[')
			for i, e := range v.List {
				if i > 0 {
					b.WriteByte(',')
				}
				enc(e)
			}
			b.WriteByte(']')
		case graph.KindMap:
			fs := append([]*graph.Field(nil), v.Fields...)
			sortFields(fs)
			b.WriteByte('{')
			for i, f := range fs {
				if i > 0 {
					b.WriteByte(',')
				}
				q, _ := json.Marshal(f.Key)
				b.Write(q)
				b.WriteByte(':')
				enc(f.Value)
			}
			b.WriteByte('}')
		}
	}
	enc(v)
	return b.String(), true
}

func sortFields(fs []*graph.Field) {
	for i := 1; i < len(fs); i++ {
		for j := i; j > 0 && fs[j].Key < fs[j-1].Key; j-- {
			fs[j], fs[j-1] = fs[j-1], fs[j]
		}
	}
}

// decodeJSON turns JSON text into values that all carry the range r.
func decodeJSON(text string, p graph.Provenance, r source.Range) (*graph.Value, error) {
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	var raw any
	if err := dec.Decode(&raw); err != nil {
		return nil, err
	}
	var conv func(x any) *graph.Value
	conv = func(x any) *graph.Value {
		switch t := x.(type) {
		case nil:
			return graph.NewNull(p, r)
		case bool:
			return graph.NewBool(t, p, r)
		case json.Number:
			return graph.NewNumber(t.String(), p, r)
		case string:
			return graph.NewString(t, p, r)
		case []any:
			out := &graph.Value{Kind: graph.KindList, Prov: p, Range: r}
			for _, e := range t {
				out.List = append(out.List, conv(e))
			}
			return out
		case map[string]any:
			out := &graph.Value{Kind: graph.KindMap, Prov: p, Range: r}
			for k, e := range t {
				out.Fields = append(out.Fields, &graph.Field{Key: k, KeyRange: r, Value: conv(e)})
			}
			sortFields(out.Fields)
			return out
		}
		return graph.NewUnknown("unsupported JSON value", r)
	}
	return conv(raw), nil
}
