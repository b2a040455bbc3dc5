package iam

import (
	"fmt"
	"strings"

	"github.com/papilint/papilint/internal/graph"
)

// ActionInvoke is the action a call to an API stage needs.
const ActionInvoke = "execute-api:Invoke"

// Request is the call a policy is asked about.
type Request struct {
	// Action defaults to execute-api:Invoke.
	Action string
	// Anonymous: the caller does not sign the request (the ALB pattern).
	// When false the caller is some IAM principal the evaluator does not
	// know, so statements naming specific principals may or may not apply.
	Anonymous bool
	// Stage is the stage the request targets; "" means any stage. The
	// request is for some method and path under it.
	Stage string
	// Method and Path, when Method is set, make the request one concrete
	// call: the resource "<Stage>/<Method>/<Path>" (Path without its
	// leading slash, "" for the root). Stage must then be set too.
	Method, Path string
	// SourceVpce and SourceVpc are the values of aws:SourceVpce and
	// aws:SourceVpc in the request context.
	SourceVpce, SourceVpc Operand
}

// OperandKind says what is known about a request context value.
type OperandKind uint8

const (
	// OperandAbsent: the key is not in the request context (the zero
	// value). API Gateway sets the VPC keys only for private APIs.
	OperandAbsent OperandKind = iota
	// OperandLiteral: a known id; Ref may be set too when the id was
	// obtained through a reference.
	OperandLiteral
	// OperandRef: an id known only by identity ("the Ref of ApiVpce").
	OperandRef
	// OperandOutsider: an endpoint or VPC in someone else's account; it
	// equals no id and no reference in the policy.
	OperandOutsider
	// OperandUnknown: present, but nothing is known about it.
	OperandUnknown
)

// Operand is a request context value: the caller's endpoint or VPC id.
type Operand struct {
	Kind    OperandKind
	Literal string
	Ref     *graph.Ref
}

// Outsider is the endpoint (or VPC) of a stranger, for asking "does the
// policy admit every endpoint?".
var Outsider = Operand{Kind: OperandOutsider}

// Lit is a known id.
func Lit(id string) Operand { return Operand{Kind: OperandLiteral, Literal: id} }

// RefTo is an id known only as the value of a reference.
func RefTo(r *graph.Ref) Operand { return Operand{Kind: OperandRef, Ref: r} }

// OperandOf describes a graph value as an operand: known strings are
// literals (keeping the reference they came through, if any), references
// are references, absent values are absent, anything else is unknown.
func OperandOf(v *graph.Value) Operand {
	switch {
	case v.IsAbsent():
		return Operand{}
	case v.Kind == graph.KindRef:
		return RefTo(v.Ref)
	}
	if s, ok := v.String(); ok {
		return Operand{Kind: OperandLiteral, Literal: s, Ref: v.Ref}
	}
	return Operand{Kind: OperandUnknown}
}

func (o Operand) String() string {
	switch o.Kind {
	case OperandLiteral:
		return o.Literal
	case OperandRef:
		return "<" + o.Ref.String() + ">"
	case OperandOutsider:
		return "an endpoint of another account"
	case OperandUnknown:
		return "an unknown value"
	}
	return "(absent)"
}

// Decision is the outcome of evaluating a policy.
type Decision uint8

const (
	// Allow: an Allow statement applies and no Deny does.
	Allow Decision = iota + 1
	// ExplicitDeny: a Deny statement applies.
	ExplicitDeny
	// ImplicitDeny: no statement applies.
	ImplicitDeny
	// Unknown: the outcome depends on something papilint cannot decide.
	Unknown
)

func (d Decision) String() string {
	return [...]string{"invalid", "Allow", "ExplicitDeny", "ImplicitDeny", "Unknown"}[d]
}

// Result is the answer of Evaluate.
type Result struct {
	Decision Decision
	// Statements are the Deny statements that apply (ExplicitDeny), the
	// Allow statements that apply (Allow), none (ImplicitDeny), or the
	// statements whose applicability could not be decided (Unknown).
	Statements []*Statement
	// Reason explains the decision in a sentence; for Unknown it names the
	// condition key, operator or value that could not be decided, for a
	// "could not verify" note.
	Reason string
	// Condition and Value point at what made the outcome Unknown, when
	// that was a condition or a value (an Fn::If for alternatives that
	// disagree).
	Condition *Condition
	Value     *graph.Value
	// Denied reports that the request is denied, explicitly or implicitly,
	// however the undecidable parts turn out; always true for ExplicitDeny
	// and ImplicitDeny.
	Denied bool
}

// tri is a three-valued truth.
type tri uint8

const (
	no tri = iota
	yes
	maybe
)

func not(t tri) tri {
	switch t {
	case yes:
		return no
	case no:
		return yes
	}
	return maybe
}

// decide is yes when sure, no when surely not, maybe otherwise.
func decide(sure, surelyNot bool) tri {
	switch {
	case sure:
		return yes
	case surelyNot:
		return no
	}
	return maybe
}

// verdict is a tri with the reason for a maybe.
type verdict struct {
	t    tri
	why  string
	cond *Condition
	val  *graph.Value
}

var (
	vYes = verdict{t: yes}
	vNo  = verdict{t: no}
)

func undecided(val *graph.Value, format string, args ...any) verdict {
	return verdict{t: maybe, why: fmt.Sprintf(format, args...), val: val}
}

// anyOf is the disjunction of f over vs.
func anyOf(vs []*graph.Value, f func(*graph.Value) verdict) verdict {
	out := vNo
	for _, v := range vs {
		r := f(v)
		if r.t == yes {
			return r
		}
		if r.t == maybe && out.t == no {
			out = r
		}
	}
	return out
}

func (v verdict) not() verdict {
	v.t = not(v.t)
	return v
}

// chooser picks one alternative of every Fn::If value met during an
// evaluation, and steps through all combinations across evaluations
// (depth first, in the order the values are met).
type chooser struct {
	trail []pick
	index map[*graph.Value]int
}

type pick struct {
	v   *graph.Value
	alt int
}

func newChooser() *chooser { return &chooser{index: map[*graph.Value]int{}} }

func (c *chooser) choose(v *graph.Value) int {
	if i, ok := c.index[v]; ok {
		return c.trail[i].alt
	}
	c.index[v] = len(c.trail)
	c.trail = append(c.trail, pick{v, 0})
	return 0
}

// resolve follows Fn::If values to the chosen alternative.
func (c *chooser) resolve(v *graph.Value) *graph.Value {
	for v != nil && v.Kind == graph.KindChoice {
		if len(v.Alts) == 0 {
			return graph.NewUnknown("an Fn::If without alternatives", v.Range)
		}
		v = v.Alts[c.choose(v)]
	}
	return v
}

// holds reports whether the chosen alternatives satisfy the guards.
func (c *chooser) holds(when []Guard) bool {
	for _, g := range when {
		if c.choose(g.Choice) != g.Alt {
			return false
		}
	}
	return true
}

// next moves to the next untried combination; false when none is left.
func (c *chooser) next() bool {
	for len(c.trail) > 0 {
		last := &c.trail[len(c.trail)-1]
		if last.alt+1 < len(last.v.Alts) {
			last.alt++
			c.index = map[*graph.Value]int{}
			for i, p := range c.trail {
				c.index[p.v] = i
			}
			return true
		}
		c.trail = c.trail[:len(c.trail)-1]
	}
	return false
}

// maxCombinations bounds the Fn::If combinations tried.
const maxCombinations = 256

// explore calls fn once per combination of Fn::If alternatives that fn
// meets. It returns false if it gave up after maxCombinations.
func explore(fn func(c *chooser)) bool {
	c := newChooser()
	for i := 0; i < maxCombinations; i++ {
		fn(c)
		if !c.next() {
			return true
		}
	}
	return false
}

// Evaluate answers whether the policy admits the request, with standard IAM
// logic: an applicable Deny wins, else an applicable Allow allows, else the
// request is implicitly denied. A statement applies when its principal,
// action, resource and all its conditions match. An Allow applies when its
// resources cover some method and path under the request's stage; a Deny
// only when they cover all of them. Fn::If alternatives are all tried; when
// they disagree the result is Unknown.
func (p *Policy) Evaluate(req Request) Result {
	if p == nil {
		return Result{Decision: Unknown, Reason: "the policy is not known"}
	}
	if req.Action == "" {
		req.Action = ActionInvoke
	}
	var results []Result
	var choices []*graph.Value
	complete := explore(func(c *chooser) {
		results = append(results, (&evaluator{c: c, req: req}).policy(p))
		for _, pk := range c.trail {
			if !containsValue(choices, pk.v) {
				choices = append(choices, pk.v)
			}
		}
	})
	if !complete {
		return Result{Decision: Unknown, Reason: "the policy has too many Fn::If alternatives to evaluate"}
	}
	return combine(results, choices)
}

func containsValue(vs []*graph.Value, v *graph.Value) bool {
	for _, e := range vs {
		if e == v {
			return true
		}
	}
	return false
}

// combine merges the results of all Fn::If combinations.
func combine(results []Result, choices []*graph.Value) Result {
	first := results[0]
	denied := true
	var decisions []string
	var stmts []*Statement
	for _, r := range results {
		denied = denied && r.Denied
		if d := r.Decision.String(); !containsString(decisions, d) {
			decisions = append(decisions, d)
		}
		for _, s := range r.Statements {
			if !containsStatement(stmts, s) {
				stmts = append(stmts, s)
			}
		}
	}
	if len(decisions) == 1 {
		return first
	}
	out := Result{
		Decision:   Unknown,
		Statements: stmts,
		Reason:     "the decision depends on which Fn::If alternative applies (" + strings.Join(decisions, " or ") + ")",
		Denied:     denied,
	}
	if len(choices) > 0 {
		out.Value = choices[0]
	}
	return out
}

func containsString(ss []string, s string) bool {
	for _, e := range ss {
		if e == s {
			return true
		}
	}
	return false
}

func containsStatement(ss []*Statement, s *Statement) bool {
	for _, e := range ss {
		if e == s {
			return true
		}
	}
	return false
}

func labels(ss []*Statement) string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.Label()
	}
	return strings.Join(out, ", ")
}

// evaluator evaluates one combination of Fn::If alternatives.
type evaluator struct {
	c   *chooser
	req Request
}

func (e *evaluator) policy(p *Policy) Result {
	var deny, denyMaybe, allow, allowMaybe []*Statement
	var whyDeny, whyAllow verdict
	for _, s := range p.Statements {
		if !e.c.holds(s.When) {
			continue
		}
		eff := e.effect(s)
		if eff == EffectInvalid {
			continue
		}
		v := e.applies(s, eff)
		if v.t == no {
			continue
		}
		if eff == EffectUnknown && v.t == yes {
			v = undecided(s.EffectValue, "statement %s: its Effect is not known before deploy", s.Label())
		}
		if eff == EffectDeny || eff == EffectUnknown {
			if v.t == yes {
				deny = append(deny, s)
			} else {
				denyMaybe = append(denyMaybe, s)
				if whyDeny.t != maybe {
					whyDeny = v
				}
			}
		}
		if eff == EffectAllow || eff == EffectUnknown {
			if v.t == yes {
				allow = append(allow, s)
			} else {
				allowMaybe = append(allowMaybe, s)
				if whyAllow.t != maybe {
					whyAllow = v
				}
			}
		}
	}
	switch {
	case len(deny) > 0:
		return Result{Decision: ExplicitDeny, Statements: deny, Reason: "denied by statement " + labels(deny), Denied: true}
	case len(denyMaybe) == 0 && len(allow) > 0:
		return Result{Decision: Allow, Statements: allow, Reason: "allowed by statement " + labels(allow)}
	case len(denyMaybe) == 0 && len(allowMaybe) == 0:
		return Result{Decision: ImplicitDeny, Reason: "no statement allows the request", Denied: true}
	}
	why := whyAllow
	if len(denyMaybe) > 0 {
		why = whyDeny
	}
	stmts := denyMaybe
	for _, s := range allowMaybe {
		if !containsStatement(stmts, s) {
			stmts = append(stmts, s)
		}
	}
	return Result{
		Decision:   Unknown,
		Statements: stmts,
		Reason:     why.why,
		Condition:  why.cond,
		Value:      why.val,
		Denied:     len(allow) == 0 && len(allowMaybe) == 0,
	}
}

// effect is the statement's effect under the chosen alternatives.
func (e *evaluator) effect(s *Statement) Effect {
	if s.Opaque {
		return EffectUnknown
	}
	return effectOf(e.c.resolve(s.EffectValue))
}

// applies decides whether a statement applies to the request.
func (e *evaluator) applies(s *Statement, eff Effect) verdict {
	if s.Opaque {
		return undecided(s.Value, "statement %s is not known before deploy", s.Label())
	}
	out := vYes
	and := func(v verdict) bool {
		if v.t == maybe && out.t == yes {
			v.why = "statement " + s.Label() + ": " + v.why
			out = v
		}
		return v.t != no
	}
	if !and(e.principal(s.Principal)) || !and(e.action(s.Action)) || !and(e.resource(s.Resource, eff == EffectDeny)) {
		return vNo
	}
	for _, c := range s.Conditions {
		if e.c.holds(c.When) && !and(e.condition(c)) {
			return vNo
		}
	}
	return out
}

// items lists the elements of a value that may be one element or a list,
// following Fn::If alternatives.
func (e *evaluator) items(v *graph.Value) []*graph.Value {
	v = e.c.resolve(v)
	if v.IsAbsent() {
		return nil
	}
	if v.Kind != graph.KindList {
		return []*graph.Value{v}
	}
	var out []*graph.Value
	for _, el := range v.List {
		out = append(out, e.items(el)...)
	}
	return out
}

// text renders a string value with unknown parts as mark; ok is false for
// values that are not strings at all (maps, lists, null).
func (e *evaluator) text(v *graph.Value) (string, bool) {
	v = e.c.resolve(v)
	if v == nil {
		return "", false
	}
	if s, ok := v.String(); ok {
		return s, true
	}
	switch v.Kind {
	case graph.KindRef, graph.KindUnknown:
		return string(mark), true
	case graph.KindConcat:
		var b strings.Builder
		for _, part := range v.Parts {
			if s, ok := e.text(part); ok {
				b.WriteString(s)
			} else {
				b.WriteRune(mark)
			}
		}
		return b.String(), true
	}
	return "", false
}

// anonymous says whether a principal value names everyone: yes for "*"
// and {"AWS": "*"}, no for specific principals, maybe when unknown.
func (e *evaluator) anonymous(v *graph.Value, top bool) tri {
	v = e.c.resolve(v)
	if v == nil {
		return no
	}
	switch v.Kind {
	case graph.KindMap:
		if !top {
			return maybe
		}
		out := no
		for _, f := range v.Fields {
			if f.Key != "AWS" {
				continue // Service, Federated, CanonicalUser: never anonymous
			}
			for _, it := range e.items(f.Value) {
				switch e.anonymous(it, false) {
				case yes:
					return yes
				case maybe:
					out = maybe
				}
			}
		}
		return out
	case graph.KindRef:
		return no // the ARN or id of a resource
	}
	t, ok := e.text(v)
	if !ok {
		return maybe
	}
	if t == "*" {
		return yes
	}
	// A partly known string can only be "*" if its known text is "*" or
	// nothing.
	if known := strings.ReplaceAll(t, string(mark), ""); strings.ContainsRune(t, mark) && (known == "" || known == "*") {
		return maybe
	}
	return no
}

func (e *evaluator) principal(p *Principal) verdict {
	if p == nil {
		return vNo
	}
	anon := e.anonymous(p.Value, true)
	switch {
	case anon == maybe:
		return undecided(p.Value, "its principal %s is not known before deploy", p.Value.Display())
	case anon == yes && !p.Not:
		return vYes
	case anon == yes && p.Not:
		return vNo // NotPrincipal "*" excludes everyone
	case e.req.Anonymous:
		// Specific principals: a Principal never names the anonymous
		// caller, a NotPrincipal never excludes it.
		if p.Not {
			return vYes
		}
		return vNo
	}
	return undecided(p.Value, "it applies to specific principals only")
}

func (e *evaluator) action(a *Items) verdict {
	if a == nil {
		return vNo
	}
	want := strings.ToLower(e.req.Action)
	v := anyOf(e.items(a.Value), func(it *graph.Value) verdict {
		t, ok := e.text(it)
		switch {
		case !ok:
			return vNo
		case !match(strings.ToLower(t), want):
			return vNo
		case strings.ContainsRune(t, mark):
			return undecided(it, "its action %s is not known before deploy", it.Display())
		}
		return vYes
	})
	if a.Not {
		return v.not()
	}
	return v
}

// resource decides whether the request's stage is covered: for an Allow
// (forAll false) some method and path under the stage must be, for a Deny
// (forAll true) every one.
func (e *evaluator) resource(r *Items, forAll bool) verdict {
	if r == nil {
		return vNo
	}
	// upper reads unknown parts as "anything", lower leaves out entries
	// with unknown parts: the real set of resources lies in between.
	var upper, lower []glob
	var unsure *graph.Value
	for _, it := range e.items(r.Value) {
		t, ok := e.text(it)
		if !ok {
			continue
		}
		tail, ok := resourceTail(t)
		if !ok {
			continue
		}
		upper = append(upper, compile(tail))
		if strings.ContainsRune(tail, mark) {
			if unsure == nil {
				unsure = it
			}
		} else {
			lower = append(lower, compile(tail))
		}
	}
	reqs := requestGlob(e.req)
	var t tri
	switch {
	case !r.Not && !forAll:
		t = decide(overlaps(reqs, lower), !overlaps(reqs, upper))
	case !r.Not && forAll:
		t = decide(covered([]glob{reqs}, lower), !covered([]glob{reqs}, upper))
	case r.Not && !forAll:
		t = decide(!covered([]glob{reqs}, upper), covered([]glob{reqs}, lower))
	default:
		t = decide(!overlaps(reqs, upper), overlaps(reqs, lower))
	}
	if t == maybe {
		return undecided(unsure, "its resource %s is not known before deploy", unsure.Display())
	}
	return verdict{t: t}
}

// condition evaluates one operator/key pair.
func (e *evaluator) condition(c *Condition) verdict {
	fail := func(format string, args ...any) verdict {
		v := undecided(c.Value, format, args...)
		v.cond = c
		return v
	}
	var op Operand
	switch c.CanonicalKey() {
	case KeySourceVpce:
		op = e.req.SourceVpce
	case KeySourceVpc:
		op = e.req.SourceVpc
	default:
		if c.Key == "" {
			return fail("its %s is not known before deploy", c.Operator)
		}
		return fail("condition %s on %s cannot be evaluated (papilint evaluates only aws:SourceVpce and aws:SourceVpc)", c.Operator, c.Key)
	}
	if !c.Supported {
		return fail("condition operator %s on %s is not supported", c.Operator, c.Key)
	}
	vals := e.items(c.Value)
	present := op.Kind != OperandAbsent
	if c.Base == "Null" {
		// "true": the key must be absent; "false": present.
		v := anyOf(vals, func(v *graph.Value) verdict {
			b, ok := v.BoolValue()
			if !ok {
				return undecided(v, "the value %s of Null on %s is not known", v.Display(), c.Key)
			}
			return verdict{t: decide(b != present, b == present)}
		})
		if v.t == maybe {
			v.cond = c
		}
		return v
	}
	if !present {
		// Without the key: IfExists matches; ForAllValues matches the empty
		// set; ForAnyValue does not; otherwise negated operators match and
		// positive ones do not.
		switch {
		case c.IfExists, c.Set == ForAllValues:
			return vYes
		case c.Set == ForAnyValue:
			return vNo
		}
		return verdict{t: decide(c.Negated(), !c.Negated())}
	}
	// With a single-valued key both set qualifiers reduce to the plain
	// operator. Values mean "any of" for positive operators; the negated
	// ones are the negation of that ("none of").
	key := c.CanonicalKey()
	v := anyOf(vals, func(v *graph.Value) verdict {
		if c.like() {
			return e.like(op, v, key)
		}
		return e.equal(op, v, c.ignoreCase())
	})
	if v.t == maybe {
		v.cond = c
		v.why = fmt.Sprintf("condition %s on %s: %s", c.Operator, c.Key, v.why)
	}
	if c.Negated() {
		v = v.not()
	}
	return v
}

// equal compares a request value with one policy value.
func (e *evaluator) equal(op Operand, v *graph.Value, fold bool) verdict {
	v = e.c.resolve(v)
	switch op.Kind {
	case OperandOutsider:
		return vNo
	case OperandUnknown:
		return undecided(v, "the request's value is not known")
	}
	if v == nil || v.Kind == graph.KindNull {
		return vNo
	}
	if op.Ref != nil && v.Ref != nil && op.Ref.Same(v.Ref) {
		return vYes
	}
	if s, ok := v.String(); ok {
		switch {
		case op.Kind == OperandLiteral:
			return verdict{t: decide(sameText(op.Literal, s, fold), true)}
		case v.Ref != nil:
			return vNo // two different references
		}
		return undecided(v, "cannot compare %s with %q: a reference and a literal", op, s)
	}
	switch v.Kind {
	case graph.KindRef:
		if op.Ref != nil {
			return vNo // different resources
		}
		return undecided(v, "cannot compare %q with %s: a literal and a reference", op.Literal, v.Display())
	case graph.KindConcat:
		if op.Kind == OperandLiteral {
			pre, suf, _ := v.Affix()
			l := op.Literal
			if fold {
				l, pre, suf = strings.ToLower(l), strings.ToLower(pre), strings.ToLower(suf)
			}
			if !strings.HasPrefix(l, pre) || !strings.HasSuffix(l, suf) {
				return vNo
			}
		}
	}
	return undecided(v, "the value %s is not known before deploy", v.Display())
}

func sameText(a, b string, fold bool) bool {
	if fold {
		return strings.EqualFold(a, b)
	}
	return a == b
}

// like matches a request value against one StringLike pattern.
func (e *evaluator) like(op Operand, v *graph.Value, key string) verdict {
	v = e.c.resolve(v)
	if v == nil || v.Kind == graph.KindNull {
		return vNo
	}
	pat, ok := v.String()
	if !ok {
		if v.Kind != graph.KindConcat {
			return e.equal(op, v, false) // a reference holds no wildcards
		}
		t, _ := e.text(v)
		switch op.Kind {
		case OperandLiteral:
			if !match(t, op.Literal) {
				return vNo
			}
		case OperandOutsider:
			if !hasWildcard(strings.ReplaceAll(t, string(mark), "")) {
				return vNo
			}
		}
		return undecided(v, "the pattern %s is not known before deploy", v.Display())
	}
	if !hasWildcard(pat) {
		return e.equal(op, v, false)
	}
	switch op.Kind {
	case OperandLiteral:
		return verdict{t: decide(match(pat, op.Literal), true)}
	case OperandOutsider:
		// An outsider's id is "vpce-…" (or "vpc-…") and otherwise arbitrary.
		prefix := "vpce-"
		if key == KeySourceVpc {
			prefix = "vpc-"
		}
		ids := append(literal(prefix), tok{kind: tStar})
		g := compile(pat)
		switch {
		case covered([]glob{ids}, []glob{g}):
			return vYes
		case !overlaps(ids, []glob{g}):
			return vNo
		}
		return undecided(v, "the pattern %q matches some endpoint ids of other accounts", pat)
	}
	if strings.Trim(pat, "*") == "" {
		return vYes
	}
	return undecided(v, "cannot match %s against the pattern %q", op, pat)
}

// AnonymousInvokeAllows returns the Allow statements that may let an
// anonymous caller invoke some resource of the API, ignoring conditions.
// "May": statements whose effect, principal, action or resource is not
// known are included, and so are statements under any Fn::If alternative.
func (p *Policy) AnonymousInvokeAllows() []*Statement {
	allow, _ := p.invokeCandidates()
	return allow
}

// invokeCandidates returns the statements that may apply to an anonymous
// execute-api:Invoke on some resource, ignoring conditions, split by
// whether they may allow or may deny.
func (p *Policy) invokeCandidates() (allow, deny []*Statement) {
	if p == nil {
		return nil, nil
	}
	isAllow := map[*Statement]bool{}
	isDeny := map[*Statement]bool{}
	explore(func(c *chooser) {
		e := &evaluator{c: c, req: Request{Action: ActionInvoke, Anonymous: true}}
		for _, s := range p.Statements {
			if !c.holds(s.When) {
				continue
			}
			eff := e.effect(s)
			if eff == EffectInvalid {
				continue
			}
			if !s.Opaque && (e.principal(s.Principal).t == no || e.action(s.Action).t == no || e.resource(s.Resource, false).t == no) {
				continue
			}
			if eff != EffectDeny {
				isAllow[s] = true
			}
			if eff != EffectAllow {
				isDeny[s] = true
			}
		}
	})
	for _, s := range p.Statements {
		if isAllow[s] {
			allow = append(allow, s)
		}
		if isDeny[s] {
			deny = append(deny, s)
		}
	}
	return allow, deny
}

// Restrictions lists the conditions of a policy that could limit who may
// invoke it. Only statements that may apply to an anonymous
// execute-api:Invoke count.
type Restrictions struct {
	// VPC holds the conditions that restrict callers by aws:SourceVpce or
	// aws:SourceVpc: negated string operators in Deny statements, positive
	// ones in Allow statements (any qualifier).
	VPC []*Condition
	// Other holds conditions on other keys (aws:PrincipalOrgID,
	// aws:SourceAccount, aws:VpcSourceIp, ...) and conditions papilint
	// cannot read, in Allow or Deny statements.
	Other []*Condition
}

// Restricted reports whether some condition restricts callers by VPC or
// endpoint.
func (r Restrictions) Restricted() bool { return len(r.VPC) > 0 }

// OtherKeys lists the distinct keys of Other as first written.
func (r Restrictions) OtherKeys() []string {
	var out, seen []string
	for _, c := range r.Other {
		k, name := c.CanonicalKey(), c.Key
		if name == "" { // an unreadable Condition element
			k, name = c.Operator, c.Operator
		}
		if !containsString(seen, k) {
			seen = append(seen, k)
			out = append(out, name)
		}
	}
	return out
}

// VPCRestriction reports which conditions restrict callers by VPC or
// endpoint and which other conditions could restrict them. PAPI009 fires
// only when the policy admits an Outsider; Other tells it when to say "could
// not verify" instead.
func (p *Policy) VPCRestriction() Restrictions {
	var r Restrictions
	if p == nil {
		return r
	}
	allow, deny := p.invokeCandidates()
	for _, s := range p.Statements {
		mayAllow, mayDeny := containsStatement(allow, s), containsStatement(deny, s)
		if !mayAllow && !mayDeny {
			continue
		}
		for _, c := range s.Conditions {
			switch {
			case !c.IsVPCKey() || !c.Supported:
				r.Other = append(r.Other, c)
			case mayDeny && c.Negated(), mayAllow && c.Positive():
				r.VPC = append(r.VPC, c)
			}
		}
	}
	return r
}

// DenyGroup is a set of Deny statements that all cover the same requests
// and each deny callers outside their own list of ids for the same key, so
// that only the ids in every list get through (PAPI004).
type DenyGroup struct {
	Statements []*Statement
	// Conditions holds each statement's condition on Key, in the same
	// order.
	Conditions []*Condition
	// Key is KeySourceVpce or KeySourceVpc.
	Key string
	// Union holds every id listed by some statement, Intersection the ids
	// listed by all (the only ones let through). Ids are compared by text,
	// references by identity.
	Union, Intersection []*graph.Value
	// Unknown is set when the sets cannot be trusted (values not known
	// before deploy, wildcards, other conditions, Fn::If); Reason says
	// why.
	Unknown bool
	Reason  string
}

// SplitDenies finds groups of two or more Deny statements whose resources
// overlap (one covers every request the other covers) and whose conditions
// are StringNotEquals/StringNotLike on the same key, aws:SourceVpce or
// aws:SourceVpc. Statements scoped to disjoint resources (execute-api:/prod/*
// and execute-api:/dev/*) are not grouped.
func (p *Policy) SplitDenies() []DenyGroup {
	_, candidates := p.invokeCandidates()
	var out []DenyGroup
	for _, key := range []string{KeySourceVpce, KeySourceVpc} {
		type member struct {
			s      *Statement
			c      *Condition
			res    []glob
			unsure string
		}
		var ms []member
		for _, s := range candidates {
			if s.Effect != EffectDeny || s.Resource == nil || s.Resource.Not {
				continue
			}
			m := member{s: s}
			for _, c := range s.Conditions {
				switch {
				case m.c == nil && c.CanonicalKey() == key && c.Negated():
					m.c = c
				default:
					m.unsure = fmt.Sprintf("statement %s has other conditions besides %s %s", s.Label(), c.Operator, c.Key)
				}
			}
			if m.c == nil {
				continue
			}
			if len(s.When) > 0 {
				m.unsure = fmt.Sprintf("statement %s exists only under an Fn::If alternative", s.Label())
			}
			e := &evaluator{c: newChooser()}
			for _, it := range e.items(s.Resource.Value) {
				if t, ok := e.text(it); ok {
					if tail, ok := resourceTail(t); ok {
						m.res = append(m.res, compile(tail))
						if strings.ContainsRune(tail, mark) {
							m.unsure = fmt.Sprintf("the resource of statement %s is not known before deploy", s.Label())
						}
					}
				}
			}
			if len(e.c.trail) > 0 {
				m.unsure = fmt.Sprintf("the resource of statement %s depends on an Fn::If", s.Label())
			}
			ms = append(ms, m)
		}
		// For each statement's resources, the group is every statement that
		// covers all of them.
		everything := stageRequests("")
		var groups [][]int
		for _, a := range ms {
			var g []int
			for j, m := range ms {
				all := true
				for _, r := range a.res {
					if !covered([]glob{everything, r}, m.res) {
						all = false
						break
					}
				}
				if all && len(a.res) > 0 {
					g = append(g, j)
				}
			}
			if len(g) >= 2 {
				groups = append(groups, g)
			}
		}
		for i, g := range groups {
			if redundant(groups, i) {
				continue
			}
			dg := DenyGroup{Key: key}
			for _, j := range g {
				dg.Statements = append(dg.Statements, ms[j].s)
				dg.Conditions = append(dg.Conditions, ms[j].c)
				if ms[j].unsure != "" && !dg.Unknown {
					dg.Unknown, dg.Reason = true, ms[j].unsure
				}
			}
			dg.values()
			out = append(out, dg)
		}
	}
	return out
}

// redundant reports whether group i equals an earlier group or is a strict
// subset of another.
func redundant(groups [][]int, i int) bool {
	sub := func(a, b []int) bool {
		for _, x := range a {
			found := false
			for _, y := range b {
				found = found || x == y
			}
			if !found {
				return false
			}
		}
		return true
	}
	for j, g := range groups {
		if j == i {
			continue
		}
		if sub(groups[i], g) && (len(g) > len(groups[i]) || j < i) {
			return true
		}
	}
	return false
}

// values computes Union and Intersection.
func (g *DenyGroup) values() {
	setUnknown := func(format string, args ...any) {
		if !g.Unknown {
			g.Unknown, g.Reason = true, fmt.Sprintf(format, args...)
		}
	}
	type entry struct {
		key string
		v   *graph.Value
	}
	var union []entry
	count := map[string]int{}
	literals, refs := false, false
	for _, c := range g.Conditions {
		seen := map[string]bool{}
		for _, v := range c.Values {
			var k string
			switch s, ok := v.String(); {
			case ok && v.Kind == graph.KindString:
				if c.like() && hasWildcard(s) {
					setUnknown("the value %q of %s is a pattern", s, c.Operator)
				}
				if c.ignoreCase() {
					s = strings.ToLower(s)
				}
				k, literals = "="+s, true
			case v.Kind == graph.KindRef:
				k, refs = "@"+v.Ref.String(), true
			default:
				setUnknown("the value %s of %s on %s is not known before deploy", v.Display(), c.Operator, c.Key)
				k = fmt.Sprintf("?%p", v)
			}
			if seen[k] {
				continue
			}
			seen[k] = true
			if count[k] == 0 {
				union = append(union, entry{k, v})
			}
			count[k]++
		}
	}
	if literals && refs {
		setUnknown("the statements list ids both as literals and as references")
	}
	for _, u := range union {
		g.Union = append(g.Union, u.v)
		if count[u.key] == len(g.Conditions) {
			g.Intersection = append(g.Intersection, u.v)
		}
	}
}
