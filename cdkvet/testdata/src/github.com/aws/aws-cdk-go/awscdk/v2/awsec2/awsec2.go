// Package awsec2 is a test stub of github.com/aws/aws-cdk-go/awscdk/v2/awsec2:
// VPCs, security groups and interface VPC endpoints.
package awsec2

import (
	"github.com/aws/constructs-go/constructs/v10"
)

// IVpc is a VPC.
type IVpc interface {
	constructs.IConstruct
	VpcId() *string
	VpcCidrBlock() *string
	AddInterfaceEndpoint(id *string, options *InterfaceVpcEndpointOptions) InterfaceVpcEndpoint
}

// Vpc is a VPC defined in the app.
type Vpc interface {
	IVpc
}

// VpcProps configures NewVpc.
type VpcProps struct {
	MaxAzs      *float64 `field:"optional" json:"maxAzs" yaml:"maxAzs"`
	NatGateways *float64 `field:"optional" json:"natGateways" yaml:"natGateways"`
	VpcName     *string  `field:"optional" json:"vpcName" yaml:"vpcName"`
}

// NewVpc creates a Vpc.
func NewVpc(scope constructs.Construct, id *string, props *VpcProps) Vpc { return nil }

// VpcLookupOptions configures Vpc_FromLookup.
type VpcLookupOptions struct {
	VpcId *string `field:"optional" json:"vpcId" yaml:"vpcId"`
}

// Vpc_FromLookup imports a VPC.
func Vpc_FromLookup(scope constructs.Construct, id *string, options *VpcLookupOptions) IVpc {
	return nil
}

// SubnetType selects subnets.
type SubnetType string

const (
	SubnetType_PRIVATE_ISOLATED    SubnetType = "PRIVATE_ISOLATED"
	SubnetType_PRIVATE_WITH_EGRESS SubnetType = "PRIVATE_WITH_EGRESS"
	SubnetType_PUBLIC              SubnetType = "PUBLIC"
)

// SubnetSelection picks subnets of a VPC.
type SubnetSelection struct {
	SubnetType SubnetType `field:"optional" json:"subnetType" yaml:"subnetType"`
}

// ISecurityGroup is a security group.
type ISecurityGroup interface {
	constructs.IConstruct
	SecurityGroupId() *string
}

// SecurityGroupProps configures NewSecurityGroup.
type SecurityGroupProps struct {
	Vpc              IVpc    `field:"required" json:"vpc" yaml:"vpc"`
	AllowAllOutbound *bool   `field:"optional" json:"allowAllOutbound" yaml:"allowAllOutbound"`
	Description      *string `field:"optional" json:"description" yaml:"description"`
}

// SecurityGroup is a security group defined in the app.
type SecurityGroup interface {
	ISecurityGroup
}

// NewSecurityGroup creates a SecurityGroup.
func NewSecurityGroup(scope constructs.Construct, id *string, props *SecurityGroupProps) SecurityGroup {
	return nil
}

// IVpcEndpoint is any VPC endpoint.
type IVpcEndpoint interface {
	constructs.IConstruct
	VpcEndpointId() *string
}

// IInterfaceVpcEndpoint is an interface VPC endpoint.
type IInterfaceVpcEndpoint interface {
	IVpcEndpoint
}

// InterfaceVpcEndpoint is an interface VPC endpoint defined in the app.
type InterfaceVpcEndpoint interface {
	IInterfaceVpcEndpoint
	VpcEndpointNetworkInterfaceIds() *[]*string
	VpcEndpointDnsEntries() *[]*string
}

// IInterfaceVpcEndpointService is the service an interface endpoint connects to.
type IInterfaceVpcEndpointService interface {
	Name() *string
	Port() *float64
}

// InterfaceVpcEndpointAwsService is an AWS service for interface endpoints.
type InterfaceVpcEndpointAwsService interface {
	IInterfaceVpcEndpointService
	ShortName() *string
}

// InterfaceVpcEndpointAwsServiceProps configures NewInterfaceVpcEndpointAwsService.
type InterfaceVpcEndpointAwsServiceProps struct {
	Global *bool `field:"optional" json:"global" yaml:"global"`
}

// NewInterfaceVpcEndpointAwsService names an AWS service by its short name.
func NewInterfaceVpcEndpointAwsService(name *string, prefix *string, port *float64, props *InterfaceVpcEndpointAwsServiceProps) InterfaceVpcEndpointAwsService {
	return nil
}

// InterfaceVpcEndpointAwsService_APIGATEWAY is execute-api.
func InterfaceVpcEndpointAwsService_APIGATEWAY() InterfaceVpcEndpointAwsService { return nil }

// InterfaceVpcEndpointAwsService_LAMBDA is lambda.
func InterfaceVpcEndpointAwsService_LAMBDA() InterfaceVpcEndpointAwsService { return nil }

// InterfaceVpcEndpointOptions configures IVpc.AddInterfaceEndpoint.
type InterfaceVpcEndpointOptions struct {
	Service           IInterfaceVpcEndpointService `field:"required" json:"service" yaml:"service"`
	Open              *bool                        `field:"optional" json:"open" yaml:"open"`
	PrivateDnsEnabled *bool                        `field:"optional" json:"privateDnsEnabled" yaml:"privateDnsEnabled"`
	SecurityGroups    *[]ISecurityGroup            `field:"optional" json:"securityGroups" yaml:"securityGroups"`
	Subnets           *SubnetSelection             `field:"optional" json:"subnets" yaml:"subnets"`
}

// InterfaceVpcEndpointProps configures NewInterfaceVpcEndpoint.
type InterfaceVpcEndpointProps struct {
	Service           IInterfaceVpcEndpointService `field:"required" json:"service" yaml:"service"`
	Open              *bool                        `field:"optional" json:"open" yaml:"open"`
	PrivateDnsEnabled *bool                        `field:"optional" json:"privateDnsEnabled" yaml:"privateDnsEnabled"`
	SecurityGroups    *[]ISecurityGroup            `field:"optional" json:"securityGroups" yaml:"securityGroups"`
	Subnets           *SubnetSelection             `field:"optional" json:"subnets" yaml:"subnets"`
	Vpc               IVpc                         `field:"required" json:"vpc" yaml:"vpc"`
}

// NewInterfaceVpcEndpoint creates an InterfaceVpcEndpoint.
func NewInterfaceVpcEndpoint(scope constructs.Construct, id *string, props *InterfaceVpcEndpointProps) InterfaceVpcEndpoint {
	return nil
}
