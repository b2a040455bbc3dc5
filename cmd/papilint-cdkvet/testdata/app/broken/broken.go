// Package broken builds the ALB-in-front-of-a-private-API pattern with one
// of each mistake papilint-cdkvet reports. Every line that must be reported
// ends with an "expect:" comment naming the rule IDs; the end-to-end test
// reads them.
package broken

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigateway"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscertificatemanager"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	elbv2 "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2"
	targets "github.com/aws/aws-cdk-go/awscdk/v2/awselasticloadbalancingv2targets"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/customresources"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

const certArn = "arn:aws:acm:eu-west-1:111122223333:certificate/0000"

// NewPatternStack builds the whole pattern in one function.
func NewPatternStack(scope constructs.Construct, id string, props *awscdk.StackProps) awscdk.Stack {
	stack := awscdk.NewStack(scope, &id, props)
	vpc := awsec2.Vpc_FromLookup(stack, jsii.String("Vpc"), &awsec2.VpcLookupOptions{VpcId: jsii.String("vpc-0123")})
	cert := awscertificatemanager.Certificate_FromCertificateArn(stack, jsii.String("Cert"), jsii.String(certArn))

	vpce := awsec2.NewInterfaceVpcEndpoint(stack, jsii.String("ExecuteApi"), &awsec2.InterfaceVpcEndpointProps{
		Vpc:     vpc,
		Service: awsec2.InterfaceVpcEndpointAwsService_APIGATEWAY(),
	})

	policy := awsiam.NewPolicyDocument(&awsiam.PolicyDocumentProps{
		Statements: &[]awsiam.PolicyStatement{
			awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
				Effect:     awsiam.Effect_ALLOW,
				Principals: &[]awsiam.IPrincipal{awsiam.NewAnyPrincipal()},
				Actions:    jsii.Strings("execute-api:Invoke"),
				Resources:  jsii.Strings("execute-api:/*"),
			}),
			awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
				Effect:     awsiam.Effect_DENY,
				Principals: &[]awsiam.IPrincipal{awsiam.NewAnyPrincipal()},
				Actions:    jsii.Strings("execute-api:Invoke"),
				Resources:  jsii.Strings("execute-api:/*"),
				Conditions: &map[string]interface{}{
					"StringNotEquals": map[string]interface{}{"aws:SourceVpce": vpce.VpcEndpointId()},
				},
			}),
		},
	})
	api := awsapigateway.NewRestApi(stack, jsii.String("Api"), &awsapigateway.RestApiProps{ // expect: PAPI010
		EndpointTypes: &[]awsapigateway.EndpointType{awsapigateway.EndpointType_PRIVATE},
		Policy:        policy,
	})
	api.Root().AddMethod(jsii.String("GET"), awsapigateway.NewMockIntegration(nil), nil)
	domain := awsapigateway.NewDomainName(stack, jsii.String("Domain"), &awsapigateway.DomainNameProps{
		DomainName:     jsii.String("api.example.com"),
		Certificate:    cert,
		EndpointType:   awsapigateway.EndpointType_REGIONAL,
		SecurityPolicy: awsapigateway.SecurityPolicy_TLS_1_0, // expect: PAPI058
	})
	domain.AddBasePathMapping(api, &awsapigateway.BasePathMappingOptions{})

	// The endpoint's private IPs, one per subnet.
	enis := customresources.NewAwsCustomResource(stack, jsii.String("EndpointEnis"), &customresources.AwsCustomResourceProps{
		OnUpdate: &customresources.AwsSdkCall{
			Service:            jsii.String("EC2"),
			Action:             jsii.String("describeNetworkInterfaces"),
			Parameters:         map[string]interface{}{"NetworkInterfaceIds": vpce.VpcEndpointNetworkInterfaceIds()},
			PhysicalResourceId: customresources.PhysicalResourceId_Of(jsii.String("enis")),
		},
		Policy: customresources.AwsCustomResourcePolicy_FromSdkCalls(&customresources.SdkCallsPolicyOptions{
			Resources: customresources.AwsCustomResourcePolicy_ANY_RESOURCE(),
		}),
	})
	var ips []elbv2.IApplicationLoadBalancerTarget
	for i := 0; i < 2; i++ {
		ip := enis.GetResponseField(jsii.String(fmt.Sprintf("NetworkInterfaces.%d.PrivateIpAddress", i)))
		ips = append(ips, targets.NewIpTarget(ip, nil, nil))
	}

	alb := elbv2.NewApplicationLoadBalancer(stack, jsii.String("Alb"), &elbv2.ApplicationLoadBalancerProps{
		Vpc:            vpc,
		InternetFacing: jsii.Bool(true), // expect: PAPI030
	})
	tg := elbv2.NewApplicationTargetGroup(stack, jsii.String("Tg"), &elbv2.ApplicationTargetGroupProps{
		Vpc:        vpc,
		TargetType: elbv2.TargetType_INSTANCE,      // expect: PAPI040
		Protocol:   elbv2.ApplicationProtocol_HTTP, // expect: PAPI041
		Port:       jsii.Number(80),                // expect: PAPI041
		Targets:    &ips,
		HealthCheck: &elbv2.HealthCheck{
			Path:             jsii.String("/"),
			HealthyHttpCodes: jsii.String("200"), // expect: PAPI043
		},
	})
	alb.AddListener(jsii.String("Https"), &elbv2.BaseApplicationListenerProps{
		Port:                jsii.Number(443),
		Protocol:            elbv2.ApplicationProtocol_HTTPS,
		Certificates:        &[]elbv2.IListenerCertificate{elbv2.ListenerCertificate_FromArn(jsii.String(certArn))},
		DefaultTargetGroups: &[]elbv2.IApplicationTargetGroup{tg},
	})
	return stack
}

// NewLegacyApiStack keeps an API whose policy restricts callers to a VPC
// endpoint, but that was never made private.
func NewLegacyApiStack(scope constructs.Construct, id string, props *awscdk.StackProps) awscdk.Stack {
	stack := awscdk.NewStack(scope, &id, props)
	restrict := awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Effect:    awsiam.Effect_DENY,
		Actions:   jsii.Strings("execute-api:Invoke"),
		Resources: jsii.Strings("execute-api:/*"),
	})
	restrict.AddCondition(jsii.String("StringNotEquals"), map[string]interface{}{"aws:SourceVpce": "vpce-0123"})
	doc := awsiam.NewPolicyDocument(nil)
	doc.AddStatements(restrict)

	awsapigateway.NewRestApi(stack, jsii.String("Edge"), &awsapigateway.RestApiProps{ // expect: PAPI001
		Policy: doc,
	})
	awsapigateway.NewRestApi(stack, jsii.String("Regional"), &awsapigateway.RestApiProps{
		EndpointTypes: &[]awsapigateway.EndpointType{awsapigateway.EndpointType_REGIONAL}, // expect: PAPI001
		Policy:        doc,
	})
	return stack
}
