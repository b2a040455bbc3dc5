// Cases for PAPI010: private REST APIs mapped by a custom domain that keep
// the default execute-api endpoint.
package papi010

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigateway"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscertificatemanager"
	"github.com/aws/jsii-runtime-go"
)

var private = &[]awsapigateway.EndpointType{awsapigateway.EndpointType_PRIVATE}

func fires(stack awscdk.Stack, cert awscertificatemanager.ICertificate) {
	// Mapped through the DomainName option; setting left out.
	awsapigateway.NewRestApi(stack, jsii.String("Option"), &awsapigateway.RestApiProps{ // want `^PAPI010 execute-api-endpoint-enabled: the private REST API is mapped by a custom domain \(its DomainName option at line 18\) but keeps its default execute-api endpoint: callers the policy admits can bypass the load balancer \(its security group, WAF and logging\); set DisableExecuteApiEndpoint: jsii.Bool\(true\); see https://github.com/papilint/papilint/blob/main/docs/rules/PAPI010.md$`
		EndpointTypes: &[]awsapigateway.EndpointType{awsapigateway.EndpointType_PRIVATE},
		DomainName:    &awsapigateway.DomainNameOptions{DomainName: jsii.String("api.example.com"), Certificate: cert},
	})

	// Explicit false, mapped through NewDomainName's Mapping.
	api := awsapigateway.NewRestApi(stack, jsii.String("False"), &awsapigateway.RestApiProps{
		EndpointConfiguration: &awsapigateway.EndpointConfiguration{
			Types: &[]awsapigateway.EndpointType{awsapigateway.EndpointType_PRIVATE},
		},
		DisableExecuteApiEndpoint: jsii.Bool(false), // want `mapped by a custom domain \(the Mapping of a DomainName at line 30\)`
	})
	awsapigateway.NewDomainName(stack, jsii.String("Domain"), &awsapigateway.DomainNameProps{
		DomainName: jsii.String("api.example.com"), Certificate: cert,
		Mapping: api,
	})

	// Mapped through AddDomainName.
	api2 := awsapigateway.NewRestApi(stack, jsii.String("AddDomainName"), &awsapigateway.RestApiProps{ // want `AddDomainName at line 37`
		EndpointTypes: &[]awsapigateway.EndpointType{awsapigateway.EndpointType_PRIVATE},
	})
	api2.AddDomainName(jsii.String("Domain"), &awsapigateway.DomainNameOptions{DomainName: jsii.String("api2.example.com"), Certificate: cert})

	// Mapped through AddBasePathMapping and a BasePathMapping.
	domain := awsapigateway.NewDomainName(stack, jsii.String("Domain3"), &awsapigateway.DomainNameProps{DomainName: jsii.String("api3.example.com"), Certificate: cert})
	api3 := awsapigateway.NewRestApi(stack, jsii.String("BasePath"), &awsapigateway.RestApiProps{ // want `AddBasePathMapping at line 44`
		EndpointTypes: &[]awsapigateway.EndpointType{awsapigateway.EndpointType_PRIVATE},
	})
	domain.AddBasePathMapping(api3, &awsapigateway.BasePathMappingOptions{BasePath: jsii.String("v1")})
	api4 := awsapigateway.NewRestApi(stack, jsii.String("Mapping"), &awsapigateway.RestApiProps{ // want `a BasePathMapping at line 48`
		EndpointTypes: &[]awsapigateway.EndpointType{awsapigateway.EndpointType_PRIVATE},
	})
	awsapigateway.NewBasePathMapping(stack, jsii.String("M"), &awsapigateway.BasePathMappingProps{DomainName: domain, RestApi: api4})
}

func silent(stack awscdk.Stack, cert awscertificatemanager.ICertificate, disable *bool) {
	// Disabled.
	awsapigateway.NewRestApi(stack, jsii.String("Disabled"), &awsapigateway.RestApiProps{
		EndpointTypes:             &[]awsapigateway.EndpointType{awsapigateway.EndpointType_PRIVATE},
		DisableExecuteApiEndpoint: jsii.Bool(true),
		DomainName:                &awsapigateway.DomainNameOptions{DomainName: jsii.String("api.example.com"), Certificate: cert},
	})
	// Not mapped in this function.
	awsapigateway.NewRestApi(stack, jsii.String("Unmapped"), &awsapigateway.RestApiProps{
		EndpointTypes: &[]awsapigateway.EndpointType{awsapigateway.EndpointType_PRIVATE},
	})
	// Not private (PAPI010 is about private APIs).
	awsapigateway.NewRestApi(stack, jsii.String("Regional"), &awsapigateway.RestApiProps{
		EndpointTypes: &[]awsapigateway.EndpointType{awsapigateway.EndpointType_REGIONAL},
		DomainName:    &awsapigateway.DomainNameOptions{DomainName: jsii.String("api.example.com"), Certificate: cert},
	})
	// Endpoint types from a variable: unknown.
	awsapigateway.NewRestApi(stack, jsii.String("VarTypes"), &awsapigateway.RestApiProps{
		EndpointTypes: private,
		DomainName:    &awsapigateway.DomainNameOptions{DomainName: jsii.String("api.example.com"), Certificate: cert},
	})
	// Setting from a parameter: unknown.
	awsapigateway.NewRestApi(stack, jsii.String("Param"), &awsapigateway.RestApiProps{
		EndpointTypes:             &[]awsapigateway.EndpointType{awsapigateway.EndpointType_PRIVATE},
		DisableExecuteApiEndpoint: disable,
		DomainName:                &awsapigateway.DomainNameOptions{DomainName: jsii.String("api.example.com"), Certificate: cert},
	})
	// Set through the escape hatch.
	hatched := awsapigateway.NewRestApi(stack, jsii.String("Hatched"), &awsapigateway.RestApiProps{
		EndpointTypes: &[]awsapigateway.EndpointType{awsapigateway.EndpointType_PRIVATE},
		DomainName:    &awsapigateway.DomainNameOptions{DomainName: jsii.String("api.example.com"), Certificate: cert},
	})
	hatched.Node().DefaultChild().(awsapigateway.CfnRestApi).SetDisableExecuteApiEndpoint(true)
	// Kept on purpose.
	awsapigateway.NewRestApi(stack, jsii.String("Kept"), &awsapigateway.RestApiProps{
		EndpointTypes: &[]awsapigateway.EndpointType{awsapigateway.EndpointType_PRIVATE},
		DomainName:    &awsapigateway.DomainNameOptions{DomainName: jsii.String("api.example.com"), Certificate: cert},
		// papilint:ignore PAPI010 reason="direct access for batch jobs (OPS-7)"
		DisableExecuteApiEndpoint: jsii.Bool(false),
	})
}
