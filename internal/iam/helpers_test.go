package iam

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/source"
)

// val builds a graph value from JSON text, with literal provenance. A few
// objects stand for the values loaders produce from intrinsic functions:
//
//	{"Ref": "Name"}                    a reference (KindRef); "AWS::..." names a pseudo parameter
//	{"Fn::If": ["Cond", a, b]}         a choice between a and b (KindChoice)
//	{"Concat": [part, ...]}            a string with unknown parts (KindConcat)
//	{"Unknown": "why"}                 an unknown value
//
// Map keys come out sorted; policies do not depend on key order.
func val(t testing.TB, text string) *graph.Value {
	t.Helper()
	var x any
	d := json.NewDecoder(strings.NewReader(text))
	d.UseNumber()
	if err := d.Decode(&x); err != nil {
		t.Fatalf("bad test JSON: %v\n%s", err, text)
	}
	return fromAny(x)
}

func fromAny(x any) *graph.Value {
	var r source.Range
	switch x := x.(type) {
	case nil:
		return graph.NewNull(graph.Literal, r)
	case bool:
		return graph.NewBool(x, graph.Literal, r)
	case json.Number:
		return graph.NewNumber(x.String(), graph.Literal, r)
	case string:
		return graph.NewString(x, graph.Literal, r)
	case []any:
		l := &graph.Value{Kind: graph.KindList, Prov: graph.Literal}
		for _, e := range x {
			l.List = append(l.List, fromAny(e))
		}
		return l
	case map[string]any:
		if len(x) == 1 {
			for k, v := range x {
				switch k {
				case "Ref":
					name := v.(string)
					if strings.HasPrefix(name, "AWS::") {
						return graph.NewRef(&graph.Ref{Pseudo: name}, r)
					}
					return graph.NewRef(&graph.Ref{Node: graph.NodeID(name), Attr: "Ref"}, r)
				case "Fn::If":
					args := v.([]any)
					c := &graph.Value{Kind: graph.KindChoice, Prov: graph.Unknown}
					for _, a := range args[1:] {
						c.Alts = append(c.Alts, fromAny(a))
					}
					return c
				case "Concat":
					c := &graph.Value{Kind: graph.KindConcat, Prov: graph.Derived}
					for _, p := range v.([]any) {
						c.Parts = append(c.Parts, fromAny(p))
					}
					return c
				case "Unknown":
					return graph.NewUnknown(v.(string), r)
				}
			}
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		m := &graph.Value{Kind: graph.KindMap, Prov: graph.Literal}
		for _, k := range keys {
			m.Fields = append(m.Fields, &graph.Field{Key: k, Value: fromAny(x[k])})
		}
		return m
	}
	panic(fmt.Sprintf("unexpected JSON value %T", x))
}

// mustParse parses a policy given as JSON text (see val) and fails the test
// on any problem.
func mustParse(t testing.TB, text string) *Policy {
	t.Helper()
	p, probs := Parse(val(t, text))
	if p == nil || len(probs) > 0 {
		t.Fatalf("Parse: policy %v, problems %v", p != nil, probs)
	}
	return p
}

// Policy text builders.

func policy(stmts ...string) string {
	return `{"Version":"2012-10-17","Statement":[` + strings.Join(stmts, ",") + `]}`
}

const allowAll = `{"Sid":"AllowAll","Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*"}`

// deny is a Deny of every invoke under the conditions given.
func deny(sid, condition string) string {
	return denyOn(sid, "execute-api:/*", condition)
}

func denyOn(sid, resource, condition string) string {
	return `{"Sid":"` + sid + `","Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"` +
		resource + `","Condition":` + condition + `}`
}

func allowIf(condition string) string {
	return `{"Sid":"AllowIf","Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*","Condition":` + condition + `}`
}

// Requests.

func viaVpce(id string) Request {
	return Request{Anonymous: true, Stage: "prod", SourceVpce: Lit(id), SourceVpc: Lit("vpc-main")}
}

func viaVpc(id string) Request {
	return Request{Anonymous: true, Stage: "prod", SourceVpce: Lit("vpce-any"), SourceVpc: Lit(id)}
}

func ref(name string) *graph.Ref { return &graph.Ref{Node: graph.NodeID(name), Attr: "Ref"} }
