package iam

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/source"
)

// FuzzParse: no policy document, however odd, makes parsing or evaluating
// it panic. The input is JSON text read the way the tests' val helper reads
// it, so the intrinsic stand-ins (Ref, Fn::If, Concat, Unknown) are
// exercised as well; the same text is also given as a policy string.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*"}]}`,
		`{"Statement":{"Effect":"Deny","Principal":{"AWS":"*"},"NotAction":["execute-api:*"],"Resource":["*"],"Condition":{"StringNotEquals":{"aws:SourceVpce":["vpce-1",{"Ref":"Endpoint"}]}}}}`,
		`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":{"Concat":["arn:aws:execute-api:",{"Unknown":"region"},":*"]},"Condition":{"ForAnyValue:StringLikeIfExists":{"aws:SourceVpc":"vpc-*"},"Null":{"aws:SourceVpc":"false"}}}]}`,
		`{"Fn::If":["C",{"Statement":[]},{"Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::1:root"},"Action":"execute-api:Invoke","NotResource":"execute-api:/prod/*"}]}]}`,
		`{"Version":"2008-10-17","Id":"x","Statement":[{"Sid":1,"Effect":"allow","Principal":{"Service":["a"]}}],"Extra":null}`,
	} {
		f.Add(s)
	}
	reqs := []Request{
		{Anonymous: true, Stage: "prod", SourceVpce: Outsider, SourceVpc: Outsider},
		{Anonymous: true},
		{Stage: "prod", SourceVpce: Lit("vpce-1"), SourceVpc: Lit("vpc-1")},
		{Action: "execute-api:ManageConnections", Anonymous: true},
	}
	f.Fuzz(func(t *testing.T, text string) {
		values := []*graph.Value{graph.NewString(text, graph.Literal, source.Range{})}
		var x any
		d := json.NewDecoder(strings.NewReader(text))
		d.UseNumber()
		if d.Decode(&x) == nil {
			if v := safeFromAny(x); v != nil {
				values = append(values, v)
			}
		}
		for _, v := range values {
			p, _ := Parse(v)
			if p == nil {
				continue
			}
			for _, r := range reqs {
				p.Evaluate(r)
			}
			p.AnonymousInvokeAllows()
			p.VPCRestriction()
			p.SplitDenies()
		}
	})
}

// safeFromAny is the tests' fromAny for arbitrary JSON: the helper expects
// its stand-ins (Fn::If, Concat, …) in their documented shapes and panics
// otherwise, which says nothing about Parse, so such inputs are skipped.
func safeFromAny(x any) (v *graph.Value) {
	defer func() {
		if recover() != nil {
			v = nil
		}
	}()
	return fromAny(x)
}
