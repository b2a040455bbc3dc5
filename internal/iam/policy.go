// Package iam reads IAM resource policies (the API Gateway resource policy,
// the policy of a private custom domain) into a typed model and evaluates
// them for the requests the private-API rules care about: anonymous
// execute-api:Invoke calls arriving through a VPC endpoint.
//
// Values inside a policy stay graph Values, so a rule can point at the
// statement, the Effect or the condition value it talks about, and so
// references, partly known strings and Fn::If alternatives survive: the
// evaluator compares a reference with the same reference, treats a partly
// known string as undecidable where it matters, and tries every Fn::If
// alternative.
package iam

import (
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/source"
)

// Problem is something wrong in a policy, or something Parse could not
// read. Range points at the value concerned.
type Problem struct {
	Range   source.Range
	Message string
}

func (p Problem) String() string { return p.Range.String() + ": " + p.Message }

// Policy is a parsed resource policy.
type Policy struct {
	// Value is the value Parse was given (a map, a JSON string or a
	// concat).
	Value *graph.Value
	// Doc is the policy document as a map value. For a policy given as JSON
	// text it is built from the text: every value in it has the range of
	// the text, except the unknown parts of a concat, which keep their own.
	Doc *graph.Value
	// Version is the Version element, if any.
	Version *graph.Value
	// Statements in policy order. Statements under an Fn::If alternative
	// appear once per alternative, with When saying which.
	Statements []*Statement
}

// Effect is a statement's effect.
type Effect uint8

const (
	// EffectInvalid: missing or not one of "Allow"/"Deny" (IAM rejects the
	// policy). Invalid statements are left out of evaluation.
	EffectInvalid Effect = iota
	EffectAllow
	EffectDeny
	// EffectUnknown: not known before deploy, or different in different
	// Fn::If alternatives.
	EffectUnknown
)

func (e Effect) String() string {
	return [...]string{"invalid", "Allow", "Deny", "unknown"}[e]
}

// Statement is one policy statement.
type Statement struct {
	// Value is the statement as written; rules point at Value.Range.
	Value *graph.Value
	// Index is the statement's position in Policy.Statements.
	Index int
	Sid   string
	// Effect is the effect when it is the same in every Fn::If alternative;
	// EffectValue is the Effect element as written.
	Effect      Effect
	EffectValue *graph.Value
	// Principal holds the Principal or NotPrincipal element (nil if
	// neither is given).
	Principal *Principal
	// Action holds Action or NotAction, Resource holds Resource or
	// NotResource (nil if neither is given).
	Action   *Items
	Resource *Items
	// Conditions lists every operator/key pair of the Condition element;
	// ConditionValue is the element as written.
	Conditions     []*Condition
	ConditionValue *graph.Value
	// When lists the Fn::If alternatives under which the statement exists;
	// empty means always.
	When []Guard
	// Opaque is set when the statement itself is not known before deploy
	// (a reference or an unknown value in the Statement list). Evaluation
	// treats it as a statement that may allow or deny anything.
	Opaque bool
}

// Label names the statement in messages: its Sid, or its position.
func (s *Statement) Label() string {
	if s.Sid != "" {
		return strconv.Quote(s.Sid)
	}
	return fmt.Sprintf("#%d", s.Index+1)
}

// Guard says "when the Fn::If value Choice takes its alternative Alt".
type Guard struct {
	Choice *graph.Value
	Alt    int
}

// PrincipalKind says whom a Principal element names.
type PrincipalKind uint8

const (
	// PrincipalSpecific: named principals only (accounts, roles,
	// services), never the anonymous caller.
	PrincipalSpecific PrincipalKind = iota + 1
	// PrincipalAnonymous: everyone, the anonymous caller included: "*",
	// {"AWS":"*"} or {"AWS":["*", ...]}.
	PrincipalAnonymous
	// PrincipalUnknown: not known before deploy, or different in different
	// Fn::If alternatives.
	PrincipalUnknown
)

func (k PrincipalKind) String() string {
	return [...]string{"invalid", "specific", "anonymous", "unknown"}[k]
}

// Principal is a Principal or NotPrincipal element.
type Principal struct {
	Value *graph.Value
	Not   bool // NotPrincipal
	Kind  PrincipalKind
}

// Items is an element holding one string or a list of strings: Action,
// NotAction, Resource or NotResource.
type Items struct {
	Value *graph.Value // as written
	Not   bool         // NotAction / NotResource
	// List holds the elements as written; a single string is a list of
	// one. Elements may be references, concats or Fn::If values.
	List []*graph.Value
}

// SetOperator is the ForAnyValue:/ForAllValues: qualifier of a condition.
type SetOperator uint8

const (
	SetNone SetOperator = iota
	ForAnyValue
	ForAllValues
)

// Condition is one operator/key pair of a Condition element, such as
// "StringNotEquals": {"aws:SourceVpce": ["vpce-1", "vpce-2"]}.
type Condition struct {
	Statement *Statement
	// Operator is the operator as written, qualifiers included
	// ("ForAnyValue:StringLikeIfExists").
	Operator string
	// Base is the operator without qualifiers, spelled canonically when it
	// is one the evaluator supports (StringEquals, StringNotEquals,
	// StringEqualsIgnoreCase, StringNotEqualsIgnoreCase, StringLike,
	// StringNotLike, Null); Supported says whether it is.
	Base      string
	Supported bool
	Set       SetOperator
	IfExists  bool
	// Key is the condition key as written; KeyRange is where.
	Key      string
	KeyRange source.Range
	// Value is the value as written; Values its elements (a single value is
	// a list of one).
	Value  *graph.Value
	Values []*graph.Value
	// When lists the Fn::If alternatives under which the condition exists,
	// beyond those of its statement.
	When []Guard
}

// Condition keys the evaluator understands.
const (
	KeySourceVpce = "aws:SourceVpce"
	KeySourceVpc  = "aws:SourceVpc"
)

// CanonicalKey returns aws:SourceVpce or aws:SourceVpc for those keys in any
// case, and the key in lower case otherwise (IAM key names are
// case-insensitive).
func (c *Condition) CanonicalKey() string {
	switch k := strings.ToLower(c.Key); k {
	case "aws:sourcevpce":
		return KeySourceVpce
	case "aws:sourcevpc":
		return KeySourceVpc
	default:
		return k
	}
}

// IsVPCKey reports whether the key is aws:SourceVpce or aws:SourceVpc.
func (c *Condition) IsVPCKey() bool {
	k := c.CanonicalKey()
	return k == KeySourceVpce || k == KeySourceVpc
}

// Negated reports whether the operator is a supported negated string
// operator (StringNotEquals, StringNotEqualsIgnoreCase, StringNotLike).
func (c *Condition) Negated() bool {
	return c.Supported && strings.HasPrefix(c.Base, "StringNot")
}

// Positive reports whether the operator is a supported positive string
// operator (StringEquals, StringEqualsIgnoreCase, StringLike).
func (c *Condition) Positive() bool {
	return c.Supported && strings.HasPrefix(c.Base, "String") && !c.Negated()
}

func (c *Condition) like() bool       { return strings.HasSuffix(c.Base, "Like") }
func (c *Condition) ignoreCase() bool { return strings.HasSuffix(c.Base, "IgnoreCase") }

var supportedOperators = []string{
	"StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase",
	"StringLike", "StringNotLike", "Null",
}

// parseOperator splits "ForAllValues:StringNotEqualsIfExists" into its
// parts. Operator names are matched without regard to case.
func parseOperator(op string) (base string, supported bool, set SetOperator, ifExists bool) {
	base = op
	if i := strings.IndexByte(base, ':'); i >= 0 {
		switch strings.ToLower(base[:i]) {
		case "foranyvalue":
			set = ForAnyValue
		case "forallvalues":
			set = ForAllValues
		default:
			return op, false, SetNone, false
		}
		base = base[i+1:]
	}
	if len(base) > len("IfExists") && strings.EqualFold(base[len(base)-len("IfExists"):], "IfExists") {
		ifExists = true
		base = base[:len(base)-len("IfExists")]
	}
	for _, s := range supportedOperators {
		if strings.EqualFold(base, s) {
			return s, !(s == "Null" && (ifExists || set != SetNone)), set, ifExists
		}
	}
	return base, false, set, ifExists
}

// Parse reads a resource policy: a map, a JSON string, or a concat of JSON
// text with unknown parts (Fn::Sub / Fn::Join). It returns the policy and
// the problems found; the policy is nil when the value is absent or not
// known before deploy (a reference, an unknown value, an Fn::If between
// whole policies).
func Parse(v *graph.Value) (*Policy, []Problem) {
	p := &parser{}
	doc := p.document(v)
	if doc == nil {
		return nil, p.problems
	}
	pol := &Policy{Value: v, Doc: doc}
	for _, f := range doc.Fields {
		switch f.Key {
		case "Version":
			pol.Version = f.Value
			if s, ok := f.Value.String(); ok && f.Value.Kind == graph.KindString && s != "2012-10-17" && s != "2008-10-17" {
				p.problem(f.Value, "Version %q is not a policy language version (use \"2012-10-17\")", s)
			}
		case "Id", "Statement":
		default:
			p.problem(f.Value, "unknown policy element %q", f.Key)
		}
	}
	st := doc.Field("Statement")
	if st == nil {
		p.problem(doc, "the policy has no Statement")
	} else {
		p.statements(st.Value, nil)
	}
	pol.Statements = p.stmts
	return pol, p.problems
}

type parser struct {
	problems []Problem
	stmts    []*Statement
}

func (p *parser) problem(v *graph.Value, format string, args ...any) {
	var r source.Range
	if v != nil {
		r = v.Range
	}
	p.problems = append(p.problems, Problem{Range: r, Message: fmt.Sprintf(format, args...)})
}

// document returns the policy document as a map value, or nil.
func (p *parser) document(v *graph.Value) *graph.Value {
	if v.IsAbsent() {
		p.problem(v, "there is no policy")
		return nil
	}
	var doc *graph.Value
	switch v.Kind {
	case graph.KindMap:
		return v
	case graph.KindString:
		doc = p.fromJSON(v, v.Str, nil)
	case graph.KindConcat:
		doc = p.fromConcat(v)
	case graph.KindRef, graph.KindUnknown, graph.KindChoice:
		msg := "the policy is not known before deploy"
		if v.Kind == graph.KindChoice {
			msg += ": it depends on an Fn::If condition"
		} else if v.Reason != "" {
			msg += ": " + v.Reason
		}
		p.problem(v, "%s", msg)
		return nil
	default:
		p.problem(v, "the policy must be an object or a JSON string, not a %s", v.Kind)
		return nil
	}
	if doc != nil && doc.Kind != graph.KindMap {
		p.problem(v, "the policy JSON must be an object")
		return nil
	}
	return doc
}

// placeholder marks unknown parts of a concat in the JSON text handed to the
// decoder; the number after the base indexes the part.
type placeholder struct {
	base  string
	re    *regexp.Regexp
	parts []*graph.Value
}

// fromConcat parses JSON text with unknown parts: each unknown part is
// replaced by a placeholder, the text is decoded, and placeholders are
// mapped back to the parts.
func (p *parser) fromConcat(v *graph.Value) *graph.Value {
	var known strings.Builder
	for _, part := range v.Parts {
		if s, ok := part.String(); ok {
			known.WriteString(s)
		}
	}
	ph := &placeholder{base: "papilint-part-"}
	for strings.Contains(known.String(), ph.base) {
		ph.base += "x"
	}
	ph.re = regexp.MustCompile(regexp.QuoteMeta(ph.base) + `(\d+)~`)

	var text strings.Builder
	inString, escaped := false, false
	for _, part := range v.Parts {
		if s, ok := part.String(); ok {
			text.WriteString(s)
			for i := 0; i < len(s); i++ {
				switch {
				case escaped:
					escaped = false
				case inString && s[i] == '\\':
					escaped = true
				case s[i] == '"':
					inString = !inString
				}
			}
			continue
		}
		name := fmt.Sprintf("%s%d~", ph.base, len(ph.parts))
		ph.parts = append(ph.parts, part)
		if inString {
			text.WriteString(name)
		} else {
			// A part standing for a whole JSON value: make it a string the
			// decoder accepts; it maps back to the part itself.
			text.WriteString(`"` + name + `"`)
		}
	}
	return p.fromJSON(v, text.String(), ph)
}

// fromJSON decodes JSON text into graph values carrying the range and
// provenance of v. Key order is kept.
func (p *parser) fromJSON(v *graph.Value, text string, ph *placeholder) *graph.Value {
	d := &jsonDecoder{dec: json.NewDecoder(strings.NewReader(text)), from: v, ph: ph}
	d.dec.UseNumber()
	doc, err := d.value()
	if err == nil {
		if _, extra := d.dec.Token(); extra != io.EOF {
			err = fmt.Errorf("unexpected text after the policy object")
		}
	}
	if err != nil {
		p.problem(v, "the policy is not valid JSON: %v", err)
		return nil
	}
	return doc
}

type jsonDecoder struct {
	dec  *json.Decoder
	from *graph.Value
	ph   *placeholder
}

func (d *jsonDecoder) value() (*graph.Value, error) {
	t, err := d.dec.Token()
	if err != nil {
		return nil, err
	}
	prov, r := d.from.Prov, d.from.Range
	switch t := t.(type) {
	case json.Delim:
		if t == '{' {
			m := &graph.Value{Kind: graph.KindMap, Prov: prov, Range: r}
			for d.dec.More() {
				kt, err := d.dec.Token()
				if err != nil {
					return nil, err
				}
				val, err := d.value()
				if err != nil {
					return nil, err
				}
				m.Fields = append(m.Fields, &graph.Field{Key: d.key(kt.(string)), KeyRange: r, Value: val})
			}
			_, err := d.dec.Token() // '}'
			return m, err
		}
		l := &graph.Value{Kind: graph.KindList, Prov: prov, Range: r}
		for d.dec.More() {
			e, err := d.value()
			if err != nil {
				return nil, err
			}
			l.List = append(l.List, e)
		}
		_, err := d.dec.Token() // ']'
		return l, err
	case string:
		return d.str(t), nil
	case json.Number:
		return graph.NewNumber(t.String(), prov, r), nil
	case bool:
		return graph.NewBool(t, prov, r), nil
	}
	return graph.NewNull(prov, r), nil
}

// str maps a decoded string back: plain text stays a string, a string that
// is exactly one placeholder becomes the unknown part, and a string with
// placeholders inside becomes a concat.
func (d *jsonDecoder) str(s string) *graph.Value {
	text := func(s string) *graph.Value { return graph.NewString(s, d.from.Prov, d.from.Range) }
	if d.ph == nil {
		return text(s)
	}
	locs := d.ph.re.FindAllStringSubmatchIndex(s, -1)
	if len(locs) == 0 {
		return text(s)
	}
	part := func(loc []int) *graph.Value {
		i, _ := strconv.Atoi(s[loc[2]:loc[3]])
		return d.ph.parts[i]
	}
	if len(locs) == 1 && locs[0][0] == 0 && locs[0][1] == len(s) {
		return part(locs[0])
	}
	c := &graph.Value{Kind: graph.KindConcat, Prov: d.from.Prov, Range: d.from.Range}
	last := 0
	for _, loc := range locs {
		if loc[0] > last {
			c.Parts = append(c.Parts, text(s[last:loc[0]]))
		}
		c.Parts = append(c.Parts, part(loc))
		last = loc[1]
	}
	if last < len(s) {
		c.Parts = append(c.Parts, text(s[last:]))
	}
	return c
}

// key renders placeholders in a map key as ${...}.
func (d *jsonDecoder) key(s string) string {
	if d.ph == nil {
		return s
	}
	return d.ph.re.ReplaceAllStringFunc(s, func(m string) string {
		i, _ := strconv.Atoi(d.ph.re.FindStringSubmatch(m)[1])
		return "${" + d.ph.parts[i].Display() + "}"
	})
}

// with returns guards plus g, without sharing storage with guards.
func with(guards []Guard, g Guard) []Guard {
	out := make([]Guard, len(guards), len(guards)+1)
	copy(out, guards)
	return append(out, g)
}

// statements reads the Statement element: a list, one statement, or an
// Fn::If between them.
func (p *parser) statements(v *graph.Value, when []Guard) {
	switch {
	case v.IsAbsent():
	case v.Kind == graph.KindChoice:
		for i, alt := range v.Alts {
			p.statements(alt, with(when, Guard{v, i}))
		}
	case v.Kind == graph.KindList:
		for _, e := range v.List {
			p.statement(e, when)
		}
	default:
		p.statement(v, when)
	}
}

func (p *parser) add(s *Statement) {
	s.Index = len(p.stmts)
	p.stmts = append(p.stmts, s)
}

func (p *parser) statement(v *graph.Value, when []Guard) {
	switch {
	case v.IsAbsent(): // AWS::NoValue
		return
	case v.Kind == graph.KindChoice:
		for i, alt := range v.Alts {
			p.statement(alt, with(when, Guard{v, i}))
		}
		return
	case v.Kind == graph.KindRef || v.Kind == graph.KindUnknown || v.Kind == graph.KindConcat:
		p.problem(v, "a statement is not known before deploy; the policy cannot be fully checked")
		p.add(&Statement{Value: v, When: when, Effect: EffectUnknown, Opaque: true})
		return
	case v.Kind != graph.KindMap:
		p.problem(v, "a statement must be an object, not a %s", v.Kind)
		return
	}
	s := &Statement{Value: v, When: when, Index: len(p.stmts)}
	for _, f := range v.Fields {
		switch f.Key {
		case "Sid":
			s.Sid, _ = f.Value.String()
		case "Effect":
			s.EffectValue = f.Value
		case "Principal", "NotPrincipal":
			if s.Principal != nil {
				p.problem(f.Value, "a statement may have Principal or NotPrincipal, not both")
				continue
			}
			s.Principal = &Principal{Value: f.Value, Not: f.Key == "NotPrincipal"}
			s.Principal.Kind = principalKind(f.Value)
		case "Action", "NotAction":
			if s.Action != nil {
				p.problem(f.Value, "a statement may have Action or NotAction, not both")
				continue
			}
			s.Action = items(f.Key == "NotAction", f.Value)
		case "Resource", "NotResource":
			if s.Resource != nil {
				p.problem(f.Value, "a statement may have Resource or NotResource, not both")
				continue
			}
			s.Resource = items(f.Key == "NotResource", f.Value)
		case "Condition":
			s.ConditionValue = f.Value
			p.conditions(s, f.Value, nil)
		default:
			p.problem(f.Value, "unknown statement element %q", f.Key)
		}
	}
	s.Effect = p.effect(s.EffectValue, v)
	if s.Principal == nil {
		p.problem(v, "statement %s has no Principal (a resource policy statement needs one)", s.Label())
	}
	if s.Action == nil {
		p.problem(v, "statement %s has neither Action nor NotAction", s.Label())
	}
	if s.Resource == nil {
		p.problem(v, "statement %s has neither Resource nor NotResource", s.Label())
	}
	p.add(s)
}

// effect classifies the Effect element and reports invalid spellings in
// every alternative.
func (p *parser) effect(v, stmt *graph.Value) Effect {
	if v == nil {
		p.problem(stmt, "the statement has no Effect")
		return EffectInvalid
	}
	var out Effect
	for i, b := range v.Branches() {
		e := effectOf(b)
		if e == EffectInvalid {
			if s, ok := b.String(); ok {
				p.problem(b, "Effect %q is not valid: IAM accepts only \"Allow\" or \"Deny\" (case-sensitive)", s)
			} else {
				p.problem(b, "Effect must be \"Allow\" or \"Deny\"")
			}
		}
		if i == 0 {
			out = e
		} else if e != out {
			out = EffectUnknown
		}
	}
	return out
}

// effectOf classifies an Effect value that is not an Fn::If.
func effectOf(v *graph.Value) Effect {
	if v == nil {
		return EffectInvalid
	}
	switch v.Kind {
	case graph.KindString:
		switch v.Str {
		case "Allow":
			return EffectAllow
		case "Deny":
			return EffectDeny
		}
	case graph.KindRef, graph.KindConcat, graph.KindUnknown, graph.KindChoice:
		return EffectUnknown
	}
	return EffectInvalid
}

func items(not bool, v *graph.Value) *Items {
	it := &Items{Value: v, Not: not}
	if v != nil && v.Kind == graph.KindList {
		it.List = v.List
	} else if !v.IsAbsent() {
		it.List = []*graph.Value{v}
	}
	return it
}

// principalKind classifies a Principal value over all its Fn::If
// alternatives.
func principalKind(v *graph.Value) PrincipalKind {
	var out tri
	first := true
	explore(func(c *chooser) {
		t := (&evaluator{c: c}).anonymous(v, true)
		if first {
			out, first = t, false
		} else if t != out {
			out = maybe
		}
	})
	switch out {
	case yes:
		return PrincipalAnonymous
	case no:
		return PrincipalSpecific
	}
	return PrincipalUnknown
}

// conditions reads a Condition element: operator → key → values.
func (p *parser) conditions(s *Statement, v *graph.Value, when []Guard) {
	switch {
	case v.IsAbsent():
	case v.Kind == graph.KindChoice:
		for i, alt := range v.Alts {
			p.conditions(s, alt, with(when, Guard{v, i}))
		}
	case v.Kind == graph.KindMap:
		for _, f := range v.Fields {
			p.operator(s, f.Key, f.Value, when)
		}
	default:
		p.unreadable(s, v, when, "Condition")
	}
}

func (p *parser) operator(s *Statement, op string, v *graph.Value, when []Guard) {
	switch {
	case v.IsAbsent():
	case v.Kind == graph.KindChoice:
		for i, alt := range v.Alts {
			p.operator(s, op, alt, with(when, Guard{v, i}))
		}
	case v.Kind == graph.KindMap:
		for _, f := range v.Fields {
			c := &Condition{Statement: s, Operator: op, Key: f.Key, KeyRange: f.KeyRange, Value: f.Value, When: when}
			c.Base, c.Supported, c.Set, c.IfExists = parseOperator(op)
			if f.Value != nil && f.Value.Kind == graph.KindList {
				c.Values = f.Value.List
			} else if f.Value != nil {
				c.Values = []*graph.Value{f.Value}
			}
			s.Conditions = append(s.Conditions, c)
		}
	default:
		p.unreadable(s, v, when, "condition operator "+strconv.Quote(op))
	}
}

// unreadable records a condition papilint cannot read, so that evaluation
// treats the statement as undecidable instead of unconditional.
func (p *parser) unreadable(s *Statement, v *graph.Value, when []Guard, what string) {
	if v.Kind != graph.KindRef && v.Kind != graph.KindUnknown {
		p.problem(v, "%s must be an object, not a %s", what, v.Kind)
	}
	s.Conditions = append(s.Conditions, &Condition{Statement: s, Operator: what, Base: what, Value: v, When: when})
}
