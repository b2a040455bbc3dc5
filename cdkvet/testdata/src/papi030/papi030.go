// Cases for PAPI030: internet-facing load balancers in functions that build
// the private API pattern.
package papi030

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigateway"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	elbv2 "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/customresources"
	"github.com/aws/jsii-runtime-go"
)

const public = true

func endpointAndPrivateAPI(stack awscdk.Stack, vpc awsec2.IVpc) {
	awsec2.NewInterfaceVpcEndpoint(stack, jsii.String("Vpce"), &awsec2.InterfaceVpcEndpointProps{
		Vpc:     vpc,
		Service: awsec2.InterfaceVpcEndpointAwsService_APIGATEWAY(),
	})
	awsapigateway.NewRestApi(stack, jsii.String("Api"), &awsapigateway.RestApiProps{
		EndpointTypes: &[]awsapigateway.EndpointType{awsapigateway.EndpointType_PRIVATE},
	})
	elbv2.NewApplicationLoadBalancer(stack, jsii.String("Alb"), &elbv2.ApplicationLoadBalancerProps{
		Vpc:            vpc,
		InternetFacing: jsii.Bool(true), // want `^PAPI030 alb-internet-facing: the load balancer is internet-facing, but this function builds the private API pattern \(execute-api interface endpoint at line 20 and PRIVATE endpoint type at line 23\).*; see https://github.com/papilint/papilint/blob/main/docs/rules/PAPI030.md$`
	})
	elbv2.NewApplicationLoadBalancer(stack, jsii.String("Alb2"), &elbv2.ApplicationLoadBalancerProps{
		Vpc:            vpc,
		InternetFacing: jsii.Bool(public), // want `PAPI030`
	})
	elbv2.NewApplicationLoadBalancer(stack, jsii.String("Alb3"), &elbv2.ApplicationLoadBalancerProps{
		Vpc:            vpc,
		InternetFacing: jsii.Bool(!false && public), // want `PAPI030`
	})
	// Defaults to internal.
	elbv2.NewApplicationLoadBalancer(stack, jsii.String("Internal"), &elbv2.ApplicationLoadBalancerProps{Vpc: vpc})
	elbv2.NewApplicationLoadBalancer(stack, jsii.String("Internal2"), &elbv2.ApplicationLoadBalancerProps{
		Vpc:            vpc,
		InternetFacing: jsii.Bool(false),
	})
	elbv2.NewApplicationLoadBalancer(stack, jsii.String("Nil"), &elbv2.ApplicationLoadBalancerProps{
		Vpc:            vpc,
		InternetFacing: nil,
	})
}

// Values from variables, parameters and function calls are unknown.
func unknownValues(stack awscdk.Stack, vpc awsec2.IVpc, facing bool) {
	awsec2.NewInterfaceVpcEndpointAwsService(jsii.String("execute-api"), nil, nil, nil)
	awsapigateway.NewRestApi(stack, jsii.String("Api"), &awsapigateway.RestApiProps{
		EndpointConfiguration: &awsapigateway.EndpointConfiguration{
			Types: &[]awsapigateway.EndpointType{awsapigateway.EndpointType_PRIVATE},
		},
	})
	yes := jsii.Bool(true)
	elbv2.NewApplicationLoadBalancer(stack, jsii.String("Var"), &elbv2.ApplicationLoadBalancerProps{
		Vpc:            vpc,
		InternetFacing: yes,
	})
	elbv2.NewApplicationLoadBalancer(stack, jsii.String("Param"), &elbv2.ApplicationLoadBalancerProps{
		Vpc:            vpc,
		InternetFacing: jsii.Bool(facing),
	})
	elbv2.NewApplicationLoadBalancer(stack, jsii.String("Call"), &elbv2.ApplicationLoadBalancerProps{
		Vpc:            vpc,
		InternetFacing: isPublic(),
	})
	elbv2.NewApplicationLoadBalancer(stack, jsii.String("Ptr"), &elbv2.ApplicationLoadBalancerProps{
		Vpc:            vpc,
		InternetFacing: &facing,
	})
}

func isPublic() *bool { return jsii.Bool(true) }

// A load balancer in a function that builds no private API is not judged.
func websiteOnly(stack awscdk.Stack, vpc awsec2.IVpc) {
	elbv2.NewApplicationLoadBalancer(stack, jsii.String("Web"), &elbv2.ApplicationLoadBalancerProps{
		Vpc:            vpc,
		InternetFacing: jsii.Bool(true),
	})
}

// An execute-api endpoint alone (say, for clients of an API elsewhere) does
// not make the function the pattern.
func endpointOnly(stack awscdk.Stack, vpc awsec2.IVpc) {
	vpc.AddInterfaceEndpoint(jsii.String("ExecuteApi"), &awsec2.InterfaceVpcEndpointOptions{
		Service: awsec2.InterfaceVpcEndpointAwsService_APIGATEWAY(),
	})
	elbv2.NewApplicationLoadBalancer(stack, jsii.String("Web"), &elbv2.ApplicationLoadBalancerProps{
		Vpc:            vpc,
		InternetFacing: jsii.Bool(true),
	})
}

// The API side may be a REST API whose policy names aws:SourceVpce, and the
// endpoint side a lookup of the endpoint's network interfaces.
func policyAndLookup(stack awscdk.Stack, vpc awsec2.IVpc, vpceID *string) {
	customresources.NewAwsCustomResource(stack, jsii.String("Enis"), &customresources.AwsCustomResourceProps{
		OnUpdate: &customresources.AwsSdkCall{
			Service: jsii.String("EC2"),
			Action:  jsii.String("describeNetworkInterfaces"),
		},
	})
	awsapigateway.NewRestApi(stack, jsii.String("Api"), &awsapigateway.RestApiProps{
		Policy: awsiam.NewPolicyDocument(&awsiam.PolicyDocumentProps{
			Statements: &[]awsiam.PolicyStatement{awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
				Conditions: &map[string]interface{}{
					"StringNotEquals": map[string]interface{}{"aws:sourceVpce": vpceID},
				},
			})},
		}),
	})
	props := &elbv2.ApplicationLoadBalancerProps{
		Vpc:            vpc,
		InternetFacing: jsii.Bool(true), // want `\(describeNetworkInterfaces lookup of the endpoint's addresses at line 104 and aws:sourceVpce policy condition at line 111\)`
	}
	elbv2.NewApplicationLoadBalancer(stack, jsii.String("Alb"), props)

	// Changed after the literal: not judged.
	changed := &elbv2.ApplicationLoadBalancerProps{
		Vpc:            vpc,
		InternetFacing: jsii.Bool(true),
	}
	changed.InternetFacing = jsii.Bool(false)
	elbv2.NewApplicationLoadBalancer(stack, jsii.String("Alb2"), changed)

	elbv2.NewApplicationLoadBalancer(stack, jsii.String("Alb3"), &elbv2.ApplicationLoadBalancerProps{
		Vpc: vpc,
		// papilint:ignore PAPI030 reason="fronted by CloudFront and WAF (NET-42)"
		InternetFacing: jsii.Bool(true),
	})
	elbv2.NewApplicationLoadBalancer(stack, jsii.String("Alb4"), &elbv2.ApplicationLoadBalancerProps{
		Vpc:            vpc,
		InternetFacing: jsii.Bool(true), // papilint:ignore PAPI030,PAPI041 reason="public on purpose" until=2999-12-31
	})
	elbv2.NewApplicationLoadBalancer(stack, jsii.String("NoReason"), &elbv2.ApplicationLoadBalancerProps{
		Vpc:            vpc,
		InternetFacing: jsii.Bool(true), // papilint:ignore PAPI030 // want `PAPI030`
	})
	elbv2.NewApplicationLoadBalancer(stack, jsii.String("Expired"), &elbv2.ApplicationLoadBalancerProps{
		Vpc:            vpc,
		InternetFacing: jsii.Bool(true), // papilint:ignore PAPI030 reason="temporary" until=2020-01-01 // want `PAPI030`
	})
	elbv2.NewApplicationLoadBalancer(stack, jsii.String("OtherRule"), &elbv2.ApplicationLoadBalancerProps{
		Vpc: vpc,
		// papilint:ignore PAPI041 reason="not this rule"
		InternetFacing: jsii.Bool(true), // want `PAPI030`
	})
}

// A look-alike type of another package is not the CDK's.
type ApplicationLoadBalancerProps struct {
	Vpc            awsec2.IVpc
	InternetFacing *bool
}

func lookAlike(stack awscdk.Stack, vpc awsec2.IVpc) {
	awsec2.InterfaceVpcEndpointAwsService_APIGATEWAY()
	_ = awsapigateway.EndpointType_PRIVATE
	_ = &ApplicationLoadBalancerProps{Vpc: vpc, InternetFacing: jsii.Bool(true)}
}
