package terraform

import (
	"strings"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/source"
)

// The graph speaks CloudFormation's vocabulary. This file translates a
// Terraform resource's arguments (nested blocks as lists of objects) into
// the properties of the CloudFormation resource it stands for, and
// Terraform attribute names into Ref/Fn::GetAtt names. Every value keeps
// its range; values the translation makes up (a Scheme from internal, a
// Field of a listener rule condition) get the range of what they were made
// from.

// attrNames maps, per resource type, Terraform attribute names to
// CloudFormation attribute names. "Ref" is what CloudFormation's Ref
// returns.
var attrNames = map[string]map[string]string{
	"aws_lb":                            {"arn": "Ref", "dns_name": "DNSName", "zone_id": "CanonicalHostedZoneID", "arn_suffix": "LoadBalancerFullName", "name": "LoadBalancerName"},
	"aws_lb_target_group":               {"arn": "Ref", "arn_suffix": "TargetGroupFullName", "name": "TargetGroupName"},
	"aws_lb_listener":                   {"arn": "Ref"},
	"aws_lb_listener_rule":              {"arn": "Ref"},
	"aws_vpc_endpoint":                  {"network_interface_ids": "NetworkInterfaceIds", "dns_entry": "DnsEntries"},
	"aws_api_gateway_rest_api":          {"root_resource_id": "RootResourceId"},
	"aws_api_gateway_domain_name":       {"domain_name": "Ref", "regional_domain_name": "RegionalDomainName", "regional_zone_id": "RegionalHostedZoneId", "cloudfront_domain_name": "DistributionDomainName", "cloudfront_zone_id": "DistributionHostedZoneId", "arn": "DomainNameArn", "domain_name_id": "DomainNameId"},
	"aws_apigatewayv2_domain_name":      {"domain_name": "Ref"},
	"aws_api_gateway_stage":             {"stage_name": "Ref", "id": "Id"},
	"aws_acm_certificate":               {"arn": "Ref"},
	"aws_route53_record":                {"name": "Ref"},
	"aws_ram_resource_share":            {"arn": "Ref"},
	"aws_security_group":                {"id": "Ref"},
	"aws_vpc":                           {"cidr_block": "CidrBlock"},
	"aws_api_gateway_vpc_link":          {"id": "Ref"},
	"aws_apigatewayv2_vpc_link":         {"id": "Ref"},
	"aws_cloudformation_stack":          {"outputs": "Outputs"},
	"aws_api_gateway_base_path_mapping": {"id": "Ref"},
}

func init() {
	for _, p := range [][2]string{{"aws_alb", "aws_lb"}, {"aws_alb_target_group", "aws_lb_target_group"},
		{"aws_alb_listener", "aws_lb_listener"}, {"aws_alb_listener_rule", "aws_lb_listener_rule"}} {
		attrNames[p[0]] = attrNames[p[1]]
	}
}

// cfnAttr returns the CloudFormation name of a Terraform attribute.
func cfnAttr(mode, typ, name string) string {
	if m := attrNames[typ]; m != nil {
		if a, ok := m[name]; ok {
			return a
		}
	}
	switch name {
	case "id":
		return "Ref"
	case "arn":
		return "Arn"
	}
	return camel(name)
}

// camel turns snake_case into CamelCase.
func camel(s string) string {
	var b strings.Builder
	for _, p := range strings.Split(s, "_") {
		if p == "" {
			continue
		}
		b.WriteString(strings.ToUpper(p[:1]) + p[1:])
	}
	return b.String()
}

// tr builds one node's properties from its Terraform arguments.
type tr struct {
	l   *loader
	in  *graph.Value // Terraform arguments
	out *graph.Value // CloudFormation properties
}

func newTr(l *loader, in *graph.Value, r source.Range) *tr {
	return &tr{l: l, in: in, out: &graph.Value{Kind: graph.KindMap, Prov: graph.Literal, Range: r}}
}

// absent reports whether a Terraform value leaves the argument unset: null
// (and an empty string for policies, which Terraform treats as none).
func absent(v *graph.Value) bool { return v == nil || v.Kind == graph.KindNull }

// get returns a sub-value; an unknown value stands for all its parts.
func get(v *graph.Value, key string) *graph.Value {
	if v == nil {
		return nil
	}
	switch v.Kind {
	case graph.KindMap:
		return v.Get(key)
	case graph.KindUnknown, graph.KindRef:
		return v
	}
	return nil
}

// field returns the field of a Terraform map, for its key range.
func field(v *graph.Value, key string) *graph.Field {
	if v == nil || v.Kind != graph.KindMap {
		return nil
	}
	return v.Field(key)
}

// first returns the first (usually only) block of a nested block list; a
// single object counts as one block, an unknown list as an unknown block.
func first(v *graph.Value) *graph.Value {
	if v == nil {
		return nil
	}
	switch v.Kind {
	case graph.KindList:
		if len(v.List) == 0 {
			return nil
		}
		return v.List[0]
	case graph.KindMap, graph.KindUnknown, graph.KindRef, graph.KindChoice:
		return v
	}
	return nil
}

// blocks returns the blocks of a nested block list (a single object counts
// as one); ok is false when the list is not known.
func blocks(v *graph.Value) (bs []*graph.Value, ok bool) {
	if v == nil {
		return nil, true
	}
	switch v.Kind {
	case graph.KindList:
		return v.List, true
	case graph.KindMap:
		return []*graph.Value{v}, true
	case graph.KindNull:
		return nil, true
	}
	return nil, false
}

// set adds a property.
func (t *tr) set(out *graph.Value, key string, v *graph.Value, kr source.Range) {
	if absent(v) {
		return
	}
	out.Fields = append(out.Fields, &graph.Field{Key: key, KeyRange: kr, Value: v})
}

// copy copies a Terraform argument of src into a property of dst.
func (t *tr) copyFrom(src, dst *graph.Value, tfKey, cfnKey string) {
	f := field(src, tfKey)
	if f != nil {
		t.set(dst, cfnKey, f.Value, f.KeyRange)
		return
	}
	if src != nil && (src.Kind == graph.KindUnknown || src.Kind == graph.KindRef) {
		t.set(dst, cfnKey, src, src.Range)
	}
}

func (t *tr) copy(pairs ...string) {
	for i := 0; i+1 < len(pairs); i += 2 {
		t.copyFrom(t.in, t.out, pairs[i], pairs[i+1])
	}
}

// sub builds a nested property from a block with the given key pairs.
func (t *tr) sub(block *graph.Value, pairs ...string) *graph.Value {
	if block == nil {
		return nil
	}
	if block.Kind != graph.KindMap {
		return block // unknown: stands for every part
	}
	out := &graph.Value{Kind: graph.KindMap, Prov: graph.Literal, Range: block.Range}
	for i := 0; i+1 < len(pairs); i += 2 {
		t.copyFrom(block, out, pairs[i], pairs[i+1])
	}
	return out
}

// setSub sets a nested property built from the first block of tfKey.
func (t *tr) setSub(tfKey, cfnKey string, pairs ...string) {
	f := field(t.in, tfKey)
	if f == nil {
		return
	}
	b := first(f.Value)
	if b == nil {
		return
	}
	t.set(t.out, cfnKey, t.sub(b, pairs...), f.KeyRange)
}

// list makes a list of one value, at its range.
func list(vs ...*graph.Value) *graph.Value {
	out := &graph.Value{Kind: graph.KindList, Prov: graph.Literal}
	for _, v := range vs {
		if v != nil {
			out.List = append(out.List, v)
			if !out.Range.IsValid() {
				out.Range = v.Range
			}
		}
	}
	return out
}

// synth is a value papilint writes down for what Terraform implies; it
// points at what it was made from.
func synth(s string, from *graph.Value) *graph.Value {
	v := &graph.Value{Kind: graph.KindString, Str: s, Prov: graph.Derived}
	if from != nil {
		v.Range, v.Prov, v.Param, v.Origin = from.Range, derivedProv(from), from.Param, from.Origin
	}
	return v
}

func derivedProv(v *graph.Value) graph.Provenance {
	if v.Prov == graph.Default {
		return graph.Default
	}
	return graph.Derived
}

// mapBool turns a boolean into one of two strings (internal → Scheme),
// keeping its range and provenance; unknown values stay unknown.
func mapBool(v *graph.Value, ifTrue, ifFalse string) *graph.Value {
	if v == nil {
		return nil
	}
	if v.Kind == graph.KindChoice {
		out := *v
		out.Alts = nil
		for _, a := range v.Alts {
			out.Alts = append(out.Alts, mapBool(a, ifTrue, ifFalse))
		}
		return &out
	}
	b, ok := v.BoolValue()
	if !ok {
		return v
	}
	s := ifFalse
	if b {
		s = ifTrue
	}
	out := *v
	out.Kind, out.Str, out.Bool = graph.KindString, s, false
	return &out
}

// translate returns a node's kind and properties.
func (l *loader) translate(mode, typ string, in *graph.Value, header source.Range, self graph.NodeID) (graph.Kind, *graph.Value) {
	key := typ
	if mode == "data" {
		key = "data." + typ
	}
	kind := graph.TerraformKind(key)
	t := newTr(l, in, in.Range)
	if mode == "data" {
		if kind == graph.NetworkInterfaceLookup {
			t.copy("id", "Id", "tags", "Tags")
			if f := field(in, "filter"); f != nil {
				bs, ok := blocks(f.Value)
				if !ok {
					t.set(t.out, "Filters", f.Value, f.KeyRange)
				} else {
					fl := &graph.Value{Kind: graph.KindList, Prov: graph.Literal, Range: f.Value.Range}
					for _, b := range bs {
						fl.List = append(fl.List, t.sub(b, "name", "Name", "values", "Values"))
					}
					t.set(t.out, "Filters", fl, f.KeyRange)
				}
			}
			return kind, t.out
		}
		return kind, in
	}
	switch typ {
	case "aws_api_gateway_rest_api":
		t.copy("name", "Name", "description", "Description", "disable_execute_api_endpoint", "DisableExecuteApiEndpoint",
			"put_rest_api_mode", "Mode", "api_key_source", "ApiKeySourceType", "binary_media_types", "BinaryMediaTypes",
			"minimum_compression_size", "MinimumCompressionSize", "fail_on_warnings", "FailOnWarnings")
		t.policy("policy", "Policy")
		if f := field(in, "body"); f != nil && !absent(f.Value) {
			t.set(t.out, "Body", l.openAPIBody(f.Value), f.KeyRange)
		}
		t.setSub("endpoint_configuration", "EndpointConfiguration", "types", "Types", "vpc_endpoint_ids", "VpcEndpointIds", "ip_address_type", "IpAddressType")
	case "aws_api_gateway_rest_api_policy":
		t.copy("rest_api_id", "RestApiId")
		t.policy("policy", "Policy")
	case "aws_api_gateway_stage":
		t.copy("rest_api_id", "RestApiId", "stage_name", "StageName", "deployment_id", "DeploymentId", "description", "Description",
			"variables", "Variables", "xray_tracing_enabled", "TracingEnabled", "cache_cluster_enabled", "CacheClusterEnabled")
	case "aws_api_gateway_deployment":
		t.copy("rest_api_id", "RestApiId", "stage_name", "StageName", "description", "Description")
	case "aws_api_gateway_resource":
		t.copy("rest_api_id", "RestApiId", "parent_id", "ParentId", "path_part", "PathPart")
	case "aws_api_gateway_method":
		t.copy("rest_api_id", "RestApiId", "resource_id", "ResourceId", "http_method", "HttpMethod", "authorization", "AuthorizationType",
			"authorizer_id", "AuthorizerId", "api_key_required", "ApiKeyRequired", "request_parameters", "RequestParameters", "operation_name", "OperationName")
	case "aws_api_gateway_integration":
		t.copy("rest_api_id", "RestApiId", "resource_id", "ResourceId", "http_method", "HttpMethod", "type", "Type",
			"connection_type", "ConnectionType", "connection_id", "ConnectionId", "uri", "Uri", "integration_http_method", "IntegrationHttpMethod",
			"timeout_milliseconds", "TimeoutInMillis", "request_parameters", "RequestParameters", "passthrough_behavior", "PassthroughBehavior",
			"integration_target", "IntegrationTarget", "response_transfer_mode", "ResponseTransferMode")
		t.setSub("tls_config", "TlsConfig", "insecure_skip_verification", "InsecureSkipVerification")
	case "aws_api_gateway_domain_name":
		t.copy("domain_name", "DomainName", "regional_certificate_arn", "RegionalCertificateArn", "certificate_arn", "CertificateArn",
			"security_policy", "SecurityPolicy", "endpoint_access_mode", "EndpointAccessMode", "routing_mode", "RoutingMode",
			"ownership_verification_certificate_arn", "OwnershipVerificationCertificateArn")
		t.policy("policy", "Policy")
		t.setSub("endpoint_configuration", "EndpointConfiguration", "types", "Types", "ip_address_type", "IpAddressType")
		t.setSub("mutual_tls_authentication", "MutualTlsAuthentication", "truststore_uri", "TruststoreUri", "truststore_version", "TruststoreVersion")
		if has, known := graph.HasType(t.out.Path("EndpointConfiguration", "Types"), "PRIVATE"); has && known {
			kind = graph.DomainNameV2
		}
	case "aws_api_gateway_base_path_mapping":
		t.copy("api_id", "RestApiId", "domain_name", "DomainName", "stage_name", "Stage", "base_path", "BasePath", "domain_name_id", "DomainNameArn")
		if f := field(in, "domain_name_id"); f != nil && !absent(f.Value) {
			kind = graph.BasePathMappingV2
		}
	case "aws_api_gateway_domain_name_access_association":
		t.copy("domain_name_arn", "DomainNameArn", "access_association_source", "AccessAssociationSource",
			"access_association_source_type", "AccessAssociationSourceType")
	case "aws_api_gateway_vpc_link":
		t.copy("name", "Name", "target_arns", "TargetArns", "description", "Description")
	case "aws_apigatewayv2_vpc_link":
		t.copy("name", "Name", "subnet_ids", "SubnetIds", "security_group_ids", "SecurityGroupIds")
	case "aws_apigatewayv2_domain_name":
		t.copy("domain_name", "DomainName")
		if f := field(in, "domain_name_configuration"); f != nil {
			t.set(t.out, "DomainNameConfigurations", t.blockList(f.Value, "certificate_arn", "CertificateArn", "endpoint_type", "EndpointType",
				"security_policy", "SecurityPolicy", "ownership_verification_certificate_arn", "OwnershipVerificationCertificateArn"), f.KeyRange)
		}
		t.setSub("mutual_tls_authentication", "MutualTlsAuthentication", "truststore_uri", "TruststoreUri", "truststore_version", "TruststoreVersion")
	case "aws_apigatewayv2_api_mapping":
		t.copy("api_id", "ApiId", "domain_name", "DomainName", "stage", "Stage", "api_mapping_key", "ApiMappingKey")
	case "aws_lb", "aws_alb":
		t.copy("name", "Name", "load_balancer_type", "Type", "subnets", "Subnets", "security_groups", "SecurityGroups",
			"ip_address_type", "IpAddressType", "enforce_security_group_inbound_rules_on_private_link_traffic", "EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic")
		if f := field(in, "internal"); f != nil && !absent(f.Value) {
			t.set(t.out, "Scheme", mapBool(f.Value, "internal", "internet-facing"), f.KeyRange)
		}
		if f := field(in, "subnet_mapping"); f != nil {
			t.set(t.out, "SubnetMappings", t.blockList(f.Value, "subnet_id", "SubnetId", "allocation_id", "AllocationId",
				"private_ipv4_address", "PrivateIPv4Address", "ipv6_address", "IPv6Address"), f.KeyRange)
		}
		attrs := &graph.Value{Kind: graph.KindList, Prov: graph.Literal, Range: in.Range}
		for _, a := range [][2]string{{"idle_timeout", "idle_timeout.timeout_seconds"}, {"preserve_host_header", "routing.http.preserve_host_header.enabled"},
			{"enable_deletion_protection", "deletion_protection.enabled"}, {"enable_http2", "routing.http2.enabled"},
			{"drop_invalid_header_fields", "routing.http.drop_invalid_header_fields.enabled"}, {"client_keep_alive", "client_keep_alive.seconds"}} {
			if f := field(in, a[0]); f != nil && !absent(f.Value) {
				kv := &graph.Value{Kind: graph.KindMap, Prov: graph.Literal, Range: f.Value.Range}
				k := synth(a[1], f.Value)
				k.Range = f.KeyRange
				kv.Fields = []*graph.Field{{Key: "Key", KeyRange: f.KeyRange, Value: k}, {Key: "Value", KeyRange: f.KeyRange, Value: f.Value}}
				attrs.List = append(attrs.List, kv)
			}
		}
		if len(attrs.List) > 0 {
			t.set(t.out, "LoadBalancerAttributes", attrs, in.Range)
		}
	case "aws_lb_listener", "aws_alb_listener":
		t.copy("load_balancer_arn", "LoadBalancerArn", "port", "Port", "protocol", "Protocol", "ssl_policy", "SslPolicy", "alpn_policy", "AlpnPolicy")
		if f := field(in, "certificate_arn"); f != nil && !absent(f.Value) {
			t.set(t.out, "Certificates", list(t.sub(&graph.Value{Kind: graph.KindMap, Range: f.Value.Range, Fields: []*graph.Field{f}}, "certificate_arn", "CertificateArn")), f.KeyRange)
		}
		if f := field(in, "default_action"); f != nil {
			t.set(t.out, "DefaultActions", t.actions(f.Value), f.KeyRange)
		}
	case "aws_lb_listener_rule", "aws_alb_listener_rule":
		t.copy("listener_arn", "ListenerArn", "priority", "Priority")
		if f := field(in, "action"); f != nil {
			t.set(t.out, "Actions", t.actions(f.Value), f.KeyRange)
		}
		if f := field(in, "condition"); f != nil {
			t.set(t.out, "Conditions", t.conditions(f.Value), f.KeyRange)
		}
	case "aws_lb_listener_certificate", "aws_alb_listener_certificate":
		t.copy("listener_arn", "ListenerArn")
		if f := field(in, "certificate_arn"); f != nil && !absent(f.Value) {
			t.set(t.out, "Certificates", list(t.sub(&graph.Value{Kind: graph.KindMap, Range: f.Value.Range, Fields: []*graph.Field{f}}, "certificate_arn", "CertificateArn")), f.KeyRange)
		}
	case "aws_lb_target_group", "aws_alb_target_group":
		t.copy("name", "Name", "target_type", "TargetType", "protocol", "Protocol", "port", "Port", "vpc_id", "VpcId",
			"protocol_version", "ProtocolVersion", "ip_address_type", "IpAddressType")
		if f := field(in, "health_check"); f != nil {
			if hc := first(f.Value); hc != nil {
				for _, p := range [][2]string{{"enabled", "HealthCheckEnabled"}, {"protocol", "HealthCheckProtocol"}, {"port", "HealthCheckPort"},
					{"path", "HealthCheckPath"}, {"interval", "HealthCheckIntervalSeconds"}, {"timeout", "HealthCheckTimeoutSeconds"},
					{"healthy_threshold", "HealthyThresholdCount"}, {"unhealthy_threshold", "UnhealthyThresholdCount"}} {
					t.copyFrom(hc, t.out, p[0], p[1])
				}
				if m := t.sub(hc, "matcher", "HttpCode"); m != nil && (m.Kind != graph.KindMap || len(m.Fields) > 0) {
					t.set(t.out, "Matcher", m, f.KeyRange)
				}
			}
		}
	case "aws_lb_target_group_attachment", "aws_alb_target_group_attachment":
		t.copy("target_group_arn", "TargetGroupArn", "target_id", "TargetId", "port", "Port", "availability_zone", "AvailabilityZone")
	case "aws_vpc_endpoint":
		t.copy("vpc_id", "VpcId", "service_name", "ServiceName", "vpc_endpoint_type", "VpcEndpointType", "subnet_ids", "SubnetIds",
			"security_group_ids", "SecurityGroupIds", "private_dns_enabled", "PrivateDnsEnabled", "ip_address_type", "IpAddressType",
			"route_table_ids", "RouteTableIds")
		t.policy("policy", "PolicyDocument")
		t.setSub("dns_options", "DnsOptions", "dns_record_ip_type", "DnsRecordIpType",
			"private_dns_only_for_inbound_resolver_endpoint", "PrivateDnsOnlyForInboundResolverEndpoint")
	case "aws_vpc":
		t.copy("cidr_block", "CidrBlock", "enable_dns_support", "EnableDnsSupport", "enable_dns_hostnames", "EnableDnsHostnames",
			"instance_tenancy", "InstanceTenancy")
	case "aws_subnet":
		t.copy("vpc_id", "VpcId", "cidr_block", "CidrBlock", "availability_zone", "AvailabilityZone",
			"availability_zone_id", "AvailabilityZoneId", "map_public_ip_on_launch", "MapPublicIpOnLaunch")
	case "aws_security_group":
		t.copy("name", "GroupName", "description", "GroupDescription", "vpc_id", "VpcId")
		if f := field(in, "ingress"); f != nil {
			t.set(t.out, "SecurityGroupIngress", t.sgRules(f.Value, false, self), f.KeyRange)
		}
		if f := field(in, "egress"); f != nil {
			t.set(t.out, "SecurityGroupEgress", t.sgRules(f.Value, true, self), f.KeyRange)
		} else {
			// Terraform removes the allow-all egress rule AWS creates; in
			// CloudFormation's terms that is a rule that matches nothing.
			none := &graph.Value{Kind: graph.KindMap, Prov: graph.Derived, Range: header}
			for _, kv := range [][2]string{{"IpProtocol", "icmp"}, {"FromPort", "252"}, {"ToPort", "86"}, {"CidrIp", "255.255.255.255/32"},
				{"Description", "Terraform removes the default allow-all egress rule"}} {
				v := graph.NewString(kv[1], graph.Derived, header)
				if kv[0] == "FromPort" || kv[0] == "ToPort" {
					v = graph.NewNumber(kv[1], graph.Derived, header)
				}
				none.Fields = append(none.Fields, &graph.Field{Key: kv[0], KeyRange: header, Value: v})
			}
			t.set(t.out, "SecurityGroupEgress", &graph.Value{Kind: graph.KindList, Prov: graph.Derived, Range: header, List: []*graph.Value{none}}, header)
		}
	case "aws_security_group_rule":
		egress := false
		if s, ok := get(in, "type").String(); ok && s == "egress" {
			egress, kind = true, graph.SecurityGroupEgress
		}
		t.copy("security_group_id", "GroupId", "protocol", "IpProtocol", "from_port", "FromPort", "to_port", "ToPort", "description", "Description")
		peer := "SourceSecurityGroupId"
		if egress {
			peer = "DestinationSecurityGroupId"
		}
		t.copy("source_security_group_id", peer)
		if b, ok := get(in, "self").BoolValue(); ok && b {
			t.copyFrom(in, t.out, "security_group_id", peer)
		}
		t.cidrs("cidr_blocks", "CidrIp", "CidrIps")
		t.cidrs("ipv6_cidr_blocks", "CidrIpv6", "CidrIpv6s")
		pl := "SourcePrefixListId"
		if egress {
			pl = "DestinationPrefixListId"
		}
		t.cidrs("prefix_list_ids", pl, pl+"s")
	case "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule":
		egress := typ == "aws_vpc_security_group_egress_rule"
		peer, pl := "SourceSecurityGroupId", "SourcePrefixListId"
		if egress {
			peer, pl = "DestinationSecurityGroupId", "DestinationPrefixListId"
		}
		t.copy("security_group_id", "GroupId", "ip_protocol", "IpProtocol", "from_port", "FromPort", "to_port", "ToPort",
			"cidr_ipv4", "CidrIp", "cidr_ipv6", "CidrIpv6", "referenced_security_group_id", peer, "prefix_list_id", pl, "description", "Description")
	case "aws_acm_certificate":
		t.copy("domain_name", "DomainName", "subject_alternative_names", "SubjectAlternativeNames", "validation_method", "ValidationMethod",
			"key_algorithm", "KeyAlgorithm", "certificate_authority_arn", "CertificateAuthorityArn")
	case "aws_route53_record":
		t.copy("zone_id", "HostedZoneId", "name", "Name", "type", "Type", "ttl", "TTL", "records", "ResourceRecords", "set_identifier", "SetIdentifier")
		t.setSub("alias", "AliasTarget", "name", "DNSName", "zone_id", "HostedZoneId", "evaluate_target_health", "EvaluateTargetHealth")
	case "aws_ram_resource_share":
		t.copy("name", "Name", "allow_external_principals", "AllowExternalPrincipals")
	case "aws_cloudformation_stack":
		t.copy("name", "StackName", "template_url", "TemplateURL", "parameters", "Parameters")
	default:
		return kind, in
	}
	return kind, t.out
}

// policy copies a policy argument; an empty string means no policy.
func (t *tr) policy(tfKey, cfnKey string) {
	f := field(t.in, tfKey)
	if f == nil || absent(f.Value) {
		return
	}
	if s, ok := f.Value.String(); ok && f.Value.Kind == graph.KindString && strings.TrimSpace(s) == "" {
		return
	}
	t.set(t.out, cfnKey, f.Value, f.KeyRange)
}

// openAPIBody reads a body argument: a jsonencode'd object stays an
// object; a JSON string known before apply is decoded so its extensions
// (x-amazon-apigateway-policy) are visible; anything else stays as it is.
func (l *loader) openAPIBody(v *graph.Value) *graph.Value {
	if v.Kind != graph.KindString {
		return v
	}
	s := strings.TrimSpace(v.Str)
	if !strings.HasPrefix(s, "{") {
		return v
	}
	d, err := decodeJSON(s, v.Prov, v.Range)
	if err != nil {
		return v
	}
	return d
}

// blockList translates every block of a nested block list.
func (t *tr) blockList(v *graph.Value, pairs ...string) *graph.Value {
	bs, ok := blocks(v)
	if !ok {
		return v
	}
	out := &graph.Value{Kind: graph.KindList, Prov: graph.Literal, Range: v.Range}
	for _, b := range bs {
		out.List = append(out.List, t.sub(b, pairs...))
	}
	return out
}

// actions translates default_action / action blocks.
func (t *tr) actions(v *graph.Value) *graph.Value {
	bs, ok := blocks(v)
	if !ok {
		return v
	}
	out := &graph.Value{Kind: graph.KindList, Prov: graph.Literal, Range: v.Range}
	for _, b := range bs {
		if b.Kind != graph.KindMap {
			out.List = append(out.List, b)
			continue
		}
		a := t.sub(b, "type", "Type", "order", "Order", "target_group_arn", "TargetGroupArn")
		if f := field(b, "forward"); f != nil {
			if fw := first(f.Value); fw != nil {
				fc := &graph.Value{Kind: graph.KindMap, Prov: graph.Literal, Range: fw.Range}
				if fw.Kind != graph.KindMap {
					fc = fw
				} else if tg := field(fw, "target_group"); tg != nil {
					t.set(fc, "TargetGroups", t.blockList(tg.Value, "arn", "TargetGroupArn", "weight", "Weight"), tg.KeyRange)
				}
				t.set(a, "ForwardConfig", fc, f.KeyRange)
			}
		}
		for _, p := range []struct {
			tf, cfn string
			pairs   []string
		}{
			{"redirect", "RedirectConfig", []string{"protocol", "Protocol", "port", "Port", "host", "Host", "path", "Path", "query", "Query", "status_code", "StatusCode"}},
			{"fixed_response", "FixedResponseConfig", []string{"content_type", "ContentType", "message_body", "MessageBody", "status_code", "StatusCode"}},
		} {
			if f := field(b, p.tf); f != nil {
				if blk := first(f.Value); blk != nil {
					t.set(a, p.cfn, t.sub(blk, p.pairs...), f.KeyRange)
				}
			}
		}
		out.List = append(out.List, a)
	}
	return out
}

// conditions translates listener rule condition blocks: each kind of
// condition inside a block becomes one CloudFormation condition.
func (t *tr) conditions(v *graph.Value) *graph.Value {
	bs, ok := blocks(v)
	if !ok {
		return v
	}
	out := &graph.Value{Kind: graph.KindList, Prov: graph.Literal, Range: v.Range}
	for _, b := range bs {
		if b.Kind != graph.KindMap {
			out.List = append(out.List, b)
			continue
		}
		for _, c := range []struct{ tf, field, cfg string }{
			{"path_pattern", "path-pattern", "PathPatternConfig"}, {"host_header", "host-header", "HostHeaderConfig"},
			{"http_header", "http-header", "HttpHeaderConfig"}, {"http_request_method", "http-request-method", "HttpRequestMethodConfig"},
			{"query_string", "query-string", "QueryStringConfig"}, {"source_ip", "source-ip", "SourceIpConfig"},
		} {
			f := field(b, c.tf)
			if f == nil {
				continue
			}
			cond := &graph.Value{Kind: graph.KindMap, Prov: graph.Literal, Range: f.Value.Range}
			fv := synth(c.field, f.Value)
			fv.Range = f.KeyRange
			t.set(cond, "Field", fv, f.KeyRange)
			var cfg *graph.Value
			if c.tf == "query_string" {
				cfg = &graph.Value{Kind: graph.KindMap, Prov: graph.Literal, Range: f.Value.Range}
				t.set(cfg, "Values", t.blockList(f.Value, "key", "Key", "value", "Value"), f.KeyRange)
			} else if blk := first(f.Value); blk != nil {
				cfg = t.sub(blk, "values", "Values", "http_header_name", "HttpHeaderName", "regex_values", "RegexValues")
			}
			t.set(cond, c.cfg, cfg, f.KeyRange)
			if cfg != nil && cfg.Kind == graph.KindMap {
				if vals := cfg.Get("Values"); vals != nil && c.tf != "query_string" {
					t.set(cond, "Values", vals, f.KeyRange)
				}
			}
			out.List = append(out.List, cond)
		}
	}
	return out
}

// sgRules translates inline ingress or egress blocks: each source (a CIDR
// block, a security group, a prefix list) becomes one rule, as in
// CloudFormation.
func (t *tr) sgRules(v *graph.Value, egress bool, self graph.NodeID) *graph.Value {
	bs, ok := blocks(v)
	if !ok {
		return v
	}
	out := &graph.Value{Kind: graph.KindList, Prov: graph.Literal, Range: v.Range}
	peer, pl := "SourceSecurityGroupId", "SourcePrefixListId"
	if egress {
		peer, pl = "DestinationSecurityGroupId", "DestinationPrefixListId"
	}
	for _, b := range bs {
		if b.Kind != graph.KindMap {
			out.List = append(out.List, b)
			continue
		}
		base := func() *graph.Value {
			return t.sub(b, "protocol", "IpProtocol", "from_port", "FromPort", "to_port", "ToPort", "description", "Description")
		}
		n := 0
		for _, src := range [][2]string{{"cidr_blocks", "CidrIp"}, {"ipv6_cidr_blocks", "CidrIpv6"}, {"security_groups", peer}, {"prefix_list_ids", pl}} {
			f := field(b, src[0])
			if f == nil || absent(f.Value) {
				continue
			}
			if f.Value.Kind != graph.KindList {
				r := base()
				t.set(r, src[1], f.Value, f.KeyRange)
				out.List = append(out.List, r)
				n++
				continue
			}
			for _, e := range f.Value.List {
				r := base()
				t.set(r, src[1], e, f.KeyRange)
				out.List = append(out.List, r)
				n++
			}
		}
		if s, ok := get(b, "self").BoolValue(); ok && s {
			r := base()
			sv := graph.NewRef(&graph.Ref{Node: self, Attr: "Ref"}, get(b, "self").Range)
			t.set(r, peer, sv, get(b, "self").Range)
			out.List = append(out.List, r)
			n++
		}
		if n == 0 {
			out.List = append(out.List, base())
		}
	}
	return out
}

// cidrs maps a list argument onto a single-valued property when it holds
// one element, and onto a list property (plural name) otherwise.
func (t *tr) cidrs(tfKey, single, plural string) {
	f := field(t.in, tfKey)
	if f == nil || absent(f.Value) {
		return
	}
	if f.Value.Kind == graph.KindList && len(f.Value.List) == 1 {
		t.set(t.out, single, f.Value.List[0], f.KeyRange)
		return
	}
	if f.Value.Kind == graph.KindList && len(f.Value.List) == 0 {
		return
	}
	t.set(t.out, plural, f.Value, f.KeyRange)
}
