package tlscert

import (
	"strings"
	"testing"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/loader/cfn"
	"github.com/papilint/papilint/internal/source"
)

func TestCovers(t *testing.T) {
	for _, c := range []struct {
		cert, host string
		want       bool
	}{
		{"api.example.com", "api.example.com", true},
		{"API.Example.COM", "api.example.com", true},
		{"api.example.com.", "api.example.com", true},
		{"api.example.com", "Api.Example.Com.", true},
		{" api.example.com ", "api.example.com", true},
		{"api.example.com", "www.example.com", false},
		{"api.example.com", "example.com", false},
		{"*.example.com", "api.example.com", true},
		{"*.EXAMPLE.com.", "API.example.com", true},
		{"*.example.com", "example.com", false},
		{"*.example.com", "a.b.example.com", false},
		{"*.example.com", "api.example.org", false},
		{"*.example.com", "apiexample.com", false},
		{"*.example.com", ".example.com", false},
		{"*.example.com", "*.example.com", true},
		{"*.example.com", "*.a.example.com", false},
		{"api.example.com", "*.example.com", false},
		{"*.a.example.com", "*.example.com", false},
		{"*.a.example.com", "x.a.example.com", true},
		{"*.*.example.com", "a.b.example.com", false},
		{"a*.example.com", "ab.example.com", false},
		{"*.", "com", false},
		{"*", "com", false},
		{"", "", false},
		{"", "example.com", false},
		{"example.com", "", false},
	} {
		if got := Covers(c.cert, c.host); got != c.want {
			t.Errorf("Covers(%q, %q) = %v, want %v", c.cert, c.host, got, c.want)
		}
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{"Api.Example.Com.": "api.example.com", " x.org ": "x.org", "": ""} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func build(t *testing.T, text string) *graph.Graph {
	t.Helper()
	f := source.NewFile("t.yaml", "t.yaml", []byte(text))
	root, errs := cfn.Parse(f)
	if len(errs) > 0 {
		t.Fatal(errs[0].Message)
	}
	b := &graph.Builder{}
	if diags := cfn.Build(b, []cfn.Input{{File: f, Root: root}}, cfn.Options{}); len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	return b.Build()
}

const certs = `
Parameters:
  Host: {Type: String}
  HostDefault: {Type: String, Default: api.example.com}
  CertArn: {Type: String}
  UseWild: {Type: String}
Conditions:
  Wild: !Equals [!Ref UseWild, "yes"]
Resources:
  Exact:
    Type: AWS::CertificateManager::Certificate
    Properties: {DomainName: api.example.com}
  Wildcard:
    Type: AWS::CertificateManager::Certificate
    Properties: {DomainName: example.com, SubjectAlternativeNames: ["*.example.com"]}
  Other:
    Type: AWS::CertificateManager::Certificate
    Properties: {DomainName: other.example.org, SubjectAlternativeNames: [www.example.org]}
  FromParam:
    Type: AWS::CertificateManager::Certificate
    Properties: {DomainName: other.example.org, SubjectAlternativeNames: [!Ref Host]}
  Choice:
    Type: AWS::CertificateManager::Certificate
    Properties: {DomainName: !If [Wild, "*.example.org", www.example.org]}
  ChoiceCovers:
    Type: AWS::CertificateManager::Certificate
    Properties: {DomainName: !If [Wild, "*.example.com", www.example.org]}
  User:
    Type: AWS::ApiGateway::DomainName
    Properties:
      DomainName: api.example.com
      P_EXACT: !Ref Exact
      P_WILD: !Ref Wildcard
      P_OTHER: !Ref Other
      P_PARAM: !Ref FromParam
      P_CHOICE: !Ref Choice
      P_CHOICECOVERS: !Ref ChoiceCovers
      P_ARN: arn:aws:acm:eu-west-1:123456789012:certificate/abc
      P_ARNPARAM: !Ref CertArn
      P_EITHER: !If [Wild, !Ref Other, !Ref Choice]
      P_EITHERCOVERS: !If [Wild, !Ref Other, !Ref Exact]
      H_UNKNOWN: !Ref Host
      H_DEFAULT: !Ref HostDefault
      H_CHOICE: !If [Wild, api.example.com, www.example.com]
      H_CHOICEBAD: !If [Wild, api.example.net, www.example.net]
      H_APEX: example.com
      H_DEEP: a.b.example.com
`

func TestCheck(t *testing.T) {
	g := build(t, certs)
	u := g.Node("t.yaml#User")
	for _, c := range []struct {
		host  string
		arns  []string
		want  Verdict
		names string
	}{
		{"DomainName", []string{"P_EXACT"}, Covered, "api.example.com"},
		{"DomainName", []string{"P_WILD"}, Covered, "example.com,*.example.com"},
		{"H_APEX", []string{"P_WILD"}, Covered, "example.com,*.example.com"},
		{"H_DEEP", []string{"P_WILD"}, NotCovered, "example.com,*.example.com"},
		{"DomainName", []string{"P_OTHER"}, NotCovered, "other.example.org,www.example.org"},
		{"DomainName", []string{"P_OTHER", "P_EXACT"}, Covered, "other.example.org,www.example.org,api.example.com"},
		{"DomainName", []string{"P_OTHER", "P_ARN"}, Unknown, "other.example.org,www.example.org"},
		// A name from a parameter without default may be the host.
		{"DomainName", []string{"P_PARAM"}, Unknown, "other.example.org"},
		// Certificates given by ARN have names papilint cannot see.
		{"DomainName", []string{"P_ARN"}, Unknown, ""},
		{"DomainName", []string{"P_ARNPARAM"}, Unknown, ""},
		{"DomainName", nil, Unknown, ""},
		// Fn::If: not covered only when no branch covers.
		{"DomainName", []string{"P_CHOICE"}, NotCovered, "*.example.org,www.example.org"},
		{"DomainName", []string{"P_CHOICECOVERS"}, Covered, "*.example.com,www.example.org"},
		{"DomainName", []string{"P_EITHER"}, NotCovered, "other.example.org,www.example.org,*.example.org"},
		{"DomainName", []string{"P_EITHERCOVERS"}, Covered, "other.example.org,www.example.org,api.example.com"},
		{"H_CHOICE", []string{"P_EXACT"}, Covered, "api.example.com"},
		{"H_CHOICEBAD", []string{"P_EXACT"}, NotCovered, "api.example.com"},
		{"H_UNKNOWN", []string{"P_EXACT"}, Unknown, ""},
		{"H_DEFAULT", []string{"P_OTHER"}, NotCovered, "other.example.org,www.example.org"},
	} {
		var arns []*graph.Value
		for _, a := range c.arns {
			arns = append(arns, u.Prop(a))
		}
		r := Check(g, arns, u.Prop(c.host))
		if r.Verdict != c.want {
			t.Errorf("%s by %v: %v, want %v", c.host, c.arns, r.Verdict, c.want)
		}
		if r.Verdict != Unknown && strings.Join(r.Names, ",") != c.names {
			t.Errorf("%s by %v: names %v, want %s", c.host, c.arns, r.Names, c.names)
		}
	}
	if Resolve(g, u.Prop("P_ARN")) != nil || Resolve(g, u.Prop("P_EXACT")) != g.Node("t.yaml#Exact") {
		t.Error("Resolve follows only references to certificate resources")
	}
}

// A Terraform plan alone keeps aws_acm_certificate_validation between a
// user of the certificate and the certificate.
func TestResolveThroughValidation(t *testing.T) {
	b := &graph.Builder{}
	str := func(s string) *graph.Value { return graph.NewString(s, graph.Literal, source.Range{}) }
	props := func(kv ...any) *graph.Value {
		m := &graph.Value{Kind: graph.KindMap, Prov: graph.Literal}
		for i := 0; i < len(kv); i += 2 {
			m.Fields = append(m.Fields, &graph.Field{Key: kv[i].(string), Value: kv[i+1].(*graph.Value)})
		}
		return m
	}
	ref := func(n, attr string) *graph.Value {
		return graph.NewRef(&graph.Ref{Node: graph.NodeID(n), Attr: attr}, source.Range{})
	}
	b.AddNode(&graph.Node{ID: "c", Kind: graph.Certificate, Type: "aws_acm_certificate", Format: graph.Terraform,
		Props: props("DomainName", str("api.example.com"))})
	b.AddNode(&graph.Node{ID: "v", Kind: graph.KindOther, Type: "aws_acm_certificate_validation", Format: graph.Terraform,
		Props: props("certificate_arn", ref("c", "Ref"))})
	b.AddNode(&graph.Node{ID: "d", Kind: graph.DomainName, Type: "aws_api_gateway_domain_name", Format: graph.Terraform,
		Props: props("DomainName", str("www.example.com"), "RegionalCertificateArn", ref("v", "CertificateArn"), "Other", ref("v", "Id"))})
	g := b.Build()
	d := g.Node("d")
	if c := Resolve(g, d.Prop("RegionalCertificateArn")); c == nil || c.ID != "c" {
		t.Fatalf("Resolve through the validation = %v", c)
	}
	if c := Resolve(g, d.Prop("Other")); c != nil {
		t.Errorf("another attribute of the validation resolved to %v", c.ID)
	}
	if r := Check(g, []*graph.Value{d.Prop("RegionalCertificateArn")}, d.Prop("DomainName")); r.Verdict != NotCovered {
		t.Errorf("verdict %v", r.Verdict)
	}
}
