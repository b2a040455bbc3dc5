package pattern

import (
	"strings"
	"testing"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/loader"
)

// served is the pattern with several kinds of custom domain: a REGIONAL
// DomainName reached by a CNAME, an ApiGatewayV2 domain sharing the
// listener's certificate, a SAM API's Domain, and a public domain that the
// load balancer does not serve.
const served = `
Transform: AWS::Serverless-2016-10-31
Parameters:
  Host: {Type: String}
  CertArn: {Type: String}
Resources:
  Vpce:
    Type: AWS::EC2::VPCEndpoint
    Properties: {ServiceName: com.amazonaws.eu-west-1.execute-api, VpcEndpointType: Interface, VpcId: vpc-1}
  Enis:
    Type: Custom::EniLookup
    Properties: {ServiceToken: arn:aws:lambda:eu-west-1:123456789012:function:f, NetworkInterfaceIds: {"Fn::GetAtt": [Vpce, NetworkInterfaceIds]}}
  Tg:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      TargetType: ip
      Targets: [{Id: {"Fn::GetAtt": [Enis, IpA]}, Port: 443}]
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: {Scheme: internal}
  Cert:
    Type: AWS::CertificateManager::Certificate
    Properties: {DomainName: "*.example.com"}
  Listener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: {Ref: Alb}
      Protocol: HTTPS
      Certificates: [{CertificateArn: {Ref: Cert}}]
      DefaultActions: [{Type: forward, TargetGroupArn: {Ref: Tg}}]
  Extra:
    Type: AWS::ElasticLoadBalancingV2::ListenerCertificate
    Properties:
      ListenerArn: {Ref: Listener}
      Certificates: [{CertificateArn: {Ref: CertArn}}]
  ByCname:
    Type: AWS::ApiGateway::DomainName
    Properties: {DomainName: api.example.com, RegionalCertificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/x}
  Cname:
    Type: AWS::Route53::RecordSet
    Properties: {Name: API.example.com., Type: CNAME, ResourceRecords: [{"Fn::GetAtt": [Alb, DNSName]}]}
  ByCert:
    Type: AWS::ApiGatewayV2::DomainName
    Properties:
      DomainName: v2.example.com
      DomainNameConfigurations: [{CertificateArn: {Ref: Cert}, EndpointType: REGIONAL}]
  Sam:
    Type: AWS::Serverless::Api
    Properties:
      StageName: v1
      EndpointConfiguration: PRIVATE
      Domain: {DomainName: sam.example.com, CertificateArn: {Ref: CertArn}, BasePath: [orders, users]}
  Unrelated:
    Type: AWS::ApiGateway::DomainName
    Properties: {DomainName: www.example.org, RegionalCertificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/y}
  ByParam:
    Type: AWS::ApiGateway::DomainName
    Properties: {DomainName: {Ref: Host}, RegionalCertificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/z}
  ParamRecord:
    Type: AWS::Route53::RecordSet
    Properties: {Name: {Ref: Host}, Type: A, AliasTarget: {DNSName: {"Fn::GetAtt": [Alb, DNSName]}, HostedZoneId: Z1}}
Outputs:
  Url:
    Value: {"Fn::Sub": "https://${ByCname}/v1/orders?x=1"}
  Curl:
    Value: {"Fn::Sub": "curl -H 'Host: x' https://${Host}:443/v1 https://www.example.org/v2/"}
  Other:
    Value: {"Fn::Sub": "https://${Host}.example.com/v1/"}
`

func TestServedDomains(t *testing.T) {
	g := build(t, served)
	r := Detect(g)
	if len(r.Instances) != 1 {
		t.Fatalf("%d instances", len(r.Instances))
	}
	var got []string
	for _, d := range r.ServedDomains(g, r.Instances[0]) {
		name := d.Node.Name
		if d.SAM {
			name = "sam:" + name
		}
		got = append(got, name)
	}
	// ByCname: a CNAME with the name in another case and a trailing dot.
	// ByCert: the listener's certificate. Sam: the listener's SNI
	// certificate, the same parameter. ByParam: a record named by the same
	// parameter. Unrelated: nothing links it.
	if want := "ByCert,ByCname,ByParam,sam:Sam"; strings.Join(sortStrings(got), ",") != want {
		t.Errorf("served domains %v, want %s", got, want)
	}
	if n := len(PublicDomains(g)); n != 5 {
		t.Errorf("%d public domains, want 5", n)
	}
	certs := ListenerCertificates(g, g.Node("t.yaml#Listener"))
	if len(certs) != 2 {
		t.Errorf("listener certificates %d, want 2 (default and SNI)", len(certs))
	}
}

func sortStrings(s []string) []string {
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
	return s
}

func TestSAMMappings(t *testing.T) {
	g := build(t, served)
	r := Detect(g)
	for _, d := range PublicDomains(g) {
		if !d.SAM {
			continue
		}
		ms := r.MappingsOf(g, d)
		if len(ms) != 2 {
			t.Fatalf("SAM mappings %d, want one per base path", len(ms))
		}
		for i, want := range []string{"orders", "users"} {
			bp, _ := ms[i].BasePath.String()
			st, _ := ms[i].Stage.String()
			if bp != want || st != "v1" || ms[i].API != d.Node {
				t.Errorf("mapping %d: base path %q stage %q", i, bp, st)
			}
		}
	}
}

func TestURLsOn(t *testing.T) {
	g := build(t, served)
	r := Detect(g)
	var byCname, byParam *CustomDomain
	for _, d := range PublicDomains(g) {
		switch d.Node.Name {
		case "ByCname":
			byCname = d
		case "ByParam":
			byParam = d
		}
	}
	urls := func(d *CustomDomain) string {
		var out []string
		for _, u := range r.URLsOn(g, d) {
			s := u.Output.Name + ":" + u.Path
			if u.Truncated {
				s += "…"
			}
			out = append(out, s)
		}
		return strings.Join(out, " ")
	}
	// The Ref of the domain is its name; the query is cut off.
	if got := urls(byCname); got != "Url:/v1/orders" {
		t.Errorf("URLs on ByCname: %q", got)
	}
	// The same parameter, with a port; a host built partly from the
	// parameter is another name.
	if got := urls(byParam); got != "Curl:/v1" {
		t.Errorf("URLs on ByParam: %q", got)
	}
}

func TestSameCertificate(t *testing.T) {
	g := (&graph.Builder{}).Build()
	ref := func(n string) *graph.Value {
		return &graph.Value{Kind: graph.KindRef, Prov: graph.Unknown, Ref: &graph.Ref{Node: graph.NodeID(n), Attr: "Ref"}}
	}
	lit := func(s string) *graph.Value { return &graph.Value{Kind: graph.KindString, Str: s, Prov: graph.Literal} }
	param := func(p string) *graph.Value {
		return &graph.Value{Kind: graph.KindUnknown, Prov: graph.Unknown, Param: p}
	}
	choice := func(vs ...*graph.Value) *graph.Value {
		return &graph.Value{Kind: graph.KindChoice, Prov: graph.Unknown, Alts: vs}
	}
	for _, c := range []struct {
		name        string
		a, b        *graph.Value
		sameStack   bool
		same, known bool
	}{
		{"same resource", ref("A"), ref("A"), true, true, true},
		{"two resources", ref("A"), ref("B"), true, false, true},
		{"same literal", lit("arn:1"), lit("arn:1"), true, true, true},
		{"two literals", lit("arn:1"), lit("arn:2"), true, false, true},
		{"literal and resource", lit("arn:1"), ref("A"), true, false, false},
		{"same parameter", param("P"), param("P"), true, true, true},
		{"same parameter name, two stacks", param("P"), param("P"), false, false, false},
		{"two parameters", param("P"), param("Q"), true, false, false},
		{"choice, every pair differs", choice(ref("A"), ref("B")), ref("C"), true, false, true},
		{"choice, one pair equal", choice(ref("A"), ref("B")), ref("A"), true, false, false},
	} {
		same, known := SameCertificate(g, c.a, c.b, c.sameStack)
		if same != c.same || known != c.known {
			t.Errorf("%s: same %v known %v, want %v %v", c.name, same, known, c.same, c.known)
		}
	}
}

func TestTopLevelResource(t *testing.T) {
	g := build(t, `
Parameters:
  Parent: {Type: String}
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: a}
  Orders:
    Type: AWS::ApiGateway::Resource
    Properties: {RestApiId: {Ref: Api}, ParentId: {"Fn::GetAtt": [Api, RootResourceId]}, PathPart: orders}
  NestedV1:
    Type: AWS::ApiGateway::Resource
    Properties: {RestApiId: {Ref: Api}, ParentId: {Ref: Orders}, PathPart: v1}
  Loose:
    Type: AWS::ApiGateway::Resource
    Properties: {RestApiId: {Ref: Api}, ParentId: {Ref: Parent}, PathPart: v2}
  Spec:
    Type: AWS::ApiGateway::RestApi
    Properties: {Body: {openapi: 3.0.1, paths: {/v1/status: {}}}}
  Remote:
    Type: AWS::ApiGateway::RestApi
    Properties: {BodyS3Location: {Bucket: b, Key: k}}
`)
	for _, c := range []struct {
		api, seg   string
		has, known bool
	}{
		{"Api", "orders", true, true},
		{"Api", "v1", false, true},  // only under /orders
		{"Api", "v2", false, false}, // a parent papilint cannot see
		{"Api", "v3", false, true},
		{"Spec", "v1", true, true},
		{"Spec", "v2", false, true},
		{"Remote", "v1", false, false},
	} {
		has, known := TopLevelResource(g, g.Node(graph.NodeID("t.yaml#"+c.api)), c.seg)
		if has != c.has || known != c.known {
			t.Errorf("%s /%s: has %v known %v, want %v %v", c.api, c.seg, has, known, c.has, c.known)
		}
	}
}

func TestListenerRulePathsTerraform(t *testing.T) {
	// The loader does not translate a Terraform listener rule's transform
	// block (provider v6); the rule is read from its source.
	lr, err := loader.Load([]string{"testdata/tf-transform-invalid-on-provider-v5"}, loader.Options{Root: "testdata"})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"aws_lb_listener_rule.rewrite", "aws_lb_listener_rule.plain"} {
		var n *graph.Node
		for _, x := range lr.Graph.OfKind(graph.ListenerRule) {
			if x.Name == name {
				n = x
			}
		}
		if n == nil {
			t.Fatalf("no %s", name)
		}
		rp := ListenerRulePaths(n)
		if rp.Rewrites != (name == "aws_lb_listener_rule.rewrite") || len(rp.Paths) != 1 {
			t.Errorf("%s: rewrites %v, %d paths", name, rp.Rewrites, len(rp.Paths))
		}
		if m, known := rp.MatchesHost("API.example.com"); !m || !known {
			t.Errorf("%s: host api.example.com not admitted", name)
		}
		if m, _ := rp.MatchesHost("www.example.org"); m {
			t.Errorf("%s: host www.example.org admitted", name)
		}
	}
}
