package cfn

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/awslabs/goformation/v7"

	"github.com/papilint/papilint/internal/scaffold"
)

// lookupDriver runs the generated function's handler the way CloudFormation
// would: it creates a VPC, subnets and an execute-api interface endpoint in
// the AWS emulator (moto), sends Create, Update and Delete events whose
// ResponseURL is a local HTTP server, and prints one JSON line per event:
// what the handler PUT to the response URL, and the endpoint's addresses as
// the emulator reports them.
const lookupDriver = `
import http.server, json, sys, threading
import boto3

sys.path.insert(0, sys.argv[1])
import index

ec2 = boto3.client("ec2")
vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
azs = [z["ZoneName"] for z in ec2.describe_availability_zones()["AvailabilityZones"]]
n = int(sys.argv[2])
subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.%d.0/24" % i, AvailabilityZone=azs[i])["Subnet"]["SubnetId"] for i in range(n)]
ep = ec2.create_vpc_endpoint(VpcId=vpc, ServiceName="com.amazonaws.us-east-1.execute-api",
                             VpcEndpointType="Interface", SubnetIds=subnets)["VpcEndpoint"]
ids = ep["NetworkInterfaceIds"]
ips = [e["PrivateIpAddress"] for e in ec2.describe_network_interfaces(NetworkInterfaceIds=ids)["NetworkInterfaces"]]

bodies = []
class H(http.server.BaseHTTPRequestHandler):
    def do_PUT(self):
        bodies.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        self.send_response(200)
        self.end_headers()
    def log_message(self, *a):
        pass
srv = http.server.HTTPServer(("127.0.0.1", 0), H)
threading.Thread(target=srv.serve_forever, daemon=True).start()

class Ctx:
    log_stream_name = "test-stream"

def send(kind, expected, physical=None):
    ev = {"RequestType": kind, "ResponseURL": "http://127.0.0.1:%d/response" % srv.server_port,
          "StackId": "stack", "RequestId": "req-" + kind, "LogicalResourceId": "EndpointIps",
          "ResourceProperties": {"ServiceToken": "arn", "NetworkInterfaceIds": ids, "ExpectedCount": str(expected)}}
    if physical:
        ev["PhysicalResourceId"] = physical
    index.handler(ev, Ctx())
    print(json.dumps({"event": kind, "expected": expected, "response": bodies[-1], "ips": ips}))

send("Create", n)
send("Update", n + 1, "endpoint-eni-ips:old")
send("Delete", n, "endpoint-eni-ips:old")
`

type lookupResult struct {
	Event    string `json:"event"`
	Expected int    `json:"expected"`
	Response struct {
		Status             string
		Reason             string
		PhysicalResourceId string
		RequestId          string
		LogicalResourceId  string
		Data               map[string]string
	} `json:"response"`
	IPs []string `json:"ips"`
}

// TestLookupFunctionAgainstMoto runs the inline code of the generated
// template against the AWS emulator: the addresses it returns are the
// endpoint's, sorted, as IP0..IPn, and a count mismatch fails the resource.
func TestLookupFunctionAgainstMoto(t *testing.T) {
	moto, err := exec.LookPath("moto_server")
	if err != nil {
		t.Skip("moto_server is not installed; skipping the run of the ENI lookup function")
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed; skipping the run of the ENI lookup function")
	}
	if out, err := exec.Command(py, "-c", "import boto3").CombinedOutput(); err != nil {
		t.Skipf("python3 has no boto3 (%v: %s); skipping the run of the ENI lookup function", err, out)
	}

	files, err := Generate(scaffold.Options{AZCount: 3})
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := goformation.ParseYAML(files[0].Data)
	if err != nil {
		t.Fatal(err)
	}
	fn, err := tmpl.GetLambdaFunctionWithName(idLookupFn)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "index.py"), []byte(*fn.Code.ZipFile), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "driver.py"), []byte(lookupDriver), 0o644); err != nil {
		t.Fatal(err)
	}

	port := freePort(t)
	srv := exec.Command(moto, "-H", "127.0.0.1", "-p", fmt.Sprint(port))
	srv.Stdout, srv.Stderr = nil, nil
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Process.Kill(); _ = srv.Wait() })
	endpoint := fmt.Sprintf("http://127.0.0.1:%d", port)
	waitFor(t, endpoint)

	cmd := exec.Command(py, filepath.Join(dir, "driver.py"), dir, "3")
	cmd.Env = append(os.Environ(),
		"AWS_ENDPOINT_URL="+endpoint, "AWS_ACCESS_KEY_ID=testing", "AWS_SECRET_ACCESS_KEY=testing",
		"AWS_SESSION_TOKEN=testing", "AWS_DEFAULT_REGION=us-east-1", "AWS_CONFIG_FILE=/dev/null",
		"AWS_SHARED_CREDENTIALS_FILE=/dev/null", "NO_PROXY=127.0.0.1", "no_proxy=127.0.0.1")
	out, err := cmd.Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("driver: %v\n%s%s", err, out, stderr)
	}
	var results []lookupResult
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		var r lookupResult
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("driver output %q: %v", sc.Text(), err)
		}
		results = append(results, r)
	}
	if len(results) != 3 {
		t.Fatalf("%d results, want 3:\n%s", len(results), out)
	}

	create := results[0]
	if create.Response.Status != "SUCCESS" {
		t.Fatalf("Create: %+v", create.Response)
	}
	want := append([]string(nil), create.IPs...)
	sort.Slice(want, func(i, j int) bool { return ipLess(want[i], want[j]) })
	if len(want) != 3 {
		t.Fatalf("moto reports %d addresses for 3 subnets", len(want))
	}
	got := create.Response.Data
	if len(got) != len(want) {
		t.Errorf("Data %v, want %d addresses", got, len(want))
	}
	for i, ip := range want {
		if got[fmt.Sprintf("IP%d", i)] != ip {
			t.Errorf("IP%d = %q, want %q (all: %v)", i, got[fmt.Sprintf("IP%d", i)], ip, got)
		}
	}
	if create.Response.RequestId != "req-Create" || create.Response.LogicalResourceId != "EndpointIps" || !strings.HasPrefix(create.Response.PhysicalResourceId, "endpoint-eni-ips:eni-") {
		t.Errorf("Create response %+v", create.Response)
	}

	update := results[1] // expects one address more than there are
	if update.Response.Status != "FAILED" || !strings.Contains(update.Response.Reason, "the endpoint has 3 network interfaces, the target group lists 4") {
		t.Errorf("Update with a wrong count: %+v", update.Response)
	}
	if update.Response.PhysicalResourceId != "endpoint-eni-ips:old" {
		t.Errorf("a failed update changed the physical ID to %q", update.Response.PhysicalResourceId)
	}

	del := results[2]
	if del.Response.Status != "SUCCESS" || del.Response.PhysicalResourceId != "endpoint-eni-ips:old" || len(del.Response.Data) != 0 {
		t.Errorf("Delete: %+v", del.Response)
	}
}

func ipLess(a, b string) bool {
	pa, pb := net.ParseIP(a).To4(), net.ParseIP(b).To4()
	for i := range pa {
		if pa[i] != pb[i] {
			return pa[i] < pb[i]
		}
	}
	return false
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func waitFor(t *testing.T, url string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(url + "/moto-api/")
		if err == nil {
			resp.Body.Close()
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("moto_server did not answer on %s", url)
}
