// Package awscdk is a test stub of github.com/aws/aws-cdk-go/awscdk/v2 (the
// aws-cdk-lib core). It declares the few types a sample app needs with the
// shapes jsii-pacmak generates (interfaces for classes, structs with pointer
// fields for props, constructor functions named New<Class>); bodies return
// zero values because the stubs are only type-checked, never run.
package awscdk

import (
	"github.com/aws/constructs-go/constructs/v10"
)

// App is the root of a CDK app.
type App interface {
	constructs.Construct
	Synth(options *StageSynthesisOptions) CloudAssembly
}

// AppProps configures NewApp.
type AppProps struct {
	Outdir *string `field:"optional" json:"outdir" yaml:"outdir"`
}

// NewApp creates an App.
func NewApp(props *AppProps) App { return nil }

// StageSynthesisOptions configures App.Synth.
type StageSynthesisOptions struct {
	SkipValidation *bool `field:"optional" json:"skipValidation" yaml:"skipValidation"`
}

// CloudAssembly is the result of App.Synth.
type CloudAssembly interface {
	Directory() *string
}

// Environment is a stack's account and region.
type Environment struct {
	Account *string `field:"optional" json:"account" yaml:"account"`
	Region  *string `field:"optional" json:"region" yaml:"region"`
}

// Stack is a CloudFormation stack.
type Stack interface {
	constructs.Construct
	StackName() *string
	Region() *string
}

// StackProps configures NewStack.
type StackProps struct {
	Description *string      `field:"optional" json:"description" yaml:"description"`
	Env         *Environment `field:"optional" json:"env" yaml:"env"`
	StackName   *string      `field:"optional" json:"stackName" yaml:"stackName"`
}

// NewStack creates a Stack.
func NewStack(scope constructs.Construct, id *string, props *StackProps) Stack { return nil }

// Duration is a span of time.
type Duration interface {
	ToSeconds(opts *TimeConversionOptions) *float64
}

// TimeConversionOptions configures Duration conversions.
type TimeConversionOptions struct {
	Integral *bool `field:"optional" json:"integral" yaml:"integral"`
}

// Duration_Seconds creates a Duration of amount seconds.
func Duration_Seconds(amount *float64) Duration { return nil }

// CfnResource is an L1 construct (the escape hatch).
type CfnResource interface {
	constructs.Construct
	AddPropertyOverride(propertyPath *string, value interface{})
	AddMetadata(key *string, value interface{})
}

// CfnOutput is a stack output.
type CfnOutput interface {
	constructs.Construct
}

// CfnOutputProps configures NewCfnOutput.
type CfnOutputProps struct {
	Value      *string `field:"required" json:"value" yaml:"value"`
	ExportName *string `field:"optional" json:"exportName" yaml:"exportName"`
}

// NewCfnOutput creates a CfnOutput.
func NewCfnOutput(scope constructs.Construct, id *string, props *CfnOutputProps) CfnOutput {
	return nil
}
