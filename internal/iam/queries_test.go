package iam

import (
	"reflect"
	"strings"
	"testing"

	"github.com/papilint/papilint/internal/graph"
)

func sids(ss []*Statement) []string {
	out := []string{}
	for _, s := range ss {
		out = append(out, s.Label())
	}
	return out
}

func displays(vs []*graph.Value) []string {
	out := []string{}
	for _, v := range vs {
		out = append(out, v.Display())
	}
	return out
}

func TestAnonymousInvokeAllows(t *testing.T) {
	tests := []struct {
		name   string
		policy string
		want   []string
	}{
		{"canonical", policy(allowAll, deny("D", `{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}`)), []string{`"AllowAll"`}},
		{"conditions are ignored", policy(allowIf(`{"StringEquals":{"aws:SourceVpc":"vpc-1"}}`)), []string{`"AllowIf"`}},
		{"IAM principal only", policy(`{"Sid":"Iam","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"execute-api:Invoke","Resource":"*"}`), []string{}},
		{"deny only", policy(deny("D", `{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}`)), []string{}},
		{"other action", policy(`{"Sid":"S3","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}`), []string{}},
		{"execute-api:*", policy(`{"Sid":"Star","Effect":"Allow","Principal":{"AWS":"*"},"Action":"execute-api:*","Resource":"execute-api:/prod/*"}`), []string{`"Star"`}},
		{"principal not known", policy(`{"Sid":"P","Effect":"Allow","Principal":{"AWS":{"Unknown":"param"}},"Action":"*","Resource":"*"}`), []string{`"P"`}},
		{"under Fn::If", policy(`{"Fn::If":["C",` + allowAll + `,null]}`), []string{`"AllowAll"`}},
	}
	for _, tt := range tests {
		got := sids(mustParse(t, tt.policy).AnonymousInvokeAllows())
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestVPCRestriction(t *testing.T) {
	tests := []struct {
		name       string
		policy     string
		restricted bool
		other      []string
	}{
		{"allow all", policy(allowAll), false, nil},
		{"deny StringNotEquals aws:SourceVpce", policy(allowAll, deny("D", `{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}`)), true, nil},
		{"deny StringNotLike aws:SourceVpc", policy(allowAll, deny("D", `{"StringNotLike":{"AWS:SOURCEVPC":"vpc-1*"}}`)), true, nil},
		{"allow StringEquals aws:SourceVpc", policy(allowIf(`{"StringEquals":{"aws:SourceVpc":"vpc-1"}}`)), true, nil},
		{"allow ForAnyValue:StringLike", policy(allowIf(`{"ForAnyValue:StringLike":{"aws:SourceVpce":"vpce-1"}}`)), true, nil},
		// A Deny with StringEquals denies the listed endpoint: no restriction.
		{"deny StringEquals", policy(allowAll, deny("D", `{"StringEquals":{"aws:SourceVpce":"vpce-1"}}`)), false, nil},
		{"organization", policy(allowIf(`{"StringEquals":{"aws:PrincipalOrgID":"o-1","aws:SourceAccount":"123456789012"}}`)), false, []string{"aws:PrincipalOrgID", "aws:SourceAccount"}},
		{"source IP", policy(allowAll, deny("D", `{"NotIpAddress":{"aws:VpcSourceIp":"10.0.0.0/8"}}`)), false, []string{"aws:VpcSourceIp"}},
		// Statements that cannot apply to anonymous invokes do not count.
		{"IAM principal", policy(allowAll, `{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}}`), false, nil},
	}
	for _, tt := range tests {
		r := mustParse(t, tt.policy).VPCRestriction()
		if r.Restricted() != tt.restricted || !reflect.DeepEqual(r.OtherKeys(), tt.other) {
			t.Errorf("%s: restricted %v, other %v; want %v, %v", tt.name, r.Restricted(), r.OtherKeys(), tt.restricted, tt.other)
		}
	}
}

func TestSplitDenies(t *testing.T) {
	type group struct {
		stmts        []string
		key          string
		union, inter []string
		unknown      bool
	}
	vpce := func(sid, values string) string {
		return deny(sid, `{"StringNotEquals":{"aws:SourceVpce":`+values+`}}`)
	}
	tests := []struct {
		name   string
		policy string
		want   []group
	}{
		{
			name:   "one statement with a list",
			policy: policy(allowAll, vpce("D", `["vpce-1","vpce-2"]`)),
		},
		{
			name:   "empty intersection",
			policy: policy(allowAll, vpce("A", `"vpce-1"`), vpce("B", `"vpce-2"`)),
			want:   []group{{[]string{`"A"`, `"B"`}, KeySourceVpce, []string{"vpce-1", "vpce-2"}, []string{}, false}},
		},
		{
			name:   "partial intersection",
			policy: policy(allowAll, vpce("A", `["vpce-1","vpce-2"]`), vpce("B", `["vpce-2","vpce-3"]`)),
			want:   []group{{[]string{`"A"`, `"B"`}, KeySourceVpce, []string{"vpce-1", "vpce-2", "vpce-3"}, []string{"vpce-2"}, false}},
		},
		{
			name: "aws:SourceVpc, StringNotLike, odd key case",
			policy: policy(allowAll,
				deny("A", `{"StringNotEquals":{"aws:SourceVpc":"vpc-1"}}`),
				deny("B", `{"StringNotLike":{"AWS:SOURCEVPC":"vpc-2"}}`)),
			want: []group{{[]string{`"A"`, `"B"`}, KeySourceVpc, []string{"vpc-1", "vpc-2"}, []string{}, false}},
		},
		{
			name: "different keys do not group",
			policy: policy(allowAll,
				deny("A", `{"StringNotEquals":{"aws:SourceVpc":"vpc-1"}}`),
				vpce("B", `"vpce-1"`)),
		},
		{
			name: "stage-scoped disjoint resources",
			policy: policy(allowAll,
				denyOn("A", "execute-api:/prod/*", `{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}`),
				denyOn("B", "execute-api:/dev/*", `{"StringNotEquals":{"aws:SourceVpce":"vpce-2"}}`)),
		},
		{
			name: "a superset and two stages",
			policy: policy(allowAll,
				vpce("All", `["vpce-1","vpce-2"]`),
				denyOn("Prod", "execute-api:/prod/*", `{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}`),
				denyOn("Dev", "arn:aws:execute-api:us-east-1:123456789012:abc/dev/*", `{"StringNotEquals":{"aws:SourceVpce":"vpce-3"}}`)),
			want: []group{
				{[]string{`"All"`, `"Prod"`}, KeySourceVpce, []string{"vpce-1", "vpce-2"}, []string{"vpce-1"}, false},
				{[]string{`"All"`, `"Dev"`}, KeySourceVpce, []string{"vpce-1", "vpce-2", "vpce-3"}, []string{}, false},
			},
		},
		{
			name: "identical ARN and shorthand forms overlap",
			policy: policy(allowAll,
				denyOn("A", "execute-api:/*/*/*", `{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}`),
				denyOn("B", "*", `{"StringNotEquals":{"aws:SourceVpce":"vpce-2"}}`)),
			want: []group{{[]string{`"A"`, `"B"`}, KeySourceVpce, []string{"vpce-1", "vpce-2"}, []string{}, false}},
		},
		{
			name:   "references compared by identity",
			policy: policy(allowAll, vpce("A", `[{"Ref":"E1"},{"Ref":"E2"}]`), vpce("B", `{"Ref":"E2"}`)),
			want:   []group{{[]string{`"A"`, `"B"`}, KeySourceVpce, []string{"<E1>", "<E2>"}, []string{"<E2>"}, false}},
		},
		{
			name:   "literal and reference",
			policy: policy(allowAll, vpce("A", `"vpce-1"`), vpce("B", `{"Ref":"E2"}`)),
			want:   []group{{[]string{`"A"`, `"B"`}, KeySourceVpce, []string{"vpce-1", "<E2>"}, []string{}, true}},
		},
		{
			name:   "value not known",
			policy: policy(allowAll, vpce("A", `"vpce-1"`), vpce("B", `{"Unknown":"param"}`)),
			want:   []group{{[]string{`"A"`, `"B"`}, KeySourceVpce, []string{"vpce-1", "<unknown>"}, []string{}, true}},
		},
		{
			name: "other conditions",
			policy: policy(allowAll, vpce("A", `"vpce-1"`),
				deny("B", `{"StringNotEquals":{"aws:SourceVpce":"vpce-2","aws:PrincipalOrgID":"o-1"}}`)),
			want: []group{{[]string{`"A"`, `"B"`}, KeySourceVpce, []string{"vpce-1", "vpce-2"}, []string{}, true}},
		},
	}
	for _, tt := range tests {
		var got []group
		for _, g := range mustParse(t, tt.policy).SplitDenies() {
			got = append(got, group{sids(g.Statements), g.Key, displays(g.Union), displays(g.Intersection), g.Unknown})
			if g.Unknown && g.Reason == "" {
				t.Errorf("%s: unknown group without a reason", tt.name)
			}
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.name, got, tt.want)
		}
	}
}

func TestUnknownReasonNamesTheKey(t *testing.T) {
	p := mustParse(t, policy(allowIf(`{"StringEquals":{"aws:PrincipalOrgID":"o-123"}}`)))
	got := p.Evaluate(viaVpce("vpce-1"))
	if got.Decision != Unknown || got.Condition == nil || got.Condition.Key != "aws:PrincipalOrgID" ||
		!strings.Contains(got.Reason, "AllowIf") || len(got.Statements) != 1 {
		t.Errorf("got %+v", got)
	}
}
