package view

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/papilint/papilint/internal/graph"
)

// AST converts the document into the value OPA evaluates, without going
// through JSON text: the same value json.Marshal followed by OPA's JSON
// decoding gives (numbers keep their text, invalid UTF-8 becomes U+FFFD
// byte by byte as encoding/json writes it), in a fraction of the time and
// memory. Structs become objects keyed by their json tags, so the
// conversion follows the Go types as the schema does; ast_test.go checks
// it against the JSON route.
func (in *Input) AST() (ast.Value, error) {
	c := &conv{strs: map[string]*ast.Term{}}
	t, err := c.toTerm(reflect.ValueOf(in))
	if err != nil {
		return nil, err
	}
	return t.Value, nil
}

var viewValueType = reflect.TypeOf(&Value{})

// conv converts one document. Equal strings share one term: keys and
// common values repeat across tens of thousands of resources, and OPA
// treats terms as values (it interns common ones itself).
type conv struct{ strs map[string]*ast.Term }

func (c *conv) str(s string) *ast.Term {
	if t, ok := c.strs[s]; ok {
		return t
	}
	t := ast.StringTerm(jsonText(s))
	c.strs[s] = t
	return t
}

func (c *conv) toTerm(v reflect.Value) (*ast.Term, error) {
	if v.Type() == viewValueType {
		if v.IsNil() {
			return ast.NullTerm(), nil
		}
		return c.valueTerm(v.Interface().(*Value).v), nil
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return ast.NullTerm(), nil
		}
		return c.toTerm(v.Elem())
	case reflect.Struct:
		t := v.Type()
		pairs := make([][2]*ast.Term, 0, t.NumField())
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			x, err := c.toTerm(v.Field(i))
			if err != nil {
				return nil, err
			}
			pairs = append(pairs, [2]*ast.Term{c.str(name), x})
		}
		return ast.ObjectTerm(pairs...), nil
	case reflect.Slice:
		if v.IsNil() {
			return ast.NullTerm(), nil
		}
		elems := make([]*ast.Term, v.Len())
		for i := range elems {
			x, err := c.toTerm(v.Index(i))
			if err != nil {
				return nil, err
			}
			elems[i] = x
		}
		return ast.ArrayTerm(elems...), nil
	case reflect.String:
		return c.str(v.String()), nil
	case reflect.Bool:
		return ast.BooleanTerm(v.Bool()), nil
	case reflect.Int, reflect.Int64, reflect.Int32:
		return ast.NumberTerm(json.Number(strconv.FormatInt(v.Int(), 10))), nil
	}
	return nil, fmt.Errorf("view: cannot convert a %s", v.Type())
}

// jsonText is s as it reads back after encoding/json wrote it: each byte
// of invalid UTF-8 becomes U+FFFD.
func jsonText(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b.WriteRune(utf8.RuneError)
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// valueTerm mirrors encode (view.go) value for value.
func (c *conv) valueTerm(v *graph.Value) *ast.Term {
	if v == nil {
		return ast.NullTerm()
	}
	switch v.Kind {
	case graph.KindNull:
		return ast.NullTerm()
	case graph.KindBool:
		return ast.BooleanTerm(v.Bool)
	case graph.KindNumber:
		switch {
		case jsonNumber.MatchString(v.Str):
			return ast.NumberTerm(json.Number(v.Str))
		case !math.IsNaN(v.Num) && !math.IsInf(v.Num, 0):
			return ast.NumberTerm(json.Number(strconv.FormatFloat(v.Num, 'g', -1, 64)))
		default:
			return c.str(v.Str)
		}
	case graph.KindString:
		return c.str(v.Str)
	case graph.KindList:
		elems := make([]*ast.Term, len(v.List))
		for i, e := range v.List {
			elems[i] = c.valueTerm(e)
		}
		return ast.ArrayTerm(elems...)
	case graph.KindMap:
		pairs := make([][2]*ast.Term, 0, len(v.Fields))
		seen := make(map[string]bool, len(v.Fields))
		for _, f := range v.Fields {
			k := jsonText(f.Key)
			if seen[f.Key] || seen[k] {
				continue // the loader reports duplicates; the first one wins
			}
			seen[f.Key], seen[k] = true, true
			pairs = append(pairs, [2]*ast.Term{c.str(f.Key), c.valueTerm(f.Value)})
		}
		return ast.ObjectTerm(pairs...)
	case graph.KindRef:
		r := v.Ref
		if r == nil {
			r = &graph.Ref{}
		}
		return ast.ObjectTerm(
			[2]*ast.Term{c.str(Marker), c.str("ref")},
			[2]*ast.Term{c.str("node"), c.str(string(r.Node))},
			[2]*ast.Term{c.str("attr"), c.str(r.Attr)},
			[2]*ast.Term{c.str("pseudo"), c.str(r.Pseudo)},
		)
	case graph.KindConcat:
		parts := make([]*ast.Term, len(v.Parts))
		for i, p := range v.Parts {
			parts[i] = c.valueTerm(p)
		}
		return ast.ObjectTerm(
			[2]*ast.Term{c.str(Marker), c.str("concat")},
			[2]*ast.Term{c.str("parts"), ast.ArrayTerm(parts...)},
		)
	case graph.KindChoice:
		alts := make([]*ast.Term, len(v.Alts))
		for i, a := range v.Alts {
			alts[i] = c.valueTerm(a)
		}
		return ast.ObjectTerm(
			[2]*ast.Term{c.str(Marker), c.str("choice")},
			[2]*ast.Term{c.str("alts"), ast.ArrayTerm(alts...)},
		)
	}
	return ast.ObjectTerm(
		[2]*ast.Term{c.str(Marker), c.str("unknown")},
		[2]*ast.Term{c.str("reason"), c.str(v.Reason)},
	)
}
