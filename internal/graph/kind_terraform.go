package graph

// tfKinds maps Terraform resource types (hashicorp/aws) to kinds. Data
// sources are keyed "data.<type>". Where Terraform splits one
// CloudFormation resource into several (a policy, attachments, rules), each
// part gets the kind of the CloudFormation resource it stands for.
var tfKinds = map[string]Kind{
	"aws_api_gateway_rest_api":                       RestAPI,
	"aws_api_gateway_rest_api_policy":                RestAPIPolicy,
	"aws_api_gateway_stage":                          Stage,
	"aws_api_gateway_deployment":                     Deployment,
	"aws_api_gateway_resource":                       APIResource,
	"aws_api_gateway_method":                         Method,
	"aws_api_gateway_domain_name":                    DomainName, // DomainNameV2 when its types are PRIVATE
	"aws_api_gateway_base_path_mapping":              BasePathMapping,
	"aws_api_gateway_domain_name_access_association": AccessAssociation,
	"aws_api_gateway_vpc_link":                       VPCLink,
	"aws_apigatewayv2_domain_name":                   DomainNameHTTP,
	"aws_apigatewayv2_api_mapping":                   APIMapping,
	"aws_apigatewayv2_vpc_link":                      VPCLinkV2,
	"aws_lb":                                         LoadBalancer,
	"aws_alb":                                        LoadBalancer,
	"aws_lb_listener":                                Listener,
	"aws_alb_listener":                               Listener,
	"aws_lb_listener_rule":                           ListenerRule,
	"aws_alb_listener_rule":                          ListenerRule,
	"aws_lb_listener_certificate":                    ListenerCertificate,
	"aws_alb_listener_certificate":                   ListenerCertificate,
	"aws_lb_target_group":                            TargetGroup,
	"aws_alb_target_group":                           TargetGroup,
	"aws_lb_target_group_attachment":                 TargetAttachment,
	"aws_alb_target_group_attachment":                TargetAttachment,
	"aws_vpc_endpoint":                               VPCEndpoint,
	"aws_vpc":                                        VPC,
	"aws_subnet":                                     Subnet,
	"aws_security_group":                             SecurityGroup,
	"aws_security_group_rule":                        SecurityGroupIngress, // SecurityGroupEgress when type = "egress"
	"aws_vpc_security_group_ingress_rule":            SecurityGroupIngress,
	"aws_vpc_security_group_egress_rule":             SecurityGroupEgress,
	"aws_acm_certificate":                            Certificate,
	"aws_route53_record":                             DNSRecord,
	"aws_ram_resource_share":                         ResourceShare,
	"aws_cloudformation_stack":                       Nested,
	"data.aws_network_interface":                     NetworkInterfaceLookup,
	"data.aws_network_interfaces":                    NetworkInterfaceLookup,
}

// TerraformKind returns the kind of a Terraform resource type; data sources
// are passed as "data.<type>". Kinds that depend on an argument (a PRIVATE
// domain name, an egress security group rule) are refined by the loader.
func TerraformKind(typ string) Kind {
	if k, ok := tfKinds[typ]; ok {
		return k
	}
	return KindOther
}
