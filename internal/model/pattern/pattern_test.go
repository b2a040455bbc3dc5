package pattern

import (
	"strings"
	"testing"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/loader/cfn"
	"github.com/papilint/papilint/internal/source"
)

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

// cdkShape is the part of a CDK app that puts the endpoint's ENI addresses
// in a target group, as aws-cdk-lib synthesizes it: the endpoint's
// NetworkInterfaceIds go through Custom::AWSCDKCfnJsonStringify into the
// Create call of an AwsCustomResource (Custom::AWS), and each target is a
// field of its response. CALL is the SDK action; DOMAIN how the DNS record
// names the load balancer.
const cdkShape = `
Resources:
  Vpce:
    Type: AWS::EC2::VPCEndpoint
    Properties: {ServiceName: com.amazonaws.eu-west-1.execute-api, VpcEndpointType: Interface, VpcId: vpc-1}
  Stringify:
    Type: Custom::AWSCDKCfnJsonStringify
    Properties:
      ServiceToken: arn:aws:lambda:eu-west-1:123456789012:function:f
      Value: {"Fn::GetAtt": [Vpce, NetworkInterfaceIds]}
  Enis:
    Type: Custom::AWS
    Properties:
      ServiceToken: arn:aws:lambda:eu-west-1:123456789012:function:g
      Create:
        Fn::Join:
          - ""
          - - '{"service":"EC2","action":"CALL","parameters":{"NetworkInterfaceIds":'
            - {"Fn::GetAtt": [Stringify, Value]}
            - '},"physicalResourceId":{"id":"enis"}}'
  Tg:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      TargetType: ip
      Targets:
        - {Id: {"Fn::GetAtt": [Enis, NetworkInterfaces.1.PrivateIpAddress]}, Port: 443}
        - {Id: {"Fn::GetAtt": [Enis, NetworkInterfaces.0.PrivateIpAddress]}, Port: 443}
        - {Id: 10.0.0.9, Port: 443}
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: {Scheme: internal}
  Listener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: {Ref: Alb}
      DefaultActions: [{Type: forward, TargetGroupArn: {Ref: Tg}}]
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {EndpointConfiguration: {Types: [PRIVATE]}}
  Domain:
    Type: AWS::ApiGateway::DomainName
    Properties: {DomainName: api.example.com, RegionalCertificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/1}
  Mapping:
    Type: AWS::ApiGateway::BasePathMapping
    Properties: {DomainName: {Ref: Domain}, RestApiId: {Ref: Api}}
  Dns:
    Type: AWS::Route53::RecordSet
    Properties:
      Name: api.example.com.
      Type: A
      AliasTarget: {DNSName: DOMAIN, HostedZoneId: Z1}
`

func shape(call, domain string) string {
	return strings.NewReplacer("CALL", call, "DOMAIN", domain).Replace(cdkShape)
}

const dualstack = `{"Fn::Join": ["", ["dualstack.", {"Fn::GetAtt": [Alb, DNSName]}]]}`

func TestAwsCustomResourceENIs(t *testing.T) {
	for _, call := range []string{"describeNetworkInterfaces", "DescribeNetworkInterfaces", "DescribeNetworkInterfacesCommand"} {
		g := build(t, shape(call, dualstack))
		r := Detect(g)
		if len(r.Instances) != 1 {
			t.Fatalf("%s: %d instances", call, len(r.Instances))
		}
		inst := r.Instances[0]
		if !inst.Strong || inst.Endpoint == nil || inst.Endpoint.Name != "Vpce" {
			t.Fatalf("%s: strong %v, endpoint %v", call, inst.Strong, inst.Endpoint)
		}
		// Targets keep their order and know which ENI they are; the literal
		// address is not an ENI target.
		if len(inst.ENITargets) != 2 || inst.ENITargets[0].Index != 1 || inst.ENITargets[1].Index != 0 {
			t.Errorf("%s: ENI targets %+v", call, inst.ENITargets)
		}
		// The record aliases dualstack.<ALB DNS name>, as CDK's
		// LoadBalancerTarget writes it: the domain is the pattern's.
		if len(inst.Domains) != 1 || !r.MappedByPatternDomain(g.Node("t.yaml#Api").ID) {
			t.Errorf("%s: domains %v", call, inst.Domains)
		}
	}
}

func TestAwsCustomResourceOtherCall(t *testing.T) {
	// An AwsCustomResource fed the same ids but calling something else does
	// not answer ENI addresses.
	g := build(t, shape("describeVpcEndpoints", dualstack))
	if r := Detect(g); len(r.Instances) != 0 {
		t.Errorf("%d instances from a describeVpcEndpoints call", len(r.Instances))
	}
	if ep, idx := TargetENI(g, g.Node("t.yaml#Tg").Prop("Targets", "0", "Id")); ep != nil || idx != -1 {
		t.Errorf("TargetENI = %v, %d", ep, idx)
	}
}

func TestDNSNameMustNameTheLoadBalancer(t *testing.T) {
	g := build(t, shape("describeNetworkInterfaces", "other-lb.example.com"))
	r := Detect(g)
	if len(r.Instances) != 1 || len(r.Instances[0].Domains) != 0 {
		t.Errorf("a record for another name serves the domain: %+v", r.Instances)
	}
}

func TestSDKCall(t *testing.T) {
	g := build(t, shape("describeNetworkInterfaces", dualstack))
	svc, act, ok := sdkCall(g.Node("t.yaml#Enis"))
	if !ok || svc != "EC2" || act != "describeNetworkInterfaces" {
		t.Errorf("sdkCall = %q, %q, %v", svc, act, ok)
	}
	for _, c := range []struct {
		svc, act string
		want     bool
	}{
		{"EC2", "describeNetworkInterfaces", true},
		{"@aws-sdk/client-ec2", "DescribeNetworkInterfacesCommand", true},
		{"ec2", "DescribeNetworkInterfaces", true},
		{"EC2", "describeVpcEndpoints", false},
		{"ELBv2", "describeNetworkInterfaces", false},
	} {
		if got := isDescribeNetworkInterfaces(c.svc, c.act); got != c.want {
			t.Errorf("isDescribeNetworkInterfaces(%s, %s) = %v", c.svc, c.act, got)
		}
	}
}
