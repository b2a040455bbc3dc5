package iam

import (
	"strings"
	"testing"
)

type check struct {
	name   string
	req    Request
	want   Decision
	reason string // a substring of Result.Reason, if set
}

func TestEvaluate(t *testing.T) {
	outsider := Request{Anonymous: true, Stage: "prod", SourceVpce: Outsider, SourceVpc: Outsider}
	absent := Request{Anonymous: true, Stage: "prod"} // a Regional API: no VPC keys
	stage := func(s string, r Request) Request { r.Stage = s; return r }

	tests := []struct {
		name   string
		policy string
		checks []check
	}{
		{
			name:   "allow all, deny other endpoints (single value)",
			policy: policy(allowAll, deny("DenyOthers", `{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}`)),
			checks: []check{
				{"listed endpoint", viaVpce("vpce-1"), Allow, "AllowAll"},
				{"other endpoint", viaVpce("vpce-2"), ExplicitDeny, "DenyOthers"},
				{"outsider", outsider, ExplicitDeny, ""},
				{"no VPC keys", absent, ExplicitDeny, ""},
				{"any stage", stage("", viaVpce("vpce-1")), Allow, ""},
			},
		},
		{
			name:   "allow all, deny other endpoints (list)",
			policy: policy(allowAll, deny("DenyOthers", `{"StringNotEquals":{"aws:SourceVpce":["vpce-1","vpce-2"]}}`)),
			checks: []check{
				{"first", viaVpce("vpce-1"), Allow, ""},
				{"second", viaVpce("vpce-2"), Allow, ""},
				{"other", viaVpce("vpce-3"), ExplicitDeny, ""},
			},
		},
		{
			name:   "allow all, deny other VPCs",
			policy: policy(allowAll, deny("DenyOthers", `{"StringNotEquals":{"aws:SourceVpc":"vpc-main"}}`)),
			checks: []check{
				{"listed VPC", viaVpc("vpc-main"), Allow, ""},
				{"other VPC", viaVpc("vpc-2"), ExplicitDeny, ""},
				{"outsider", outsider, ExplicitDeny, ""},
			},
		},
		{
			name:   "allow with StringEquals aws:SourceVpc, no deny",
			policy: policy(allowIf(`{"StringEquals":{"aws:SourceVpc":"vpc-1"}}`)),
			checks: []check{
				{"listed VPC", viaVpc("vpc-1"), Allow, ""},
				{"other VPC", viaVpc("vpc-2"), ImplicitDeny, ""},
				{"outsider", outsider, ImplicitDeny, ""},
			},
		},
		{
			name:   "allow all without conditions admits everyone (PAPI009)",
			policy: policy(allowAll),
			checks: []check{
				{"outsider", outsider, Allow, ""},
				{"no VPC keys", absent, Allow, ""},
			},
		},
		{
			name: "split denies deny everyone (PAPI004)",
			policy: policy(allowAll,
				deny("DenyA", `{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}`),
				deny("DenyB", `{"StringNotEquals":{"aws:SourceVpce":"vpce-2"}}`)),
			checks: []check{
				{"first", viaVpce("vpce-1"), ExplicitDeny, "DenyB"},
				{"second", viaVpce("vpce-2"), ExplicitDeny, "DenyA"},
			},
		},
		{
			name: "stage-scoped denies",
			policy: policy(allowAll,
				denyOn("DenyProd", "execute-api:/prod/*", `{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}`),
				denyOn("DenyDev", "execute-api:/dev/*", `{"StringNotEquals":{"aws:SourceVpce":"vpce-2"}}`)),
			checks: []check{
				{"prod via its endpoint", viaVpce("vpce-1"), Allow, ""},
				{"prod via dev's endpoint", viaVpce("vpce-2"), ExplicitDeny, "DenyProd"},
				{"dev via prod's endpoint", stage("dev", viaVpce("vpce-1")), ExplicitDeny, "DenyDev"},
				{"dev via its endpoint", stage("dev", viaVpce("vpce-2")), Allow, ""},
				// Neither Deny covers every stage.
				{"any stage", stage("", viaVpce("vpce-1")), Allow, ""},
			},
		},
		{
			name:   "deny lists another endpoint (PAPI003)",
			policy: policy(allowAll, deny("DenyOthers", `{"StringNotEquals":{"aws:SourceVpce":"vpce-other"}}`)),
			checks: []check{
				{"the ALB's endpoint", viaVpce("vpce-alb"), ExplicitDeny, ""},
			},
		},
		{
			name:   "allow only an IAM principal",
			policy: policy(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"execute-api:Invoke","Resource":"execute-api:/*"}`),
			checks: []check{
				{"anonymous", viaVpce("vpce-1"), ImplicitDeny, ""},
				{"signed", Request{Stage: "prod"}, Unknown, "specific principals"},
			},
		},
		{
			name:   "principal {AWS: [*]}",
			policy: policy(`{"Effect":"Allow","Principal":{"AWS":["*"]},"Action":"execute-api:*","Resource":"*"}`),
			checks: []check{{"anonymous", viaVpce("vpce-1"), Allow, ""}},
		},
		{
			name: "NotAction",
			policy: policy(
				`{"Effect":"Allow","Principal":"*","NotAction":"execute-api:ManageConnections","Resource":"execute-api:/*"}`,
				`{"Effect":"Deny","Principal":"*","NotAction":"execute-api:Invoke","Resource":"execute-api:/*"}`),
			checks: []check{
				{"invoke", viaVpce("vpce-1"), Allow, ""},
				{"manage connections", Request{Action: "execute-api:ManageConnections", Anonymous: true}, ExplicitDeny, ""},
			},
		},
		{
			name: "action wildcards are case-insensitive",
			policy: policy(
				`{"Effect":"Allow","Principal":"*","Action":["s3:GetObject","Execute-API:invo?e"],"Resource":"execute-api:/*"}`),
			checks: []check{{"invoke", viaVpce("vpce-1"), Allow, ""}},
		},
		{
			name: "NotPrincipal",
			policy: policy(allowAll,
				`{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::123456789012:role/Admin"},"Action":"execute-api:Invoke","Resource":"execute-api:/*","Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}}`,
				`{"Effect":"Deny","NotPrincipal":"*","Action":"*","Resource":"*"}`),
			checks: []check{
				{"listed endpoint", viaVpce("vpce-1"), Allow, ""},
				{"other endpoint", viaVpce("vpce-2"), ExplicitDeny, ""},
			},
		},
		{
			name:   "StringNotEqualsIfExists in a Deny",
			policy: policy(allowAll, deny("D", `{"StringNotEqualsIfExists":{"aws:SourceVpce":"vpce-1"}}`)),
			checks: []check{
				{"listed", viaVpce("vpce-1"), Allow, ""},
				{"other", viaVpce("vpce-2"), ExplicitDeny, ""},
				{"no key", absent, ExplicitDeny, ""},
			},
		},
		{
			name:   "StringEqualsIfExists in an Allow",
			policy: policy(allowIf(`{"StringEqualsIfExists":{"aws:SourceVpce":"vpce-1"}}`)),
			checks: []check{
				{"listed", viaVpce("vpce-1"), Allow, ""},
				{"other", viaVpce("vpce-2"), ImplicitDeny, ""},
				{"no key", absent, Allow, ""},
			},
		},
		{
			name:   "ForAnyValue:StringEquals in an Allow",
			policy: policy(allowIf(`{"ForAnyValue:StringEquals":{"aws:SourceVpce":["vpce-1","vpce-2"]}}`)),
			checks: []check{
				{"listed", viaVpce("vpce-2"), Allow, ""},
				{"other", viaVpce("vpce-3"), ImplicitDeny, ""},
				{"no key", absent, ImplicitDeny, ""},
			},
		},
		{
			name:   "ForAllValues:StringNotEquals in a Deny",
			policy: policy(allowAll, deny("D", `{"ForAllValues:StringNotEquals":{"aws:SourceVpce":"vpce-1"}}`)),
			checks: []check{
				{"listed", viaVpce("vpce-1"), Allow, ""},
				{"other", viaVpce("vpce-2"), ExplicitDeny, ""},
				{"no key: vacuously true", absent, ExplicitDeny, ""},
			},
		},
		{
			name:   "ForAnyValue:StringNotEquals in a Deny",
			policy: policy(allowAll, deny("D", `{"ForAnyValue:StringNotEquals":{"aws:SourceVpce":"vpce-1"}}`)),
			checks: []check{
				{"other", viaVpce("vpce-2"), ExplicitDeny, ""},
				{"no key: false", absent, Allow, ""},
			},
		},
		{
			name:   "Null",
			policy: policy(allowAll, deny("D", `{"Null":{"aws:SourceVpce":"true"}}`)),
			checks: []check{
				{"present", viaVpce("vpce-2"), Allow, ""},
				{"absent", absent, ExplicitDeny, ""},
			},
		},
		{
			name:   "condition key in odd case",
			policy: policy(allowAll, deny("D", `{"StringNotEquals":{"AWS:SourceVPCE":"vpce-1"}}`)),
			checks: []check{
				{"listed", viaVpce("vpce-1"), Allow, ""},
				{"other", viaVpce("vpce-2"), ExplicitDeny, ""},
			},
		},
		{
			name:   "values are case-sensitive for StringNotEquals",
			policy: policy(allowAll, deny("D", `{"StringNotEquals":{"aws:SourceVpce":"VPCE-1"}}`)),
			checks: []check{{"lower case", viaVpce("vpce-1"), ExplicitDeny, ""}},
		},
		{
			name:   "StringNotEqualsIgnoreCase",
			policy: policy(allowAll, deny("D", `{"StringNotEqualsIgnoreCase":{"aws:SourceVpce":"VPCE-1"}}`)),
			checks: []check{
				{"lower case", viaVpce("vpce-1"), Allow, ""},
				{"other", viaVpce("vpce-2"), ExplicitDeny, ""},
			},
		},
		{
			name:   "StringNotLike with a prefix pattern",
			policy: policy(allowAll, deny("D", `{"StringNotLike":{"aws:SourceVpce":"vpce-1*"}}`)),
			checks: []check{
				{"matching", viaVpce("vpce-1abc"), Allow, ""},
				{"not matching", viaVpce("vpce-2"), ExplicitDeny, ""},
				{"outsider may match", outsider, Unknown, "vpce-1*"},
				{"reference", Request{Anonymous: true, Stage: "prod", SourceVpce: RefTo(ref("ApiVpce"))}, Unknown, "vpce-1*"},
			},
		},
		{
			name:   "StringNotLike vpce-* admits every endpoint",
			policy: policy(allowAll, deny("D", `{"StringNotLike":{"aws:SourceVpce":"vpce-*"}}`)),
			checks: []check{{"outsider", outsider, Allow, ""}},
		},
		{
			name:   "StringLike * admits references",
			policy: policy(allowIf(`{"StringLike":{"aws:SourceVpce":"*"}}`)),
			checks: []check{
				{"reference", Request{Anonymous: true, Stage: "prod", SourceVpce: RefTo(ref("ApiVpce"))}, Allow, ""},
			},
		},
		{
			name:   "aws:PrincipalOrgID cannot be evaluated",
			policy: policy(allowIf(`{"StringEquals":{"aws:PrincipalOrgID":"o-123"}}`)),
			checks: []check{{"any", viaVpce("vpce-1"), Unknown, "aws:PrincipalOrgID"}},
		},
		{
			name: "an unknown key does not matter once a Deny applies",
			policy: policy(allowIf(`{"StringEquals":{"aws:PrincipalOrgID":"o-123"}}`),
				deny("D", `{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}`)),
			checks: []check{
				{"denied", viaVpce("vpce-2"), ExplicitDeny, ""},
				{"unknown", viaVpce("vpce-1"), Unknown, "aws:PrincipalOrgID"},
			},
		},
		{
			name:   "an unknown key in a Deny leaves the outcome open",
			policy: policy(allowAll, deny("D", `{"NotIpAddress":{"aws:VpcSourceIp":"10.0.0.0/8"}}`)),
			checks: []check{{"any", viaVpce("vpce-1"), Unknown, "aws:VpcSourceIp"}},
		},
		{
			name:   "references in conditions",
			policy: policy(allowAll, deny("D", `{"StringNotEquals":{"aws:SourceVpce":{"Ref":"ApiVpce"}}}`)),
			checks: []check{
				{"same reference", Request{Anonymous: true, Stage: "prod", SourceVpce: RefTo(ref("ApiVpce"))}, Allow, ""},
				{"other reference", Request{Anonymous: true, Stage: "prod", SourceVpce: RefTo(ref("OtherVpce"))}, ExplicitDeny, ""},
				{"literal", viaVpce("vpce-1"), Unknown, "ApiVpce"},
				{"outsider", outsider, ExplicitDeny, ""},
			},
		},
		{
			name:   "Fn::If in a condition value",
			policy: policy(allowAll, deny("D", `{"StringNotEquals":{"aws:SourceVpce":{"Fn::If":["IsProd","vpce-1","vpce-2"]}}}`)),
			checks: []check{
				{"listed in one alternative", viaVpce("vpce-1"), Unknown, "Fn::If"},
				{"listed in none", viaVpce("vpce-3"), ExplicitDeny, ""},
			},
		},
		{
			name:   "Fn::If in a condition list where both alternatives agree",
			policy: policy(allowAll, deny("D", `{"StringNotEquals":{"aws:SourceVpce":["vpce-1",{"Fn::If":["C","vpce-2","vpce-3"]}]}}`)),
			checks: []check{{"always listed", viaVpce("vpce-1"), Allow, ""}},
		},
		{
			name:   "Fn::If around a statement",
			policy: policy(allowAll, `{"Fn::If":["Lock",`+deny("D", `{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}`)+`,null]}`),
			checks: []check{
				{"listed", viaVpce("vpce-1"), Allow, ""},
				{"other", viaVpce("vpce-2"), Unknown, "Fn::If"},
			},
		},
		{
			name:   "Effect not known before deploy",
			policy: policy(`{"Effect":{"Unknown":"parameter"},"Principal":"*","Action":"execute-api:Invoke","Resource":"*"}`),
			checks: []check{{"any", viaVpce("vpce-1"), Unknown, "Effect"}},
		},
		{
			name: "resource forms",
			policy: policy(
				`{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*/GET/*"}`,
				`{"Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*/POST/*"}`),
			checks: []check{
				{"some method allowed, the stage not wholly denied", viaVpce("vpce-1"), Allow, ""},
			},
		},
		{
			name:   "allow on another stage",
			policy: policy(`{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/dev/*"}`),
			checks: []check{
				{"prod", viaVpce("vpce-1"), ImplicitDeny, ""},
				{"dev", stage("dev", viaVpce("vpce-1")), Allow, ""},
			},
		},
		{
			name:   "allow on another service",
			policy: policy(`{"Effect":"Allow","Principal":"*","Action":"*","Resource":"arn:aws:s3:::bucket/*"}`),
			checks: []check{{"prod", viaVpce("vpce-1"), ImplicitDeny, ""}},
		},
		{
			name:   "statement not known before deploy",
			policy: `{"Statement":[` + allowAll + `,{"Unknown":"an import"}]}`,
			checks: []check{{"any", viaVpce("vpce-1"), Unknown, "not known"}},
		},
	}
	for _, tt := range tests {
		p := mustParseAllowingOpaque(t, tt.policy)
		for _, c := range tt.checks {
			got := p.Evaluate(c.req)
			if got.Decision != c.want || !strings.Contains(got.Reason, c.reason) {
				t.Errorf("%s / %s: got %v (%q), want %v (reason containing %q)", tt.name, c.name, got.Decision, got.Reason, c.want, c.reason)
			}
			denied := c.want == ExplicitDeny || c.want == ImplicitDeny
			if c.want != Unknown && got.Denied != denied {
				t.Errorf("%s / %s: Denied = %v", tt.name, c.name, got.Denied)
			}
		}
	}
}

// mustParseAllowingOpaque is mustParse, except that a statement that is not
// known is not a failure.
func mustParseAllowingOpaque(t *testing.T, text string) *Policy {
	t.Helper()
	p, probs := Parse(val(t, text))
	for _, pr := range probs {
		if !strings.Contains(pr.Message, "not known before deploy") {
			t.Fatalf("Parse: %v", probs)
		}
	}
	if p == nil {
		t.Fatalf("Parse returned no policy")
	}
	return p
}

// TestDenyResources checks which Resource forms deny a whole stage: a Deny
// applies only when it covers every method and path under the stage.
func TestDenyResources(t *testing.T) {
	tests := []struct {
		resource string // JSON value
		want     Decision
	}{
		{`"*"`, ExplicitDeny},
		{`"execute-api:/*"`, ExplicitDeny},
		{`"execute-api:/prod/*"`, ExplicitDeny},
		{`"execute-api:/*/*/*"`, ExplicitDeny},
		{`"execute-api:/prod/*/*"`, ExplicitDeny},
		{`"*/*"`, ExplicitDeny},
		{`"execute-api:/*/GET/*"`, Allow},
		{`"execute-api:/prod/GET/pets"`, Allow},
		{`"execute-api:/dev/*"`, Allow},
		{`["execute-api:/prod/GET/*", "execute-api:/prod/POST/*"]`, Allow},
		{`"arn:aws:execute-api:us-east-1:123456789012:abcdef1234/*"`, ExplicitDeny},
		{`"arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/*"`, ExplicitDeny},
		{`"arn:aws:execute-api:us-east-1:123456789012:abcdef1234/dev/*"`, Allow},
		{`"arn:aws:execute-api:*:*:*"`, ExplicitDeny},
		{`"arn:aws:execute-api:us-east-1:123456789012:abcdef1234"`, Allow},
		{`"arn:aws:s3:::bucket/*"`, Allow},
		{`{"Concat":["arn:",{"Ref":"AWS::Partition"},":execute-api:",{"Ref":"AWS::Region"},":",{"Ref":"AWS::AccountId"},":*"]}`, ExplicitDeny},
		{`{"Concat":["arn:aws:execute-api:",{"Ref":"AWS::Region"},":",{"Ref":"AWS::AccountId"},":",{"Ref":"Api"},"/*"]}`, ExplicitDeny},
		{`{"Concat":["execute-api:/",{"Ref":"Stage"},"/*"]}`, Unknown},
		{`{"Concat":["execute-api:/dev",{"Ref":"Suffix"},"/*"]}`, Allow},
		{`{"Unknown":"a parameter"}`, Unknown},
	}
	for _, tt := range tests {
		text := policy(allowAll, `{"Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":`+tt.resource+`}`)
		got := mustParse(t, text).Evaluate(viaVpce("vpce-1"))
		if got.Decision != tt.want {
			t.Errorf("Deny on %s: got %v (%s), want %v", tt.resource, got.Decision, got.Reason, tt.want)
		}
	}
}

// TestNotResource checks NotResource in Allow and Deny statements.
func TestNotResource(t *testing.T) {
	tests := []struct {
		stmt string
		want Decision
	}{
		{`{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","NotResource":"execute-api:/dev/*"}`, Allow},
		{`{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","NotResource":"execute-api:/prod/*"}`, ImplicitDeny},
		{`{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","NotResource":"execute-api:/prod/GET/*"}`, Allow},
	}
	for _, tt := range tests {
		got := mustParse(t, policy(tt.stmt)).Evaluate(viaVpce("vpce-1"))
		if got.Decision != tt.want {
			t.Errorf("%s: got %v, want %v", tt.stmt, got.Decision, tt.want)
		}
	}
	// A Deny with NotResource denies the whole stage only when it leaves
	// nothing of it out.
	denies := []struct {
		notResource string
		want        Decision
	}{
		{"execute-api:/dev/*", ExplicitDeny},
		{"execute-api:/prod/GET/health", Allow},
	}
	for _, tt := range denies {
		text := policy(allowAll, `{"Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","NotResource":"`+tt.notResource+`"}`)
		if got := mustParse(t, text).Evaluate(viaVpce("vpce-1")); got.Decision != tt.want {
			t.Errorf("Deny NotResource %s: got %v, want %v", tt.notResource, got.Decision, tt.want)
		}
	}
}

func TestOperandOf(t *testing.T) {
	if o := OperandOf(val(t, `"vpce-1"`)); o.Kind != OperandLiteral || o.Literal != "vpce-1" {
		t.Errorf("literal: %+v", o)
	}
	if o := OperandOf(val(t, `{"Ref":"ApiVpce"}`)); o.Kind != OperandRef || o.Ref.Node != "ApiVpce" {
		t.Errorf("ref: %+v", o)
	}
	if o := OperandOf(nil); o.Kind != OperandAbsent {
		t.Errorf("absent: %+v", o)
	}
	if o := OperandOf(val(t, `{"Unknown":"x"}`)); o.Kind != OperandUnknown {
		t.Errorf("unknown: %+v", o)
	}
	// A literal obtained through a reference equals that reference.
	v := val(t, `"vpce-1"`)
	v.Ref = ref("ApiVpce")
	p := mustParse(t, policy(allowAll, deny("D", `{"StringNotEquals":{"aws:SourceVpce":{"Ref":"ApiVpce"}}}`)))
	if got := p.Evaluate(Request{Anonymous: true, SourceVpce: OperandOf(v)}); got.Decision != Allow {
		t.Errorf("resolved reference: got %v (%s)", got.Decision, got.Reason)
	}
}

func TestNilPolicy(t *testing.T) {
	var p *Policy
	if got := p.Evaluate(viaVpce("vpce-1")); got.Decision != Unknown {
		t.Errorf("nil policy: %v", got.Decision)
	}
	if p.AnonymousInvokeAllows() != nil || p.SplitDenies() != nil || p.VPCRestriction().Restricted() {
		t.Errorf("nil policy helpers should find nothing")
	}
}

// TestEvaluateOneCall: with a method and path the request is one call, so a
// statement scoped to some paths decides it either way.
func TestEvaluateOneCall(t *testing.T) {
	p := mustParse(t, policy(allowAll, denyOn("DenyAdmin", "execute-api:/prod/*/admin/*", `{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}`)))
	call := func(method, path, vpce string) Request {
		r := viaVpce(vpce)
		r.Method, r.Path = method, path
		return r
	}
	for _, c := range []struct {
		req  Request
		want Decision
	}{
		{call("GET", "/admin/users", "vpce-2"), ExplicitDeny},
		{call("GET", "/orders", "vpce-2"), Allow},
		{call("POST", "/admin/x", "vpce-1"), Allow},
		{call("GET", "", "vpce-2"), Allow},
	} {
		if got := p.Evaluate(c.req).Decision; got != c.want {
			t.Errorf("%s %s via %s: %v, want %v", c.req.Method, c.req.Path, c.req.SourceVpce, got, c.want)
		}
	}
	// Without a method the Deny covers only some calls under the stage, so
	// it does not apply to "every call".
	if got := p.Evaluate(viaVpce("vpce-2")).Decision; got != Allow {
		t.Errorf("stage-wide: %v, want Allow", got)
	}
	allowOrders := mustParse(t, policy(`{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/prod/GET/orders"}`))
	r := viaVpce("vpce-1")
	r.Method, r.Path = "GET", "/items"
	if got := allowOrders.Evaluate(r).Decision; got != ImplicitDeny {
		t.Errorf("allow on another path: %v, want ImplicitDeny", got)
	}
}
