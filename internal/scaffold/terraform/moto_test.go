package terraform

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/papilint/papilint/internal/scaffold"
)

// TestApplyAgainstMoto applies the generated module with the real
// terraform and hashicorp/aws provider against moto, the AWS emulator, in
// both VPC modes, and then asks moto (through the aws CLI, not through
// Terraform) whether the target group's registered targets are the
// endpoint's ENI addresses.
//
// What moto does and does not do, found out for this test (moto 5.2):
//   - It creates one network interface per subnet for an Interface
//     endpoint, with a private address, so the ENI lookups and the
//     attachments have real values to work on.
//   - ACM certificates requested with DNS validation become ISSUED once
//     MOTO_ACM_VALIDATION_WAIT seconds have passed; with 0, the new-VPC
//     variant's aws_acm_certificate_validation completes. The existing-VPC
//     variant uses --certificate-arn with a certificate imported first.
//   - Its hosted zone IDs do not start with "Z", so the zone is passed with
//     -var hosted_zone_id rather than through Options.HostedZoneID.
//   - GetRestApi returns the resource policy as plain JSON, where API
//     Gateway returns it with its quotes escaped; the provider unescapes it
//     and fails on moto's form ("invalid character 'S' after top-level
//     value"). motoPolicyShim escapes it as API Gateway does; nothing else
//     passes through it unchanged.
//   - The ENI addresses moto hands out are random 10.x addresses, not
//     addresses of the subnets; the comparison does not depend on them.
//   - The provider waits about a minute for the load balancer to become
//     active (its fixed polling delay), which is most of this test's time.
func TestApplyAgainstMoto(t *testing.T) {
	if testing.Short() {
		t.Skip("SKIP: -short: terraform apply against moto not run")
	}
	mirror, env := terraformEnv(t)
	for _, tool := range []string{"moto_server", "aws"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("SKIP: %s is not installed; the generated Terraform is not applied against moto", tool)
		}
	}
	t.Run("new-vpc", func(t *testing.T) {
		t.Parallel()
		m := startMoto(t)
		zone := m.hostedZone(t, "internal.example.com")
		o := scaffold.Options{Name: "papi-moto", Domain: "api.internal.example.com", Region: "us-east-1", AZCount: 2}
		applyAndCompare(t, m, mirror, env, o, zone)
	})
	t.Run("existing-vpc-cert", func(t *testing.T) {
		t.Parallel()
		m := startMoto(t)
		const region = "eu-west-1"
		vpc := m.str(t, region, "ec2", "create-vpc", "--cidr-block", "10.8.0.0/16", "--query", "Vpc.VpcId")
		var subnets []string
		for i, az := range []string{"a", "b", "c"} {
			subnets = append(subnets, m.str(t, region, "ec2", "create-subnet", "--vpc-id", vpc,
				"--cidr-block", fmt.Sprintf("10.8.%d.0/24", i), "--availability-zone", region+az, "--query", "Subnet.SubnetId"))
		}
		certPEM, keyPEM := selfSigned(t, "orders.corp.example.org")
		dir := t.TempDir()
		cf, kf := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
		if err := os.WriteFile(cf, certPEM, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(kf, keyPEM, 0o600); err != nil {
			t.Fatal(err)
		}
		arn := m.str(t, region, "acm", "import-certificate", "--certificate", "fileb://"+cf, "--private-key", "fileb://"+kf, "--query", "CertificateArn")
		zone := m.hostedZone(t, "corp.example.org")
		o := scaffold.Options{Name: "orders", Domain: "orders.corp.example.org", Region: region, Stage: "v1",
			VPCID: vpc, SubnetIDs: subnets, CertificateARN: arn}
		applyAndCompare(t, m, mirror, env, o, zone)
	})
}

// applyAndCompare generates the stack for o, applies it against m and
// compares the target group's targets with the endpoint's ENI addresses.
func applyAndCompare(t *testing.T, m *moto, mirror string, env []string, o scaffold.Options, zone string) {
	dir := t.TempDir()
	writeFiles(t, dir, generate(t, o))
	if err := os.WriteFile(filepath.Join(dir, "zz_moto_override.tf"), []byte(m.override()), 0o644); err != nil {
		t.Fatal(err)
	}
	env = append(env[:len(env):len(env)], "TF_DATA_DIR="+filepath.Join(t.TempDir(), "tfdata"),
		"AWS_ACCESS_KEY_ID=test", "AWS_SECRET_ACCESS_KEY=test", "AWS_EC2_METADATA_DISABLED=true")
	tf(t, dir, env, "init", "-backend=false", "-input=false", "-no-color", "-plugin-dir="+mirror)
	start := time.Now()
	tf(t, dir, env, "apply", "-input=false", "-auto-approve", "-no-color", "-parallelism=20", "-var", "hosted_zone_id="+zone)
	t.Logf("terraform apply against moto took %s", time.Since(start).Round(time.Second))

	// A second plan must find nothing to do: the ENI lookups keep their
	// order (sorted IDs) and no argument drifts.
	plan := exec.Command("terraform", "plan", "-detailed-exitcode", "-input=false", "-no-color", "-var", "hosted_zone_id="+zone)
	plan.Dir, plan.Env = dir, env
	if out, err := plan.CombinedOutput(); err != nil {
		t.Errorf("terraform plan after apply wants changes or failed (%v):\n%s", err, out)
	}

	if err := o.Validate(); err != nil {
		t.Fatal(err)
	}
	var outputs struct {
		VPCEndpointID struct{ Value string }   `json:"vpc_endpoint_id"`
		EndpointIPs   struct{ Value []string } `json:"endpoint_ips"`
	}
	if err := json.Unmarshal([]byte(tfOut(t, dir, env, "output", "-json")), &outputs); err != nil {
		t.Fatal(err)
	}
	vpce := outputs.VPCEndpointID.Value
	if !strings.HasPrefix(vpce, "vpce-") {
		t.Fatalf("vpc_endpoint_id output %q", vpce)
	}

	// The endpoint's ENI addresses, as moto reports them.
	var enis []string
	m.json(t, o.Region, &enis, "ec2", "describe-vpc-endpoints", "--vpc-endpoint-ids", vpce, "--query", "VpcEndpoints[0].NetworkInterfaceIds")
	if len(enis) != o.AZCount {
		t.Fatalf("moto gave the endpoint %d network interfaces, want %d (one per subnet)", len(enis), o.AZCount)
	}
	var eniIPs []string
	m.json(t, o.Region, &eniIPs, append([]string{"ec2", "describe-network-interfaces", "--query", "NetworkInterfaces[].PrivateIpAddress", "--network-interface-ids"}, enis...)...)

	// The target group's registered targets.
	tgARN := m.str(t, o.Region, "elbv2", "describe-target-groups", "--names", o.Name+"-tg", "--query", "TargetGroups[0].TargetGroupArn")
	var raw []struct {
		Id   string
		Port int
	}
	m.json(t, o.Region, &raw, "elbv2", "describe-target-health", "--target-group-arn", tgARN, "--query", "TargetHealthDescriptions[].Target")
	var targetIPs []string
	for _, r := range raw {
		targetIPs = append(targetIPs, r.Id)
		if r.Port != 443 {
			t.Errorf("target %s registered on port %d, want 443", r.Id, r.Port)
		}
	}
	sort.Strings(eniIPs)
	sort.Strings(targetIPs)
	if len(eniIPs) == 0 || strings.Join(eniIPs, ",") != strings.Join(targetIPs, ",") {
		t.Errorf("registered targets %v, endpoint ENI addresses %v: want the same", targetIPs, eniIPs)
	}
	out := append([]string(nil), outputs.EndpointIPs.Value...)
	sort.Strings(out)
	if strings.Join(out, ",") != strings.Join(eniIPs, ",") {
		t.Errorf("endpoint_ips output %v, moto's ENI addresses %v", out, eniIPs)
	}
	t.Logf("targets %v = ENI addresses of %s %v", targetIPs, vpce, eniIPs)

	// A few other hops, as moto holds them.
	var lb struct{ Scheme, LoadBalancerArn, DNSName string }
	m.json(t, o.Region, &lb, "elbv2", "describe-load-balancers", "--names", o.Name+"-alb", "--query", "LoadBalancers[0]")
	if lb.Scheme != "internal" {
		t.Errorf("load balancer scheme %q, want internal", lb.Scheme)
	}
	var listeners []struct {
		Port           int
		Protocol       string
		SslPolicy      string
		DefaultActions []struct {
			Type           string
			TargetGroupArn string
		}
	}
	m.json(t, o.Region, &listeners, "elbv2", "describe-listeners", "--load-balancer-arn", lb.LoadBalancerArn, "--query", "Listeners")
	var seen []string
	for _, l := range listeners {
		var acts []string
		for _, a := range l.DefaultActions {
			act := a.Type
			if a.TargetGroupArn == tgARN {
				act += " to the target group"
			}
			acts = append(acts, act)
		}
		policy := "-"
		if l.Protocol == "HTTPS" { // moto gives HTTP listeners an SslPolicy too
			policy = l.SslPolicy
		}
		seen = append(seen, fmt.Sprintf("%s:%d %s %s", l.Protocol, l.Port, policy, strings.Join(acts, ",")))
	}
	sort.Strings(seen)
	want := "HTTP:80 - redirect|HTTPS:443 ELBSecurityPolicy-TLS13-1-2-2021-06 forward to the target group"
	if strings.Join(seen, "|") != want {
		t.Errorf("listeners %q, want %q", seen, want)
	}
	var alias string
	m.json(t, "us-east-1", &alias, "route53", "list-resource-record-sets", "--hosted-zone-id", zone,
		"--query", "ResourceRecordSets[?Name=='"+o.Domain+".' && Type=='A'].AliasTarget.DNSName | [0]")
	if !strings.EqualFold(strings.TrimSuffix(alias, "."), lb.DNSName) {
		t.Errorf("record %s is an alias of %q, want the ALB %q", o.Domain, alias, lb.DNSName)
	}
	var api struct {
		EndpointConfiguration     struct{ Types []string }
		DisableExecuteApiEndpoint bool
		Policy                    string
	}
	apiID := m.str(t, o.Region, "apigateway", "get-rest-apis", "--query", "items[?name=='"+o.Name+"'].id | [0]")
	m.json(t, o.Region, &api, "apigateway", "get-rest-api", "--rest-api-id", apiID)
	if strings.Join(api.EndpointConfiguration.Types, ",") != "PRIVATE" || !api.DisableExecuteApiEndpoint || !strings.Contains(api.Policy, vpce) {
		t.Errorf("REST API: %+v; want PRIVATE, default endpoint disabled, a policy naming %s", api, vpce)
	}
	if s := m.str(t, o.Region, "apigateway", "get-base-path-mappings", "--domain-name", o.Domain, "--query", "items[0].stage"); s != o.Stage {
		t.Errorf("base path mapping stage %q, want %q", s, o.Stage)
	}

	// A change to the resource policy must produce a new deployment, or it
	// would not take effect.
	apiTF := filepath.Join(dir, "api.tf")
	src, err := os.ReadFile(apiTF)
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(src), `Effect    = "Allow"`, `Sid = "Anyone"
        Effect = "Allow"`, 1)
	if changed == string(src) {
		t.Fatal("api.tf has no Allow statement to change")
	}
	if err := os.WriteFile(apiTF, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	plan = exec.Command("terraform", "plan", "-input=false", "-no-color", "-var", "hosted_zone_id="+zone)
	plan.Dir, plan.Env = dir, env
	planOut, err := plan.CombinedOutput()
	if err != nil {
		t.Fatalf("terraform plan after a policy change: %v\n%s", err, planOut)
	}
	if !strings.Contains(string(planOut), "aws_api_gateway_deployment.this must be replaced") {
		t.Errorf("a policy change does not replace the deployment:\n%s", planOut)
	}
}

// moto is one moto_server on a loopback port, with the policy shim in front.
type moto struct {
	url  string // the shim's URL, which Terraform and the aws CLI use
	port int
}

func startMoto(t *testing.T) *moto {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	logf, err := os.Create(filepath.Join(t.TempDir(), "moto.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("moto_server", "-H", "127.0.0.1", "-p", fmt.Sprint(port))
	cmd.Env = append(os.Environ(), "MOTO_ACM_VALIDATION_WAIT=0")
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM) // the group of the moto_server started here
		_ = cmd.Wait()
		logf.Close()
	})
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(base + "/moto-api/")
		if err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(logf.Name())
			t.Fatalf("moto_server did not answer on %s within 30s: %v\n%s", base, err, log)
		}
		time.Sleep(200 * time.Millisecond)
	}
	u, _ := url.Parse(base)
	shim := httptest.NewServer(motoPolicyShim(u))
	t.Cleanup(shim.Close)
	return &moto{url: shim.URL, port: port}
}

var restAPIPath = regexp.MustCompile(`^/restapis/[^/]+/?$`)

// motoPolicyShim forwards every request to moto and rewrites only the
// policy field of GetRestApi answers into API Gateway's escaped form.
func motoPolicyShim(target *url.URL) http.Handler {
	p := httputil.NewSingleHostReverseProxy(target)
	p.ModifyResponse = func(resp *http.Response) error {
		if resp.Request.Method != http.MethodGet || !restAPIPath.MatchString(resp.Request.URL.Path) || resp.StatusCode != http.StatusOK {
			return nil
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		var doc map[string]any
		if json.Unmarshal(body, &doc) == nil {
			if pol, ok := doc["policy"].(string); ok && !strings.Contains(pol, `\"`) {
				doc["policy"] = strings.ReplaceAll(pol, `"`, `\"`)
				if b, err := json.Marshal(doc); err == nil {
					body = b
				}
			}
		}
		resp.Body = io.NopCloser(bytes.NewReader(body))
		resp.ContentLength = int64(len(body))
		resp.Header.Set("Content-Length", fmt.Sprint(len(body)))
		return nil
	}
	return p
}

// override is the provider override Terraform merges into versions.tf's
// provider block: fake credentials and every service the stack uses sent to
// moto.
func (m *moto) override() string {
	var b strings.Builder
	b.WriteString("# Written by the test: send the aws provider to moto.\nprovider \"aws\" {\n")
	b.WriteString("  access_key                  = \"test\"\n  secret_key                  = \"test\"\n")
	b.WriteString("  skip_credentials_validation = true\n  skip_requesting_account_id  = true\n  skip_metadata_api_check     = true\n")
	b.WriteString("  endpoints {\n")
	for _, s := range []string{"acm", "apigateway", "ec2", "elbv2", "route53", "sts"} {
		fmt.Fprintf(&b, "    %-10s = %q\n", s, m.url)
	}
	b.WriteString("  }\n}\n")
	return b.String()
}

// aws runs the aws CLI against moto and returns its standard output.
func (m *moto) aws(t *testing.T, region string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command("aws", append([]string{"--endpoint-url", m.url, "--region", region, "--output", "json"}, args...)...)
	cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID=test", "AWS_SECRET_ACCESS_KEY=test", "AWS_PAGER=", "AWS_EC2_METADATA_DISABLED=true")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("aws %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return out
}

func (m *moto) json(t *testing.T, region string, into any, args ...string) {
	t.Helper()
	out := m.aws(t, region, args...)
	if err := json.Unmarshal(out, into); err != nil {
		t.Fatalf("aws %s: %v in %s", strings.Join(args, " "), err, out)
	}
}

func (m *moto) str(t *testing.T, region string, args ...string) string {
	t.Helper()
	var s string
	m.json(t, region, &s, args...)
	return s
}

// hostedZone creates a public hosted zone and returns its bare ID.
func (m *moto) hostedZone(t *testing.T, name string) string {
	t.Helper()
	id := m.str(t, "us-east-1", "route53", "create-hosted-zone", "--name", name, "--caller-reference", name, "--query", "HostedZone.Id")
	return strings.TrimPrefix(id, "/hostedzone/")
}

// tfOut runs terraform and returns its standard output alone.
func tfOut(t *testing.T, dir string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command("terraform", args...)
	cmd.Dir, cmd.Env = dir, env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}

// selfSigned returns a certificate for name and its key, in PEM, to import
// into moto's ACM as the "existing" certificate.
func selfSigned(t *testing.T, name string) (certPEM, keyPEM []byte) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: name},
		DNSNames:     []string{name},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kd, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kd})
}
