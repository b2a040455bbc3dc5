// Package scaffold generates the reference stack that `papilint init` writes:
// the whole private API pattern, in CloudFormation, Terraform or CDK
// TypeScript, deployable as written and silent under every papilint rule.
//
// This file holds what the three flavours share: the options a user chooses,
// their defaults and validation, and the File type every generator returns.
// Each flavour lives in its own package (scaffold/cfn, scaffold/terraform,
// scaffold/cdkts) and exposes
//
//	func Generate(o scaffold.Options) ([]scaffold.File, error)
//
// which must be deterministic: the same options give byte-identical files.
package scaffold

import (
	"fmt"
	"net/netip"
	"regexp"
	"strings"
	"sync"
)

// Options are the choices behind one generated stack. Validate fills the
// defaults; generators may assume a validated value.
type Options struct {
	// Format is "cloudformation" (default), "terraform" or "cdk-typescript".
	Format string
	// Name prefixes every resource name and tag: lower-case letters, digits
	// and hyphens, starting with a letter, at most 24 characters (so that
	// "<name>-alb" and "<name>-tg" stay within the 32-character limit of
	// load balancer and target group names). Default: "papi-demo".
	Name string
	// Domain is the name clients dial, e.g. "api.internal.example.com".
	Domain string
	// Region is the AWS region the stack is deployed to. Default "us-east-1".
	Region string
	// Stage is the API stage name the base path mapping selects. Default "prod".
	Stage string
	// AZCount is 2 or 3: how many private subnets (new VPC) and therefore how
	// many endpoint ENIs and target IPs. Default 2. With an existing VPC it is
	// len(SubnetIDs).
	AZCount int

	// New VPC mode: VPCCIDR set (default "10.0.0.0/16" when VPCID is empty).
	VPCCIDR string
	// Existing VPC mode: VPCID and SubnetIDs (2 or 3 private subnets in
	// distinct AZs) set, VPCCIDR empty. No CIDR is needed: the security
	// groups refer to each other rather than to address ranges.
	VPCID     string
	SubnetIDs []string

	// HostedZoneID is the Route 53 zone that holds the record for Domain and,
	// when CertificateARN is empty, the DNS validation record of the new
	// certificate. When empty the generated stack takes it as a deploy-time
	// input (CloudFormation parameter of type AWS::Route53::HostedZone::Id,
	// Terraform variable "hosted_zone_id", CDK context value "hostedZoneId").
	HostedZoneID string
	// CertificateARN, when set, is an existing ACM certificate covering
	// Domain in Region; no certificate is created.
	CertificateARN string
}

// File is one generated file; Path is slash-separated and relative to the
// target directory.
type File struct {
	Path string
	Data []byte
}

// Formats lists the accepted values of Options.Format, default first.
var Formats = []string{"cloudformation", "terraform", "cdk-typescript"}

// patterns are compiled on first use: every papilint process links this
// package, and a scan needs none of them.
var patterns = sync.OnceValue(func() (p struct{ name, label, region, stage, vpc, subnet, zone, cert *regexp.Regexp }) {
	p.name = regexp.MustCompile(`^[a-z][a-z0-9-]{0,23}$`)
	p.label = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)
	p.region = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$`)
	p.stage = regexp.MustCompile(`^[A-Za-z0-9_-]{1,128}$`)
	p.vpc = regexp.MustCompile(`^vpc-[0-9a-f]{8}([0-9a-f]{9})?$`)
	p.subnet = regexp.MustCompile(`^subnet-[0-9a-f]{8}([0-9a-f]{9})?$`)
	p.zone = regexp.MustCompile(`^Z[0-9A-Z]{1,31}$`)
	p.cert = regexp.MustCompile(`^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[0-9a-f-]{36}$`)
	return p
})

// Validate fills defaults and checks every option, returning an error a user
// can act on (the CLI turns it into exit code 2).
func (o *Options) Validate() error {
	if o.Format == "" {
		o.Format = Formats[0]
	}
	if !contains(Formats, o.Format) {
		return fmt.Errorf("--format %q: want one of %s", o.Format, strings.Join(Formats, ", "))
	}
	if o.Name == "" {
		o.Name = "papi-demo"
	}
	if !patterns().name.MatchString(o.Name) {
		return fmt.Errorf("--name %q: use 1 to 24 lower-case letters, digits and hyphens, starting with a letter", o.Name)
	}
	if strings.HasSuffix(o.Name, "-") || strings.Contains(o.Name, "--") {
		return fmt.Errorf("--name %q: no trailing or doubled hyphen (load balancer names reject them)", o.Name)
	}
	if o.Domain == "" {
		o.Domain = "api.internal.example.com"
	}
	o.Domain = strings.TrimSuffix(strings.ToLower(o.Domain), ".")
	if err := checkDomain(o.Domain); err != nil {
		return err
	}
	if o.Region == "" {
		o.Region = "us-east-1"
	}
	if !patterns().region.MatchString(o.Region) {
		return fmt.Errorf("--region %q: not an AWS region name (like us-east-1)", o.Region)
	}
	if o.Stage == "" {
		o.Stage = "prod"
	}
	if !patterns().stage.MatchString(o.Stage) {
		return fmt.Errorf("--stage %q: use letters, digits, '-' and '_' only", o.Stage)
	}
	if o.VPCID != "" || len(o.SubnetIDs) > 0 {
		if o.VPCCIDR != "" {
			return fmt.Errorf("--vpc-cidr and --vpc-id are exclusive: one creates a VPC, the other uses an existing one")
		}
		if !patterns().vpc.MatchString(o.VPCID) {
			return fmt.Errorf("--vpc-id %q: want vpc- followed by 8 or 17 hex digits", o.VPCID)
		}
		if len(o.SubnetIDs) < 2 || len(o.SubnetIDs) > 3 {
			return fmt.Errorf("--subnet-ids: give 2 or 3 private subnets in distinct availability zones (got %d)", len(o.SubnetIDs))
		}
		seen := map[string]bool{}
		for _, s := range o.SubnetIDs {
			if !patterns().subnet.MatchString(s) {
				return fmt.Errorf("--subnet-ids: %q is not a subnet ID (subnet- followed by 8 or 17 hex digits)", s)
			}
			if seen[s] {
				return fmt.Errorf("--subnet-ids: %q is listed twice", s)
			}
			seen[s] = true
		}
		if o.AZCount != 0 && o.AZCount != len(o.SubnetIDs) {
			return fmt.Errorf("--az-count %d does not match the %d subnets given", o.AZCount, len(o.SubnetIDs))
		}
		o.AZCount = len(o.SubnetIDs)
	} else {
		if o.VPCCIDR == "" {
			o.VPCCIDR = "10.0.0.0/16"
		}
		p, err := netip.ParsePrefix(o.VPCCIDR)
		if err != nil || !p.Addr().Is4() || p != p.Masked() {
			return fmt.Errorf("--vpc-cidr %q: want an IPv4 network like 10.0.0.0/16", o.VPCCIDR)
		}
		if p.Bits() < 16 || p.Bits() > 24 {
			return fmt.Errorf("--vpc-cidr %q: AWS allows VPC netmasks /16 to /24; papilint needs at most /24 to cut one /28-or-larger subnet per AZ", o.VPCCIDR)
		}
		if o.AZCount == 0 {
			o.AZCount = 2
		}
		if o.AZCount != 2 && o.AZCount != 3 {
			return fmt.Errorf("--az-count %d: want 2 or 3", o.AZCount)
		}
	}
	if o.HostedZoneID != "" && !patterns().zone.MatchString(o.HostedZoneID) {
		return fmt.Errorf("--hosted-zone-id %q: want a Route 53 zone ID like Z0123456789ABCDEFGHIJ", o.HostedZoneID)
	}
	if o.CertificateARN != "" && !patterns().cert.MatchString(o.CertificateARN) {
		return fmt.Errorf("--certificate-arn %q: want arn:aws:acm:REGION:ACCOUNT:certificate/UUID", o.CertificateARN)
	}
	if o.CertificateARN != "" {
		if r := strings.Split(o.CertificateARN, ":")[3]; r != o.Region {
			return fmt.Errorf("--certificate-arn is in %s but the stack is in %s: a regional custom domain and the ALB need a certificate in their own region", r, o.Region)
		}
	}
	return nil
}

// NewVPC reports whether the stack creates its own VPC.
func (o *Options) NewVPC() bool { return o.VPCID == "" }

// SubnetCIDRs cuts AZCount equal private subnets out of VPCCIDR: the VPC is
// split into four (a /16 gives /18s), which leaves the fourth quarter free
// for the user's own subnets. Only meaningful in new-VPC mode.
func (o *Options) SubnetCIDRs() []string {
	p := netip.MustParsePrefix(o.VPCCIDR)
	bits := p.Bits() + 2
	size := uint32(1) << (32 - bits)
	base := p.Addr().As4()
	start := uint32(base[0])<<24 | uint32(base[1])<<16 | uint32(base[2])<<8 | uint32(base[3])
	out := make([]string, o.AZCount)
	for i := range out {
		a := start + uint32(i)*size
		out[i] = fmt.Sprintf("%d.%d.%d.%d/%d", byte(a>>24), byte(a>>16), byte(a>>8), byte(a), bits)
	}
	return out
}

// ZoneName is the DNS zone the domain's record goes into when the stack has
// to name it (the domain minus its first label).
func (o *Options) ZoneName() string {
	_, rest, _ := strings.Cut(o.Domain, ".")
	return rest
}

func checkDomain(d string) error {
	if len(d) > 253 {
		return fmt.Errorf("--domain %q: longer than 253 characters", d)
	}
	labels := strings.Split(d, ".")
	if len(labels) < 3 {
		return fmt.Errorf("--domain %q: want a host in a zone you own, like api.internal.example.com", d)
	}
	for _, l := range labels {
		if l == "*" {
			return fmt.Errorf("--domain %q: a wildcard is not a name clients dial; give the exact host", d)
		}
		if !patterns().label.MatchString(l) {
			return fmt.Errorf("--domain %q: label %q is not a valid DNS label (letters, digits, inner hyphens, at most 63)", d, l)
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
