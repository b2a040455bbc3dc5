// Cases for PAPI041: target groups of the pattern that are not HTTPS on 443.
package papi041

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigateway"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	elbv2 "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	targets "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2targets"
	"github.com/aws/jsii-runtime-go"
)

const httpPort = 80

func pattern(stack awscdk.Stack, vpc awsec2.IVpc, listener elbv2.ApplicationListener, ip *string, port *float64) {
	awsec2.NewInterfaceVpcEndpoint(stack, jsii.String("Vpce"), &awsec2.InterfaceVpcEndpointProps{
		Vpc:     vpc,
		Service: awsec2.InterfaceVpcEndpointAwsService_APIGATEWAY(),
	})
	awsapigateway.NewRestApi(stack, jsii.String("Api"), &awsapigateway.RestApiProps{
		EndpointTypes: &[]awsapigateway.EndpointType{awsapigateway.EndpointType_PRIVATE},
	})

	tg := elbv2.NewApplicationTargetGroup(stack, jsii.String("Http"), &elbv2.ApplicationTargetGroupProps{
		Vpc:        vpc,
		TargetType: elbv2.TargetType_IP,
		Protocol:   elbv2.ApplicationProtocol_HTTP, // want `^PAPI041 tg-not-https-443: target group protocol HTTP: the execute-api endpoint the pattern forwards to \(execute-api interface endpoint at line 18 and PRIVATE endpoint type at line 21\) accepts only HTTPS on port 443; use ApplicationProtocol_HTTPS; see https://github.com/papilint/papilint/blob/main/docs/rules/PAPI041.md$`
		Port:       jsii.Number(80),                // want `target group port 80: `
		Targets: &[]elbv2.IApplicationLoadBalancerTarget{
			targets.NewIpTarget(ip, jsii.Number(httpPort), nil), // want `IP target port 80: `
			targets.NewIpTarget(ip, jsii.Number(443), nil),
			targets.NewIpTarget(ip, nil, jsii.String("all")),
			targets.NewIpTarget(ip, port, nil),
		},
	})
	tg.AddTarget(targets.NewIpTarget(ip, jsii.Number(8443), nil)) // want `IP target port 8443`
	tg.AddTarget(targets.NewIpTarget(ip, jsii.Number(443), nil))

	elbv2.NewApplicationTargetGroup(stack, jsii.String("PortOnly"), &elbv2.ApplicationTargetGroupProps{
		Vpc:  vpc,
		Port: jsii.Number(8080), // want `target group port 8080, from which CDK also derives protocol HTTP`
	})
	elbv2.NewApplicationTargetGroup(stack, jsii.String("HttpsOtherPort"), &elbv2.ApplicationTargetGroupProps{
		Vpc:      vpc,
		Protocol: elbv2.ApplicationProtocol_HTTPS,
		Port:     jsii.Number(8443), // want `target group port 8443: `
	})
	listener.AddTargets(jsii.String("Api"), &elbv2.AddApplicationTargetsProps{
		Protocol: elbv2.ApplicationProtocol_HTTP,                                                         // want `PAPI041`
		Targets:  &[]elbv2.IApplicationLoadBalancerTarget{targets.NewIpTarget(ip, jsii.Number(80), nil)}, // want `IP target port 80`
	})

	// Right, derived, Lambda or unknown: silent.
	elbv2.NewApplicationTargetGroup(stack, jsii.String("Https"), &elbv2.ApplicationTargetGroupProps{
		Vpc:        vpc,
		TargetType: elbv2.TargetType_IP,
		Protocol:   elbv2.ApplicationProtocol_HTTPS,
		Port:       jsii.Number(443),
	})
	elbv2.NewApplicationTargetGroup(stack, jsii.String("Derived443"), &elbv2.ApplicationTargetGroupProps{Vpc: vpc, Port: jsii.Number(443)})
	elbv2.NewApplicationTargetGroup(stack, jsii.String("DerivedHttps"), &elbv2.ApplicationTargetGroupProps{Vpc: vpc, Protocol: elbv2.ApplicationProtocol_HTTPS})
	elbv2.NewApplicationTargetGroup(stack, jsii.String("Lambda"), &elbv2.ApplicationTargetGroupProps{
		TargetType: elbv2.TargetType_LAMBDA,
		Protocol:   elbv2.ApplicationProtocol_HTTP,
	})
	elbv2.NewApplicationTargetGroup(stack, jsii.String("Unknown"), &elbv2.ApplicationTargetGroupProps{
		Vpc:      vpc,
		Protocol: protocol(),
		Port:     port,
	})
	// NLB target groups are out of scope.
	elbv2.NewNetworkTargetGroup(stack, jsii.String("Nlb"), &elbv2.NetworkTargetGroupProps{
		Vpc:      vpc,
		Port:     jsii.Number(80),
		Protocol: elbv2.Protocol_TCP,
	})
}

func protocol() elbv2.ApplicationProtocol { return elbv2.ApplicationProtocol_HTTP }

// No pattern here.
func web(stack awscdk.Stack, vpc awsec2.IVpc, ip *string) {
	elbv2.NewApplicationTargetGroup(stack, jsii.String("Web"), &elbv2.ApplicationTargetGroupProps{
		Vpc:      vpc,
		Protocol: elbv2.ApplicationProtocol_HTTP,
		Port:     jsii.Number(80),
		Targets:  &[]elbv2.IApplicationLoadBalancerTarget{targets.NewIpTarget(ip, jsii.Number(80), nil)},
	})
}
