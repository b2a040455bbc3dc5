// Package cfn is the CloudFormation flavour of `papilint init`: one
// template.yaml with the whole private API pattern, and a README.md that
// explains it.
//
// The template is assembled from goformation's typed resources, so a
// misspelt property name does not compile; it is then rendered as YAML with
// the short-form intrinsic tags, resources in request-path order and a
// comment above each.
package cfn

import (
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"

	gocfn "github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/apigateway"
	"github.com/awslabs/goformation/v7/cloudformation/certificatemanager"
	"github.com/awslabs/goformation/v7/cloudformation/ec2"
	elbv2 "github.com/awslabs/goformation/v7/cloudformation/elasticloadbalancingv2"
	"github.com/awslabs/goformation/v7/cloudformation/iam"
	"github.com/awslabs/goformation/v7/cloudformation/lambda"
	"github.com/awslabs/goformation/v7/cloudformation/route53"
	"github.com/awslabs/goformation/v7/cloudformation/tags"

	"github.com/papilint/papilint/internal/scaffold"
)

// lookupCode is the inline Lambda function behind the EndpointIps custom
// resource.
//
//go:embed eni_lookup.py
var lookupCode string

// TLS policies the stack uses: the ALB listener negotiates TLS 1.3 (and 1.2)
// with clients, and with a TLS 1.3 listener policy the ALB also speaks TLS
// 1.3 to its targets; the custom domain keeps the TLS 1.2 minimum.
const (
	listenerSSLPolicy    = "ELBSecurityPolicy-TLS13-1-2-2021-06"
	domainSecurityPolicy = "TLS_1_2"
	lambdaRuntime        = "python3.13"
	helloBody            = `{"message": "hello from the private API"}`
)

// Generate returns template.yaml and README.md for validated options.
func Generate(o scaffold.Options) ([]scaffold.File, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	st := build(o)
	tmpl, err := st.render()
	if err != nil {
		return nil, err
	}
	doc, err := readme(o)
	if err != nil {
		return nil, err
	}
	return []scaffold.File{
		{Path: "template.yaml", Data: tmpl},
		{Path: "README.md", Data: doc},
	}, nil
}

// stack is a template under construction: goformation's Template plus what
// goformation does not keep (the order of the resources and a comment for
// each).
type stack struct {
	t        *gocfn.Template
	order    []string
	comments map[string]string
	params   []string
	outputs  []string
}

func (s *stack) add(id, comment string, r gocfn.Resource) {
	if _, dup := s.t.Resources[id]; dup {
		panic("cfn: resource added twice: " + id)
	}
	s.t.Resources[id] = r
	s.order = append(s.order, id)
	s.comments[id] = comment
}

func (s *stack) param(id string, p gocfn.Parameter) {
	s.t.Parameters[id] = p
	s.params = append(s.params, id)
}

func (s *stack) output(id, desc string, value any) {
	s.t.Outputs[id] = gocfn.Output{Value: value, Description: &desc}
	s.outputs = append(s.outputs, id)
}

// Intrinsic functions. goformation encodes an intrinsic as a base64 string
// so that it fits a string-typed property; render decodes them again.
func ref(id string) string          { return gocfn.Ref(id) }
func getAtt(id, attr string) string { return gocfn.GetAtt(id, attr) }
func sub(s string) string           { return gocfn.Sub(s) }

func fn(name string, arg any) string {
	b, err := json.Marshal(map[string]any{name: arg})
	if err != nil {
		panic(err)
	}
	return base64.StdEncoding.EncodeToString(b)
}

func ptr[T any](v T) *T { return &v }

func nameTag(o scaffold.Options, suffix string) []tags.Tag {
	return []tags.Tag{{Key: "Name", Value: o.Name + "-" + suffix}}
}

// policyDocument and statement keep IAM's conventional key order.
type policyDocument struct {
	Version   string      `json:"Version"`
	Statement []statement `json:"Statement"`
}

type statement struct {
	Sid       string `json:"Sid,omitempty"`
	Effect    string `json:"Effect"`
	Principal any    `json:"Principal,omitempty"`
	Action    any    `json:"Action"`
	Resource  any    `json:"Resource,omitempty"`
	Condition any    `json:"Condition,omitempty"`
}

// Logical IDs the README and the tests refer to.
const (
	idVpc        = "Vpc"
	idAlbSG      = "AlbSecurityGroup"
	idEndpointSG = "EndpointSecurityGroup"
	idEndpoint   = "ApiEndpoint"
	idLookupRole = "EniLookupRole"
	idLookupFn   = "EniLookupFunction"
	idIPs        = "EndpointIps"
	idCert       = "Certificate"
	idAPI        = "Api"
	idMethod     = "ApiRootGet"
	idDeployment = "ApiDeployment"
	idStage      = "ApiStage"
	idDomain     = "ApiDomain"
	idMapping    = "ApiMapping"
	idAlb        = "Alb"
	idTG         = "AlbTargetGroup"
	idHTTPS      = "HttpsListener"
	idHTTP       = "HttpListener"
	idDNS        = "DnsRecord"
	pZone        = "HostedZoneId"
	pClientCidr  = "ClientCidr"
)

func build(o scaffold.Options) *stack {
	t := gocfn.NewTemplate()
	t.Description = fmt.Sprintf("papilint init (%s): private REST API behind an internal ALB whose targets are the execute-api VPC endpoint's addresses, reached as https://%s/", o.Name, o.Domain)
	s := &stack{t: t, comments: map[string]string{}}

	// Deploy-time inputs.
	zone := o.HostedZoneID
	if zone == "" {
		s.param(pZone, gocfn.Parameter{
			Type:        "AWS::Route53::HostedZone::Id",
			Description: ptr(fmt.Sprintf("Route 53 hosted zone that holds %s (and the certificate's DNS validation record)", o.Domain)),
		})
		zone = ref(pZone)
	}

	// The network: a new VPC with private subnets only, or the given one.
	var vpcID, clientCidr string
	var subnets []string
	if o.NewVPC() {
		s.add(idVpc, "The VPC: private subnets only; the API is reached from inside it.", &ec2.VPC{
			CidrBlock:          ptr(o.VPCCIDR),
			EnableDnsSupport:   ptr(true),
			EnableDnsHostnames: ptr(true),
			Tags:               nameTag(o, "vpc"),
		})
		s.add("PrivateRouteTable", "Route table of the private subnets (local routes only).", &ec2.RouteTable{
			VpcId: ref(idVpc),
			Tags:  nameTag(o, "private"),
		})
		for i, cidr := range o.SubnetCIDRs() {
			id := "PrivateSubnet" + strconv.Itoa(i+1)
			s.add(id, fmt.Sprintf("Private subnet %d, in the VPC's availability zone number %d.", i+1, i+1), &ec2.Subnet{
				VpcId:            ref(idVpc),
				CidrBlock:        ptr(cidr),
				AvailabilityZone: ptr(fn("Fn::Select", []any{i, fn("Fn::GetAZs", "")})),
				Tags:             nameTag(o, "private-"+strconv.Itoa(i+1)),
			})
			s.add(id+"RouteTableAssociation", "", &ec2.SubnetRouteTableAssociation{
				SubnetId:     ref(id),
				RouteTableId: ref("PrivateRouteTable"),
			})
			subnets = append(subnets, ref(id))
		}
		vpcID = ref(idVpc)
		clientCidr = getAtt(idVpc, "CidrBlock")
	} else {
		vpcID = o.VPCID
		subnets = append(subnets, o.SubnetIDs...)
		s.param(pClientCidr, gocfn.Parameter{
			Type:           "String",
			Description:    ptr("Address range of the clients allowed to call the load balancer, e.g. the VPC's CIDR block"),
			AllowedPattern: ptr(`^(\d{1,3}\.){3}\d{1,3}/\d{1,2}$`),
		})
		clientCidr = ref(pClientCidr)
	}

	// Security groups: clients → ALB on 443 (and 80 for the redirect);
	// ALB → endpoint on 443 only.
	s.add(idAlbSG, "Load balancer: HTTPS (and HTTP, which only redirects) from the clients' range.", &ec2.SecurityGroup{
		GroupDescription: o.Name + " load balancer",
		VpcId:            ptr(vpcID),
		SecurityGroupIngress: []ec2.SecurityGroup_Ingress{
			{IpProtocol: "tcp", FromPort: ptr(443), ToPort: ptr(443), CidrIp: ptr(clientCidr), Description: ptr("HTTPS from clients")},
			{IpProtocol: "tcp", FromPort: ptr(80), ToPort: ptr(80), CidrIp: ptr(clientCidr), Description: ptr("HTTP from clients, redirected to HTTPS")},
		},
		Tags: nameTag(o, "alb"),
	})
	s.add(idEndpointSG, "execute-api endpoint: 443 from the load balancer's security group and nothing else.", &ec2.SecurityGroup{
		GroupDescription: o.Name + " execute-api endpoint",
		VpcId:            ptr(vpcID),
		SecurityGroupIngress: []ec2.SecurityGroup_Ingress{
			{IpProtocol: "tcp", FromPort: ptr(443), ToPort: ptr(443), SourceSecurityGroupId: ptr(ref(idAlbSG)), Description: ptr("HTTPS from the load balancer")},
		},
		Tags: nameTag(o, "execute-api"),
	})

	// The execute-api interface endpoint. Private DNS stays off: clients
	// use the custom domain, and public execute-api names keep resolving
	// for the VPC's other users.
	s.add(idEndpoint, "Interface endpoint for execute-api, one network interface per subnet: the load balancer's targets.", &ec2.VPCEndpoint{
		VpcId:             vpcID,
		ServiceName:       sub("com.amazonaws.${AWS::Region}.execute-api"),
		VpcEndpointType:   ptr("Interface"),
		PrivateDnsEnabled: ptr(false),
		SubnetIds:         subnets,
		SecurityGroupIds:  []string{ref(idEndpointSG)},
	})

	// The endpoint's addresses, looked up by a Lambda-backed custom
	// resource with inline code.
	s.add(idLookupRole, "Role of the address lookup: DescribeNetworkInterfaces (which has no resource-level permissions) and its own logs.", &iam.Role{
		AssumeRolePolicyDocument: policyDocument{Version: "2012-10-17", Statement: []statement{{
			Effect:    "Allow",
			Principal: map[string]any{"Service": "lambda.amazonaws.com"},
			Action:    "sts:AssumeRole",
		}}},
		ManagedPolicyArns: []string{sub("arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")},
		Policies: []iam.Role_Policy{{
			PolicyName: "describe-network-interfaces",
			PolicyDocument: policyDocument{Version: "2012-10-17", Statement: []statement{{
				Effect:   "Allow",
				Action:   "ec2:DescribeNetworkInterfaces",
				Resource: "*",
			}}},
		}},
	})
	s.add(idLookupFn, "Reads the private IPv4 address of each of the endpoint's network interfaces.", &lambda.Function{
		Description: ptr("papilint init: IP addresses of the execute-api endpoint's network interfaces"),
		Runtime:     ptr(lambdaRuntime),
		Handler:     ptr("index.handler"),
		Role:        getAtt(idLookupRole, "Arn"),
		Timeout:     ptr(60),
		MemorySize:  ptr(128),
		Code:        &lambda.Function_Code{ZipFile: ptr(lookupCode)},
	})
	s.add(idIPs, fmt.Sprintf("The endpoint's addresses as attributes IP0 to IP%d, sorted; fails when there are not exactly %d.", o.AZCount-1, o.AZCount), &gocfn.CustomResource{
		Type: "Custom::EndpointEniIps",
		Properties: map[string]any{
			"ServiceToken":        getAtt(idLookupFn, "Arn"),
			"NetworkInterfaceIds": getAtt(idEndpoint, "NetworkInterfaceIds"),
			"ExpectedCount":       strconv.Itoa(o.AZCount),
		},
	})

	// The certificate the ALB listener and the custom domain share.
	cert := o.CertificateARN
	if cert == "" {
		s.add(idCert, fmt.Sprintf("Certificate for %s, validated through a DNS record CloudFormation writes into the hosted zone.", o.Domain), &certificatemanager.Certificate{
			DomainName:       o.Domain,
			ValidationMethod: ptr("DNS"),
			DomainValidationOptions: []certificatemanager.Certificate_DomainValidationOption{
				{DomainName: o.Domain, HostedZoneId: ptr(zone)},
			},
			Tags: nameTag(o, "cert"),
		})
		cert = ref(idCert)
	}

	// The private REST API: only the endpoint may call it.
	s.add(idAPI, "PRIVATE REST API without its default execute-api endpoint; the policy admits calls through ApiEndpoint only.", &apigateway.RestApi{
		Name:                      ptr(o.Name),
		Description:               ptr("papilint init: private REST API reached through " + o.Domain),
		EndpointConfiguration:     &apigateway.RestApi_EndpointConfiguration{Types: []string{"PRIVATE"}},
		DisableExecuteApiEndpoint: ptr(true),
		Policy: policyDocument{Version: "2012-10-17", Statement: []statement{
			{Sid: "AllowInvoke", Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*"},
			{Sid: "DenyOtherEndpoints", Effect: "Deny", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*",
				Condition: map[string]any{"StringNotEquals": map[string]any{"aws:SourceVpce": ref(idEndpoint)}}},
		}},
	})
	s.add(idMethod, "Example method: GET / answers 200 with a JSON body from a MOCK integration.", &apigateway.Method{
		RestApiId:         ref(idAPI),
		ResourceId:        getAtt(idAPI, "RootResourceId"),
		HttpMethod:        "GET",
		AuthorizationType: ptr("NONE"),
		Integration: &apigateway.Method_Integration{
			Type:             "MOCK",
			RequestTemplates: map[string]string{"application/json": `{"statusCode": 200}`},
			IntegrationResponses: []apigateway.Method_IntegrationResponse{{
				StatusCode:        "200",
				ResponseTemplates: map[string]string{"application/json": helloBody},
			}},
		},
		MethodResponses: []apigateway.Method_MethodResponse{{StatusCode: "200"}},
	})
	s.add(idDeployment, "A snapshot of the API; it must come after the method. Change its logical ID to redeploy after editing the API.", &apigateway.Deployment{
		RestApiId:                  ref(idAPI),
		Description:                ptr("papilint init"),
		AWSCloudFormationDependsOn: []string{idMethod},
	})
	s.add(idStage, fmt.Sprintf("Stage %q; the base path mapping selects it, so it never appears in request paths.", o.Stage), &apigateway.Stage{
		RestApiId:    ref(idAPI),
		DeploymentId: ptr(ref(idDeployment)),
		StageName:    ptr(o.Stage),
	})
	s.add(idDomain, fmt.Sprintf("REGIONAL custom domain %s: API Gateway picks it by the Host header the ALB passes on.", o.Domain), &apigateway.DomainName{
		DomainName:             ptr(o.Domain),
		RegionalCertificateArn: ptr(cert),
		EndpointConfiguration:  &apigateway.DomainName_EndpointConfiguration{Types: []string{"REGIONAL"}},
		SecurityPolicy:         ptr(domainSecurityPolicy),
		Tags:                   nameTag(o, "domain"),
	})
	s.add(idMapping, "Empty base path: https://"+o.Domain+"/ is the stage's root. The reference to the stage makes CloudFormation create the stage first.", &apigateway.BasePathMapping{
		DomainName: ref(idDomain),
		RestApiId:  ptr(ref(idAPI)),
		Stage:      ptr(ref(idStage)),
	})

	// The internal ALB.
	s.add(idAlb, "Internal Application Load Balancer in the private subnets.", &elbv2.LoadBalancer{
		Name:           ptr(o.Name + "-alb"),
		Type:           ptr("application"),
		Scheme:         ptr("internal"),
		Subnets:        subnets,
		SecurityGroups: []string{ref(idAlbSG)},
		LoadBalancerAttributes: []elbv2.LoadBalancer_LoadBalancerAttribute{
			{Key: ptr("routing.http.drop_invalid_header_fields.enabled"), Value: ptr("true")},
		},
		Tags: nameTag(o, "alb"),
	})
	var targets []elbv2.TargetGroup_TargetDescription
	for i := 0; i < o.AZCount; i++ {
		targets = append(targets, elbv2.TargetGroup_TargetDescription{Id: getAtt(idIPs, "IP"+strconv.Itoa(i)), Port: ptr(443)})
	}
	s.add(idTG, "IP targets = the endpoint's addresses, HTTPS on 443. Health checks carry no Host header, so API Gateway answers 403: healthy means 200 or 403.", &elbv2.TargetGroup{
		Name:                ptr(o.Name + "-tg"),
		VpcId:               ptr(vpcID),
		TargetType:          ptr("ip"),
		Protocol:            ptr("HTTPS"),
		Port:                ptr(443),
		HealthCheckProtocol: ptr("HTTPS"),
		HealthCheckPath:     ptr("/"),
		Matcher:             &elbv2.TargetGroup_Matcher{HttpCode: ptr("200,403")},
		Targets:             targets,
		Tags:                nameTag(o, "tg"),
	})
	s.add(idHTTPS, "HTTPS on 443 with a TLS 1.3 policy, forwarding everything to the endpoint's addresses.", &elbv2.Listener{
		LoadBalancerArn: ref(idAlb),
		Port:            ptr(443),
		Protocol:        ptr("HTTPS"),
		SslPolicy:       ptr(listenerSSLPolicy),
		Certificates:    []elbv2.Listener_Certificate{{CertificateArn: ptr(cert)}},
		DefaultActions:  []elbv2.Listener_Action{{Type: "forward", TargetGroupArn: ptr(ref(idTG))}},
	})
	s.add(idHTTP, "HTTP on 80 only redirects to HTTPS; nothing is forwarded in clear text.", &elbv2.Listener{
		LoadBalancerArn: ref(idAlb),
		Port:            ptr(80),
		Protocol:        ptr("HTTP"),
		DefaultActions: []elbv2.Listener_Action{{Type: "redirect", RedirectConfig: &elbv2.Listener_RedirectConfig{
			Protocol: ptr("HTTPS"), Port: ptr("443"), StatusCode: "HTTP_301",
		}}},
	})
	s.add(idDNS, fmt.Sprintf("%s → the load balancer (alias A record).", o.Domain), &route53.RecordSet{
		HostedZoneId: ptr(zone),
		Name:         o.Domain,
		Type:         "A",
		AliasTarget: &route53.RecordSet_AliasTarget{
			DNSName:              getAtt(idAlb, "DNSName"),
			HostedZoneId:         getAtt(idAlb, "CanonicalHostedZoneID"),
			EvaluateTargetHealth: ptr(false),
		},
	})

	s.output("ApiUrl", "Call the API here from inside the VPC; the mapping selects the stage, so the path has no stage name", "https://"+o.Domain+"/")
	s.output("LoadBalancerDnsName", "The internal load balancer's own name (a request with this Host reaches no custom domain: 403 Forbidden)", getAtt(idAlb, "DNSName"))
	s.output("VpcEndpointId", "The execute-api endpoint the API's policy admits", ref(idEndpoint))
	s.output("RestApiId", "The private REST API", ref(idAPI))
	var ips []any
	for i := 0; i < o.AZCount; i++ {
		ips = append(ips, getAtt(idIPs, "IP"+strconv.Itoa(i)))
	}
	s.output("TargetIps", "The endpoint's addresses registered as the load balancer's targets", fn("Fn::Join", []any{",", ips}))
	if o.NewVPC() {
		s.output("VpcId", "The new VPC", ref(idVpc))
	}
	return s
}
