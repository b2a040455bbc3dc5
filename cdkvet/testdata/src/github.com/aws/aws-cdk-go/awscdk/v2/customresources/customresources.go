// Package customresources is a test stub of
// github.com/aws/aws-cdk-go/awscdk/v2/customresources (AwsCustomResource).
package customresources

import (
	"github.com/aws/constructs-go/constructs/v10"
)

// PhysicalResourceId names the resource a custom resource manages.
type PhysicalResourceId interface {
	Id() *string
}

// PhysicalResourceId_Of uses a literal id.
func PhysicalResourceId_Of(id *string) PhysicalResourceId { return nil }

// AwsSdkCall is one AWS SDK call.
type AwsSdkCall struct {
	Action             *string            `field:"required" json:"action" yaml:"action"`
	Service            *string            `field:"required" json:"service" yaml:"service"`
	Parameters         interface{}        `field:"optional" json:"parameters" yaml:"parameters"`
	PhysicalResourceId PhysicalResourceId `field:"optional" json:"physicalResourceId" yaml:"physicalResourceId"`
}

// AwsCustomResourcePolicy is the IAM policy of the custom resource.
type AwsCustomResourcePolicy interface {
	Resources() *[]*string
}

// SdkCallsPolicyOptions configures AwsCustomResourcePolicy_FromSdkCalls.
type SdkCallsPolicyOptions struct {
	Resources *[]*string `field:"required" json:"resources" yaml:"resources"`
}

// AwsCustomResourcePolicy_FromSdkCalls derives the policy from the calls.
func AwsCustomResourcePolicy_FromSdkCalls(options *SdkCallsPolicyOptions) AwsCustomResourcePolicy {
	return nil
}

// AwsCustomResourcePolicy_ANY_RESOURCE is "*".
func AwsCustomResourcePolicy_ANY_RESOURCE() *[]*string { return nil }

// AwsCustomResource calls the AWS SDK at deploy time.
type AwsCustomResource interface {
	constructs.Construct
	GetResponseField(dataPath *string) *string
}

// AwsCustomResourceProps configures NewAwsCustomResource.
type AwsCustomResourceProps struct {
	OnCreate *AwsSdkCall             `field:"optional" json:"onCreate" yaml:"onCreate"`
	OnUpdate *AwsSdkCall             `field:"optional" json:"onUpdate" yaml:"onUpdate"`
	Policy   AwsCustomResourcePolicy `field:"optional" json:"policy" yaml:"policy"`
}

// NewAwsCustomResource creates an AwsCustomResource.
func NewAwsCustomResource(scope constructs.Construct, id *string, props *AwsCustomResourceProps) AwsCustomResource {
	return nil
}
