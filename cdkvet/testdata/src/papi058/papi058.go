// Cases for PAPI058: custom domains of a private API with TLS_1_0.
package papi058

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigateway"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscertificatemanager"
	"github.com/aws/jsii-runtime-go"
)

func fires(stack awscdk.Stack, cert awscertificatemanager.ICertificate) {
	api := awsapigateway.NewRestApi(stack, jsii.String("Api"), &awsapigateway.RestApiProps{
		EndpointTypes: &[]awsapigateway.EndpointType{awsapigateway.EndpointType_PRIVATE},
		DomainName: &awsapigateway.DomainNameOptions{
			DomainName:     jsii.String("api.example.com"),
			Certificate:    cert,
			SecurityPolicy: awsapigateway.SecurityPolicy_TLS_1_0, // want `^PAPI058 domain-legacy-tls-policy: the custom domain's security policy TLS_1_0 accepts TLS 1.0 and 1.1 handshakes from every client that reaches it \(the function creates a private REST API: PRIVATE endpoint type at line 13\); use SecurityPolicy_TLS_1_2 or a TLS 1.3 policy; see https://github.com/papilint/papilint/blob/main/docs/rules/PAPI058.md$`
		},
	})
	awsapigateway.NewDomainName(stack, jsii.String("Domain"), &awsapigateway.DomainNameProps{
		DomainName:     jsii.String("api2.example.com"),
		Certificate:    cert,
		SecurityPolicy: awsapigateway.SecurityPolicy("TLS_1_0"), // want `PAPI058`
		Mapping:        api,
	})
	api.AddDomainName(jsii.String("D3"), &awsapigateway.DomainNameOptions{
		DomainName:     jsii.String("api3.example.com"),
		Certificate:    cert,
		SecurityPolicy: awsapigateway.SecurityPolicy_TLS_1_0, // want `PAPI058`
	})
	// Right, defaulted, newer, or unknown: silent.
	api.AddDomainName(jsii.String("D4"), &awsapigateway.DomainNameOptions{
		DomainName: jsii.String("api4.example.com"), Certificate: cert,
		SecurityPolicy: awsapigateway.SecurityPolicy_TLS_1_2,
	})
	api.AddDomainName(jsii.String("D5"), &awsapigateway.DomainNameOptions{DomainName: jsii.String("api5.example.com"), Certificate: cert})
	api.AddDomainName(jsii.String("D6"), &awsapigateway.DomainNameOptions{
		DomainName: jsii.String("api6.example.com"), Certificate: cert,
		SecurityPolicy: awsapigateway.SecurityPolicy_TLS13_1_3_2025_09,
	})
	api.AddDomainName(jsii.String("D7"), &awsapigateway.DomainNameOptions{
		DomainName: jsii.String("api7.example.com"), Certificate: cert,
		SecurityPolicy: policy(),
	})
}

func policy() awsapigateway.SecurityPolicy { return awsapigateway.SecurityPolicy_TLS_1_0 }

// No private REST API in this function.
func publicDomain(stack awscdk.Stack, cert awscertificatemanager.ICertificate) {
	awsapigateway.NewDomainName(stack, jsii.String("Legacy"), &awsapigateway.DomainNameProps{
		DomainName:     jsii.String("legacy.example.com"),
		Certificate:    cert,
		SecurityPolicy: awsapigateway.SecurityPolicy_TLS_1_0,
	})
}
