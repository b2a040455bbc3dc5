package live

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/driver"
)

func offlineClients(t *testing.T) *Clients {
	t.Helper()
	t.Setenv("AWS_ACCESS_KEY_ID", "testing")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "testing")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	// Nothing listens on port 1: a call that got past the guard would fail
	// with a connection error, not with RefusedError.
	c, err := NewClients(context.Background(), Options{Region: "eu-west-1", EndpointURL: "http://127.0.0.1:1"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestGuardRefusesEverythingButListedReads(t *testing.T) {
	c := offlineClients(t)
	ctx := context.Background()
	calls := map[string]func() error{
		"EC2.CreateVpc": func() error {
			_, err := c.EC2.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/16")})
			return err
		},
		"API Gateway.UpdateRestApi": func() error {
			_, err := c.APIGateway.UpdateRestApi(ctx, &apigateway.UpdateRestApiInput{RestApiId: aws.String("x")})
			return err
		},
		"Elastic Load Balancing v2.RegisterTargets": func() error {
			_, err := c.ELB.RegisterTargets(ctx, &elbv2.RegisterTargetsInput{TargetGroupArn: aws.String("arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/x/y")})
			return err
		},
		// A read, but not one live needs: refused too.
		"EC2.DescribeInstances": func() error {
			_, err := c.EC2.DescribeInstances(ctx, &ec2.DescribeInstancesInput{})
			return err
		},
	}
	for op, call := range calls {
		var refused *RefusedError
		if err := call(); !errors.As(err, &refused) || refused.Operation != op {
			t.Errorf("%s: got %v, want it refused before sending", op, err)
		}
	}
	if got := c.Recorder.Called(); len(got) != 0 {
		t.Errorf("refused calls were recorded as called: %v", got)
	}
	// A listed read passes the guard (and then fails to connect).
	_, err := c.EC2.DescribeVpcEndpoints(ctx, &ec2.DescribeVpcEndpointsInput{})
	var refused *RefusedError
	if err == nil || errors.As(err, &refused) {
		t.Errorf("DescribeVpcEndpoints: got %v, want a connection error", err)
	}
	if got := c.Recorder.Called(); len(got) != 1 || got[0] != "EC2.DescribeVpcEndpoints" {
		t.Errorf("recorded %v", got)
	}
}

func TestOperationsAreReadsAndThePolicyListsThem(t *testing.T) {
	data, err := os.ReadFile("../../docs/live.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)## IAM policy\\s+```json\\n(.*?)```").FindSubmatch(data)
	if m == nil {
		t.Fatal("docs/live.md has no JSON policy under ## IAM policy")
	}
	var pol struct {
		Statement []struct {
			Effect string
			Action []string
		}
	}
	if err := json.Unmarshal(m[1], &pol); err != nil {
		t.Fatalf("the policy in docs/live.md is not JSON: %v", err)
	}
	inDoc := map[string]bool{}
	for _, s := range pol.Statement {
		if s.Effect != "Allow" {
			t.Errorf("statement effect %q", s.Effect)
		}
		for _, a := range s.Action {
			inDoc[a] = true
		}
	}
	needed := map[string]bool{}
	for op, action := range Operations {
		name := op[strings.LastIndex(op, ".")+1:]
		if !ReadOnly(name) {
			t.Errorf("%s is not a Describe/Get/List operation", op)
		}
		needed[action] = true
		if !inDoc[action] {
			t.Errorf("docs/live.md's policy lacks %s (for %s)", action, op)
		}
		if service, _, _ := strings.Cut(action, ":"); service != "apigateway" && !strings.HasSuffix(action, ":"+name) {
			t.Errorf("%s is authorized by %s, which is not its own action", op, action)
		}
	}
	for a := range inDoc {
		if !needed[a] {
			t.Errorf("docs/live.md's policy grants %s, which no operation needs", a)
		}
	}
	// The code calls no operation that the table lacks: every client method
	// used in discover.go is in it.
	src, err := os.ReadFile("discover.go")
	if err != nil {
		t.Fatal(err)
	}
	prefix := map[string]string{"APIGateway": "API Gateway", "EC2": "EC2", "ELB": "Elastic Load Balancing v2", "ACM": "ACM", "Route53": "Route 53"}
	pkg := map[string]string{"apigateway": "API Gateway", "ec2": "EC2", "elbv2": "Elastic Load Balancing v2", "acm": "ACM", "route53": "Route 53"}
	var used []string
	for _, m := range regexp.MustCompile(`d\.c\.(\w+)\.(\w+)\(`).FindAllSubmatch(src, -1) {
		used = append(used, prefix[string(m[1])]+"."+string(m[2]))
	}
	for _, m := range regexp.MustCompile(`(\w+)\.New(\w+)Paginator\(`).FindAllSubmatch(src, -1) {
		used = append(used, pkg[string(m[1])]+"."+string(m[2]))
	}
	if len(used) < 10 {
		t.Fatalf("found only %d calls in discover.go: %v", len(used), used)
	}
	for _, op := range used {
		if _, ok := Operations[op]; !ok {
			t.Errorf("discover.go calls %s, which Operations does not list", op)
		}
	}
}

// inventory is a conforming pattern as discovery would read it.
func inventory(now time.Time) *Inventory {
	cert := "arn:aws:acm:eu-west-1:111122223333:certificate/abc"
	tgArn := "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/api/1"
	return &Inventory{
		Region: "eu-west-1",
		Endpoints: []Endpoint{{ID: "vpce-0a1", VpcID: "vpc-1", ServiceName: "com.amazonaws.eu-west-1.execute-api", Type: "Interface",
			SubnetIDs: []string{"subnet-a", "subnet-b"}, State: "available",
			ENIs: []ENI{{ID: "eni-a", PrivateIP: "10.0.1.10", SubnetID: "subnet-a"}, {ID: "eni-b", PrivateIP: "10.0.2.10", SubnetID: "subnet-b"}}}},
		RestAPIs: []RestAPI{{ID: "abc123", Name: "private-api", Types: []string{"PRIVATE"}, DisableExecuteAPI: true,
			Policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*"},` +
				`{"Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*","Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-0a1"}}}]}`,
			Stages:      []Stage{{Name: "v1", DeploymentID: "d1"}},
			Deployments: []Deployment{{ID: "d1", Created: now.Add(-time.Hour)}},
			Methods:     []Method{{ResourceID: "r", Path: "/", HTTPMethod: "GET", AuthorizationType: "NONE", IntegrationType: "MOCK"}}}},
		Domains: []Domain{{Name: "api.example.com", RegionalCertificateArn: cert, Types: []string{"REGIONAL"}, SecurityPolicy: "TLS_1_2",
			Mappings: []Mapping{{BasePath: "(none)", RestAPIID: "abc123", Stage: "v1"}}}},
		LoadBalancers: []LoadBalancer{{Arn: "arn:alb", Name: "alb", Scheme: "internal", Type: "application", VpcID: "vpc-1",
			DNSName: "internal-alb-1.eu-west-1.elb.amazonaws.com", Subnets: []string{"subnet-a", "subnet-b"},
			Listeners: []Listener{{Arn: "arn:listener", Port: 443, Protocol: "HTTPS", SslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
				Certificates: []string{cert}, DefaultActions: []Action{{Type: "forward", TargetGroupArn: tgArn}}}}}},
		TargetGroups: []TargetGroup{{Arn: tgArn, Name: "api", Protocol: "HTTPS", Port: 443, TargetType: "ip", VpcID: "vpc-1",
			HealthCheckProtocol: "HTTPS", Matcher: "200,403",
			Targets: []Target{{ID: "10.0.1.10", Port: 443, State: "healthy"}, {ID: "10.0.2.10", Port: 443, State: "healthy"}}}},
		Certificates: []Certificate{{Arn: cert, DomainName: "api.example.com", SANs: []string{"api.example.com"}, Status: "ISSUED", Type: "AMAZON_ISSUED", NotAfter: now.Add(200 * 24 * time.Hour)}},
		Records:      []Record{{Zone: "Z1", ZoneName: "example.com", Name: "api.example.com", Type: "A", AliasDNSName: "internal-alb-1.eu-west-1.elb.amazonaws.com", AliasZoneID: "Z2"}},
	}
}

func findings(t *testing.T, inv *Inventory, now time.Time) []string {
	t.Helper()
	res := Build(inv)
	for _, d := range res.Diagnostics {
		t.Errorf("diagnostic: %v", d)
	}
	dr := driver.Run(res.Graph, Checks(now, inv.Problems), driver.Options{})
	var out []string
	for _, f := range dr.Findings {
		line := res.File.Line(int(f.Range.Start.Line))
		out = append(out, f.Rule.ID+" "+f.Severity.String()+" "+f.Message+" @ "+strings.TrimSpace(line))
	}
	sort.Strings(out)
	return out
}

func TestChecks(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	if got := findings(t, inventory(now), now); len(got) != 0 {
		t.Fatalf("conforming inventory: %v", got)
	}

	inv := inventory(now)
	inv.TargetGroups[0].Targets[1] = Target{ID: "10.0.2.99", Port: 443, State: "unhealthy", Reason: "Target.Timeout", Description: "Request timed out"}
	got := findings(t, inv, now)
	want := []string{
		`PAPI201 error target 10.0.2.99 is not a current address of execute-api endpoint vpce-0a1 (its network interfaces have 10.0.1.10, 10.0.2.10): it is stale, and the load balancer still sends requests to it @ "Id": "10.0.2.99",`,
		`PAPI202 error target 10.0.2.99 is unhealthy: Target.Timeout (Request timed out) @ "Id": "10.0.2.99",`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("stale and unhealthy target:\n got %q\nwant %q", got, want)
	}

	inv = inventory(now)
	inv.Certificates[0].NotAfter = now.Add(10 * 24 * time.Hour)
	got = findings(t, inv, now)
	if len(got) != 1 || !strings.HasPrefix(got[0], "PAPI203 warning certificate for api.example.com expires on 2026-12-06, in 10 days @ \"NotAfter\"") {
		t.Errorf("expiring certificate: %q", got)
	}
	inv.Certificates[0].Status = "PENDING_VALIDATION"
	got = findings(t, inv, now)
	if len(got) != 1 || !strings.HasPrefix(got[0], "PAPI203 error certificate for api.example.com is PENDING_VALIDATION, not ISSUED @ \"Status\"") {
		t.Errorf("pending certificate: %q", got)
	}
}

func TestRenderIsDeterministicAndLinksTargets(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	a, b := Render(inventory(now)), Render(inventory(now))
	if !bytes.Equal(a, b) {
		t.Fatal("two renders of the same inventory differ")
	}
	for _, want := range []string{
		`"Fn::GetAtt": [
                "Vpce0a1Enis",
                "NetworkInterfaces.1.PrivateIpAddress"`,
		`"aws:SourceVpce": {
                    "Ref": "Vpce0a1"`,
	} {
		if !bytes.Contains(a, []byte(want)) {
			t.Errorf("snapshot lacks %s:\n%s", want, a)
		}
	}
}

func TestProblemsAreDiagnostics(t *testing.T) {
	inv := inventory(time.Now())
	inv.Problems = []Problem{{Service: "acm", Operation: "DescribeCertificate", Code: "AccessDeniedException", Message: "not allowed", Denied: true}}
	res := Build(inv)
	if len(res.Diagnostics) != 1 || res.Diagnostics[0].Severity != "error" ||
		!strings.Contains(res.Diagnostics[0].Message, "acm:DescribeCertificate was denied (AccessDeniedException: not allowed); certificates were not read") {
		t.Fatalf("diagnostics: %v", res.Diagnostics)
	}
	var _ = analysis.Error
}

func TestUnescapePolicy(t *testing.T) {
	// GetRestApis returns the policy with its quotes escaped.
	in := `{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"execute-api:Invoke\",\"Resource\":\"arn:aws:execute-api:eu-west-1:111122223333:abc123\/*\"}]}`
	var doc map[string]any
	if err := json.Unmarshal([]byte(unescapePolicy(in)), &doc); err != nil {
		t.Fatalf("%v: %s", err, unescapePolicy(in))
	}
	plain := `{"Version":"2012-10-17","Statement":[]}`
	if unescapePolicy(plain) != plain {
		t.Errorf("a plain policy was changed: %s", unescapePolicy(plain))
	}
}

// BenchmarkBuild renders and loads the snapshot of an account with many
// pattern instances.
func BenchmarkBuild(b *testing.B) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	inv := &Inventory{Region: "eu-west-1"}
	for i := 0; i < 100; i++ {
		one := inventory(now)
		sfx := strconv.Itoa(i)
		one.Endpoints[0].ID += sfx
		one.RestAPIs[0].ID += sfx
		one.Domains[0].Name = "api" + sfx + ".example.com"
		one.Domains[0].Mappings[0].RestAPIID += sfx
		one.LoadBalancers[0].Name += sfx
		one.LoadBalancers[0].Arn += sfx
		one.TargetGroups[0].Name += sfx
		one.TargetGroups[0].Arn += sfx
		one.LoadBalancers[0].Listeners[0].DefaultActions[0].TargetGroupArn += sfx
		inv.Endpoints = append(inv.Endpoints, one.Endpoints...)
		inv.RestAPIs = append(inv.RestAPIs, one.RestAPIs...)
		inv.Domains = append(inv.Domains, one.Domains...)
		inv.LoadBalancers = append(inv.LoadBalancers, one.LoadBalancers...)
		inv.TargetGroups = append(inv.TargetGroups, one.TargetGroups...)
	}
	b.ResetTimer()
	for b.Loop() {
		res := Build(inv)
		if n := len(res.Graph.Nodes()); n < 1000 {
			b.Fatalf("only %d resources", n)
		}
	}
}

// TestFailedReadsAreUnknown: what a failed read left out is unknown to the
// rules, so it never becomes a finding, static or live.
func TestFailedReadsAreUnknown(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	inv := inventory(now)
	inv.Domains[0].Mappings = nil
	inv.Domains[0].MappingsUnread = true
	inv.TargetGroups[0].Targets = nil
	inv.TargetGroups[0].TargetsUnread = true
	inv.LoadBalancers[0].Listeners[0].Certificates = nil
	inv.LoadBalancers[0].Listeners[0].CertificatesUnread = true
	inv.RestAPIs[0].Stages = nil
	inv.RestAPIs[0].StagesUnread = true
	inv.Endpoints[0].ENIs = nil
	for i := 0; i < 3; i++ {
		inv.Problems = append(inv.Problems, Problem{Service: "apigateway", Operation: "GetStages", Code: "TooManyRequestsException", Message: "slow down"})
	}
	inv.Problems = append(inv.Problems, Problem{Service: "ec2", Operation: "DescribeNetworkInterfaces", Code: "UnauthorizedOperation", Message: "no", Denied: true})
	res := Build(inv)
	if !bytes.Contains(res.File.Content, []byte(`"Ref": "NotRead"`)) {
		t.Fatalf("no NotRead stand-in:\n%s", res.File.Content)
	}
	var msgs []string
	for _, d := range res.Diagnostics {
		msgs = append(msgs, d.Message)
	}
	if len(msgs) != 2 || !strings.HasSuffix(msgs[0], "(3 calls failed this way)") {
		t.Errorf("diagnostics: %q", msgs)
	}
	all := append(append([]*analysis.Analyzer{}, staticRules()...), Checks(now, inv.Problems)...)
	dr := driver.Run(res.Graph, all, driver.Options{})
	for _, f := range dr.Findings {
		t.Errorf("finding on what was not read: %s %s", f.Rule.ID, f.Message)
	}
	// The same account with everything read, but the targets stale: the
	// rules do fire (so the silence above is not an accident).
	inv = inventory(now)
	inv.TargetGroups[0].Targets[0].ID = "10.0.1.99"
	inv.Domains[0].Mappings = nil
	dr = driver.Run(Build(inv).Graph, append(append([]*analysis.Analyzer{}, staticRules()...), Checks(now, nil)...), driver.Options{})
	ids := map[string]bool{}
	for _, f := range dr.Findings {
		ids[f.Rule.ID] = true
	}
	if !ids["PAPI201"] || !ids["PAPI060"] {
		t.Errorf("complete read: findings %v", ids)
	}
}

// TestReadmePolicyIsTheDocsPolicy: the README repeats the IAM policy of
// docs/live.md; the two must not drift apart.
func TestReadmePolicyIsTheDocsPolicy(t *testing.T) {
	docs, err := os.ReadFile("../../docs/live.md")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)## IAM policy\\s+(```json\\n.*?```)").FindSubmatch(docs)
	if m == nil {
		t.Fatal("docs/live.md has no JSON policy under ## IAM policy")
	}
	if !bytes.Contains(readme, m[1]) {
		t.Errorf("README.md does not carry the IAM policy of docs/live.md verbatim:\n%s", m[1])
	}
}
