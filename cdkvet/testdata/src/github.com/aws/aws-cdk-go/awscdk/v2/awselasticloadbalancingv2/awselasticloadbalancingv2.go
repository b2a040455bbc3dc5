// Package awselasticloadbalancingv2 is a test stub of
// github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2: load
// balancers, listeners and target groups with the field types aws-cdk-go
// generates (pointer fields, string enum types with Type_VALUE constants).
package awselasticloadbalancingv2

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/constructs-go/constructs/v10"
)

// TargetType is the kind of targets a target group holds.
type TargetType string

const (
	TargetType_INSTANCE TargetType = "INSTANCE"
	TargetType_IP       TargetType = "IP"
	TargetType_LAMBDA   TargetType = "LAMBDA"
	TargetType_ALB      TargetType = "ALB"
)

// ApplicationProtocol is an ALB protocol.
type ApplicationProtocol string

const (
	ApplicationProtocol_HTTP  ApplicationProtocol = "HTTP"
	ApplicationProtocol_HTTPS ApplicationProtocol = "HTTPS"
)

// ApplicationProtocolVersion is the protocol version of an ALB target group.
type ApplicationProtocolVersion string

const (
	ApplicationProtocolVersion_GRPC  ApplicationProtocolVersion = "GRPC"
	ApplicationProtocolVersion_HTTP1 ApplicationProtocolVersion = "HTTP1"
	ApplicationProtocolVersion_HTTP2 ApplicationProtocolVersion = "HTTP2"
)

// Protocol is any load balancer protocol (health checks, NLBs).
type Protocol string

const (
	Protocol_HTTP    Protocol = "HTTP"
	Protocol_HTTPS   Protocol = "HTTPS"
	Protocol_TCP     Protocol = "TCP"
	Protocol_TLS     Protocol = "TLS"
	Protocol_UDP     Protocol = "UDP"
	Protocol_TCP_UDP Protocol = "TCP_UDP"
	Protocol_GENEVE  Protocol = "GENEVE"
)

// SslPolicy is a listener TLS policy.
type SslPolicy string

const (
	SslPolicy_RECOMMENDED_TLS SslPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06"
	SslPolicy_TLS12           SslPolicy = "ELBSecurityPolicy-TLS-1-2-2017-01"
)

// HealthCheck configures a target group's health check.
type HealthCheck struct {
	Enabled                 *bool           `field:"optional" json:"enabled" yaml:"enabled"`
	HealthyGrpcCodes        *string         `field:"optional" json:"healthyGrpcCodes" yaml:"healthyGrpcCodes"`
	HealthyHttpCodes        *string         `field:"optional" json:"healthyHttpCodes" yaml:"healthyHttpCodes"`
	HealthyThresholdCount   *float64        `field:"optional" json:"healthyThresholdCount" yaml:"healthyThresholdCount"`
	Interval                awscdk.Duration `field:"optional" json:"interval" yaml:"interval"`
	Path                    *string         `field:"optional" json:"path" yaml:"path"`
	Port                    *string         `field:"optional" json:"port" yaml:"port"`
	Protocol                Protocol        `field:"optional" json:"protocol" yaml:"protocol"`
	Timeout                 awscdk.Duration `field:"optional" json:"timeout" yaml:"timeout"`
	UnhealthyThresholdCount *float64        `field:"optional" json:"unhealthyThresholdCount" yaml:"unhealthyThresholdCount"`
}

// LoadBalancerTargetProps is what a target returns when it attaches.
type LoadBalancerTargetProps struct {
	TargetType TargetType  `field:"required" json:"targetType" yaml:"targetType"`
	TargetJson interface{} `field:"optional" json:"targetJson" yaml:"targetJson"`
}

// IApplicationLoadBalancerTarget is a target of an ALB target group.
type IApplicationLoadBalancerTarget interface {
	AttachToApplicationTargetGroup(targetGroup IApplicationTargetGroup) *LoadBalancerTargetProps
}

// INetworkLoadBalancerTarget is a target of an NLB target group.
type INetworkLoadBalancerTarget interface {
	AttachToNetworkTargetGroup(targetGroup INetworkTargetGroup) *LoadBalancerTargetProps
}

// IListenerCertificate is a listener certificate.
type IListenerCertificate interface {
	CertificateArn() *string
}

// ListenerCertificate is a certificate by ARN.
type ListenerCertificate interface {
	IListenerCertificate
}

// ListenerCertificate_FromArn uses a certificate by ARN.
func ListenerCertificate_FromArn(certificateArn *string) ListenerCertificate { return nil }

// ITargetGroup is any target group.
type ITargetGroup interface {
	constructs.IConstruct
	TargetGroupArn() *string
}

// IApplicationTargetGroup is an ALB target group.
type IApplicationTargetGroup interface {
	ITargetGroup
	AddTarget(targets ...IApplicationLoadBalancerTarget)
}

// ApplicationTargetGroup is an ALB target group defined in the app.
type ApplicationTargetGroup interface {
	IApplicationTargetGroup
	HealthCheck() *HealthCheck
	SetHealthCheck(val *HealthCheck)
	ConfigureHealthCheck(healthCheck *HealthCheck)
	SetAttribute(key *string, value *string)
}

// ApplicationTargetGroupProps configures NewApplicationTargetGroup.
type ApplicationTargetGroupProps struct {
	CrossZoneEnabled         *bool                             `field:"optional" json:"crossZoneEnabled" yaml:"crossZoneEnabled"`
	DeregistrationDelay      awscdk.Duration                   `field:"optional" json:"deregistrationDelay" yaml:"deregistrationDelay"`
	HealthCheck              *HealthCheck                      `field:"optional" json:"healthCheck" yaml:"healthCheck"`
	TargetGroupName          *string                           `field:"optional" json:"targetGroupName" yaml:"targetGroupName"`
	TargetType               TargetType                        `field:"optional" json:"targetType" yaml:"targetType"`
	Vpc                      awsec2.IVpc                       `field:"optional" json:"vpc" yaml:"vpc"`
	Port                     *float64                          `field:"optional" json:"port" yaml:"port"`
	Protocol                 ApplicationProtocol               `field:"optional" json:"protocol" yaml:"protocol"`
	ProtocolVersion          ApplicationProtocolVersion        `field:"optional" json:"protocolVersion" yaml:"protocolVersion"`
	SlowStart                awscdk.Duration                   `field:"optional" json:"slowStart" yaml:"slowStart"`
	StickinessCookieDuration awscdk.Duration                   `field:"optional" json:"stickinessCookieDuration" yaml:"stickinessCookieDuration"`
	Targets                  *[]IApplicationLoadBalancerTarget `field:"optional" json:"targets" yaml:"targets"`
}

// NewApplicationTargetGroup creates an ApplicationTargetGroup.
func NewApplicationTargetGroup(scope constructs.Construct, id *string, props *ApplicationTargetGroupProps) ApplicationTargetGroup {
	return nil
}

// INetworkTargetGroup is an NLB target group.
type INetworkTargetGroup interface {
	ITargetGroup
}

// NetworkTargetGroup is an NLB target group defined in the app.
type NetworkTargetGroup interface {
	INetworkTargetGroup
	ConfigureHealthCheck(healthCheck *HealthCheck)
}

// NetworkTargetGroupProps configures NewNetworkTargetGroup.
type NetworkTargetGroupProps struct {
	HealthCheck *HealthCheck                  `field:"optional" json:"healthCheck" yaml:"healthCheck"`
	TargetType  TargetType                    `field:"optional" json:"targetType" yaml:"targetType"`
	Vpc         awsec2.IVpc                   `field:"optional" json:"vpc" yaml:"vpc"`
	Port        *float64                      `field:"required" json:"port" yaml:"port"`
	Protocol    Protocol                      `field:"optional" json:"protocol" yaml:"protocol"`
	Targets     *[]INetworkLoadBalancerTarget `field:"optional" json:"targets" yaml:"targets"`
}

// NewNetworkTargetGroup creates a NetworkTargetGroup.
func NewNetworkTargetGroup(scope constructs.Construct, id *string, props *NetworkTargetGroupProps) NetworkTargetGroup {
	return nil
}

// AddApplicationTargetsProps configures ApplicationListener.AddTargets, which
// creates a target group.
type AddApplicationTargetsProps struct {
	HealthCheck     *HealthCheck                      `field:"optional" json:"healthCheck" yaml:"healthCheck"`
	Port            *float64                          `field:"optional" json:"port" yaml:"port"`
	Priority        *float64                          `field:"optional" json:"priority" yaml:"priority"`
	Protocol        ApplicationProtocol               `field:"optional" json:"protocol" yaml:"protocol"`
	ProtocolVersion ApplicationProtocolVersion        `field:"optional" json:"protocolVersion" yaml:"protocolVersion"`
	TargetGroupName *string                           `field:"optional" json:"targetGroupName" yaml:"targetGroupName"`
	Targets         *[]IApplicationLoadBalancerTarget `field:"optional" json:"targets" yaml:"targets"`
}

// AddApplicationTargetGroupsProps configures ApplicationListener.AddTargetGroups.
type AddApplicationTargetGroupsProps struct {
	TargetGroups *[]IApplicationTargetGroup `field:"required" json:"targetGroups" yaml:"targetGroups"`
	Priority     *float64                   `field:"optional" json:"priority" yaml:"priority"`
}

// ApplicationListener is an ALB listener.
type ApplicationListener interface {
	constructs.Construct
	ListenerArn() *string
	AddTargets(id *string, props *AddApplicationTargetsProps) ApplicationTargetGroup
	AddTargetGroups(id *string, props *AddApplicationTargetGroupsProps)
	AddCertificates(id *string, certificates *[]IListenerCertificate)
}

// BaseApplicationListenerProps configures ApplicationLoadBalancer.AddListener.
type BaseApplicationListenerProps struct {
	Certificates        *[]IListenerCertificate    `field:"optional" json:"certificates" yaml:"certificates"`
	DefaultTargetGroups *[]IApplicationTargetGroup `field:"optional" json:"defaultTargetGroups" yaml:"defaultTargetGroups"`
	Open                *bool                      `field:"optional" json:"open" yaml:"open"`
	Port                *float64                   `field:"optional" json:"port" yaml:"port"`
	Protocol            ApplicationProtocol        `field:"optional" json:"protocol" yaml:"protocol"`
	SslPolicy           SslPolicy                  `field:"optional" json:"sslPolicy" yaml:"sslPolicy"`
}

// IApplicationLoadBalancer is an ALB.
type IApplicationLoadBalancer interface {
	constructs.IConstruct
	LoadBalancerArn() *string
	AddListener(id *string, props *BaseApplicationListenerProps) ApplicationListener
}

// ApplicationLoadBalancer is an ALB defined in the app.
type ApplicationLoadBalancer interface {
	IApplicationLoadBalancer
	LoadBalancerDnsName() *string
	LoadBalancerCanonicalHostedZoneId() *string
	SetAttribute(key *string, value *string)
}

// ApplicationLoadBalancerProps configures NewApplicationLoadBalancer.
type ApplicationLoadBalancerProps struct {
	Vpc                awsec2.IVpc             `field:"required" json:"vpc" yaml:"vpc"`
	DeletionProtection *bool                   `field:"optional" json:"deletionProtection" yaml:"deletionProtection"`
	InternetFacing     *bool                   `field:"optional" json:"internetFacing" yaml:"internetFacing"`
	LoadBalancerName   *string                 `field:"optional" json:"loadBalancerName" yaml:"loadBalancerName"`
	VpcSubnets         *awsec2.SubnetSelection `field:"optional" json:"vpcSubnets" yaml:"vpcSubnets"`
	IdleTimeout        awscdk.Duration         `field:"optional" json:"idleTimeout" yaml:"idleTimeout"`
	SecurityGroup      awsec2.ISecurityGroup   `field:"optional" json:"securityGroup" yaml:"securityGroup"`
}

// NewApplicationLoadBalancer creates an ApplicationLoadBalancer.
func NewApplicationLoadBalancer(scope constructs.Construct, id *string, props *ApplicationLoadBalancerProps) ApplicationLoadBalancer {
	return nil
}
