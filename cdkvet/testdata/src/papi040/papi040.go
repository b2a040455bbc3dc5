// Cases for PAPI040: target groups of the pattern whose type is not IP.
package papi040

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigateway"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	elbv2 "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	"github.com/aws/jsii-runtime-go"
)

func pattern(stack awscdk.Stack, vpc awsec2.IVpc, tt elbv2.TargetType) {
	vpc.AddInterfaceEndpoint(jsii.String("ExecuteApi"), &awsec2.InterfaceVpcEndpointOptions{
		Service: awsec2.InterfaceVpcEndpointAwsService_APIGATEWAY(),
	})
	awsapigateway.NewRestApi(stack, jsii.String("Api"), &awsapigateway.RestApiProps{
		EndpointTypes: &[]awsapigateway.EndpointType{awsapigateway.EndpointType_PRIVATE},
	})

	elbv2.NewApplicationTargetGroup(stack, jsii.String("Instance"), &elbv2.ApplicationTargetGroupProps{
		Vpc:        vpc,
		TargetType: elbv2.TargetType_INSTANCE, // want `^PAPI040 tg-not-ip-type: target type INSTANCE cannot hold the execute-api endpoint's IP addresses the pattern forwards to \(execute-api interface endpoint at line 14 and PRIVATE endpoint type at line 17\): registering them fails at deploy; use TargetType_IP; see https://github.com/papilint/papilint/blob/main/docs/rules/PAPI040.md$`
		Protocol:   elbv2.ApplicationProtocol_HTTPS,
		Port:       jsii.Number(443),
	})
	elbv2.NewApplicationTargetGroup(stack, jsii.String("Alb"), &elbv2.ApplicationTargetGroupProps{
		Vpc:        vpc,
		TargetType: elbv2.TargetType_ALB, // want `target type ALB`
	})
	elbv2.NewApplicationTargetGroup(stack, jsii.String("Converted"), &elbv2.ApplicationTargetGroupProps{
		Vpc:        vpc,
		TargetType: elbv2.TargetType("INSTANCE"), // want `PAPI040`
	})
	elbv2.NewNetworkTargetGroup(stack, jsii.String("Nlb"), &elbv2.NetworkTargetGroupProps{
		Vpc:        vpc,
		Port:       jsii.Number(443),
		TargetType: elbv2.TargetType_INSTANCE, // want `PAPI040`
	})

	// Right, defaulted, Lambda, NLB-to-ALB, or unknown: silent.
	elbv2.NewApplicationTargetGroup(stack, jsii.String("Ip"), &elbv2.ApplicationTargetGroupProps{
		Vpc:        vpc,
		TargetType: elbv2.TargetType_IP,
	})
	elbv2.NewApplicationTargetGroup(stack, jsii.String("Default"), &elbv2.ApplicationTargetGroupProps{Vpc: vpc})
	elbv2.NewApplicationTargetGroup(stack, jsii.String("Lambda"), &elbv2.ApplicationTargetGroupProps{
		TargetType: elbv2.TargetType_LAMBDA,
	})
	elbv2.NewNetworkTargetGroup(stack, jsii.String("NlbToAlb"), &elbv2.NetworkTargetGroupProps{
		Vpc:        vpc,
		Port:       jsii.Number(443),
		TargetType: elbv2.TargetType_ALB,
	})
	elbv2.NewApplicationTargetGroup(stack, jsii.String("Param"), &elbv2.ApplicationTargetGroupProps{
		Vpc:        vpc,
		TargetType: tt,
	})
	elbv2.NewApplicationTargetGroup(stack, jsii.String("Call"), &elbv2.ApplicationTargetGroupProps{
		Vpc:        vpc,
		TargetType: targetType(),
	})
}

func targetType() elbv2.TargetType { return elbv2.TargetType_INSTANCE }

// No pattern in this function: an instance target group for a web fleet.
func webFleet(stack awscdk.Stack, vpc awsec2.IVpc) {
	elbv2.NewApplicationTargetGroup(stack, jsii.String("Web"), &elbv2.ApplicationTargetGroupProps{
		Vpc:        vpc,
		TargetType: elbv2.TargetType_INSTANCE,
		Protocol:   elbv2.ApplicationProtocol_HTTP,
		Port:       jsii.Number(80),
	})
}
