package graph

import (
	"math"
	"strconv"
	"strings"

	"github.com/papilint/papilint/internal/source"
)

// Provenance says where a value came from. Rules use it to decide how sure
// they may be: a literal can justify an error, a parameter default at most a
// warning, and an unknown value nothing at all.
type Provenance uint8

const (
	// Literal: written in the source as it is.
	Literal Provenance = iota + 1
	// Default: taken from a parameter or variable default, or a default the
	// user could override at deploy time.
	Default
	// Derived: computed from other known values (Fn::Sub, Fn::Join, a Ref to
	// a literal property, a condition that could be decided).
	Derived
	// Unknown: cannot be known before deploy (a parameter without default, an
	// import, a data source, an attribute of a resource that does not exist
	// yet).
	Unknown
)

func (p Provenance) String() string {
	switch p {
	case Literal:
		return "literal"
	case Default:
		return "default"
	case Derived:
		return "derived"
	case Unknown:
		return "unknown"
	}
	return "invalid"
}

// ValueKind is the shape of a value.
type ValueKind uint8

const (
	KindNull ValueKind = iota + 1
	KindBool
	KindNumber
	KindString
	KindList
	KindMap
	// KindRef is an attribute of another resource (or a pseudo parameter)
	// whose concrete value is only known at deploy time, but whose identity
	// is known: "the id of endpoint ApiVpce".
	KindRef
	// KindConcat is a string built from parts some of which are not known
	// (Fn::Sub "com.amazonaws.${AWS::Region}.execute-api").
	KindConcat
	// KindChoice is one of several alternatives, from a condition that could
	// not be decided (Fn::If on a parameter without default).
	KindChoice
	// KindUnknown is a value nothing is known about.
	KindUnknown
)

func (k ValueKind) String() string {
	return [...]string{"invalid", "null", "bool", "number", "string", "list", "map", "ref", "concat", "choice", "unknown"}[k]
}

// Value is a property value in the graph, with its source range and
// provenance. A nil *Value means the property is absent; every method accepts
// a nil receiver and treats it as absent.
type Value struct {
	Kind  ValueKind
	Prov  Provenance
	Bool  bool         // KindBool
	Range source.Range // where the value is written; for derived values, where it is used

	// Str is the text of a KindString, and the number as written for a
	// KindNumber (Number gives its value; it is not stored, which keeps a
	// Value in a smaller allocation class).
	Str    string
	List   []*Value
	Fields []*Field
	Parts  []*Value // KindConcat
	Alts   []*Value // KindChoice

	// Ref names the resource attribute the value stands for. It is set on
	// KindRef values, and also on known values obtained through a reference
	// (a Ref to a stage resolves to the stage's name and remembers the stage).
	Ref *Ref
	// Param names the parameter or variable the value came from, if any.
	Param string
	// Origin is where the value was defined when that is not where it is
	// used (the parameter's Default, the variable's default).
	Origin source.Range
	// Reason says why a value is unknown, for "could not verify" notes.
	Reason string
}

// Field is one entry of a map value.
type Field struct {
	Key      string
	KeyRange source.Range
	Value    *Value
}

// Ref identifies a resource attribute or a pseudo parameter.
type Ref struct {
	Node NodeID // the resource; empty for pseudo parameters
	// Attr is the attribute in CloudFormation's vocabulary: "Ref" for what
	// Ref returns, otherwise the Fn::GetAtt name ("NetworkInterfaceIds",
	// "DNSName"). The Terraform loader maps its attribute names onto these.
	Attr   string
	Pseudo string // "AWS::Region", "AWS::AccountId", ... when Node is empty
}

func (r *Ref) String() string {
	if r == nil {
		return ""
	}
	if r.Node == "" {
		return r.Pseudo
	}
	if r.Attr == "" || r.Attr == "Ref" {
		return string(r.Node)
	}
	return string(r.Node) + "." + r.Attr
}

// Same reports whether two refs name the same thing.
func (r *Ref) Same(o *Ref) bool {
	if r == nil || o == nil {
		return false
	}
	return r.Node == o.Node && r.Attr == o.Attr && r.Pseudo == o.Pseudo
}

// Constructors used by loaders.

func NewString(s string, p Provenance, r source.Range) *Value {
	return &Value{Kind: KindString, Str: s, Prov: p, Range: r}
}

func NewNumber(text string, p Provenance, r source.Range) *Value {
	return &Value{Kind: KindNumber, Str: text, Prov: p, Range: r}
}

// Number is the value of a KindNumber: its text read as a float64, or NaN
// when the text is not a number Go can read.
func (v *Value) Number() float64 {
	n, err := strconv.ParseFloat(v.Str, 64)
	if err != nil {
		return math.NaN()
	}
	return n
}

func NewBool(b bool, p Provenance, r source.Range) *Value {
	return &Value{Kind: KindBool, Bool: b, Prov: p, Range: r}
}

func NewNull(p Provenance, r source.Range) *Value { return &Value{Kind: KindNull, Prov: p, Range: r} }

func NewUnknown(reason string, r source.Range) *Value {
	return &Value{Kind: KindUnknown, Prov: Unknown, Reason: reason, Range: r}
}

func NewRef(ref *Ref, r source.Range) *Value {
	return &Value{Kind: KindRef, Prov: Unknown, Ref: ref, Range: r, Reason: "the value of " + ref.String() + " is known only at deploy time"}
}

// Get returns the field k of a map value, or nil.
func (v *Value) Get(k string) *Value {
	if f := v.Field(k); f != nil {
		return f.Value
	}
	return nil
}

// Field returns the field k of a map value, or nil.
func (v *Value) Field(k string) *Field {
	if v == nil || v.Kind != KindMap {
		return nil
	}
	for _, f := range v.Fields {
		if f.Key == k {
			return f
		}
	}
	return nil
}

// Path follows map keys; an integer-looking key indexes a list.
func (v *Value) Path(keys ...string) *Value {
	for _, k := range keys {
		if v == nil {
			return nil
		}
		if v.Kind == KindList {
			i, err := strconv.Atoi(k)
			if err != nil || i < 0 || i >= len(v.List) {
				return nil
			}
			v = v.List[i]
			continue
		}
		v = v.Get(k)
	}
	return v
}

// IsAbsent reports whether the property is missing (nil or an explicit null
// from AWS::NoValue).
func (v *Value) IsAbsent() bool { return v == nil || v.Kind == KindNull }

// IsKnown reports whether the value and everything in it is known.
func (v *Value) IsKnown() bool {
	if v == nil {
		return true
	}
	switch v.Kind {
	case KindRef, KindConcat, KindChoice, KindUnknown:
		return false
	case KindList:
		for _, e := range v.List {
			if !e.IsKnown() {
				return false
			}
		}
	case KindMap:
		for _, f := range v.Fields {
			if !f.Value.IsKnown() {
				return false
			}
		}
	}
	return true
}

// String returns a known scalar as a string: strings as they are, numbers
// as written, booleans as "true"/"false".
func (v *Value) String() (string, bool) {
	if v == nil {
		return "", false
	}
	switch v.Kind {
	case KindString, KindNumber:
		return v.Str, true
	case KindBool:
		return strconv.FormatBool(v.Bool), true
	}
	return "", false
}

// Int returns a known integer, accepting numbers and numeric strings
// (CloudFormation accepts both for integer properties).
func (v *Value) Int() (int, bool) {
	s, ok := v.String()
	if !ok || v.Kind == KindBool {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0, false
	}
	return n, true
}

// BoolValue returns a known boolean, accepting "true"/"false" strings in any
// case (CloudFormation does).
func (v *Value) BoolValue() (bool, bool) {
	if v == nil {
		return false, false
	}
	switch v.Kind {
	case KindBool:
		return v.Bool, true
	case KindString:
		switch strings.ToLower(v.Str) {
		case "true":
			return true, true
		case "false":
			return false, true
		}
	}
	return false, false
}

// Strings returns the elements of a list of known scalars. It accepts a
// single scalar as a list of one (some properties allow both). ok is false
// when the value is not a list or any element is unknown.
func (v *Value) Strings() ([]string, bool) {
	if v == nil {
		return nil, false
	}
	if s, ok := v.String(); ok {
		return []string{s}, true
	}
	if v.Kind != KindList {
		return nil, false
	}
	out := make([]string, 0, len(v.List))
	for _, e := range v.List {
		s, ok := e.String()
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

// Branches returns the alternatives a value may take: its Choice
// alternatives, flattened, or the value itself. Rules that must fire only
// when every branch is wrong iterate over these.
func (v *Value) Branches() []*Value {
	if v == nil || v.Kind != KindChoice {
		return []*Value{v}
	}
	var out []*Value
	for _, a := range v.Alts {
		out = append(out, a.Branches()...)
	}
	return out
}

// Affix returns the known leading and trailing text of a string or concat
// value: for "com.amazonaws.${AWS::Region}.execute-api" it returns
// "com.amazonaws." and ".execute-api". For a known string both are the
// whole string and full is true.
func (v *Value) Affix() (prefix, suffix string, full bool) {
	if v == nil {
		return "", "", false
	}
	if s, ok := v.String(); ok {
		return s, s, true
	}
	if v.Kind != KindConcat {
		return "", "", false
	}
	i := 0
	for ; i < len(v.Parts); i++ {
		s, ok := v.Parts[i].String()
		if !ok {
			break
		}
		prefix += s
	}
	j := len(v.Parts) - 1
	for ; j > i; j-- {
		s, ok := v.Parts[j].String()
		if !ok {
			break
		}
		suffix = s + suffix
	}
	return prefix, suffix, false
}

// Walk calls fn for v and every value inside it, depth first.
func (v *Value) Walk(fn func(*Value)) {
	if v == nil {
		return
	}
	fn(v)
	for _, e := range v.List {
		e.Walk(fn)
	}
	for _, f := range v.Fields {
		f.Value.Walk(fn)
	}
	for _, p := range v.Parts {
		p.Walk(fn)
	}
	for _, a := range v.Alts {
		a.Walk(fn)
	}
}

// Display renders a value for messages: known scalars as they are, lists in
// brackets, references by name.
func (v *Value) Display() string {
	if v == nil {
		return "(absent)"
	}
	switch v.Kind {
	case KindNull:
		return "null"
	case KindString, KindNumber:
		return v.Str
	case KindBool:
		return strconv.FormatBool(v.Bool)
	case KindList:
		parts := make([]string, len(v.List))
		for i, e := range v.List {
			parts[i] = e.Display()
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case KindMap:
		return "{…}"
	case KindRef:
		return "<" + v.Ref.String() + ">"
	case KindConcat:
		var b strings.Builder
		for _, p := range v.Parts {
			if s, ok := p.String(); ok {
				b.WriteString(s)
			} else {
				b.WriteString("${" + p.Display() + "}")
			}
		}
		return b.String()
	case KindChoice:
		parts := make([]string, len(v.Alts))
		for i, a := range v.Alts {
			parts[i] = a.Display()
		}
		return "one of (" + strings.Join(parts, " | ") + ")"
	}
	return "<unknown>"
}
