package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	neturl "net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	agtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"
)

const motoRegion = "eu-west-1"

// startMoto starts moto_server on a free loopback port for one test and
// stops it when the test ends.
func startMoto(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("moto_server")
	if err != nil {
		t.Skip("moto_server not installed: papilint live is not tested against an emulator")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cmd := exec.Command(bin, "-H", "127.0.0.1", "-p", fmt.Sprint(port))
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	url := fmt.Sprintf("http://127.0.0.1:%d", port)
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(url + "/moto-api/")
		if err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("moto_server did not start: %v\n%s", err, logs.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Setenv("AWS_ACCESS_KEY_ID", "testing")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "testing")
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	return url
}

func resetMoto(t *testing.T, url string) {
	resp, err := http.Post(url+"/moto-api/reset", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

// stack is what the fixture created.
type stack struct {
	vpce, otherVpce, api string
	eniIPs               []string
	tg                   string
}

type variant struct {
	staleTarget    bool // one ENI target replaced by a wrong address
	noMapping      bool // the domain has no base path mapping
	policyExcludes bool // the policy admits only another endpoint
	unhealthy      bool
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func selfSigned(t *testing.T, host string) (certPEM, keyPEM []byte) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: host}, DNSNames: []string{host},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(365 * 24 * time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder})
}

// buildStack creates the pattern in moto with the plain SDK: VPC, two
// subnets, the execute-api endpoint, a private REST API with its policy,
// method, deployment and stage, an imported certificate, a custom domain
// with its mapping, an internal ALB with an HTTPS listener, an IP target
// group whose targets are the endpoint's ENI addresses, and a Route 53
// alias for the domain.
func buildStack(t *testing.T, url string, v variant) (s stack) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("creating the stack in moto: %v", r)
		}
	}()
	ctx := context.Background()
	cfg := aws.Config{Region: motoRegion, Credentials: credentials.NewStaticCredentialsProvider("testing", "testing", ""), BaseEndpoint: aws.String(url)}
	e := ec2.NewFromConfig(cfg)
	ag := apigateway.NewFromConfig(cfg)
	lb := elbv2.NewFromConfig(cfg)
	cm := acm.NewFromConfig(cfg)
	r53 := route53.NewFromConfig(cfg)
	host := "api.internal.example.com"

	vpc := *must(e.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/16")})).Vpc.VpcId
	var subnets []string
	for i, az := range []string{"a", "b"} {
		sn := must(e.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: &vpc, CidrBlock: aws.String(fmt.Sprintf("10.0.%d.0/24", i+1)), AvailabilityZone: aws.String(motoRegion + az)}))
		subnets = append(subnets, *sn.Subnet.SubnetId)
	}
	albSg := *must(e.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{GroupName: aws.String("alb"), Description: aws.String("alb"), VpcId: &vpc})).GroupId
	vpceSg := *must(e.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{GroupName: aws.String("vpce"), Description: aws.String("execute-api endpoint"), VpcId: &vpc})).GroupId
	must(e.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{GroupId: &vpceSg, IpPermissions: []ec2types.IpPermission{{
		IpProtocol: aws.String("tcp"), FromPort: aws.Int32(443), ToPort: aws.Int32(443), UserIdGroupPairs: []ec2types.UserIdGroupPair{{GroupId: &albSg}}}}}))
	must(e.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{GroupId: &albSg, IpPermissions: []ec2types.IpPermission{{
		IpProtocol: aws.String("tcp"), FromPort: aws.Int32(443), ToPort: aws.Int32(443), IpRanges: []ec2types.IpRange{{CidrIp: aws.String("10.0.0.0/16")}}}}}))
	newVpce := func() ec2types.VpcEndpoint {
		return *must(e.CreateVpcEndpoint(ctx, &ec2.CreateVpcEndpointInput{VpcId: &vpc, VpcEndpointType: ec2types.VpcEndpointTypeInterface,
			ServiceName: aws.String("com.amazonaws." + motoRegion + ".execute-api"), SubnetIds: subnets, SecurityGroupIds: []string{vpceSg},
			PrivateDnsEnabled: aws.Bool(false)})).VpcEndpoint
	}
	ep := newVpce()
	s.vpce = *ep.VpcEndpointId
	allowed := s.vpce
	if v.policyExcludes {
		s.otherVpce = *newVpce().VpcEndpointId
		allowed = s.otherVpce
	}
	enis := must(e.DescribeNetworkInterfaces(ctx, &ec2.DescribeNetworkInterfacesInput{NetworkInterfaceIds: ep.NetworkInterfaceIds}))
	byID := map[string]string{}
	for _, n := range enis.NetworkInterfaces {
		byID[*n.NetworkInterfaceId] = *n.PrivateIpAddress
	}
	for _, id := range ep.NetworkInterfaceIds {
		s.eniIPs = append(s.eniIPs, byID[id])
	}

	policy := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[`+
		`{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*"},`+
		`{"Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*","Condition":{"StringNotEquals":{"aws:SourceVpce":"%s"}}}]}`, allowed)
	api := must(ag.CreateRestApi(ctx, &apigateway.CreateRestApiInput{Name: aws.String("private-api"), Policy: &policy, DisableExecuteApiEndpoint: true,
		EndpointConfiguration: &agtypes.EndpointConfiguration{Types: []agtypes.EndpointType{agtypes.EndpointTypePrivate}}}))
	s.api = *api.Id
	must(ag.PutMethod(ctx, &apigateway.PutMethodInput{RestApiId: api.Id, ResourceId: api.RootResourceId, HttpMethod: aws.String("GET"), AuthorizationType: aws.String("NONE")}))
	must(ag.PutIntegration(ctx, &apigateway.PutIntegrationInput{RestApiId: api.Id, ResourceId: api.RootResourceId, HttpMethod: aws.String("GET"), Type: agtypes.IntegrationTypeMock}))
	orders := must(ag.CreateResource(ctx, &apigateway.CreateResourceInput{RestApiId: api.Id, ParentId: api.RootResourceId, PathPart: aws.String("orders")}))
	item := must(ag.CreateResource(ctx, &apigateway.CreateResourceInput{RestApiId: api.Id, ParentId: orders.Id, PathPart: aws.String("{id}")}))
	must(ag.PutMethod(ctx, &apigateway.PutMethodInput{RestApiId: api.Id, ResourceId: item.Id, HttpMethod: aws.String("GET"), AuthorizationType: aws.String("NONE")}))
	must(ag.PutIntegration(ctx, &apigateway.PutIntegrationInput{RestApiId: api.Id, ResourceId: item.Id, HttpMethod: aws.String("GET"), Type: agtypes.IntegrationTypeMock}))
	must(ag.CreateDeployment(ctx, &apigateway.CreateDeploymentInput{RestApiId: api.Id, StageName: aws.String("v1")}))

	certPEM, keyPEM := selfSigned(t, host)
	cert := *must(cm.ImportCertificate(ctx, &acm.ImportCertificateInput{Certificate: certPEM, PrivateKey: keyPEM})).CertificateArn
	must(ag.CreateDomainName(ctx, &apigateway.CreateDomainNameInput{DomainName: aws.String(host), RegionalCertificateArn: &cert,
		EndpointConfiguration: &agtypes.EndpointConfiguration{Types: []agtypes.EndpointType{agtypes.EndpointTypeRegional}}, SecurityPolicy: agtypes.SecurityPolicyTls12}))
	must(ag.CreateBasePathMapping(ctx, &apigateway.CreateBasePathMappingInput{DomainName: aws.String(host), RestApiId: api.Id, Stage: aws.String("v1")}))
	if v.noMapping {
		// Someone removed the mapping. (moto answers GetBasePathMappings
		// with a 500 for a domain that never had one.)
		must(ag.DeleteBasePathMapping(ctx, &apigateway.DeleteBasePathMappingInput{DomainName: aws.String(host), BasePath: aws.String("(none)")}))
	}

	alb := must(lb.CreateLoadBalancer(ctx, &elbv2.CreateLoadBalancerInput{Name: aws.String("api-alb"), Scheme: elbtypes.LoadBalancerSchemeEnumInternal,
		Type: elbtypes.LoadBalancerTypeEnumApplication, Subnets: subnets, SecurityGroups: []string{albSg}})).LoadBalancers[0]
	tg := must(lb.CreateTargetGroup(ctx, &elbv2.CreateTargetGroupInput{Name: aws.String("api-vpce"), Protocol: elbtypes.ProtocolEnumHttps, Port: aws.Int32(443),
		VpcId: &vpc, TargetType: elbtypes.TargetTypeEnumIp, HealthCheckProtocol: elbtypes.ProtocolEnumHttps, HealthCheckPath: aws.String("/"),
		Matcher: &elbtypes.Matcher{HttpCode: aws.String("200,403")}})).TargetGroups[0]
	s.tg = *tg.TargetGroupArn
	must(lb.CreateListener(ctx, &elbv2.CreateListenerInput{LoadBalancerArn: alb.LoadBalancerArn, Protocol: elbtypes.ProtocolEnumHttps, Port: aws.Int32(443),
		SslPolicy: aws.String("ELBSecurityPolicy-TLS13-1-2-2021-06"), Certificates: []elbtypes.Certificate{{CertificateArn: &cert}},
		DefaultActions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: tg.TargetGroupArn}}}))
	var targets []elbtypes.TargetDescription
	for _, ip := range s.eniIPs {
		targets = append(targets, elbtypes.TargetDescription{Id: aws.String(ip), Port: aws.Int32(443)})
	}
	must(lb.RegisterTargets(ctx, &elbv2.RegisterTargetsInput{TargetGroupArn: tg.TargetGroupArn, Targets: targets}))
	if v.staleTarget {
		// The endpoint's first address is gone; a wrong one took its place.
		must(lb.DeregisterTargets(ctx, &elbv2.DeregisterTargetsInput{TargetGroupArn: tg.TargetGroupArn, Targets: targets[:1]}))
		must(lb.RegisterTargets(ctx, &elbv2.RegisterTargetsInput{TargetGroupArn: tg.TargetGroupArn, Targets: []elbtypes.TargetDescription{{Id: aws.String("10.0.1.250"), Port: aws.Int32(443)}}}))
	}

	zone := must(r53.CreateHostedZone(ctx, &route53.CreateHostedZoneInput{Name: aws.String("internal.example.com"), CallerReference: aws.String("papilint"),
		HostedZoneConfig: &r53types.HostedZoneConfig{PrivateZone: true}, VPC: &r53types.VPC{VPCId: &vpc, VPCRegion: r53types.VPCRegion(motoRegion)}}))
	must(r53.ChangeResourceRecordSets(ctx, &route53.ChangeResourceRecordSetsInput{HostedZoneId: zone.HostedZone.Id, ChangeBatch: &r53types.ChangeBatch{Changes: []r53types.Change{{
		Action: r53types.ChangeActionCreate, ResourceRecordSet: &r53types.ResourceRecordSet{Name: aws.String(host), Type: r53types.RRTypeA,
			AliasTarget: &r53types.AliasTarget{DNSName: alb.DNSName, HostedZoneId: alb.CanonicalHostedZoneId}}}}}}))
	return s
}

type liveFinding struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	Location struct {
		File string `json:"file"`
		Line int    `json:"startLine"`
	} `json:"location"`
}

func runLiveJSON(t *testing.T, url string, extra ...string) (int, []liveFinding, string, []byte) {
	t.Helper()
	snap := filepath.Join(t.TempDir(), "snapshot.json")
	var out, errb bytes.Buffer
	args := append([]string{"live", "--region", motoRegion, "--endpoint-url", url, "--format", "json", "--save-snapshot", snap}, extra...)
	code := run(args, &out, &errb)
	var doc struct {
		Findings []liveFinding `json:"findings"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("live --format json: %v\n%s\n%s", err, out.String(), errb.String())
	}
	data, err := os.ReadFile(snap)
	if err != nil {
		t.Fatal(err)
	}
	return code, doc.Findings, out.String() + errb.String(), data
}

func TestLiveAgainstMoto(t *testing.T) {
	url := startMoto(t)
	cases := []struct {
		name string
		v    variant
		want []string // "RULE substring"

		// trace: what `live --trace` predicts for GET https://host/ (empty:
		// not asserted).
		trace traceWant
	}{
		{"conforming", variant{}, nil, traceWant{0, 200, ""}},
		{"stale-target", variant{staleTarget: true}, []string{"PAPI201 target 10.0.1.250 is not a current address of execute-api endpoint"}, traceWant{}},
		{"missing-mapping", variant{noMapping: true}, []string{"PAPI060 "}, traceWant{1, 403, `{"message":"Forbidden"}`}},
		{"policy-excludes-endpoint", variant{policyExcludes: true}, []string{"PAPI003 "}, traceWant{1, 403, "with an explicit deny"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resetMoto(t, url)
			s := buildStack(t, url, c.v)
			code, fs, text, snap := runLiveJSON(t, url)
			if c.trace.status != 0 {
				checkLiveTrace(t, url, "/", c.trace)
			}
			if c.name == "conforming" {
				// Routes resolve through the resource tree read from the
				// account: a path parameter matches, the stage repeated in
				// the path does not.
				checkLiveTrace(t, url, "/orders/42", traceWant{0, 200, ""})
				checkLiveTrace(t, url, "/v1/orders/42", traceWant{1, 403, "Missing Authentication Token"})
			}
			var got []string
			for _, f := range fs {
				got = append(got, f.Rule+" "+f.Message)
				if f.Location.File != "live/eu-west-1.json" || f.Location.Line < 1 {
					t.Errorf("finding %s points at %s:%d, not into the snapshot", f.Rule, f.Location.File, f.Location.Line)
				}
			}
			if len(c.want) == 0 {
				if len(fs) != 0 || code != 0 {
					t.Fatalf("conforming stack: exit %d, findings:\n%s\n%s", code, strings.Join(got, "\n"), text)
				}
				// The targets are recognised as the endpoint's addresses.
				if !bytes.Contains(snap, []byte(`"NetworkInterfaces.0.PrivateIpAddress"`)) || !bytes.Contains(snap, []byte(s.vpce)) {
					t.Fatalf("snapshot does not link the targets to %s:\n%s", s.vpce, snap)
				}
				return
			}
			if code != 1 {
				t.Errorf("exit code %d, want 1\n%s", code, text)
			}
			for _, w := range c.want {
				found := false
				for _, g := range got {
					if strings.HasPrefix(g, w) {
						found = true
					}
				}
				if !found {
					t.Errorf("no finding %q among:\n%s", w, strings.Join(got, "\n"))
				}
			}
			for _, g := range got {
				ok := false
				for _, w := range c.want {
					ok = ok || strings.HasPrefix(g, w)
				}
				if !ok {
					t.Errorf("unexpected finding %s", g)
				}
			}
		})
	}
}

// TestLiveAccessDenied puts a proxy in front of moto that answers every
// ACM call the way AWS answers a caller without acm:DescribeCertificate;
// the rest of the account is still read and checked.
func TestLiveAccessDenied(t *testing.T) {
	url := startMoto(t)
	buildStack(t, url, variant{staleTarget: true})
	target, err := neturl.Parse(url)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.Header.Get("X-Amz-Target"), "CertificateManager.") {
			w.Header().Set("Content-Type", "application/x-amz-json-1.1")
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"__type":"AccessDeniedException","message":"User: arn:aws:iam::123456789012:user/ci is not authorized to perform: acm:DescribeCertificate"}`)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	defer srv.Close()
	code, fs, text, _ := runLiveJSON(t, srv.URL)
	if code != 2 {
		t.Errorf("exit code %d, want 2 (part of the account was not read)", code)
	}
	if !strings.Contains(text, "acm:DescribeCertificate was denied (AccessDeniedException: User: arn:aws:iam::123456789012:user/ci is not authorized") {
		t.Errorf("no clear diagnostic for the denial:\n%s", text)
	}
	stale := false
	for _, f := range fs {
		stale = stale || f.Rule == "PAPI201"
	}
	if !stale {
		t.Errorf("the denial on ACM hid the stale target:\n%s", text)
	}
}

// TestLiveTextAndSnapshotScan checks, on the stale-target stack, that the
// text report points at the line of the snapshot that holds the stale
// address, and that scan reads a saved snapshot to the same static findings.
func TestLiveTextAndSnapshotScan(t *testing.T) {
	url := startMoto(t)
	buildStack(t, url, variant{staleTarget: true, noMapping: true})
	dir := t.TempDir()
	snap := filepath.Join(dir, "snapshot.json")
	var out, errb bytes.Buffer
	code := run([]string{"live", "--region", motoRegion, "--endpoint-url", url, "--no-color", "--save-snapshot", snap}, &out, &errb)
	if code != 1 {
		t.Fatalf("exit %d\n%s%s", code, out.String(), errb.String())
	}
	data, err := os.ReadFile(snap)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	re := regexp.MustCompile(`(?m)^live/eu-west-1\.json:(\d+):(\d+): error: target 10\.0\.1\.250 is not a current address .*\[PAPI201\]$`)
	m := re.FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no PAPI201 line in the text report:\n%s", out.String())
	}
	line, _ := strconv.Atoi(m[1])
	if line < 1 || line > len(lines) || !strings.Contains(lines[line-1], `"10.0.1.250"`) {
		t.Fatalf("PAPI201 points at line %d, which does not hold the address", line)
	}

	// The saved snapshot is an ordinary template for scan: the static rules
	// find the missing mapping there too (PAPI045 is a scan rule; live
	// leaves it out).
	var sout, serr bytes.Buffer
	run([]string{"scan", "--root", dir, "--format", "json", snap}, &sout, &serr)
	var doc struct {
		Findings      []liveFinding `json:"findings"`
		Notifications []struct {
			Message string `json:"message"`
		} `json:"notifications"`
	}
	if err := json.Unmarshal(sout.Bytes(), &doc); err != nil {
		t.Fatalf("%v\n%s", err, sout.String())
	}
	if len(doc.Notifications) != 0 {
		t.Errorf("scanning the snapshot: %+v", doc.Notifications)
	}
	rules := map[string]bool{}
	for _, f := range doc.Findings {
		rules[f.Rule] = true
	}
	if !rules["PAPI060"] || rules["PAPI201"] {
		t.Errorf("scan of the snapshot found %v", rules)
	}
}

func TestLiveUsageErrors(t *testing.T) {
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "")
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"live"}, "no region: pass --region or set AWS_REGION"},
		{[]string{"live", "--region", "eu-west-1", "--format", "yaml"}, "--format must be"},
		{[]string{"live", "--region", "eu-west-1", "--fail-on", "fatal"}, "--fail-on must be"},
		{[]string{"live", "--region", "eu-west-1", "extra"}, "unknown command"},
	} {
		var out, errb bytes.Buffer
		if code := run(c.args, &out, &errb); code != 2 || !strings.Contains(errb.String(), c.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", c.args, code, errb.String(), c.want)
		}
	}
}

type traceWant struct {
	code   int    // exit code
	status int    // predicted HTTP status
	body   string // substring of the predicted body
}

// checkLiveTrace runs `papilint live --trace` for GET https://host/path on the
// stack in moto and compares the predicted outcome.
func checkLiveTrace(t *testing.T, url, path string, w traceWant) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run([]string{"live", "--region", motoRegion, "--endpoint-url", url, "--format", "json",
		"--trace", "https://api.internal.example.com" + path}, &out, &errb)
	var doc struct {
		Outcome struct {
			Status int    `json:"status"`
			Body   string `json:"body"`
		} `json:"outcome"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("live --trace --format json: %v\n%s\n%s", err, out.String(), errb.String())
	}
	if code != w.code || doc.Outcome.Status != w.status || !strings.Contains(doc.Outcome.Body, w.body) {
		t.Errorf("live --trace: exit %d, status %d, body %q; want exit %d, status %d, body containing %q\n%s%s",
			code, doc.Outcome.Status, doc.Outcome.Body, w.code, w.status, w.body, out.String(), errb.String())
	}
}

// TestLiveConfig: the configuration file's rule settings apply to live's
// findings, the live-only checks included.
func TestLiveConfig(t *testing.T) {
	url := startMoto(t)
	resetMoto(t, url)
	buildStack(t, url, variant{staleTarget: true})
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	lowered := write("lowered.yaml", "version: 1\nrules:\n  PAPI201:\n    severity: note\n")
	code, fs, text, _ := runLiveJSON(t, url, "--config", lowered)
	if code != 0 || len(fs) != 1 || fs[0].Rule != "PAPI201" || fs[0].Severity != "note" {
		t.Errorf("PAPI201 lowered to a note: exit %d, findings %+v\n%s", code, fs, text)
	}
	off := write("off.yaml", "version: 1\nrules:\n  live-target-not-endpoint-eni:\n    enabled: false\n")
	code, fs, text, _ = runLiveJSON(t, url, "--config", off)
	if code != 0 || len(fs) != 0 {
		t.Errorf("PAPI201 disabled by name: exit %d, findings %+v\n%s", code, fs, text)
	}
	bad := write("bad.yaml", "version: 1\nrules:\n  PAPI299:\n    enabled: false\n")
	var out, errb bytes.Buffer
	if code := run([]string{"live", "--region", motoRegion, "--endpoint-url", url, "--config", bad}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "PAPI299") {
		t.Errorf("unknown rule in the config: exit %d, stderr %s", code, errb.String())
	}
}
