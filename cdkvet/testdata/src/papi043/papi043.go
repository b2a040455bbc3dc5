// Cases for PAPI043: health checks of the pattern whose matcher excludes 403.
package papi043

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigateway"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	elbv2 "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	"github.com/aws/jsii-runtime-go"
)

const okCodes = "200-499"

func pattern(stack awscdk.Stack, vpc awsec2.IVpc, listener elbv2.ApplicationListener, codes *string) {
	vpc.AddInterfaceEndpoint(jsii.String("ExecuteApi"), &awsec2.InterfaceVpcEndpointOptions{
		Service: awsec2.InterfaceVpcEndpointAwsService_APIGATEWAY(),
	})
	awsapigateway.NewRestApi(stack, jsii.String("Api"), &awsapigateway.RestApiProps{
		EndpointConfiguration: &awsapigateway.EndpointConfiguration{
			Types: &[]awsapigateway.EndpointType{awsapigateway.EndpointType_PRIVATE},
		},
	})

	elbv2.NewApplicationTargetGroup(stack, jsii.String("Only200"), &elbv2.ApplicationTargetGroupProps{
		Vpc:        vpc,
		TargetType: elbv2.TargetType_IP,
		Protocol:   elbv2.ApplicationProtocol_HTTPS,
		Port:       jsii.Number(443),
		HealthCheck: &elbv2.HealthCheck{
			Protocol:         elbv2.Protocol_HTTPS,
			HealthyHttpCodes: jsii.String("200"), // want `^PAPI043 tg-health-check-matcher-excludes-403: health check matcher "200" excludes 403, which the execute-api endpoint of the pattern \(execute-api interface endpoint at line 16 and PRIVATE endpoint type at line 20\) answers to probes: every target turns unhealthy; use HealthyHttpCodes: jsii.String\("200,403"\); see https://github.com/papilint/papilint/blob/main/docs/rules/PAPI043.md$`
		},
	})
	elbv2.NewApplicationTargetGroup(stack, jsii.String("Range"), &elbv2.ApplicationTargetGroupProps{
		Vpc:         vpc,
		Port:        jsii.Number(443),
		HealthCheck: &elbv2.HealthCheck{HealthyHttpCodes: jsii.String("200-399,404")}, // want `matcher "200-399,404" excludes 403`
	})
	elbv2.NewApplicationTargetGroup(stack, jsii.String("NoCodes"), &elbv2.ApplicationTargetGroupProps{
		Vpc:         vpc,
		Port:        jsii.Number(443),
		HealthCheck: &elbv2.HealthCheck{Path: jsii.String("/")}, // want `health check sets no HealthyHttpCodes`
	})
	elbv2.NewApplicationTargetGroup(stack, jsii.String("NoHealthCheck"), &elbv2.ApplicationTargetGroupProps{ // want `target group has no health check`
		Vpc:        vpc,
		TargetType: elbv2.TargetType_IP,
	})
	listener.AddTargets(jsii.String("Api"), &elbv2.AddApplicationTargetsProps{ // want `target group has no health check`
		Port: jsii.Number(443),
	})
	reconfigured := elbv2.NewApplicationTargetGroup(stack, jsii.String("Reconfigured"), &elbv2.ApplicationTargetGroupProps{
		Vpc:  vpc,
		Port: jsii.Number(443),
	})
	reconfigured.ConfigureHealthCheck(&elbv2.HealthCheck{HealthyHttpCodes: jsii.String("200,302")}) // want `matcher "200,302" excludes 403`

	// Accepting 403, unknown, gRPC, TCP, disabled, Lambda, or changed later: silent.
	elbv2.NewApplicationTargetGroup(stack, jsii.String("Good"), &elbv2.ApplicationTargetGroupProps{
		Vpc:         vpc,
		Port:        jsii.Number(443),
		HealthCheck: &elbv2.HealthCheck{HealthyHttpCodes: jsii.String("200,403")},
	})
	elbv2.NewApplicationTargetGroup(stack, jsii.String("GoodRange"), &elbv2.ApplicationTargetGroupProps{
		Vpc:         vpc,
		Port:        jsii.Number(443),
		HealthCheck: &elbv2.HealthCheck{HealthyHttpCodes: jsii.String(okCodes)},
	})
	elbv2.NewApplicationTargetGroup(stack, jsii.String("Var"), &elbv2.ApplicationTargetGroupProps{
		Vpc:         vpc,
		Port:        jsii.Number(443),
		HealthCheck: &elbv2.HealthCheck{HealthyHttpCodes: codes},
	})
	elbv2.NewApplicationTargetGroup(stack, jsii.String("Garbage"), &elbv2.ApplicationTargetGroupProps{
		Vpc:         vpc,
		Port:        jsii.Number(443),
		HealthCheck: &elbv2.HealthCheck{HealthyHttpCodes: jsii.String("ok")},
	})
	hc := &elbv2.HealthCheck{HealthyHttpCodes: jsii.String("200")}
	elbv2.NewApplicationTargetGroup(stack, jsii.String("HealthCheckVar"), &elbv2.ApplicationTargetGroupProps{
		Vpc:         vpc,
		Port:        jsii.Number(443),
		HealthCheck: hc,
	})
	elbv2.NewApplicationTargetGroup(stack, jsii.String("Grpc"), &elbv2.ApplicationTargetGroupProps{
		Vpc:             vpc,
		Port:            jsii.Number(443),
		ProtocolVersion: elbv2.ApplicationProtocolVersion_GRPC,
	})
	elbv2.NewApplicationTargetGroup(stack, jsii.String("GrpcCodes"), &elbv2.ApplicationTargetGroupProps{
		Vpc:         vpc,
		Port:        jsii.Number(443),
		HealthCheck: &elbv2.HealthCheck{HealthyGrpcCodes: jsii.String("0-99")},
	})
	elbv2.NewApplicationTargetGroup(stack, jsii.String("Disabled"), &elbv2.ApplicationTargetGroupProps{
		Vpc:         vpc,
		Port:        jsii.Number(443),
		HealthCheck: &elbv2.HealthCheck{Enabled: jsii.Bool(false)},
	})
	elbv2.NewApplicationTargetGroup(stack, jsii.String("Lambda"), &elbv2.ApplicationTargetGroupProps{
		TargetType: elbv2.TargetType_LAMBDA,
	})
	elbv2.NewApplicationTargetGroup(stack, jsii.String("NoPortNoProtocol"), &elbv2.ApplicationTargetGroupProps{Vpc: vpc})
	later := elbv2.NewApplicationTargetGroup(stack, jsii.String("Later"), &elbv2.ApplicationTargetGroupProps{
		Vpc:         vpc,
		Port:        jsii.Number(443),
		HealthCheck: &elbv2.HealthCheck{HealthyHttpCodes: jsii.String("200")},
	})
	later.ConfigureHealthCheck(&elbv2.HealthCheck{HealthyHttpCodes: jsii.String("200,403")})
	handedOff := elbv2.NewApplicationTargetGroup(stack, jsii.String("HandedOff"), &elbv2.ApplicationTargetGroupProps{
		Vpc:  vpc,
		Port: jsii.Number(443),
	})
	configure(handedOff)
	// NLB health checks are not judged by this rule's ALB reading.
	elbv2.NewNetworkTargetGroup(stack, jsii.String("Nlb"), &elbv2.NetworkTargetGroupProps{
		Vpc:         vpc,
		Port:        jsii.Number(443),
		HealthCheck: &elbv2.HealthCheck{Protocol: elbv2.Protocol_HTTPS, HealthyHttpCodes: jsii.String("200")},
	})
}

func configure(tg elbv2.ApplicationTargetGroup) {
	tg.ConfigureHealthCheck(&elbv2.HealthCheck{HealthyHttpCodes: jsii.String("200,403")})
}

// No pattern here.
func web(stack awscdk.Stack, vpc awsec2.IVpc) {
	elbv2.NewApplicationTargetGroup(stack, jsii.String("Web"), &elbv2.ApplicationTargetGroupProps{
		Vpc:         vpc,
		Port:        jsii.Number(80),
		HealthCheck: &elbv2.HealthCheck{HealthyHttpCodes: jsii.String("200")},
	})
}
