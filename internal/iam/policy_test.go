package iam

import (
	"strings"
	"testing"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/source"
)

func str(s string) *graph.Value { return graph.NewString(s, graph.Literal, source.Range{}) }

func refValue(name string) *graph.Value {
	if strings.HasPrefix(name, "AWS::") {
		return graph.NewRef(&graph.Ref{Pseudo: name}, source.Range{})
	}
	return graph.NewRef(ref(name), source.Range{})
}

func concat(parts ...*graph.Value) *graph.Value {
	return &graph.Value{Kind: graph.KindConcat, Prov: graph.Derived, Parts: parts}
}

func TestParseMap(t *testing.T) {
	p := mustParse(t, policy(allowAll, deny("DenyOthers", `{"StringNotEquals":{"aws:SourceVpce":["vpce-1","vpce-2"]}}`)))
	if len(p.Statements) != 2 {
		t.Fatalf("got %d statements", len(p.Statements))
	}
	a, d := p.Statements[0], p.Statements[1]
	if a.Sid != "AllowAll" || a.Effect != EffectAllow || a.Principal.Kind != PrincipalAnonymous || a.Principal.Not {
		t.Errorf("allow statement: %+v", a)
	}
	if d.Effect != EffectDeny || d.Label() != `"DenyOthers"` || d.Value == nil || d.EffectValue == nil || d.ConditionValue == nil {
		t.Errorf("deny statement: %+v", d)
	}
	if len(a.Action.List) != 1 || a.Action.Not || len(a.Resource.List) != 1 {
		t.Errorf("items: %+v %+v", a.Action, a.Resource)
	}
	if len(d.Conditions) != 1 {
		t.Fatalf("conditions: %+v", d.Conditions)
	}
	c := d.Conditions[0]
	if c.Base != "StringNotEquals" || !c.Supported || !c.Negated() || c.Positive() || c.CanonicalKey() != KeySourceVpce ||
		len(c.Values) != 2 || c.Statement != d {
		t.Errorf("condition: %+v", c)
	}
}

func TestParseSingleStatementObject(t *testing.T) {
	p := mustParse(t, `{"Statement":`+allowAll+`}`)
	if len(p.Statements) != 1 || p.Statements[0].Effect != EffectAllow {
		t.Fatalf("statements: %+v", p.Statements)
	}
}

func TestParseJSONString(t *testing.T) {
	text := policy(allowAll, deny("DenyOthers", `{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}`))
	v := str(text)
	p, probs := Parse(v)
	if p == nil || len(probs) > 0 {
		t.Fatalf("Parse: %v", probs)
	}
	if len(p.Statements) != 2 || p.Statements[1].Conditions[0].Values[0].Str != "vpce-1" {
		t.Fatalf("statements: %+v", p.Statements)
	}
	if p.Value != v || p.Doc.Kind != graph.KindMap || p.Version.Str != "2012-10-17" {
		t.Errorf("policy: %+v", p)
	}
	if got := p.Evaluate(viaVpce("vpce-1")); got.Decision != Allow {
		t.Errorf("listed endpoint: %v", got.Decision)
	}
	if got := p.Evaluate(viaVpce("vpce-2")); got.Decision != ExplicitDeny {
		t.Errorf("other endpoint: %v", got.Decision)
	}
}

func TestParseConcat(t *testing.T) {
	// What Fn::Sub over a JSON text produces.
	v := concat(
		str(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:`),
		refValue("AWS::Region"),
		str(`:`),
		refValue("AWS::AccountId"),
		str(`:*/*"},{"Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*","Condition":{"StringNotEquals":{"aws:SourceVpce":"`),
		refValue("ApiVpce"),
		str(`"}}}]}`),
	)
	p, probs := Parse(v)
	if p == nil || len(probs) > 0 {
		t.Fatalf("Parse: %v", probs)
	}
	res := p.Statements[0].Resource.List[0]
	if res.Kind != graph.KindConcat || len(res.Parts) != 5 || res.Parts[1].Ref.Pseudo != "AWS::Region" || res.Parts[4].Str != ":*/*" {
		t.Errorf("resource: %s", res.Display())
	}
	cv := p.Statements[1].Conditions[0].Values[0]
	if cv.Kind != graph.KindRef || cv.Ref.Node != "ApiVpce" {
		t.Errorf("condition value: %s", cv.Display())
	}
	checks := []check{
		{"same reference", Request{Anonymous: true, Stage: "prod", SourceVpce: RefTo(ref("ApiVpce"))}, Allow, ""},
		{"other reference", Request{Anonymous: true, Stage: "prod", SourceVpce: RefTo(ref("Other"))}, ExplicitDeny, ""},
		{"literal", viaVpce("vpce-1"), Unknown, "reference"},
	}
	for _, c := range checks {
		if got := p.Evaluate(c.req); got.Decision != c.want || !strings.Contains(got.Reason, c.reason) {
			t.Errorf("%s: got %v (%s), want %v", c.name, got.Decision, got.Reason, c.want)
		}
	}
}

func TestParseConcatWholeValue(t *testing.T) {
	// An unknown part standing for a whole JSON value, outside any string.
	v := concat(str(`{"Statement":[`+allowAll+`,`), graph.NewUnknown("an import", source.Range{}), str(`]}`))
	p, probs := Parse(v)
	if p == nil || len(p.Statements) != 2 || !p.Statements[1].Opaque {
		t.Fatalf("Parse: %+v %v", p, probs)
	}
	if len(probs) != 1 || !strings.Contains(probs[0].Message, "not known") {
		t.Errorf("problems: %v", probs)
	}
	if got := p.Evaluate(viaVpce("vpce-1")); got.Decision != Unknown {
		t.Errorf("got %v", got.Decision)
	}
}

func TestParseConcatEscapes(t *testing.T) {
	// A quote escaped inside a string must not confuse the string tracking.
	v := concat(str(`{"Statement":[{"Sid":"a\"b","Effect":"Allow","Principal":"*","Action":"*","Resource":"execute-api:/`), refValue("Stage"), str(`/*"}]}`))
	p, probs := Parse(v)
	if p == nil || len(probs) > 0 {
		t.Fatalf("Parse: %v", probs)
	}
	if s := p.Statements[0]; s.Sid != `a"b` || s.Resource.List[0].Kind != graph.KindConcat {
		t.Errorf("statement: %+v", s)
	}
}

func TestParseProblems(t *testing.T) {
	tests := []struct {
		name    string
		value   *graph.Value
		nilPol  bool
		message string
	}{
		{"lower-case effect", val(t, policy(`{"Effect":"allow","Principal":"*","Action":"*","Resource":"*"}`)), false, `Effect "allow" is not valid`},
		{"missing effect", val(t, policy(`{"Principal":"*","Action":"*","Resource":"*"}`)), false, "no Effect"},
		{"missing principal", val(t, policy(`{"Effect":"Allow","Action":"*","Resource":"*"}`)), false, "no Principal"},
		{"missing action", val(t, policy(`{"Effect":"Allow","Principal":"*","Resource":"*"}`)), false, "neither Action"},
		{"missing resource", val(t, policy(`{"Effect":"Allow","Principal":"*","Action":"*"}`)), false, "neither Resource"},
		{"both principals", val(t, policy(`{"Effect":"Allow","Principal":"*","NotPrincipal":"*","Action":"*","Resource":"*"}`)), false, "not both"},
		{"unknown element", val(t, policy(`{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Conditions":{}}`)), false, `"Conditions"`},
		{"bad version", val(t, `{"Version":"2012-10-18","Statement":[]}`), false, "Version"},
		{"no statement", val(t, `{"Version":"2012-10-17"}`), false, "no Statement"},
		{"bad JSON", str(`{"Statement": [`), true, "not valid JSON"},
		{"JSON array", str(`[]`), true, "must be an object"},
		{"reference", refValue("PolicyParam"), true, "not known before deploy"},
		{"unknown", graph.NewUnknown("an import", source.Range{}), true, "an import"},
		{"choice", val(t, `{"Fn::If":["C",{"Statement":[]},{"Statement":[]}]}`), true, "Fn::If"},
		{"absent", nil, true, "no policy"},
		{"number", val(t, `3`), true, "must be an object"},
	}
	for _, tt := range tests {
		p, probs := Parse(tt.value)
		if (p == nil) != tt.nilPol {
			t.Errorf("%s: policy nil = %v", tt.name, p == nil)
		}
		found := false
		for _, pr := range probs {
			found = found || strings.Contains(pr.Message, tt.message)
		}
		if !found {
			t.Errorf("%s: problems %v, want one containing %q", tt.name, probs, tt.message)
		}
	}
}

func TestInvalidEffectIsIgnored(t *testing.T) {
	p, _ := Parse(val(t, policy(`{"Effect":"allow","Principal":"*","Action":"*","Resource":"*"}`)))
	if s := p.Statements[0]; s.Effect != EffectInvalid {
		t.Errorf("effect %v", s.Effect)
	}
	if got := p.Evaluate(viaVpce("vpce-1")); got.Decision != ImplicitDeny {
		t.Errorf("got %v", got.Decision)
	}
}

func TestPrincipalKinds(t *testing.T) {
	tests := []struct {
		principal string
		want      PrincipalKind
	}{
		{`"*"`, PrincipalAnonymous},
		{`{"AWS":"*"}`, PrincipalAnonymous},
		{`{"AWS":["*"]}`, PrincipalAnonymous},
		{`{"AWS":["arn:aws:iam::123456789012:root","*"]}`, PrincipalAnonymous},
		{`{"AWS":"arn:aws:iam::123456789012:root"}`, PrincipalSpecific},
		{`{"AWS":"123456789012"}`, PrincipalSpecific},
		{`{"Service":"lambda.amazonaws.com"}`, PrincipalSpecific},
		{`{"AWS":{"Ref":"Role"}}`, PrincipalSpecific},
		{`{"AWS":{"Concat":["arn:aws:iam::",{"Ref":"AWS::AccountId"},":root"]}}`, PrincipalSpecific},
		{`{"AWS":{"Unknown":"a parameter"}}`, PrincipalUnknown},
		{`{"Fn::If":["C","*",{"AWS":"arn:aws:iam::123456789012:root"}]}`, PrincipalUnknown},
		{`{"Fn::If":["C","*",{"AWS":"*"}]}`, PrincipalAnonymous},
	}
	for _, tt := range tests {
		p := mustParse(t, policy(`{"Effect":"Allow","Principal":`+tt.principal+`,"Action":"*","Resource":"*"}`))
		if got := p.Statements[0].Principal.Kind; got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.principal, got, tt.want)
		}
	}
}

func TestParseOperator(t *testing.T) {
	tests := []struct {
		op        string
		base      string
		supported bool
		set       SetOperator
		ifExists  bool
	}{
		{"StringEquals", "StringEquals", true, SetNone, false},
		{"stringnotequals", "StringNotEquals", true, SetNone, false},
		{"ForAnyValue:StringNotEqualsIfExists", "StringNotEquals", true, ForAnyValue, true},
		{"ForAllValues:StringLike", "StringLike", true, ForAllValues, false},
		{"StringNotEqualsIgnoreCaseIfExists", "StringNotEqualsIgnoreCase", true, SetNone, true},
		{"Null", "Null", true, SetNone, false},
		{"NullIfExists", "Null", false, SetNone, true},
		{"NumericLessThan", "NumericLessThan", false, SetNone, false},
		{"Bogus:StringEquals", "Bogus:StringEquals", false, SetNone, false},
	}
	for _, tt := range tests {
		base, supported, set, ifExists := parseOperator(tt.op)
		if base != tt.base || supported != tt.supported || set != tt.set || ifExists != tt.ifExists {
			t.Errorf("%s: got %q %v %v %v", tt.op, base, supported, set, ifExists)
		}
	}
}

func TestParseConditionChoices(t *testing.T) {
	p := mustParse(t, policy(`{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"Fn::If":["C",{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}},{"StringNotEquals":{"aws:SourceVpc":"vpc-1"}}]}}`))
	cs := p.Statements[0].Conditions
	if len(cs) != 2 || len(cs[0].When) != 1 || cs[0].When[0].Alt != 0 || cs[1].When[0].Alt != 1 {
		t.Fatalf("conditions: %+v", cs)
	}
	// vpce-1 in vpc-1 passes both alternatives; vpce-1 in vpc-2 only one.
	if got := p.Evaluate(Request{Anonymous: true, SourceVpce: Lit("vpce-1"), SourceVpc: Lit("vpc-1")}); got.Decision != ImplicitDeny {
		t.Errorf("both: %v (%s)", got.Decision, got.Reason)
	}
	if got := p.Evaluate(Request{Anonymous: true, SourceVpce: Lit("vpce-1"), SourceVpc: Lit("vpc-2")}); got.Decision != Unknown || !got.Denied {
		t.Errorf("one: %v denied=%v (%s)", got.Decision, got.Denied, got.Reason)
	}
}
