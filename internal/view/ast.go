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
	c := &conv{strs: map[string]*ast.Term{}, ids: map[*ast.Term]uint32{}, cons: map[string]*ast.Term{}}
	t, err := c.toTerm(reflect.ValueOf(in))
	if err != nil {
		return nil, err
	}
	return t.Value, nil
}

var (
	viewValueType = reflect.TypeOf(&Value{})
	nodeType      = reflect.TypeOf(Node{})
)

// conv converts one document. Equal values share one term: keys, tags,
// references and whole property blocks repeat across tens of thousands of
// resources, and OPA treats terms as values that evaluation does not
// change (it interns common ones itself). Every term conv returns is
// registered with a number (ids); a composite value is looked up in cons by
// its kind and the numbers of its parts, which are shared already, so equal
// subtrees become one term without comparing them deeply. Numbers are
// shared by their text, never by numeric equality, so "1.0" stays "1.0".
type conv struct {
	strs map[string]*ast.Term
	ids  map[*ast.Term]uint32
	cons map[string]*ast.Term
	key  []byte
}

func (c *conv) str(s string) *ast.Term {
	if t, ok := c.strs[s]; ok {
		return t
	}
	t := ast.StringTerm(jsonText(s))
	c.strs[s] = t
	c.ids[t] = uint32(len(c.ids)) + 1
	return t
}

// Kinds of shared terms, the first byte of a cons key.
const (
	consNull byte = iota
	consTrue
	consFalse
	consNumber
	consArray
	consObject
)

// start begins the key of a value of kind k.
func (c *conv) start(k byte) { c.key = append(c.key[:0], k) }

// part adds a shared term to the key; it reports false for a term that
// is not shared (a resource), whose containers are not shared either.
func (c *conv) part(t *ast.Term) bool {
	id, ok := c.ids[t]
	c.key = append(c.key, byte(id), byte(id>>8), byte(id>>16), byte(id>>24))
	return ok
}

// shared returns the term registered under the current key, or registers
// the one build makes.
func (c *conv) shared(build func() *ast.Term) *ast.Term {
	if t, ok := c.cons[string(c.key)]; ok {
		return t
	}
	t := build()
	c.cons[string(c.key)] = t
	c.ids[t] = uint32(len(c.ids)) + 1
	return t
}

func (c *conv) null() *ast.Term {
	c.start(consNull)
	return c.shared(ast.NullTerm)
}

func (c *conv) boolean(b bool) *ast.Term {
	if b {
		c.start(consTrue)
	} else {
		c.start(consFalse)
	}
	return c.shared(func() *ast.Term { return ast.BooleanTerm(b) })
}

func (c *conv) number(text string) *ast.Term {
	c.start(consNumber)
	c.key = append(c.key, text...)
	return c.shared(func() *ast.Term { return ast.NumberTerm(json.Number(text)) })
}

func (c *conv) array(elems []*ast.Term) *ast.Term {
	c.start(consArray)
	for _, e := range elems {
		if !c.part(e) {
			return ast.ArrayTerm(elems...)
		}
	}
	return c.shared(func() *ast.Term { return ast.ArrayTerm(elems...) })
}

func (c *conv) object(pairs ...[2]*ast.Term) *ast.Term {
	c.start(consObject)
	for _, p := range pairs {
		if !c.part(p[0]) || !c.part(p[1]) {
			return ast.ObjectTerm(pairs...)
		}
	}
	return c.shared(func() *ast.Term { return ast.ObjectTerm(pairs...) })
}

func (c *conv) toTerm(v reflect.Value) (*ast.Term, error) {
	if v.Type() == viewValueType {
		if v.IsNil() {
			return c.null(), nil
		}
		return c.valueTerm(v.Interface().(*Value).v), nil
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return c.null(), nil
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
		if t == nodeType {
			// Every resource is different (its id): looking it up would
			// only fill the table.
			return ast.ObjectTerm(pairs...), nil
		}
		return c.object(pairs...), nil
	case reflect.Slice:
		if v.IsNil() {
			return c.null(), nil
		}
		elems := make([]*ast.Term, v.Len())
		for i := range elems {
			x, err := c.toTerm(v.Index(i))
			if err != nil {
				return nil, err
			}
			elems[i] = x
		}
		return c.array(elems), nil
	case reflect.String:
		return c.str(v.String()), nil
	case reflect.Bool:
		return c.boolean(v.Bool()), nil
	case reflect.Int, reflect.Int64, reflect.Int32:
		return c.number(strconv.FormatInt(v.Int(), 10)), nil
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
		return c.null()
	}
	switch v.Kind {
	case graph.KindNull:
		return c.null()
	case graph.KindBool:
		return c.boolean(v.Bool)
	case graph.KindNumber:
		switch {
		case jsonNumber.MatchString(v.Str):
			return c.number(v.Str)
		case !math.IsNaN(v.Number()) && !math.IsInf(v.Number(), 0):
			return c.number(strconv.FormatFloat(v.Number(), 'g', -1, 64))
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
		return c.array(elems)
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
		return c.object(pairs...)
	case graph.KindRef:
		r := v.Ref
		if r == nil {
			r = &graph.Ref{}
		}
		return c.object(
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
		return c.object(
			[2]*ast.Term{c.str(Marker), c.str("concat")},
			[2]*ast.Term{c.str("parts"), c.array(parts)},
		)
	case graph.KindChoice:
		alts := make([]*ast.Term, len(v.Alts))
		for i, a := range v.Alts {
			alts[i] = c.valueTerm(a)
		}
		return c.object(
			[2]*ast.Term{c.str(Marker), c.str("choice")},
			[2]*ast.Term{c.str("alts"), c.array(alts)},
		)
	}
	return c.object(
		[2]*ast.Term{c.str(Marker), c.str("unknown")},
		[2]*ast.Term{c.str("reason"), c.str(v.Reason)},
	)
}
