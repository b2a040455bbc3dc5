package graph

// Kind is the canonical kind of a resource, shared by every input format.
type Kind uint8

const (
	KindOther Kind = iota
	RestAPI
	Stage
	Deployment
	APIResource
	Method
	DomainName        // AWS::ApiGateway::DomainName, aws_api_gateway_domain_name (non-private)
	DomainNameV2      // AWS::ApiGateway::DomainNameV2, aws_api_gateway_domain_name with PRIVATE
	DomainNameHTTP    // AWS::ApiGatewayV2::DomainName, aws_apigatewayv2_domain_name
	BasePathMapping   // AWS::ApiGateway::BasePathMapping
	BasePathMappingV2 // AWS::ApiGateway::BasePathMappingV2
	APIMapping        // AWS::ApiGatewayV2::ApiMapping
	AccessAssociation // AWS::ApiGateway::DomainNameAccessAssociation
	VPCLink           // AWS::ApiGateway::VpcLink (v1)
	VPCLinkV2         // AWS::ApiGatewayV2::VpcLink
	RestAPIPolicy     // aws_api_gateway_rest_api_policy
	LoadBalancer
	Listener
	ListenerRule
	ListenerCertificate
	TargetGroup
	TargetAttachment // aws_lb_target_group_attachment
	VPCEndpoint
	VPC
	Subnet
	SecurityGroup
	SecurityGroupIngress
	SecurityGroupEgress
	Certificate
	DNSRecord
	DNSRecordGroup
	CustomResource
	ResourceShare
	NetworkInterfaceLookup // data "aws_network_interface(s)"
	Nested                 // AWS::CloudFormation::Stack
	numKinds
)

var kindNames = [...]string{
	KindOther: "other", RestAPI: "rest-api", Stage: "stage", Deployment: "deployment",
	APIResource: "api-resource", Method: "method", DomainName: "domain-name",
	DomainNameV2: "domain-name-v2", DomainNameHTTP: "domain-name-http",
	BasePathMapping: "base-path-mapping", BasePathMappingV2: "base-path-mapping-v2",
	APIMapping: "api-mapping", AccessAssociation: "access-association", VPCLink: "vpc-link",
	VPCLinkV2: "vpc-link-v2", RestAPIPolicy: "rest-api-policy", LoadBalancer: "load-balancer",
	Listener: "listener", ListenerRule: "listener-rule", ListenerCertificate: "listener-certificate",
	TargetGroup: "target-group", TargetAttachment: "target-attachment", VPCEndpoint: "vpc-endpoint",
	VPC: "vpc", Subnet: "subnet", SecurityGroup: "security-group",
	SecurityGroupIngress: "security-group-ingress", SecurityGroupEgress: "security-group-egress",
	Certificate: "certificate", DNSRecord: "dns-record", DNSRecordGroup: "dns-record-group",
	CustomResource: "custom-resource", ResourceShare: "resource-share",
	NetworkInterfaceLookup: "network-interface-lookup", Nested: "nested-stack",
}

func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return "other"
}

// cfnKinds maps CloudFormation resource types to kinds.
var cfnKinds = map[string]Kind{
	"AWS::ApiGateway::RestApi":                         RestAPI,
	"AWS::Serverless::Api":                             RestAPI,
	"AWS::ApiGateway::Stage":                           Stage,
	"AWS::ApiGateway::Deployment":                      Deployment,
	"AWS::ApiGateway::Resource":                        APIResource,
	"AWS::ApiGateway::Method":                          Method,
	"AWS::ApiGateway::DomainName":                      DomainName,
	"AWS::ApiGateway::DomainNameV2":                    DomainNameV2,
	"AWS::ApiGatewayV2::DomainName":                    DomainNameHTTP,
	"AWS::ApiGateway::BasePathMapping":                 BasePathMapping,
	"AWS::ApiGateway::BasePathMappingV2":               BasePathMappingV2,
	"AWS::ApiGatewayV2::ApiMapping":                    APIMapping,
	"AWS::ApiGateway::DomainNameAccessAssociation":     AccessAssociation,
	"AWS::ApiGateway::VpcLink":                         VPCLink,
	"AWS::ApiGatewayV2::VpcLink":                       VPCLinkV2,
	"AWS::ElasticLoadBalancingV2::LoadBalancer":        LoadBalancer,
	"AWS::ElasticLoadBalancingV2::Listener":            Listener,
	"AWS::ElasticLoadBalancingV2::ListenerRule":        ListenerRule,
	"AWS::ElasticLoadBalancingV2::ListenerCertificate": ListenerCertificate,
	"AWS::ElasticLoadBalancingV2::TargetGroup":         TargetGroup,
	"AWS::EC2::VPCEndpoint":                            VPCEndpoint,
	"AWS::EC2::VPC":                                    VPC,
	"AWS::EC2::Subnet":                                 Subnet,
	"AWS::EC2::SecurityGroup":                          SecurityGroup,
	"AWS::EC2::SecurityGroupIngress":                   SecurityGroupIngress,
	"AWS::EC2::SecurityGroupEgress":                    SecurityGroupEgress,
	"AWS::CertificateManager::Certificate":             Certificate,
	"AWS::Route53::RecordSet":                          DNSRecord,
	"AWS::Route53::RecordSetGroup":                     DNSRecordGroup,
	"AWS::CloudFormation::CustomResource":              CustomResource,
	"AWS::RAM::ResourceShare":                          ResourceShare,
	"AWS::CloudFormation::Stack":                       Nested,
}

// CloudFormationKind returns the kind of a CloudFormation resource type.
// Custom::* types are custom resources.
func CloudFormationKind(typ string) Kind {
	if k, ok := cfnKinds[typ]; ok {
		return k
	}
	if len(typ) > 8 && typ[:8] == "Custom::" {
		return CustomResource
	}
	return KindOther
}
