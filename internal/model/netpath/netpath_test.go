package netpath

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/loader"
)

// load builds the graph of files written into a temporary directory.
func load(t *testing.T, files map[string]string) *graph.Graph {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	lr, err := loader.Load([]string{dir}, loader.Options{Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range lr.Diagnostics {
		if d.Severity == "error" {
			t.Fatalf("loader: %s", d.Error())
		}
	}
	return lr.Graph
}

func node(t *testing.T, g *graph.Graph, name string) *graph.Node {
	t.Helper()
	for _, n := range g.Nodes() {
		if n.Name == name {
			return n
		}
	}
	t.Fatalf("no node %s", name)
	return nil
}

func TestHasMetaArgument(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{"resource \"a\" \"b\" {\n  count = length(var.x)\n  x = 1\n}", true},
		{"resource \"a\" \"b\" {\n  for_each = toset(var.x)\n}", true},
		{"resource \"a\" \"b\" {\n  counter = 3\n  count_x = 1\n}", false},
		{"resource \"a\" \"b\" {\n  dynamic \"ingress\" {\n    for_each = var.rules\n  }\n}", false},
		{"resource \"a\" \"b\" {\n  # count = 2\n  tags = { count = \"x\" }\n}", false},
		{"{\n  \"count\": \"${length(var.x)}\",\n  \"port\": 443\n}", true},
		{"{\n  \"port\": 443,\n  \"dynamic\": {\"x\": {\"for_each\": \"${var.y}\"}}\n}", false},
	} {
		if got := hasMetaArgument(c.text); got != c.want {
			t.Errorf("hasMetaArgument(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}

// The loader keeps a resource whose count is known only after apply as
// one instance under its own address; with a known count the instances
// carry an index.
func TestExpansionUnknown(t *testing.T) {
	g := load(t, map[string]string{
		"main.tf": `
variable "n" { type = number }
resource "aws_lb_target_group_attachment" "unknown" {
  count            = var.n
  target_group_arn = "arn"
  target_id        = "10.0.0.1"
}
resource "aws_lb_target_group_attachment" "known" {
  count            = 2
  target_group_arn = "arn"
  target_id        = "10.0.0.1"
}
resource "aws_lb_target_group_attachment" "single" {
  target_group_arn = "arn"
  target_id        = "10.0.0.1"
}
`,
		"more.tf.json": `{"resource": {"aws_lb_target_group_attachment": {"json": {
  "for_each": "${toset(var.ips)}", "target_group_arn": "arn", "target_id": "${each.value}"}}},
  "variable": {"ips": {"type": "list(string)"}}}`,
	})
	for name, want := range map[string]bool{
		"aws_lb_target_group_attachment.unknown":  true,
		"aws_lb_target_group_attachment.known[1]": false,
		"aws_lb_target_group_attachment.single":   false,
		"aws_lb_target_group_attachment.json":     true,
	} {
		if got := ExpansionUnknown(node(t, g, name)); got != want {
			t.Errorf("ExpansionUnknown(%s) = %v, want %v", name, got, want)
		}
	}
}

const reachTemplate = `
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Other:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  SubnetA:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24}
  SubnetB:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.2.0/24}
  AlbSg:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: alb, VpcId: !Ref Vpc}
  AppSg:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: app, VpcId: !Ref Vpc}
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Scheme: internal
      Subnets: [!Ref SubnetA, !Ref SubnetB]
      SecurityGroups: [!Ref AlbSg]
  Nlb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Type: network
      Scheme: internal
      Subnets: [!Ref SubnetA, !Ref SubnetB]
`

func TestGroupsAdmit(t *testing.T) {
	for _, c := range []struct {
		name, rules string
		lb          string
		want        Verdict
	}{
		{"from the ALB's group", `[{IpProtocol: tcp, FromPort: 443, ToPort: 443, SourceSecurityGroupId: !GetAtt AlbSg.GroupId}]`, "Alb", Yes},
		{"from another group", `[{IpProtocol: tcp, FromPort: 443, ToPort: 443, SourceSecurityGroupId: !Ref AppSg}]`, "Alb", No},
		{"wrong port", `[{IpProtocol: tcp, FromPort: 80, ToPort: 80, SourceSecurityGroupId: !Ref AlbSg}]`, "Alb", No},
		{"udp", `[{IpProtocol: udp, FromPort: 443, ToPort: 443, SourceSecurityGroupId: !Ref AlbSg}]`, "Alb", No},
		{"all protocols", `[{IpProtocol: "-1", SourceSecurityGroupId: !Ref AlbSg}]`, "Alb", Yes},
		{"protocol 6, range", `[{IpProtocol: "6", FromPort: 0, ToPort: 1024, SourceSecurityGroupId: !Ref AlbSg}]`, "Alb", Yes},
		{"VPC block by reference", `[{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: !GetAtt Vpc.CidrBlock}]`, "Alb", Yes},
		{"other VPC's block, same numbers", `[{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: !GetAtt Other.CidrBlock}]`, "Alb", Yes},
		{"one subnet's block", `[{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.1.0/24}]`, "Alb", No},
		{"covering block", `[{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/22}]`, "Alb", Yes},
		{"anywhere", `[{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}]`, "Alb", Yes},
		{"IPv6 only", `[{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIpv6: "::/0"}]`, "Alb", No},
		{"prefix list", `[{IpProtocol: tcp, FromPort: 443, ToPort: 443, SourcePrefixListId: pl-12345678}]`, "Alb", Unknown},
		{"literal group id", `[{IpProtocol: tcp, FromPort: 443, ToPort: 443, SourceSecurityGroupId: sg-0123456789abcdef0}]`, "Alb", Unknown},
		{"NLB without groups, group source", `[{IpProtocol: tcp, FromPort: 443, ToPort: 443, SourceSecurityGroupId: sg-0123456789abcdef0}]`, "Nlb", No},
		{"NLB without groups, VPC block", `[{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: !GetAtt Vpc.CidrBlock}]`, "Nlb", Yes},
		{"no rules", `[]`, "Alb", No},
	} {
		t.Run(c.name, func(t *testing.T) {
			g := load(t, map[string]string{"t.yaml": reachTemplate + `
  VpceSg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: endpoint
      VpcId: !Ref Vpc
      SecurityGroupIngress: ` + c.rules + "\n"})
			r := New(g)
			got := r.GroupsAdmit([]*graph.Node{node(t, g, "VpceSg")}, r.PeerOf(node(t, g, c.lb)), 443)
			if got.Verdict != c.want {
				t.Errorf("verdict %v, want %v (why: %s)", got.Verdict, c.want, got.Why)
			}
		})
	}
}

func TestSameVPC(t *testing.T) {
	g := load(t, map[string]string{"t.yaml": `
Parameters:
  P: {Type: String}
  Q: {Type: String}
  D: {Type: String, Default: vpc-1}
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Other:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.1.0.0/16}
  Subnet:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24}
  T:
    Type: AWS::SNS::Topic
    Properties:
      Tags:
        - {Key: a, Value: !Ref Vpc}
        - {Key: b, Value: !Ref Other}
        - {Key: c, Value: !GetAtt Subnet.VpcId}
        - {Key: d, Value: vpc-1}
        - {Key: e, Value: vpc-2}
        - {Key: f, Value: !Ref P}
        - {Key: g, Value: !Ref Q}
        - {Key: h, Value: !Ref D}
`})
	r := New(g)
	tags := node(t, g, "T").Prop("Tags")
	v := func(i int) *graph.Value { return tags.List[i].Get("Value") }
	for _, c := range []struct {
		a, b int
		want Verdict
	}{
		{0, 0, Yes}, {0, 1, No}, {0, 2, Yes}, {1, 2, No}, {3, 3, Yes}, {3, 4, No},
		{0, 3, Unknown}, {5, 5, Yes}, {5, 6, Unknown}, {7, 3, Yes}, {7, 4, No},
	} {
		if got := r.SameVPC(v(c.a), v(c.b)); got != c.want {
			t.Errorf("SameVPC(%s, %s) = %v, want %v", v(c.a).Display(), v(c.b).Display(), got, c.want)
		}
	}
}
