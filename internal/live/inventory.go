package live

import "time"

// Inventory is what a run read from the account: only the objects that take
// part in the pattern (private REST APIs and the APIs custom domains map,
// execute-api endpoints, load balancers with IP target groups, the
// certificates they use, the DNS records for the domains). Every list is
// sorted so the snapshot is deterministic.
type Inventory struct {
	Region         string
	RestAPIs       []RestAPI
	Domains        []Domain
	Endpoints      []Endpoint
	SecurityGroups []SecurityGroup
	LoadBalancers  []LoadBalancer
	TargetGroups   []TargetGroup
	Certificates   []Certificate
	Records        []Record
	// Problems are the parts that could not be read (an AccessDenied on one
	// service, a throttled call): the rest of the inventory is still used.
	Problems []Problem
}

// Problem is a read that failed.
type Problem struct {
	Service   string // "acm"
	Operation string // "DescribeCertificate"
	Code      string // the AWS error code, when there is one
	Message   string
	Denied    bool // AccessDenied and its relatives
}

type RestAPI struct {
	ID, Name, RootResourceID string
	Types                    []string
	VpcEndpointIDs           []string
	Policy                   string // the JSON document, "" when none
	DisableExecuteAPI        bool
	Created                  time.Time
	Stages                   []Stage
	Deployments              []Deployment
	Methods                  []Method
	// Resources are the API's resources other than the root, parents
	// before children.
	Resources []APIResource
	// StagesUnread: GetStages failed, so the stages are not known.
	StagesUnread bool
}

type Stage struct {
	Name, DeploymentID string
	Created, Updated   time.Time
}

type Deployment struct {
	ID      string
	Created time.Time
}

// APIResource is one path segment of a REST API.
type APIResource struct {
	ID, ParentID, PathPart, Path string
}

type Method struct {
	ResourceID, Path, HTTPMethod, AuthorizationType string
	IntegrationType, ConnectionType                 string
	TimeoutMillis                                   int32
}

type Domain struct {
	Name                   string
	RegionalCertificateArn string
	CertificateArn         string // edge
	Types                  []string
	SecurityPolicy         string
	RegionalDomainName     string
	RegionalHostedZoneID   string
	Mappings               []Mapping
	EndpointAccessMode     string
	// MappingsUnread: GetBasePathMappings failed for this domain.
	MappingsUnread bool
}

type Mapping struct {
	BasePath, RestAPIID, Stage string
}

type Endpoint struct {
	ID, VpcID, ServiceName, Type string
	PrivateDNS                   bool
	SubnetIDs, SecurityGroupIDs  []string
	State                        string
	ENIs                         []ENI // in the endpoint's NetworkInterfaceIds order
}

type ENI struct {
	ID, PrivateIP, SubnetID, AZ string
}

type SecurityGroup struct {
	ID, VpcID, Description string
	Ingress, Egress        []Permission
}

type Permission struct {
	Protocol         string
	FromPort, ToPort int32
	CidrIPv4         []string
	CidrIPv6         []string
	Groups           []string
	PrefixLists      []string
}

type LoadBalancer struct {
	Arn, Name, Scheme, Type, VpcID string
	DNSName, CanonicalZoneID       string
	Subnets, SecurityGroups        []string
	Listeners                      []Listener
}

type Listener struct {
	Arn            string
	Port           int32
	Protocol       string
	SslPolicy      string
	Certificates   []string // the default certificate first
	DefaultActions []Action
	Rules          []ListenerRule
	// CertificatesUnread: DescribeListenerCertificates failed.
	CertificatesUnread bool
}

type Action struct {
	Type           string
	TargetGroupArn string // forward; the first one of a weighted forward
}

type ListenerRule struct {
	Arn, Priority string
	Paths, Hosts  []string
	Actions       []Action
}

type TargetGroup struct {
	Arn, Name, Protocol, ProtocolVersion, TargetType, VpcID string
	Port                                                    int32
	HealthCheckProtocol, HealthCheckPath, HealthCheckPort   string
	Matcher                                                 string
	Targets                                                 []Target
	// TargetsUnread: DescribeTargetHealth failed, so the registered
	// targets are not known.
	TargetsUnread bool
}

type Target struct {
	ID          string
	Port        int32
	AZ          string
	State       string // healthy, unhealthy, initial, draining, unused, unavailable
	Reason      string // Target.ResponseCodeMismatch, …
	Description string
}

type Certificate struct {
	Arn, DomainName, Status, Type string
	SANs                          []string
	NotAfter                      time.Time
	Missing                       bool // referenced but not found
}

type Record struct {
	Zone, ZoneName string
	PrivateZone    bool
	Name, Type     string
	SetIdentifier  string
	AliasDNSName   string
	AliasZoneID    string
	Values         []string
	TTL            int64
}
