// Package awselasticloadbalancingv2targets is a test stub of
// github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2targets.
package awselasticloadbalancingv2targets

import (
	elbv2 "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
)

// IpTarget is a target by IP address.
type IpTarget interface {
	elbv2.IApplicationLoadBalancerTarget
	elbv2.INetworkLoadBalancerTarget
}

// NewIpTarget creates an IpTarget; port nil means the target group's port.
func NewIpTarget(ipAddress *string, port *float64, availabilityZone *string) IpTarget {
	return nil
}
