// Package live reads a deployed AWS account, read-only, and turns what it
// finds into the same resource graph the loaders build from templates: it
// renders the account as a CloudFormation-shaped JSON snapshot (one resource
// per AWS object) and loads that with the CloudFormation loader, so every
// finding has a line a user can open. It also carries the checks only a live
// account can answer (stale targets, unhealthy targets, certificates).
package live

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/aws/smithy-go/middleware"
)

// Options say which account and region to read and how.
type Options struct {
	Region  string
	Profile string
	// EndpointURL sends every call to one endpoint (an emulator such as
	// moto); empty means AWS's own endpoints.
	EndpointURL string
}

// Operations maps every operation papilint live may call, as "<service
// ID>.<operation>", to the IAM action that authorizes it. Anything else is
// refused before it leaves the process (see guard). docs/live.md lists the
// same actions as a ready policy; a test keeps the two in step.
var Operations = map[string]string{
	"API Gateway.GetRestApis":                                "apigateway:GET",
	"API Gateway.GetStages":                                  "apigateway:GET",
	"API Gateway.GetDeployments":                             "apigateway:GET",
	"API Gateway.GetResources":                               "apigateway:GET",
	"API Gateway.GetDomainNames":                             "apigateway:GET",
	"API Gateway.GetBasePathMappings":                        "apigateway:GET",
	"EC2.DescribeVpcEndpoints":                               "ec2:DescribeVpcEndpoints",
	"EC2.DescribeNetworkInterfaces":                          "ec2:DescribeNetworkInterfaces",
	"EC2.DescribeSecurityGroups":                             "ec2:DescribeSecurityGroups",
	"Elastic Load Balancing v2.DescribeLoadBalancers":        "elasticloadbalancing:DescribeLoadBalancers",
	"Elastic Load Balancing v2.DescribeListeners":            "elasticloadbalancing:DescribeListeners",
	"Elastic Load Balancing v2.DescribeListenerCertificates": "elasticloadbalancing:DescribeListenerCertificates",
	"Elastic Load Balancing v2.DescribeRules":                "elasticloadbalancing:DescribeRules",
	"Elastic Load Balancing v2.DescribeTargetGroups":         "elasticloadbalancing:DescribeTargetGroups",
	"Elastic Load Balancing v2.DescribeTargetHealth":         "elasticloadbalancing:DescribeTargetHealth",
	"ACM.DescribeCertificate":                                "acm:DescribeCertificate",
	"Route 53.ListHostedZones":                               "route53:ListHostedZones",
	"Route 53.ListResourceRecordSets":                        "route53:ListResourceRecordSets",
}

// ReadOnly reports whether an operation name is a read: Describe*, Get* or
// List*.
func ReadOnly(op string) bool {
	for _, p := range []string{"Describe", "Get", "List"} {
		if strings.HasPrefix(op, p) && len(op) > len(p) && op[len(p)] >= 'A' && op[len(p)] <= 'Z' {
			return true
		}
	}
	return false
}

// Recorder remembers the operations a run called, for tests and for
// diagnostics.
type Recorder struct {
	mu   sync.Mutex
	seen map[string]bool
}

// Called returns the operations called so far, sorted.
func (r *Recorder) Called() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for k := range r.seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// RefusedError is returned for an operation papilint live must not call.
type RefusedError struct{ Operation string }

func (e *RefusedError) Error() string {
	return fmt.Sprintf("papilint live refuses to call %s: only the read-only operations listed in docs/live.md are allowed", e.Operation)
}

// guard is a middleware, added first to every service client's stack, that
// refuses any operation that is not a listed Describe*/Get*/List* call
// before it is validated, serialized, signed or sent.
func guard(rec *Recorder) func(*middleware.Stack) error {
	return func(s *middleware.Stack) error {
		return s.Initialize.Add(middleware.InitializeMiddlewareFunc("papilintReadOnly",
			func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
				name := middleware.GetOperationName(ctx)
				op := middleware.GetServiceID(ctx) + "." + name
				if _, ok := Operations[op]; !ok || !ReadOnly(name) {
					return middleware.InitializeOutput{}, middleware.Metadata{}, &RefusedError{Operation: op}
				}
				if rec != nil {
					rec.mu.Lock()
					if rec.seen == nil {
						rec.seen = map[string]bool{}
					}
					rec.seen[op] = true
					rec.mu.Unlock()
				}
				return next.HandleInitialize(ctx, in)
			}), middleware.Before)
	}
}

// Clients are the service clients a run uses, each with the read-only
// guard.
type Clients struct {
	APIGateway *apigateway.Client
	EC2        *ec2.Client
	ELB        *elbv2.Client
	ACM        *acm.Client
	Route53    *route53.Client
	Region     string
	Recorder   *Recorder
}

// NewClients loads the configuration with the standard credential chain
// (environment, shared files and --profile, SSO, web identity, container and
// instance roles) and builds the clients.
func NewClients(ctx context.Context, opt Options) (*Clients, error) {
	var lopts []func(*config.LoadOptions) error
	if opt.Region != "" {
		lopts = append(lopts, config.WithRegion(opt.Region))
	}
	if opt.Profile != "" {
		lopts = append(lopts, config.WithSharedConfigProfile(opt.Profile))
	}
	cfg, err := config.LoadDefaultConfig(ctx, lopts...)
	if err != nil {
		return nil, fmt.Errorf("loading the AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		return nil, fmt.Errorf("no region: pass --region or set AWS_REGION")
	}
	rec := &Recorder{}
	cfg.APIOptions = append(cfg.APIOptions, guard(rec))
	var base *string
	if opt.EndpointURL != "" {
		base = aws.String(opt.EndpointURL)
	}
	c := &Clients{Region: cfg.Region, Recorder: rec}
	c.APIGateway = apigateway.NewFromConfig(cfg, func(o *apigateway.Options) { o.BaseEndpoint = base })
	c.EC2 = ec2.NewFromConfig(cfg, func(o *ec2.Options) { o.BaseEndpoint = base })
	c.ELB = elbv2.NewFromConfig(cfg, func(o *elbv2.Options) { o.BaseEndpoint = base })
	c.ACM = acm.NewFromConfig(cfg, func(o *acm.Options) { o.BaseEndpoint = base })
	c.Route53 = route53.NewFromConfig(cfg, func(o *route53.Options) { o.BaseEndpoint = base })
	return c, nil
}
