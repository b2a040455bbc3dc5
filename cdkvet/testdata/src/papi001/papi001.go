// Cases for PAPI001: REST APIs meant to be private (their policy names
// aws:SourceVpce or aws:SourceVpc, or they list VPC endpoints) that are not
// PRIVATE.
package papi001

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigateway"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/jsii-runtime-go"
)

func vpcePolicy(vpceID *string) awsiam.PolicyDocument {
	return awsiam.NewPolicyDocument(&awsiam.PolicyDocumentProps{
		Statements: &[]awsiam.PolicyStatement{awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Effect:     awsiam.Effect_DENY,
			Conditions: &map[string]interface{}{"StringNotEquals": map[string]interface{}{"aws:SourceVpce": vpceID}},
		})},
	})
}

func fires(stack awscdk.Stack, vpce awsec2.IVpcEndpoint, fn awslambda.IFunction) {
	// Policy written in place; no endpoint types: EDGE.
	awsapigateway.NewRestApi(stack, jsii.String("Edge"), &awsapigateway.RestApiProps{ // want `^PAPI001 rest-api-not-private: the REST API sets no endpoint types, so API Gateway creates an EDGE API, yet its resource policy conditions on aws:SourceVpce \(line 31\), a key API Gateway sets only on calls to private APIs, so the condition never matches: the API is public and its VPC restriction cannot work; set EndpointTypes: &\[\]awsapigateway.EndpointType\{awsapigateway.EndpointType_PRIVATE\}; see https://github.com/papilint/papilint/blob/main/docs/rules/PAPI001.md$`
		Policy: awsiam.NewPolicyDocument(&awsiam.PolicyDocumentProps{
			Statements: &[]awsiam.PolicyStatement{awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
				Effect:     awsiam.Effect_DENY,
				Actions:    jsii.Strings("execute-api:Invoke"),
				Conditions: &map[string]interface{}{"StringNotEquals": map[string]interface{}{"aws:SourceVpce": vpce.VpcEndpointId()}},
			})},
		}),
	})

	// Policy built through variables and method calls in this function.
	stmt := awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{Effect: awsiam.Effect_DENY})
	stmt.AddCondition(jsii.String("StringNotEquals"), map[string]interface{}{"aws:sourcevpc": "vpc-1"})
	doc := awsiam.NewPolicyDocument(nil)
	doc.AddStatements(stmt)
	awsapigateway.NewRestApi(stack, jsii.String("Regional"), &awsapigateway.RestApiProps{
		EndpointTypes: &[]awsapigateway.EndpointType{awsapigateway.EndpointType_REGIONAL}, // want `endpoint types are \[REGIONAL\], not \[PRIVATE\], yet its resource policy conditions on aws:sourcevpc \(line 38\)`
		Policy:        doc,
	})

	// VPC endpoints listed.
	awsapigateway.NewLambdaRestApi(stack, jsii.String("Lambda"), &awsapigateway.LambdaRestApiProps{
		Handler: fn,
		EndpointConfiguration: &awsapigateway.EndpointConfiguration{
			Types:        &[]awsapigateway.EndpointType{awsapigateway.EndpointType_EDGE}, // want `endpoint types are \[EDGE\], not \[PRIVATE\], yet it lists VpcEndpoints \(line 51\), which reach only private APIs: `
			VpcEndpoints: &[]awsec2.IVpcEndpoint{vpce},
		},
	})

	// Statement added after the constructor.
	api := awsapigateway.NewSpecRestApi(stack, jsii.String("Spec"), &awsapigateway.SpecRestApiProps{ // want `sets no endpoint types`
		ApiDefinition: awsapigateway.ApiDefinition_FromInline(map[string]interface{}{}),
	})
	api.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Conditions: &map[string]interface{}{"StringEquals": map[string]interface{}{"aws:SourceVpc": "vpc-1"}},
	}))
}

func silent(stack awscdk.Stack, vpce awsec2.IVpcEndpoint, types *[]awsapigateway.EndpointType) {
	// Private: fine.
	awsapigateway.NewRestApi(stack, jsii.String("Private"), &awsapigateway.RestApiProps{
		EndpointTypes: &[]awsapigateway.EndpointType{awsapigateway.EndpointType_PRIVATE},
		Policy:        awsiam.PolicyDocument_FromJson(map[string]interface{}{"Condition": map[string]interface{}{"StringNotEquals": map[string]interface{}{"aws:SourceVpce": "vpce-1"}}}),
	})
	// Public API without VPC conditions: out of scope.
	awsapigateway.NewRestApi(stack, jsii.String("Public"), &awsapigateway.RestApiProps{})
	awsapigateway.NewRestApi(stack, jsii.String("PublicRegional"), &awsapigateway.RestApiProps{
		EndpointTypes: &[]awsapigateway.EndpointType{awsapigateway.EndpointType_REGIONAL},
	})
	// The policy comes from a function: its body is not read.
	awsapigateway.NewRestApi(stack, jsii.String("Helper"), &awsapigateway.RestApiProps{
		Policy: vpcePolicy(vpce.VpcEndpointId()),
	})
	// Endpoint types unknown.
	awsapigateway.NewRestApi(stack, jsii.String("Unknown"), &awsapigateway.RestApiProps{
		EndpointTypes: types,
		Policy:        awsiam.PolicyDocument_FromJson(map[string]interface{}{"aws:SourceVpce": "vpce-1"}),
	})
	// Changed through the escape hatch: the missing type is not judged.
	hatched := awsapigateway.NewRestApi(stack, jsii.String("Hatched"), &awsapigateway.RestApiProps{
		Policy: awsiam.PolicyDocument_FromJson(map[string]interface{}{"aws:SourceVpce": "vpce-1"}),
	})
	hatched.Node().DefaultChild().(awsapigateway.CfnRestApi).AddPropertyOverride(jsii.String("EndpointConfiguration.Types"), []string{"PRIVATE"})
	// A statement without VPC conditions.
	other := awsapigateway.NewRestApi(stack, jsii.String("Other"), &awsapigateway.RestApiProps{})
	other.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{Actions: jsii.Strings("execute-api:Invoke")}))
	// Suppressed.
	// papilint:ignore PAPI001 reason="made private by a later stack update (API-9)"
	awsapigateway.NewRestApi(stack, jsii.String("Suppressed"), &awsapigateway.RestApiProps{
		Policy: awsiam.PolicyDocument_FromJson(map[string]interface{}{"aws:SourceVpce": "vpce-1"}),
	})
}

// Another construct's uses say nothing about this API's policy: the public
// API's policy names the private API, whose own statement has aws:SourceVpce.
func otherConstructs(stack awscdk.Stack, vpce awsec2.IVpcEndpoint) {
	private := awsapigateway.NewRestApi(stack, jsii.String("Private"), &awsapigateway.RestApiProps{
		EndpointTypes: &[]awsapigateway.EndpointType{awsapigateway.EndpointType_PRIVATE},
	})
	private.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Conditions: &map[string]interface{}{"StringEquals": map[string]interface{}{"aws:SourceVpce": vpce.VpcEndpointId()}},
	}))
	awsapigateway.NewRestApi(stack, jsii.String("Public"), &awsapigateway.RestApiProps{
		Policy: awsiam.NewPolicyDocument(&awsiam.PolicyDocumentProps{
			Statements: &[]awsiam.PolicyStatement{awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
				Resources: &[]*string{private.RestApiId()},
			})},
		}),
	})
}
