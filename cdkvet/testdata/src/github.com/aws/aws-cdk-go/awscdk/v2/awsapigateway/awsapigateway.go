// Package awsapigateway is a test stub of
// github.com/aws/aws-cdk-go/awscdk/v2/awsapigateway: REST APIs, custom domain
// names and base path mappings, with the field types aws-cdk-go generates.
package awsapigateway

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscertificatemanager"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/constructs-go/constructs/v10"
)

// EndpointType is where an API or domain is reachable from.
type EndpointType string

const (
	EndpointType_EDGE     EndpointType = "EDGE"
	EndpointType_REGIONAL EndpointType = "REGIONAL"
	EndpointType_PRIVATE  EndpointType = "PRIVATE"
)

// SecurityPolicy is the TLS policy of a custom domain.
type SecurityPolicy string

const (
	SecurityPolicy_TLS_1_0              SecurityPolicy = "TLS_1_0"
	SecurityPolicy_TLS_1_2              SecurityPolicy = "TLS_1_2"
	SecurityPolicy_TLS13_1_3_2025_09    SecurityPolicy = "SecurityPolicy_TLS13_1_3_2025_09"
	SecurityPolicy_TLS13_1_2_PQ_2025_09 SecurityPolicy = "SecurityPolicy_TLS13_1_2_PQ_2025_09"
)

// EndpointConfiguration is the endpoint configuration of a REST API.
type EndpointConfiguration struct {
	Types        *[]EndpointType        `field:"required" json:"types" yaml:"types"`
	VpcEndpoints *[]awsec2.IVpcEndpoint `field:"optional" json:"vpcEndpoints" yaml:"vpcEndpoints"`
}

// Integration is a method's backend.
type Integration interface {
	Bind(method Method) *IntegrationConfig
}

// IntegrationConfig is what an integration binds to.
type IntegrationConfig struct {
	Type *string `field:"required" json:"type" yaml:"type"`
}

// IntegrationOptions configures an integration.
type IntegrationOptions struct {
	PassthroughBehavior *string `field:"optional" json:"passthroughBehavior" yaml:"passthroughBehavior"`
}

// MockIntegration answers without a backend.
type MockIntegration interface {
	Integration
}

// NewMockIntegration creates a MockIntegration.
func NewMockIntegration(options *IntegrationOptions) MockIntegration { return nil }

// MethodOptions configures IResource.AddMethod.
type MethodOptions struct {
	ApiKeyRequired *bool `field:"optional" json:"apiKeyRequired" yaml:"apiKeyRequired"`
}

// Method is an API method.
type Method interface {
	constructs.Construct
	HttpMethod() *string
}

// IResource is a path of the API.
type IResource interface {
	AddMethod(httpMethod *string, target Integration, options *MethodOptions) Method
	AddResource(pathPart *string, options *ResourceOptions) Resource
}

// ResourceOptions configures IResource.AddResource.
type ResourceOptions struct {
	DefaultIntegration Integration `field:"optional" json:"defaultIntegration" yaml:"defaultIntegration"`
}

// Resource is a path of the API defined in the app.
type Resource interface {
	IResource
}

// IStage is a stage.
type IStage interface {
	StageName() *string
}

// Stage is a stage defined in the app.
type Stage interface {
	constructs.Construct
	IStage
}

// StageOptions configures the stage CDK deploys.
type StageOptions struct {
	StageName *string `field:"optional" json:"stageName" yaml:"stageName"`
}

// IRestApi is a REST API.
type IRestApi interface {
	constructs.IConstruct
	RestApiId() *string
	RestApiRootResourceId() *string
}

// RestApi is a REST API defined in the app.
type RestApi interface {
	IRestApi
	Root() IResource
	Url() *string
	DeploymentStage() Stage
	DomainName() DomainName
	AddDomainName(id *string, options *DomainNameOptions) DomainName
	AddToResourcePolicy(statement awsiam.PolicyStatement) *awsiam.AddToResourcePolicyResult
}

// RestApiProps configures NewRestApi.
type RestApiProps struct {
	CloudWatchRole            *bool                  `field:"optional" json:"cloudWatchRole" yaml:"cloudWatchRole"`
	Deploy                    *bool                  `field:"optional" json:"deploy" yaml:"deploy"`
	DeployOptions             *StageOptions          `field:"optional" json:"deployOptions" yaml:"deployOptions"`
	Description               *string                `field:"optional" json:"description" yaml:"description"`
	DisableExecuteApiEndpoint *bool                  `field:"optional" json:"disableExecuteApiEndpoint" yaml:"disableExecuteApiEndpoint"`
	DomainName                *DomainNameOptions     `field:"optional" json:"domainName" yaml:"domainName"`
	EndpointExportName        *string                `field:"optional" json:"endpointExportName" yaml:"endpointExportName"`
	EndpointTypes             *[]EndpointType        `field:"optional" json:"endpointTypes" yaml:"endpointTypes"`
	Policy                    awsiam.PolicyDocument  `field:"optional" json:"policy" yaml:"policy"`
	RestApiName               *string                `field:"optional" json:"restApiName" yaml:"restApiName"`
	BinaryMediaTypes          *[]*string             `field:"optional" json:"binaryMediaTypes" yaml:"binaryMediaTypes"`
	EndpointConfiguration     *EndpointConfiguration `field:"optional" json:"endpointConfiguration" yaml:"endpointConfiguration"`
}

// NewRestApi creates a RestApi.
func NewRestApi(scope constructs.Construct, id *string, props *RestApiProps) RestApi { return nil }

// LambdaRestApi is a REST API that proxies to a Lambda function.
type LambdaRestApi interface {
	RestApi
}

// LambdaRestApiProps configures NewLambdaRestApi.
type LambdaRestApiProps struct {
	Deploy                    *bool                  `field:"optional" json:"deploy" yaml:"deploy"`
	DeployOptions             *StageOptions          `field:"optional" json:"deployOptions" yaml:"deployOptions"`
	DisableExecuteApiEndpoint *bool                  `field:"optional" json:"disableExecuteApiEndpoint" yaml:"disableExecuteApiEndpoint"`
	DomainName                *DomainNameOptions     `field:"optional" json:"domainName" yaml:"domainName"`
	EndpointTypes             *[]EndpointType        `field:"optional" json:"endpointTypes" yaml:"endpointTypes"`
	Policy                    awsiam.PolicyDocument  `field:"optional" json:"policy" yaml:"policy"`
	RestApiName               *string                `field:"optional" json:"restApiName" yaml:"restApiName"`
	EndpointConfiguration     *EndpointConfiguration `field:"optional" json:"endpointConfiguration" yaml:"endpointConfiguration"`
	Handler                   awslambda.IFunction    `field:"required" json:"handler" yaml:"handler"`
	Proxy                     *bool                  `field:"optional" json:"proxy" yaml:"proxy"`
}

// NewLambdaRestApi creates a LambdaRestApi.
func NewLambdaRestApi(scope constructs.Construct, id *string, props *LambdaRestApiProps) LambdaRestApi {
	return nil
}

// ApiDefinition is an OpenAPI definition.
type ApiDefinition interface {
	IsInline() *bool
}

// ApiDefinition_FromInline uses an inline OpenAPI definition.
func ApiDefinition_FromInline(definition interface{}) ApiDefinition { return nil }

// SpecRestApi is a REST API defined by an OpenAPI document.
type SpecRestApi interface {
	RestApi
}

// SpecRestApiProps configures NewSpecRestApi.
type SpecRestApiProps struct {
	Deploy                    *bool                  `field:"optional" json:"deploy" yaml:"deploy"`
	DisableExecuteApiEndpoint *bool                  `field:"optional" json:"disableExecuteApiEndpoint" yaml:"disableExecuteApiEndpoint"`
	DomainName                *DomainNameOptions     `field:"optional" json:"domainName" yaml:"domainName"`
	EndpointTypes             *[]EndpointType        `field:"optional" json:"endpointTypes" yaml:"endpointTypes"`
	Policy                    awsiam.PolicyDocument  `field:"optional" json:"policy" yaml:"policy"`
	RestApiName               *string                `field:"optional" json:"restApiName" yaml:"restApiName"`
	EndpointConfiguration     *EndpointConfiguration `field:"optional" json:"endpointConfiguration" yaml:"endpointConfiguration"`
	ApiDefinition             ApiDefinition          `field:"required" json:"apiDefinition" yaml:"apiDefinition"`
}

// NewSpecRestApi creates a SpecRestApi.
func NewSpecRestApi(scope constructs.Construct, id *string, props *SpecRestApiProps) SpecRestApi {
	return nil
}

// CfnRestApi is the L1 REST API (reached through Node().DefaultChild()).
type CfnRestApi interface {
	awscdk.CfnResource
	DisableExecuteApiEndpoint() interface{}
	SetDisableExecuteApiEndpoint(val interface{})
}

// DomainNameOptions configures a custom domain name.
type DomainNameOptions struct {
	Certificate    awscertificatemanager.ICertificate `field:"required" json:"certificate" yaml:"certificate"`
	DomainName     *string                            `field:"required" json:"domainName" yaml:"domainName"`
	BasePath       *string                            `field:"optional" json:"basePath" yaml:"basePath"`
	EndpointType   EndpointType                       `field:"optional" json:"endpointType" yaml:"endpointType"`
	SecurityPolicy SecurityPolicy                     `field:"optional" json:"securityPolicy" yaml:"securityPolicy"`
}

// DomainNameProps configures NewDomainName.
type DomainNameProps struct {
	Certificate    awscertificatemanager.ICertificate `field:"required" json:"certificate" yaml:"certificate"`
	DomainName     *string                            `field:"required" json:"domainName" yaml:"domainName"`
	BasePath       *string                            `field:"optional" json:"basePath" yaml:"basePath"`
	EndpointType   EndpointType                       `field:"optional" json:"endpointType" yaml:"endpointType"`
	SecurityPolicy SecurityPolicy                     `field:"optional" json:"securityPolicy" yaml:"securityPolicy"`
	Mapping        IRestApi                           `field:"optional" json:"mapping" yaml:"mapping"`
}

// IDomainName is a custom domain name.
type IDomainName interface {
	DomainName() *string
	DomainNameAliasDomainName() *string
	DomainNameAliasHostedZoneId() *string
}

// DomainName is a custom domain name defined in the app.
type DomainName interface {
	constructs.Construct
	IDomainName
	AddBasePathMapping(targetApi IRestApi, options *BasePathMappingOptions) BasePathMapping
	AddApiMapping(targetStage IStage, options *ApiMappingOptions)
}

// NewDomainName creates a DomainName.
func NewDomainName(scope constructs.Construct, id *string, props *DomainNameProps) DomainName {
	return nil
}

// BasePathMappingOptions configures DomainName.AddBasePathMapping.
type BasePathMappingOptions struct {
	AttachToStage *bool   `field:"optional" json:"attachToStage" yaml:"attachToStage"`
	BasePath      *string `field:"optional" json:"basePath" yaml:"basePath"`
	Stage         Stage   `field:"optional" json:"stage" yaml:"stage"`
}

// ApiMappingOptions configures DomainName.AddApiMapping.
type ApiMappingOptions struct {
	BasePath *string `field:"optional" json:"basePath" yaml:"basePath"`
}

// BasePathMapping maps a domain's path to an API stage.
type BasePathMapping interface {
	constructs.Construct
}

// BasePathMappingProps configures NewBasePathMapping.
type BasePathMappingProps struct {
	AttachToStage *bool       `field:"optional" json:"attachToStage" yaml:"attachToStage"`
	BasePath      *string     `field:"optional" json:"basePath" yaml:"basePath"`
	Stage         Stage       `field:"optional" json:"stage" yaml:"stage"`
	DomainName    IDomainName `field:"required" json:"domainName" yaml:"domainName"`
	RestApi       IRestApi    `field:"required" json:"restApi" yaml:"restApi"`
}

// NewBasePathMapping creates a BasePathMapping.
func NewBasePathMapping(scope constructs.Construct, id *string, props *BasePathMappingProps) BasePathMapping {
	return nil
}
