package trace_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/papilint/papilint/internal/loader"
	"github.com/papilint/papilint/internal/trace"
)

// repoRoot is the module root, which every fixture path is relative to.
var repoRoot = func() string {
	wd, _ := os.Getwd()
	return filepath.Join(wd, "..", "..")
}()

// Bodies as API Gateway writes them (pattern.md §4).
const (
	forbidden    = `{"message":"Forbidden"}`
	missingToken = `{"message":"Missing Authentication Token"}`
	explicitDeny = `{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:<region>:<account-id>:<api-id>/`
	noPolicy     = "BadRequestException: Private REST API doesn't have a resource policy attached to it"
	badStage     = "Invalid stage identifier specified"
	conflict     = "ConflictException: Only one base path mapping is allowed if the base path is empty"
	tlsMismatch  = "TLS name mismatch at the client"
)

type tcase struct {
	name   string
	path   string // fixture, relative to the repository root
	url    string
	method string
	vars   []string
	kind   trace.OutcomeKind
	status int
	body   string // prefix of the outcome body ("" for none)
	suffix string // suffix of the body, when it matters
	// role is the deciding hop's role; file and line text locate it: the
	// hop must point into file (a suffix of its report path) at a line
	// containing lineText.
	role     trace.Role
	file     string
	lineText string
}

const host = "https://api.internal.example.com"

var tfHost = []string{"api_host=api.internal.example.com"}

var cases = []tcase{
	// 200 on the conforming stacks.
	{name: "cfn conforming", path: "examples/conforming", url: host + "/", kind: trace.Success, status: 200,
		role: trace.Policy, file: "examples/conforming/private-api.yaml", lineText: "Effect: Allow"},
	{name: "cfn json conforming", path: "examples/conforming-json", url: host + "/", kind: trace.Success, status: 200,
		role: trace.Policy, file: "private-api.json", lineText: `"Effect": "Allow"`},
	{name: "cfn split conforming", path: "examples/conforming-split", url: host + "/orders", kind: trace.Success, status: 200,
		role: trace.Policy, file: "conforming-split/api.yaml", lineText: "Effect: Allow"},
	{name: "tf conforming", path: "examples/terraform/conforming", url: host + "/", vars: tfHost, kind: trace.Success, status: 200,
		role: trace.Policy, file: "examples/terraform/conforming/main.tf", lineText: "Effect"},
	{name: "tf conforming papi010", path: "rules/papi010/testdata/tf-conforming.tf", url: host + "/", vars: tfHost, kind: trace.Success, status: 200,
		role: trace.Policy, file: "tf-conforming.tf", lineText: "Allow"},
	{name: "cdk conforming", path: "rules/papi025/testdata/cdk-conforming", url: host + "/", kind: trace.Success, status: 200,
		role: trace.Policy, file: "PrivateApiStack.template.json", lineText: `"Effect": "Allow"`},

	// 403 Missing Authentication Token: no such route (the stage repeated in
	// the path while the mapping selects it), or IAM auth unsigned.
	{name: "cfn stage in path", path: "examples/conforming", url: host + "/v1/orders", kind: trace.ErrorResponse, status: 403, body: missingToken,
		role: trace.Resource, file: "examples/conforming/private-api.yaml", lineText: "Api:"},
	{name: "cfn no GET method", path: "examples/conforming-split", url: host + "/", kind: trace.ErrorResponse, status: 403, body: missingToken,
		role: trace.Method, file: "conforming-split/api.yaml", lineText: "Api:"},
	{name: "tf stage in path", path: "examples/terraform/conforming", url: host + "/v1/orders", vars: tfHost, kind: trace.ErrorResponse, status: 403, body: missingToken,
		role: trace.Resource, file: "examples/terraform/conforming/main.tf", lineText: `resource "aws_api_gateway_rest_api" "api"`},
	{name: "cdk stage in path", path: "rules/papi025/testdata/cdk-conforming", url: host + "/prod/orders", kind: trace.ErrorResponse, status: 403, body: missingToken,
		role: trace.Resource, file: "PrivateApiStack.template.json", lineText: `"PrivateApi1FA926D9"`},
	{name: "cfn IAM method unsigned", path: "rules/papi005/testdata/all-methods-iam.yaml", url: host + "/", kind: trace.ErrorResponse, status: 403, body: missingToken,
		role: trace.Method, file: "all-methods-iam.yaml", lineText: "AWS_IAM"},

	{name: "tf IAM method unsigned", path: "internal/trace/testdata/tf-iam-method", url: host + "/", vars: tfHost, kind: trace.ErrorResponse, status: 403, body: missingToken,
		role: trace.Method, file: "tf-iam-method/main.tf", lineText: "AWS_IAM"},
	{name: "cdk IAM method unsigned", path: "internal/trace/testdata/cdk-iam-method", url: host + "/", kind: trace.ErrorResponse, status: 403, body: missingToken,
		role: trace.Method, file: "PrivateApiStack.template.json", lineText: `"AWS_IAM"`},

	// 403 explicit deny.
	{name: "cfn explicit deny", path: "rules/papi003/testdata/deny-other-endpoint.yaml", url: host + "/", kind: trace.ErrorResponse, status: 403,
		body: explicitDeny + "v1/GET/ with an explicit deny", role: trace.Policy, file: "deny-other-endpoint.yaml", lineText: "Effect: Deny"},
	{name: "cfn json explicit deny", path: "rules/papi003/testdata/deny-other-endpoint.json", url: host + "/", method: "POST", kind: trace.ErrorResponse, status: 403,
		body: explicitDeny, suffix: "/POST/ with an explicit deny\"}", role: trace.Policy, file: "deny-other-endpoint.json", lineText: `"Effect": "Deny"`},
	{name: "tf explicit deny", path: "rules/papi003/testdata/tf-deny-other-endpoint.tf", url: host + "/", vars: tfHost, kind: trace.ErrorResponse, status: 403,
		body: explicitDeny, suffix: " with an explicit deny\"}", role: trace.Policy, file: "tf-deny-other-endpoint.tf", lineText: "Deny"},
	{name: "cdk explicit deny", path: "rules/papi003/testdata/cdk-deny-other-endpoint", url: host + "/", kind: trace.ErrorResponse, status: 403,
		body: explicitDeny, suffix: " with an explicit deny\"}", role: trace.Policy, file: "PrivateApiStack.template.json", lineText: `"VpcOtherExecuteApi105405C2"`},

	// 403 implicit deny: nothing allows the endpoint.
	{name: "cfn implicit deny", path: "rules/papi003/testdata/allow-other-endpoint-only.yaml", url: host + "/", kind: trace.ErrorResponse, status: 403,
		body: explicitDeny + "v1/GET/\"}", role: trace.Policy, file: "allow-other-endpoint-only.yaml", lineText: "2012-10-17"},
	{name: "cfn deny only", path: "rules/papi005/testdata/deny-only.yaml", url: host + "/", kind: trace.ErrorResponse, status: 403,
		body: explicitDeny, suffix: `/GET/"}`, role: trace.Policy, file: "deny-only.yaml", lineText: "2012-10-17"},
	{name: "tf implicit deny", path: "rules/papi003/testdata/tf-allow-other-endpoint-only.tf", url: host + "/", vars: tfHost, kind: trace.ErrorResponse, status: 403,
		body: explicitDeny, suffix: `/GET/"}`, role: trace.Policy, file: "tf-allow-other-endpoint-only.tf", lineText: "policy"},

	{name: "cdk implicit deny", path: "internal/trace/testdata/cdk-implicit-deny", url: host + "/", kind: trace.ErrorResponse, status: 403,
		body: explicitDeny, suffix: `/GET/"}`, role: trace.Policy, file: "PrivateApiStack.template.json", lineText: `"Statement"`},

	// 403 Forbidden: the domain has no mapping, or no domain has the name.
	{name: "cfn no mapping", path: "rules/papi060/testdata/no-mapping.yaml", url: host + "/", kind: trace.ErrorResponse, status: 403, body: forbidden,
		role: requestpathMapping, file: "no-mapping.yaml", lineText: "ApiDomain:"},
	{name: "tf no mapping", path: "rules/papi060/testdata/tf-no-mapping.tf", url: host + "/", vars: tfHost, kind: trace.ErrorResponse, status: 403, body: forbidden,
		role: requestpathMapping, file: "tf-no-mapping.tf", lineText: `resource "aws_api_gateway_domain_name"`},
	{name: "cdk no mapping", path: "rules/papi060/testdata/cdk-no-mapping", url: host + "/", kind: trace.ErrorResponse, status: 403, body: forbidden,
		role: requestpathMapping, file: "PrivateApiStack.template.json", lineText: `"Domain66AC69E0"`},

	// 403 Forbidden on the default execute-api URL when it is disabled.
	{name: "cfn default endpoint disabled", path: "rules/papi010/testdata/conforming.yaml", url: "https://abc123.execute-api.eu-west-1.amazonaws.com/v1/", kind: trace.ErrorResponse, status: 403, body: forbidden,
		role: trace.DefaultEndpoint, file: "papi010/testdata/conforming.yaml", lineText: "DisableExecuteApiEndpoint: true"},
	{name: "tf default endpoint disabled", path: "rules/papi010/testdata/tf-conforming.tf", url: "https://abc123.execute-api.eu-west-1.amazonaws.com/v1/", kind: trace.ErrorResponse, status: 403, body: forbidden,
		role: trace.DefaultEndpoint, file: "tf-conforming.tf", lineText: "disable_execute_api_endpoint"},
	{name: "cdk default endpoint disabled", path: "rules/papi025/testdata/cdk-conforming", url: "https://abc123.execute-api.eu-west-1.amazonaws.com/prod/", kind: trace.ErrorResponse, status: 403, body: forbidden,
		role: trace.DefaultEndpoint, file: "PrivateApiStack.template.json", lineText: `"DisableExecuteApiEndpoint": true`},

	// A public API's default URL where an execute-api endpoint has private
	// DNS on: from that VPC, 403 Forbidden (checked in TestPrivateDNSCapture).

	// TLS name mismatch at the client.
	{name: "cfn listener certificate", path: "rules/papi052/testdata/listener-certificate-other-name.yaml", url: host + "/", kind: trace.ClientError, body: tlsMismatch,
		role: requestpathListener, file: "listener-certificate-other-name.yaml", lineText: "alb.internal.example.com"},
	{name: "tf listener certificate", path: "rules/papi052/testdata/tf-listener-certificate-other-name.tf.json", url: host + "/", kind: trace.ClientError, body: tlsMismatch,
		role: requestpathListener, file: "tf-listener-certificate-other-name.tf.json", lineText: "alb.internal.example.com"},

	{name: "cdk listener certificate", path: "internal/trace/testdata/cdk-listener-certificate-other-name", url: host + "/", kind: trace.ClientError, body: tlsMismatch,
		role: requestpathListener, file: "PrivateApiStack.template.json", lineText: "alb.internal.example.com"},

	// 502 from the load balancer: the target group speaks HTTP.
	{name: "cfn http target group", path: "internal/trace/testdata/http-target-group.yaml", url: host + "/", kind: trace.ErrorResponse, status: 502,
		role: requestpathTargetGroup, file: "http-target-group.yaml", lineText: "Protocol: HTTP"},
	{name: "tf http target group", path: "internal/trace/testdata/tf-http-target-group", url: host + "/", vars: tfHost, kind: trace.ErrorResponse, status: 502,
		role: requestpathTargetGroup, file: "tf-http-target-group/main.tf", lineText: `"HTTP"`},
	{name: "cdk http target group", path: "internal/trace/testdata/cdk-http-target-group", url: host + "/", kind: trace.ErrorResponse, status: 502,
		role: requestpathTargetGroup, file: "PrivateApiStack.template.json", lineText: `"HTTP"`},

	// 504 from the load balancer: the endpoint's security groups refuse it.
	{name: "cfn endpoint closed", path: "rules/papi025/testdata/other-source-group.yaml", url: host + "/", kind: trace.ErrorResponse, status: 504,
		role: requestpathEndpoint, file: "other-source-group.yaml", lineText: "SecurityGroupIds"},
	{name: "tf endpoint closed", path: "internal/trace/testdata/tf-endpoint-closed", url: host + "/", vars: tfHost, kind: trace.ErrorResponse, status: 504,
		role: requestpathEndpoint, file: "tf-endpoint-closed/main.tf", lineText: "security_group_ids"},
	{name: "cdk endpoint closed", path: "rules/papi025/testdata/cdk-endpoint-closed", url: host + "/", kind: trace.ErrorResponse, status: 504,
		role: requestpathEndpoint, file: "PrivateApiStack.template.json", lineText: `"SecurityGroupIds"`},

	// Deploy-time failures.
	{name: "cfn no policy", path: "rules/papi002/testdata/no-policy.yaml", url: host + "/", kind: trace.DeployFailure, body: noPolicy,
		role: requestpathAPI, file: "no-policy.yaml", lineText: "Api:"},
	{name: "tf no policy", path: "rules/papi002/testdata/tf-no-policy.tf", url: host + "/", vars: tfHost, kind: trace.DeployFailure, body: noPolicy,
		role: requestpathAPI, file: "tf-no-policy.tf", lineText: `resource "aws_api_gateway_rest_api"`},
	{name: "cdk no policy", path: "rules/papi002/testdata/cdk-no-policy", url: host + "/", kind: trace.DeployFailure, body: noPolicy,
		role: requestpathAPI, file: "template.json", lineText: `"PrivateApi1FA926D9"`},
	{name: "cfn mapping names a missing stage", path: "rules/papi061/testdata/stage-literal-prod.yaml", url: host + "/", kind: trace.DeployFailure, body: badStage,
		role: requestpathStage, file: "stage-literal-prod.yaml", lineText: "Api:"},
	{name: "tf mapping names a missing stage", path: "rules/papi061/testdata/tf-stage-literal-prod.tf", url: host + "/", vars: tfHost, kind: trace.DeployFailure, body: badStage,
		role: requestpathStage, file: "tf-stage-literal-prod.tf", lineText: `resource "aws_api_gateway_rest_api"`},
	{name: "cdk mapping names a missing stage", path: "rules/papi061/testdata/cdk-stage-literal-prod", url: host + "/", kind: trace.DeployFailure, body: badStage,
		role: requestpathStage, file: "PrivateApiStack.template.json", lineText: `"PrivateApi1FA926D9"`},

	{name: "cfn second mapping beside an empty base path", path: "internal/trace/testdata/second-mapping.yaml", url: host + "/", kind: trace.DeployFailure, body: conflict,
		role: requestpathMapping, file: "second-mapping.yaml", lineText: "Mapping:"},
	{name: "tf second mapping beside an empty base path", path: "internal/trace/testdata/tf-second-mapping", url: host + "/", vars: tfHost, kind: trace.DeployFailure, body: conflict,
		role: requestpathMapping, file: "tf-second-mapping/main.tf", lineText: `resource "aws_api_gateway_base_path_mapping" "api"`},
	{name: "cdk second mapping beside an empty base path", path: "internal/trace/testdata/cdk-second-mapping", url: host + "/", kind: trace.DeployFailure, body: conflict,
		role: requestpathMapping, file: "PrivateApiStack.template.json", lineText: `"DomainMapPrivateApiStack`},

	// 403 Forbidden: no custom domain of the host's name (no position:
	// nothing in the scan decides it).
	{name: "cfn no domain of that name", path: "rules/papi059/testdata/domain-for-another-name.yaml", url: host + "/", kind: trace.ErrorResponse, status: 403, body: forbidden,
		role: requestpathDomain},
	{name: "cfn json no custom domain", path: "rules/papi059/testdata/no-custom-domain.json", url: host + "/", kind: trace.ErrorResponse, status: 403, body: forbidden,
		role: requestpathDomain},
	{name: "tf no custom domain", path: "rules/papi059/testdata/tf-no-custom-domain.tf", url: host + "/", vars: tfHost, kind: trace.ErrorResponse, status: 403, body: forbidden,
		role: requestpathDomain},

	// Unknown, naming the value that decides.
	{name: "tf host variable unset", path: "examples/terraform/conforming", url: host + "/", kind: trace.Undecided,
		role: requestpathDNS, file: "examples/terraform/conforming/main.tf", lineText: "var.api_host"},
	{name: "tf certificate from a variable", path: "examples/terraform/conforming-modules", url: host + "/", kind: trace.Undecided,
		role: requestpathListener, file: "modules/alb/main.tf", lineText: "certificate_arn"},
	{name: "cfn mapping stage parameter", path: "rules/papi061/testdata/stage-parameter-unknown.yaml", url: host + "/", kind: trace.Undecided,
		role: requestpathMapping, file: "stage-parameter-unknown.yaml", lineText: "StageName"},
	{name: "tf policy condition on a data source", path: "rules/papi003/testdata/tf-endpoint-id-from-data-source.tf", url: host + "/", vars: tfHost, kind: trace.Undecided,
		role: trace.Policy, file: "tf-endpoint-id-from-data-source.tf", lineText: "data.aws_vpc_endpoint.shared"},
	{name: "cfn policy under Fn::If", path: "rules/papi003/testdata/if-one-branch-admits.yaml", url: host + "/", kind: trace.Undecided,
		role: trace.Policy, file: "if-one-branch-admits.yaml", lineText: "!If"},
	{name: "cfn custom authorizer", path: "rules/papi003/testdata/custom-authorizer.yaml", url: host + "/", kind: trace.Undecided,
		role: trace.Method, file: "custom-authorizer.yaml", lineText: "CUSTOM"},
	{name: "cfn targets as parameters", path: "rules/papi003/testdata/targets-as-parameters.yaml", url: host + "/", kind: trace.Undecided,
		role: trace.Targets, file: "targets-as-parameters.yaml", lineText: "EndpointIpA"},
}

// Roles of the shared request path, under short names.
const (
	requestpathDNS         = trace.Role("dns-record")
	requestpathListener    = trace.Role("listener")
	requestpathEndpoint    = trace.Role("vpc-endpoint")
	requestpathMapping     = trace.Role("base-path-mapping")
	requestpathDomain      = trace.Role("custom-domain")
	requestpathStage       = trace.Role("stage")
	requestpathTargetGroup = trace.Role("target-group")
	requestpathAPI         = trace.Role("rest-api")
)

func TestOutcomes(t *testing.T) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := run(t, c.path, c.method, c.url, c.vars)
			o := res.Outcome
			if o.Kind != c.kind || o.Status != c.status {
				t.Fatalf("outcome %s %d (%s), want %s %d\n%s", o.Kind, o.Status, o.Text(), c.kind, c.status, text(res))
			}
			if !strings.HasPrefix(o.Body, c.body) || !strings.HasSuffix(o.Body, c.suffix) {
				t.Errorf("body %q, want prefix %q and suffix %q", o.Body, c.body, c.suffix)
			}
			if o.Hop < 0 || o.Hop >= len(res.Hops) {
				t.Fatalf("no deciding hop\n%s", text(res))
			}
			h := res.Hops[o.Hop]
			if h.Role != c.role {
				t.Errorf("deciding hop %s, want %s\n%s", h.Role, c.role, text(res))
			}
			if c.file == "" {
				if h.At.IsValid() || h.Node != nil {
					t.Errorf("deciding hop points at %v (%v), want nothing", h.At, h.Node)
				}
				return
			}
			if !h.At.IsValid() {
				t.Fatalf("deciding hop has no position\n%s", text(res))
			}
			if !strings.HasSuffix(h.At.File.Rel, c.file) {
				t.Errorf("deciding hop in %s, want %s", h.At.File.Rel, c.file)
			}
			// The deciding value starts on a line that holds lineText, or
			// (a JSON statement opening with "{") its first lines do.
			head := h.At.Text()
			if len(head) > 300 {
				head = head[:300]
			}
			if line := h.At.File.Line(int(h.At.Start.Line)); !strings.Contains(line, c.lineText) && !strings.Contains(head, c.lineText) {
				t.Errorf("deciding hop at %s:%d %q, want it to hold %q", h.At.File.Rel, h.At.Start.Line, line, c.lineText)
			}
			if c.kind == trace.Undecided && !strings.Contains(o.Summary, "depends on") && !strings.Contains(o.Summary, "not known") && !strings.Contains(o.Summary, "decide") {
				t.Errorf("unknown outcome does not name what decides it: %q", o.Summary)
			}
		})
	}
}

func run(t *testing.T, path, method, rawURL string, vars []string) trace.Result {
	t.Helper()
	lr, err := loader.Load([]string{filepath.Join(repoRoot, path)}, loader.Options{Root: repoRoot, Vars: vars})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range lr.Diagnostics {
		if d.Severity == "error" {
			t.Fatalf("load: %v", d)
		}
	}
	req, err := trace.ParseRequest(method, rawURL)
	if err != nil {
		t.Fatal(err)
	}
	return trace.Run(lr.Graph, req)
}

func text(r trace.Result) string {
	var b strings.Builder
	_ = trace.WriteText(&b, r, false)
	return b.String()
}

func TestParseRequest(t *testing.T) {
	good := []struct{ method, url, host, path string }{
		{"", "https://API.Example.com./a/b?x=1", "api.example.com", "/a/b"},
		{"post", "http://api.example.com", "api.example.com", "/"},
	}
	for _, g := range good {
		r, err := trace.ParseRequest(g.method, g.url)
		if err != nil || r.Host != g.host || r.Path != g.path {
			t.Errorf("ParseRequest(%q, %q) = %+v, %v", g.method, g.url, r, err)
		}
	}
	for _, bad := range [][2]string{{"GET", "api.example.com/x"}, {"GET", "ftp://a/b"}, {"G T", "https://a/"}, {"GET", "https://a:99999/"}, {"GET", "https:///x"}} {
		if _, err := trace.ParseRequest(bad[0], bad[1]); err == nil {
			t.Errorf("ParseRequest(%q, %q) accepted", bad[0], bad[1])
		}
	}
}

// TestRouteMatching: literal path parts win over {param}, which wins over
// a greedy {proxy+}; ANY answers every method without one of its own.
func TestRouteMatching(t *testing.T) {
	for _, c := range []struct {
		method, path string
		status       int
		body         string
	}{
		{"GET", "/orders", 200, ""},
		{"GET", "/orders/42", 200, ""},
		{"DELETE", "/orders/42", 403, missingToken},
		{"POST", "/orders", 200, ""},
		{"GET", "/files/a/b/c", 0, "the backend answers"},
		{"GET", "/nothing", 403, missingToken},
	} {
		res := run(t, "internal/trace/testdata/routes.yaml", c.method, host+c.path, nil)
		if res.Outcome.Status != c.status || res.Outcome.Body != c.body {
			t.Errorf("%s %s: %d %q, want %d %q\n%s", c.method, c.path, res.Outcome.Status, res.Outcome.Body, c.status, c.body, text(res))
		}
	}
}

func TestDeterministic(t *testing.T) {
	var first string
	for i := 0; i < 3; i++ {
		res := run(t, "examples/conforming", "GET", host+"/", nil)
		var b strings.Builder
		if err := trace.WriteJSON(&b, res); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = b.String()
		} else if b.String() != first {
			t.Fatal("two traces of the same input differ")
		}
	}
}

// TestGreedyStageInPath: with a greedy resource the stage repeated in the
// path does not fail; it reaches the backend (pattern.md §4), and the trace
// notes it.
func TestGreedyStageInPath(t *testing.T) {
	res := run(t, "internal/trace/testdata/routes.yaml", "GET", host+"/files/v1/x", nil)
	if res.Outcome.Kind != trace.Success || res.Outcome.Body != "the backend answers" {
		t.Fatalf("outcome %s %q\n%s", res.Outcome.Kind, res.Outcome.Body, text(res))
	}
	res = run(t, "internal/trace/testdata/proxy-root.yaml", "GET", host+"/v1/orders", nil)
	if res.Outcome.Kind != trace.Success || res.Outcome.Body != "the backend answers" {
		t.Fatalf("outcome %s %q\n%s", res.Outcome.Kind, res.Outcome.Body, text(res))
	}
	noted := false
	for _, h := range res.Hops {
		if h.Role == trace.Resource && h.Verdict == trace.Note && strings.Contains(h.Explanation, "reaches the backend") {
			noted = true
		}
	}
	if !noted {
		t.Errorf("no note on the stage in the path\n%s", text(res))
	}
}

// TestListenerRules: rules are tried by priority; a rule for another host
// does not match, a path rule with a fixed response answers itself.
func TestListenerRules(t *testing.T) {
	res := run(t, "internal/trace/testdata/listener-rules.yaml", "GET", host+"/internal/x", nil)
	o := res.Outcome
	if o.Kind != trace.ErrorResponse || o.Status != 404 || o.Body != "not here" || res.Hops[o.Hop].Role != trace.Role("listener-rule") || res.Hops[o.Hop].Node.Name != "Blocked" {
		t.Errorf("outcome %s %d %q\n%s", o.Kind, o.Status, o.Body, text(res))
	}
	res = run(t, "internal/trace/testdata/listener-rules.yaml", "GET", host+"/", nil)
	if res.Outcome.Kind != trace.Success {
		t.Errorf("outcome %s\n%s", res.Outcome.Kind, text(res))
	}
}

// TestThen: an unknown outcome says what a later hop makes of the request
// when the unknown value turns out right.
func TestThen(t *testing.T) {
	res := run(t, "rules/papi003/testdata/targets-as-parameters.yaml", "GET", host+"/v1/orders", nil)
	o := res.Outcome
	if o.Kind != trace.Undecided || o.Then != "403 "+missingToken {
		t.Errorf("outcome %s, then %q; want unknown, then %s\n%s", o.Kind, o.Then, missingToken, text(res))
	}
}

// TestUnhealthyTargetsFailOpen: a matcher without 403 makes every target
// unhealthy; the load balancer fails open, so the request still succeeds,
// with a note on the target group.
func TestUnhealthyTargetsFailOpen(t *testing.T) {
	res := run(t, "internal/trace/testdata/matcher-200.yaml", "GET", host+"/", nil)
	if res.Outcome.Kind != trace.Success {
		t.Fatalf("outcome %s\n%s", res.Outcome.Kind, text(res))
	}
	for _, h := range res.Hops {
		if h.Role == trace.Role("target-group") && h.Verdict == trace.Note && strings.Contains(h.Explanation, "failing open") &&
			strings.Contains(h.At.File.Line(int(h.At.Start.Line)), `HttpCode: "200"`) {
			return
		}
	}
	t.Errorf("no note on the matcher\n%s", text(res))
}

// TestEveryRuleCase traces a few requests through every rule test case
// (rules/*/testdata, policies/*/testdata): no panic, an outcome with a
// kind, a deciding hop inside the trace, and an unknown outcome that says
// what it rests on.
func TestEveryRuleCase(t *testing.T) {
	var cases []string
	for _, pat := range []string{"rules/*/testdata/*", "policies/*/testdata/*", "examples/*", "examples/terraform/*"} {
		m, _ := filepath.Glob(filepath.Join(repoRoot, pat))
		cases = append(cases, m...)
	}
	if len(cases) < 100 {
		t.Fatalf("only %d cases found", len(cases))
	}
	urls := []string{host + "/", host + "/v1/orders/42?x=1", "https://abc.execute-api.eu-west-1.amazonaws.com/v1/", "http://api.internal.example.com:8080/a"}
	for _, c := range cases {
		if strings.HasSuffix(c, ".want") || strings.HasSuffix(c, ".md") {
			continue
		}
		lr, err := loader.Load([]string{c}, loader.Options{Root: repoRoot})
		if err != nil {
			continue // not a case the loader takes on its own
		}
		for _, u := range urls {
			req, err := trace.ParseRequest("GET", u)
			if err != nil {
				t.Fatal(err)
			}
			res := trace.Run(lr.Graph, req)
			o := res.Outcome
			if o.Kind == "" || o.Hop >= len(res.Hops) || (o.Kind != trace.Undecided && o.Hop < 0) {
				t.Errorf("%s %s: outcome %+v with %d hops", c, u, o, len(res.Hops))
			}
			if o.Kind == trace.Undecided && o.Summary == "" {
				t.Errorf("%s %s: unknown outcome without a reason", c, u)
			}
		}
	}
}

// BenchmarkRun measures one trace on the conforming example, loading
// excluded.
func BenchmarkRun(b *testing.B) {
	lr, err := loader.Load([]string{filepath.Join(repoRoot, "examples/conforming")}, loader.Options{Root: repoRoot})
	if err != nil {
		b.Fatal(err)
	}
	req, _ := trace.ParseRequest("GET", host+"/")
	for b.Loop() {
		trace.Run(lr.Graph, req)
	}
}

// TestPrivateDNSCapture: a REGIONAL API's default URL, with an execute-api
// endpoint whose private DNS is on in the scan: where the client is decides
// (unknown), and from that VPC the answer is 403 Forbidden, pointing at the
// endpoint's PrivateDnsEnabled.
func TestPrivateDNSCapture(t *testing.T) {
	for _, c := range []struct {
		name, path, url string
		vars            []string
		file, lineText  string
	}{
		{"cfn", "internal/trace/testdata/private-dns-regional.yaml", "https://abc123.execute-api.eu-west-1.amazonaws.com/v1/", nil,
			"private-dns-regional.yaml", "PrivateDnsEnabled: true"},
		{"tf", "internal/trace/testdata/tf-private-dns-regional", "https://abc123.execute-api.eu-west-1.amazonaws.com/v1/", tfHost,
			"tf-private-dns-regional/main.tf", "private_dns_enabled = true"},
		{"cdk", "internal/trace/testdata/cdk-private-dns-regional", "https://abc123.execute-api.eu-west-1.amazonaws.com/prod/", nil,
			"PrivateApiStack.template.json", `"PrivateDnsEnabled": true`},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := run(t, c.path, "GET", c.url, c.vars)
			o := res.Outcome
			if o.Kind != trace.Undecided || o.Then != "403 "+forbidden {
				t.Fatalf("outcome %s, then %q; want unknown, then 403 %s\n%s", o.Kind, o.Then, forbidden, text(res))
			}
			h := res.Hops[o.Hop]
			if !h.At.IsValid() {
				t.Fatalf("deciding hop has no position\n%s", text(res))
			}
			line := h.At.File.Line(int(h.At.Start.Line))
			if h.Role != requestpathEndpoint || !strings.HasSuffix(h.At.File.Rel, c.file) || !strings.Contains(line, c.lineText) {
				t.Errorf("deciding hop %s at %s:%d (%q); want %s in %s at a line with %q\n%s", h.Role, h.At.File.Rel, h.At.Start.Line, line, requestpathEndpoint, c.file, c.lineText, text(res))
			}
			if !strings.Contains(o.Summary, "decides") {
				t.Errorf("unknown outcome does not name what decides it: %q", o.Summary)
			}
		})
	}
}

// TestIdleTimeoutNote: a request that reaches an integration which may wait
// longer than the load balancer's idle timeout still succeeds, with a note
// on the method naming the 504 a slow backend gets from the load balancer;
// a MOCK integration or a short enough timeout gets no note.
func TestIdleTimeoutNote(t *testing.T) {
	for _, c := range []struct {
		name, path, url string
		vars            []string
		want            string // substring of the note; "" for no note
		file, lineText  string
	}{
		{"cfn long integration timeout", "rules/papi080/testdata/long-integration-timeout.yaml", host + "/", nil,
			"may wait 90000 ms, longer than the 60 s idle timeout", "long-integration-timeout.yaml", "TimeoutInMillis: 90000"},
		{"tf short idle timeout", "internal/trace/testdata/tf-short-idle-timeout", host + "/", tfHost,
			"may wait 29000 ms, longer than the 20 s idle timeout", "tf-short-idle-timeout/main.tf", `resource "aws_api_gateway_integration"`},
		{"cdk short idle timeout", "rules/papi080/testdata/cdk-short-idle-timeout", host + "/orders", nil,
			"may wait 29000 ms, longer than the 20 s idle timeout", "PrivateApiStack.template.json", `"PrivateApiordersGET`},
		{"cfn conforming", "examples/conforming", host + "/", nil, "", "", ""},
		{"cdk mock integration", "rules/papi080/testdata/cdk-short-idle-timeout", host + "/", nil, "", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := run(t, c.path, "GET", c.url, c.vars)
			if !res.Success() {
				t.Fatalf("outcome %s, want success\n%s", res.Outcome.Text(), text(res))
			}
			var note *trace.Hop
			for i, h := range res.Hops {
				if h.Verdict == trace.Note && strings.Contains(h.Explanation, "idle timeout") {
					note = &res.Hops[i]
				}
			}
			if c.want == "" {
				if note != nil {
					t.Fatalf("unexpected note %q\n%s", note.Explanation, text(res))
				}
				return
			}
			if note == nil || !strings.Contains(note.Explanation, c.want) || !strings.Contains(note.Explanation, "504") {
				t.Fatalf("no idle-timeout note containing %q\n%s", c.want, text(res))
			}
			line := note.At.File.Line(int(note.At.Start.Line))
			if !strings.HasSuffix(note.At.File.Rel, c.file) || !strings.Contains(line, c.lineText) {
				t.Errorf("note at %s:%d %q, want %s at a line with %q", note.At.File.Rel, note.At.Start.Line, line, c.file, c.lineText)
			}
		})
	}
}
