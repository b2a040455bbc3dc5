package policyrule

import (
	"strings"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/iam"
)

// ForDomain reads the policy of a private custom domain the way the
// evaluator reads an API policy. A domain policy's resources are the
// domain's ARN, arn:<partition>:execute-api:<region>:<account>:/domainnames/<name>+<id>,
// or execute-api:/* and wildcards: resources that name this domain (or any
// domain) become execute-api:/*, resources that name another domain match
// nothing, and everything else is kept. ok is false when a resource might
// or might not name the domain (its id is written, or the name is not
// known), so the caller skips.
func ForDomain(p *iam.Policy, domainName string) (*iam.Policy, bool) {
	rw := &rewriter{name: strings.ToLower(domainName), ok: true}
	rw.resource = rw.domainResource
	return rw.apply(p)
}

// ForCaller prepares a policy for a request from the caller: a reference
// in an aws:SourceVpce or aws:SourceVpc condition names a distinct id only
// when it is the id of a VPC endpoint (or VPC) resource that the
// configuration creates. References to anything else (a data source, a
// custom resource, a nested stack's output) may stand for the caller's own
// endpoint or VPC, so unless they are the very reference the caller is
// known by, they become unknown values.
func ForCaller(p *iam.Policy, g *graph.Graph, c Caller) *iam.Policy {
	rw := &rewriter{ok: true}
	rw.condValue = func(key string, v *graph.Value) *graph.Value {
		var op iam.Operand
		var kind graph.Kind
		switch key {
		case iam.KeySourceVpce:
			op, kind = c.Vpce, graph.VPCEndpoint
		case iam.KeySourceVpc:
			op, kind = c.Vpc, graph.VPC
		default:
			return v
		}
		if v == nil || v.Ref == nil {
			return v
		}
		if op.Ref != nil && op.Ref.Same(v.Ref) {
			return v
		}
		if identity(g, v.Ref, kind) && (op.Ref == nil || identity(g, op.Ref, kind)) {
			return v
		}
		return &graph.Value{Kind: graph.KindUnknown, Prov: graph.Unknown, Range: v.Range,
			Reason: "it refers to " + v.Ref.String() + ", which may be the caller's own endpoint or VPC"}
	}
	out, ok := rw.apply(p)
	if !ok {
		return p
	}
	return out
}

// Normalize gives statements that lack a Principal, an Action or a
// Resource an unknown one. IAM requires all three, and the evaluator reads a
// missing element as "matches nothing"; API Gateway's own reading of such a
// statement is not documented (CDK and Terraform users write Allows
// without a Resource and deploy them), so papilint leaves it open.
func Normalize(p *iam.Policy) *iam.Policy {
	rw := &rewriter{ok: true}
	rw.complete = true
	out, ok := rw.apply(p)
	if !ok {
		return p
	}
	return out
}

// Distinct prepares a policy for comparing the ids its conditions list
// with each other: references that may stand for any endpoint or VPC (see
// ForCaller) become unknown values.
func Distinct(p *iam.Policy, g *graph.Graph) *iam.Policy { return ForCaller(p, g, Caller{}) }

// identity reports whether a reference is the id of a resource of the
// kind that the configuration creates (so two such references to different
// resources are different ids).
func identity(g *graph.Graph, r *graph.Ref, kind graph.Kind) bool {
	if r == nil || r.Node == "" || (r.Attr != "Ref" && r.Attr != "") {
		return false
	}
	n := g.Node(r.Node)
	return n != nil && n.Kind == kind
}

// rewriter copies a policy document, mapping resources and condition
// values; values keep their ranges, so findings still point at the source.
type rewriter struct {
	name      string
	ok        bool
	resource  func(*graph.Value) *graph.Value
	condValue func(key string, v *graph.Value) *graph.Value
	// complete adds unknown Principal, Action and Resource elements to
	// statements that lack them.
	complete bool
}

func (rw *rewriter) apply(p *iam.Policy) (*iam.Policy, bool) {
	if p == nil || p.Doc == nil {
		return nil, false
	}
	doc := &graph.Value{}
	*doc = *p.Doc
	doc.Fields = nil
	for _, f := range p.Doc.Fields {
		nf := *f
		if f.Key == "Statement" {
			nf.Value = rw.each(f.Value, rw.statement)
		}
		doc.Fields = append(doc.Fields, &nf)
	}
	if !rw.ok {
		return nil, false
	}
	out, _ := iam.Parse(doc)
	if out == nil {
		return nil, false
	}
	out.Value = p.Value
	return out, true
}

// each maps fn over a value that may be an Fn::If, a list or one element.
func (rw *rewriter) each(v *graph.Value, fn func(*graph.Value) *graph.Value) *graph.Value {
	switch {
	case v == nil:
		return nil
	case v.Kind == graph.KindChoice:
		cp := *v
		cp.Alts = nil
		for _, a := range v.Alts {
			cp.Alts = append(cp.Alts, rw.each(a, fn))
		}
		return &cp
	case v.Kind == graph.KindList:
		cp := *v
		cp.List = nil
		for _, e := range v.List {
			cp.List = append(cp.List, rw.each(e, fn))
		}
		return &cp
	}
	return fn(v)
}

// fields maps fn over the fields of a map value (through Fn::If).
func (rw *rewriter) fields(v *graph.Value, fn func(f *graph.Field) *graph.Value) *graph.Value {
	switch {
	case v == nil:
		return nil
	case v.Kind == graph.KindChoice:
		cp := *v
		cp.Alts = nil
		for _, a := range v.Alts {
			cp.Alts = append(cp.Alts, rw.fields(a, fn))
		}
		return &cp
	case v.Kind != graph.KindMap:
		return v
	}
	cp := *v
	cp.Fields = nil
	for _, f := range v.Fields {
		nf := *f
		nf.Value = fn(f)
		cp.Fields = append(cp.Fields, &nf)
	}
	return &cp
}

func (rw *rewriter) statement(v *graph.Value) *graph.Value {
	if rw.complete && v != nil && v.Kind == graph.KindMap {
		v = completed(v)
	}
	return rw.fields(v, func(f *graph.Field) *graph.Value {
		switch {
		case (f.Key == "Resource" || f.Key == "NotResource") && rw.resource != nil:
			return rw.each(f.Value, rw.resource)
		case f.Key == "Condition" && rw.condValue != nil:
			return rw.fields(f.Value, func(op *graph.Field) *graph.Value {
				return rw.fields(op.Value, func(k *graph.Field) *graph.Value {
					key := (&iam.Condition{Key: k.Key}).CanonicalKey()
					return rw.each(k.Value, func(v *graph.Value) *graph.Value { return rw.condValue(key, v) })
				})
			})
		}
		return f.Value
	})
}

// completed returns a statement with unknown values for the missing
// Principal, Action and Resource elements.
func completed(v *graph.Value) *graph.Value {
	var add []*graph.Field
	for _, pair := range [][2]string{{"Principal", "NotPrincipal"}, {"Action", "NotAction"}, {"Resource", "NotResource"}} {
		if v.Field(pair[0]) == nil && v.Field(pair[1]) == nil {
			add = append(add, &graph.Field{Key: pair[0], KeyRange: v.Range, Value: &graph.Value{
				Kind: graph.KindUnknown, Prov: graph.Unknown, Range: v.Range,
				Reason: "the statement has no " + pair[0] + " element"}})
		}
	}
	if len(add) == 0 {
		return v
	}
	cp := *v
	cp.Fields = append(append([]*graph.Field(nil), v.Fields...), add...)
	return &cp
}

// unknownPart stands for the parts of a string that are not known.
const unknownPart = "\x00"

// domainResource rewrites one resource element of a domain policy.
func (rw *rewriter) domainResource(v *graph.Value) *graph.Value {
	text, ok := knownText(v)
	if !ok {
		return v
	}
	const marker = ":/domainnames/"
	i := strings.Index(text, marker)
	if !strings.HasPrefix(text, "arn:") || i < 0 {
		return v
	}
	rest := strings.ToLower(text[i+len(marker):])
	switch rw.names(rest) {
	case yes:
		return &graph.Value{Kind: graph.KindString, Str: "execute-api:/*", Prov: v.Prov, Range: v.Range, Param: v.Param, Origin: v.Origin}
	case no:
		// An ARN of no API: it matches no request.
		return &graph.Value{Kind: graph.KindString, Str: "arn:aws:execute-api:none:none:none", Prov: v.Prov, Range: v.Range, Param: v.Param, Origin: v.Origin}
	}
	rw.ok = false
	return v
}

type tri uint8

const (
	maybe tri = iota
	yes
	no
)

// names says whether the part of a resource after /domainnames/ covers the
// domain (whatever its generated id), names another domain, or cannot be
// told.
func (rw *rewriter) names(rest string) tri {
	wild := strings.IndexAny(rest, "*?"+unknownPart)
	if wild < 0 {
		// A full ARN: "<name>+<id>", possibly followed by a path.
		switch {
		case rw.name == "":
			return maybe
		case strings.HasPrefix(rest, rw.name+"+"):
			return maybe // the id decides, and it is generated at deploy time
		}
		return no
	}
	prefix := rest[:wild]
	want := rw.name + "+"
	if strings.Trim(rest[wild:], "*"+unknownPart) == "" && strings.HasPrefix(want, prefix) && rw.name != "" {
		return yes // "<prefix>*" where the prefix starts the domain's name
	}
	if prefix == "" && strings.Trim(rest, "*"+unknownPart) == "" {
		return yes // "*": every domain
	}
	if rw.name != "" && !strings.HasPrefix(want, prefix) && !strings.HasPrefix(prefix, want) {
		return no
	}
	return maybe
}

// knownText renders a string value, unknown parts as unknownPart; ok is
// false for values that are not strings.
func knownText(v *graph.Value) (string, bool) {
	if s, ok := v.String(); ok {
		return s, true
	}
	if v == nil || v.Kind != graph.KindConcat {
		return "", false
	}
	var b strings.Builder
	for _, p := range v.Parts {
		if s, ok := p.String(); ok {
			b.WriteString(s)
		} else {
			b.WriteString(unknownPart)
		}
	}
	return b.String(), true
}
