package policyrule

import (
	"strings"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/iam"
	"github.com/papilint/papilint/internal/source"
)

// Caller is a VPC endpoint calling a private API or domain: the values of
// aws:SourceVpce and aws:SourceVpc its requests carry.
type Caller struct {
	// Name names the endpoint in messages.
	Name       string
	Vpce, Vpc  iam.Operand
	VpceValue  *graph.Value // where the endpoint id comes from, for defaults
	VpcValue   *graph.Value // the endpoint's VpcId, when known
	EndpointID graph.NodeID // the endpoint resource, when it is in the scan
}

// EndpointCaller is the caller for an endpoint resource in the scan: its
// id by reference (compared symbolically with the policy's references to
// it) and its VpcId.
func EndpointCaller(ep *graph.Node) Caller {
	vpc := ep.Prop("VpcId")
	c := Caller{
		Name:       ep.Display(),
		Vpce:       iam.RefTo(&graph.Ref{Node: ep.ID, Attr: "Ref"}),
		Vpc:        iam.OperandOf(vpc),
		VpcValue:   vpc,
		EndpointID: ep.ID,
	}
	if vpc.IsAbsent() {
		c.Vpc = iam.Operand{Kind: iam.OperandUnknown}
	}
	return c
}

// ValueCaller is the caller an access association names: the endpoint
// resource when the value refers to one, else the id as written. ok is
// false when the id is not known before deploy.
func ValueCaller(v *graph.Value, ep *graph.Node) (Caller, bool) {
	if ep != nil {
		c := EndpointCaller(ep)
		c.VpceValue = v
		return c, true
	}
	s, ok := v.String()
	if !ok || v.Kind != graph.KindString {
		return Caller{}, false
	}
	return Caller{Name: s, Vpce: iam.Lit(s), Vpc: iam.Operand{Kind: iam.OperandUnknown}, VpceValue: v}, true
}

// Request is the anonymous execute-api:Invoke the caller makes on a stage
// ("" for any stage).
func (c Caller) Request(stage string) iam.Request {
	return iam.Request{Action: iam.ActionInvoke, Anonymous: true, Stage: stage, SourceVpce: c.Vpce, SourceVpc: c.Vpc}
}

// Stage returns the stage a mapping selects, or "" when it selects none or
// the name is not known before deploy (the evaluation then asks about any
// stage, which can only make a denial harder to conclude).
func Stage(mapping *graph.Node) (string, *graph.Value) {
	v := mapping.Prop("Stage")
	if s, ok := v.String(); ok && v.Kind == graph.KindString {
		return s, v
	}
	return "", nil
}

// Denial is a request the policy refuses however its undecidable parts
// turn out.
type Denial struct {
	// Explicit: a Deny statement applies (Statement) in every Fn::If
	// alternative.
	Explicit  bool
	Statement *iam.Statement
	Result    iam.Result
}

// Denied reads an evaluation result as a denial. Fn::If alternatives that
// disagree only deny when every one of them denies.
func Denied(res iam.Result) (Denial, bool) {
	switch res.Decision {
	case iam.ExplicitDeny:
		d := Denial{Explicit: true, Result: res}
		if len(res.Statements) > 0 {
			d.Statement = res.Statements[0]
		}
		return d, true
	case iam.ImplicitDeny:
		return Denial{Result: res}, true
	case iam.Unknown:
		if res.Denied {
			return Denial{Result: res}, true
		}
	}
	return Denial{}, false
}

// Where returns the range of the denial: the Deny statement, or the policy
// when nothing allows.
func (d Denial) Where(n *graph.Node, src graph.PolicySource) source.Range {
	if d.Explicit && d.Statement != nil && d.Statement.Value != nil && d.Statement.Value.Range.IsValid() {
		return d.Statement.Value.Range
	}
	return PolicyRange(n, src)
}

// Values returns the policy values the denial rests on, for parameter
// defaults: the Deny statement, or the whole policy.
func (d Denial) Values(src graph.PolicySource) []*graph.Value {
	if d.Explicit && d.Statement != nil {
		return []*graph.Value{d.Statement.Value}
	}
	return []*graph.Value{src.Value}
}

// UsesKey reports whether some condition of the policy is on the key
// (iam.KeySourceVpc or iam.KeySourceVpce).
func UsesKey(p *iam.Policy, key string) bool {
	for _, s := range p.Statements {
		for _, c := range s.Conditions {
			if c.CanonicalKey() == key {
				return true
			}
		}
	}
	return false
}

// PolicyRange returns where a policy is named: the key of the property
// that holds it ("Policy", or x-amazon-apigateway-policy in a body), else
// the policy value, else the resource header.
func PolicyRange(n *graph.Node, src graph.PolicySource) source.Range {
	v := n.Props
	var f *graph.Field
	for _, k := range strings.Split(src.Where, ".") {
		f = v.Field(k)
		if f == nil {
			break
		}
		v = f.Value
	}
	if f != nil && f.KeyRange.IsValid() {
		return f.KeyRange
	}
	return analysis.At(n, src.Value)
}

// Cap lowers sev to a warning when one of the values came from a parameter
// default, and returns the message suffix and related location naming it.
func Cap(sev analysis.Severity, vals ...*graph.Value) (analysis.Severity, string, []analysis.Related) {
	p := analysis.FromDefault(vals...)
	if p == "" {
		return sev, "", nil
	}
	what := "the default of parameter " + p
	if p == "a default" {
		what = "a default"
	}
	return analysis.CapAtWarning(sev), " (a value comes from " + what + ")", analysis.DefaultRelated(vals...)
}

// PolicyDenial is a denial by one of an API's policies.
type PolicyDenial struct {
	Src    graph.PolicySource
	Policy *iam.Policy
	Denial
}

// DeniedByAPI evaluates the policies of a private API for the caller's
// request on a stage. It returns the denials when every policy of the API
// refuses the request, and nil when the API is not known to be private, has
// no policy, a policy admits the caller, or that cannot be decided.
func DeniedByAPI(g *graph.Graph, api *graph.Node, caller Caller, stage string) []PolicyDenial {
	if private, known := graph.IsPrivateAPI(api); !known || !private {
		return nil // the endpoint keys are set only for private APIs (PAPI001)
	}
	srcs, _ := g.APIPolicies(api)
	var out []PolicyDenial
	for _, src := range srcs {
		pol := Parse(src.Value)
		if pol == nil {
			return nil
		}
		pol = ForCaller(pol, g, caller)
		d, ok := Denied(pol.Evaluate(caller.Request(stage)))
		if !ok {
			return nil
		}
		out = append(out, PolicyDenial{Src: src, Policy: pol, Denial: d})
	}
	return out
}

// Severity is the level of a denial: an explicit Deny is an error, an
// implicit one matters only to callers without IAM credentials (see
// Auth.Anonymous; 0 means do not report).
func (d Denial) Severity(auth Auth) analysis.Severity {
	if d.Explicit {
		return analysis.Error
	}
	return auth.Anonymous(analysis.Error)
}

// CapValues lists the values a denial of the caller rests on, for
// parameter defaults: the statement or policy, the caller's ids, and the
// extra values given.
func (d PolicyDenial) CapValues(caller Caller, extra ...*graph.Value) []*graph.Value {
	vals := append(d.Values(d.Src), caller.VpceValue)
	if UsesKey(d.Policy, iam.KeySourceVpc) {
		vals = append(vals, caller.VpcValue)
	}
	return append(vals, extra...)
}

// Parse reads a policy value (see iam.Parse) and normalizes it; nil when it
// is not known before deploy.
func Parse(v *graph.Value) *iam.Policy {
	pol, _ := iam.Parse(v)
	if pol == nil {
		return nil
	}
	return Normalize(pol)
}
