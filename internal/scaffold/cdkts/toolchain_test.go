package cdkts

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/driver"
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/loader"
	"github.com/papilint/papilint/internal/model/pattern"
	"github.com/papilint/papilint/internal/scaffold"
	"github.com/papilint/papilint/rules"
)

// testZone is the hosted zone handed to apps that take it from the context.
const testZone = "Z0123456789TESTZONE"

// TestToolchain runs each generated app through the real tools, offline and
// without an AWS account: `npm ci` on the generated package.json and
// package-lock.json (the first case; the others share its node_modules
// through a link), the TypeScript compiler, synthesis (the first case with
// `cdk synth`, which runs cdk.json's build and app commands; the others
// with the compiled app and CDK_OUTDIR, as the CLI runs it), then
// papilint's loader, models and rules on the cloud assembly. It wants no
// error or warning, from CDK or papilint, and the pattern model must see
// the whole instance.
func TestToolchain(t *testing.T) {
	for _, tool := range []string{"node", "npm", "npx"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed: skipping npm ci, tsc and cdk synth of the generated apps", tool)
		}
	}
	if testing.Short() {
		t.Skip("-short: skipping npm ci, tsc and cdk synth of the generated apps")
	}
	root := t.TempDir()
	modules := ""
	for i, c := range cases {
		ok := t.Run(c.name, func(t *testing.T) {
			o := c.opts
			if i == 0 {
				// npm ci must accept the lockfile whatever the name.
				o.Name = "lockfile-name-check"
			}
			dir := filepath.Join(root, c.name)
			for _, f := range generate(t, o) {
				p := filepath.Join(dir, filepath.FromSlash(f.Path))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, f.Data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			env := offlineEnv(t, root)
			if modules == "" {
				run(t, dir, env, "npm", "ci", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error")
				modules = filepath.Join(dir, "node_modules")
			} else if err := os.Symlink(modules, filepath.Join(dir, "node_modules")); err != nil {
				t.Fatal(err)
			}
			var ctx []string
			if o.HostedZoneID == "" {
				ctx = []string{"-c", "hostedZoneId=" + testZone}
			}
			if i == 0 {
				run(t, dir, env, "npx", "tsc", "--noEmit")
				run(t, dir, env, "npx", append([]string{"cdk", "synth", "--no-notices", "--no-version-reporting", "-q"}, ctx...)...)
				if len(ctx) > 0 {
					// Without the zone the app stops and says what to pass.
					cmd := exec.Command("node", "--enable-source-maps", "dist/bin/app.js")
					cmd.Dir = dir
					cmd.Env = append(env, "CDK_OUTDIR="+filepath.Join(root, "no-zone.out"))
					out, err := cmd.CombinedOutput()
					if err == nil || !bytes.Contains(out, []byte("cdk deploy -c hostedZoneId=Z...")) {
						t.Errorf("app without a hosted zone: %v\n%s", err, out)
					}
				}
			} else {
				run(t, dir, env, "npx", "tsc")
				synthEnv := append(env, "CDK_OUTDIR="+filepath.Join(dir, "cdk.out"))
				if len(ctx) > 0 {
					synthEnv = append(synthEnv, `CDK_CONTEXT_JSON={"hostedZoneId":"`+testZone+`"}`)
				}
				run(t, dir, synthEnv, "node", "--enable-source-maps", "dist/bin/app.js")
			}
			checkAssembly(t, filepath.Join(dir, "cdk.out"), o)
			if i == len(cases)-1 {
				checkMutant(t, dir, env, o)
			}
		})
		if !ok && modules == "" {
			t.Fatal("npm ci failed; the other cases need its node_modules")
		}
	}
}

// checkMutant breaks one thing in a generated app (the health-check
// matcher) and expects papilint to say so, once, at the line of the
// TypeScript stack that creates the target group: the scan reads the
// generated stacks, and source maps carry its positions back to the source.
func checkMutant(t *testing.T, dir string, env []string, o scaffold.Options) {
	t.Helper()
	if err := o.Validate(); err != nil {
		t.Fatal(err)
	}
	rel := "lib/" + o.Name + "-stack.ts"
	src, err := os.ReadFile(filepath.Join(dir, rel))
	if err != nil {
		t.Fatal(err)
	}
	mutant := bytes.Replace(src, []byte("healthyHttpCodes: '200,403'"), []byte("healthyHttpCodes: '200'"), 1)
	if bytes.Equal(mutant, src) {
		t.Fatal("no health-check matcher to break")
	}
	line := 1 + bytes.Count(mutant[:bytes.Index(mutant, []byte("new elbv2.ApplicationTargetGroup("))], []byte("\n"))
	if err := os.WriteFile(filepath.Join(dir, rel), mutant, 0o644); err != nil {
		t.Fatal(err)
	}
	defer os.WriteFile(filepath.Join(dir, rel), src, 0o644)
	run(t, dir, env, "npx", "tsc")
	out := filepath.Join(dir, "mutant.out")
	synthEnv := append(env, "CDK_OUTDIR="+out)
	if o.HostedZoneID == "" {
		synthEnv = append(synthEnv, `CDK_CONTEXT_JSON={"hostedZoneId":"`+testZone+`"}`)
	}
	run(t, dir, synthEnv, "node", "--enable-source-maps", "dist/bin/app.js")
	lr, err := loader.Load([]string{out}, loader.Options{Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	res := driver.Run(lr.Graph, rules.All(), driver.Options{})
	var got []string
	for _, f := range res.Findings {
		if f.Severity >= analysis.Warning {
			got = append(got, fmt.Sprintf("%s:%d %s", f.Range.File.Rel, f.Range.Start.Line, f.Rule.Name))
		}
	}
	want := []string{fmt.Sprintf("%s:%d tg-health-check-matcher-excludes-403", rel, line)}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("findings on the broken app: %q, want %q", got, want)
	}
}

// offlineEnv keeps the CDK CLI from reaching the network or the user's
// ~/.cdk: no telemetry, no version check, no instance metadata.
func offlineEnv(t *testing.T, root string) []string {
	env := os.Environ()
	return append(env,
		"CDK_HOME="+filepath.Join(root, ".cdk-home"),
		"CDK_DISABLE_VERSION_CHECK=true",
		"CDK_DISABLE_CLI_TELEMETRY=true",
		"AWS_EC2_METADATA_DISABLED=true",
		"AWS_ACCESS_KEY_ID=", "AWS_SECRET_ACCESS_KEY=", "AWS_SESSION_TOKEN=", "AWS_PROFILE=",
		"AWS_CONFIG_FILE="+filepath.Join(root, "no-aws-config"),
		"AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(root, "no-aws-credentials"),
	)
}

func run(t *testing.T, dir string, env []string, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = env
	start := time.Now()
	out, err := cmd.CombinedOutput()
	t.Logf("%s %s: %.1fs", name, strings.Join(args, " "), time.Since(start).Seconds())
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	if bytes.Contains(out, []byte("[Warning at")) || bytes.Contains(out, []byte("[Error at")) {
		t.Errorf("%s %s printed CDK annotations:\n%s", name, strings.Join(args, " "), out)
	}
}

// checkAssembly scans the assembly in process, as `papilint scan` does,
// and checks what CDK wrote and what papilint understood of it.
func checkAssembly(t *testing.T, out string, o scaffold.Options) {
	t.Helper()
	if err := o.Validate(); err != nil {
		t.Fatal(err)
	}
	manifest, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{`"aws:cdk:warning"`, `"aws:cdk:error"`} {
		if bytes.Contains(manifest, []byte(kind)) {
			t.Errorf("the assembly carries %s annotations", kind)
		}
	}

	lr, err := loader.Load([]string{out}, loader.Options{Root: filepath.Dir(out)})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range lr.Diagnostics {
		t.Errorf("loader: %s %s", d.Severity, d.Error())
	}
	res := driver.Run(lr.Graph, rules.All(), driver.Options{})
	for _, n := range res.Notifications {
		t.Errorf("notification: %s", n)
	}
	for _, f := range res.Findings {
		msg := f.Range.File.Rel + ": [" + f.Rule.Name + "] " + f.Message
		if f.Severity >= analysis.Warning {
			t.Errorf("finding: %s", msg)
		} else {
			t.Logf("note: %s", msg)
		}
	}

	// The pattern model sees one strong instance: the load balancer, its
	// HTTPS listener, the target group whose targets are the endpoint's
	// ENI addresses (one per zone, in order), the domain, and the record.
	g := lr.Graph
	m := pattern.Detect(g)
	if len(m.Instances) != 1 {
		t.Fatalf("pattern instances: %d, want 1", len(m.Instances))
	}
	inst := m.Instances[0]
	if !inst.Strong || inst.Endpoint == nil || inst.Endpoint.Kind != graph.VPCEndpoint {
		t.Fatalf("instance not linked to an endpoint through its ENIs: %+v", inst)
	}
	var idx []int
	for _, e := range inst.ENITargets {
		idx = append(idx, e.Index)
	}
	wantIdx := make([]int, o.AZCount)
	for i := range wantIdx {
		wantIdx[i] = i
	}
	if !reflect.DeepEqual(idx, wantIdx) {
		t.Errorf("ENI targets %v, want %v", idx, wantIdx)
	}
	https := false
	for _, l := range inst.Listeners {
		p, _ := l.Prop("Protocol").String()
		https = https || p == "HTTPS"
	}
	if !https {
		t.Error("no HTTPS listener forwards to the target group")
	}
	domains := 0
	for _, d := range inst.Domains {
		if s, _ := d.Prop("DomainName").String(); s == o.Domain {
			domains++
		}
	}
	if domains != 1 {
		t.Errorf("domains served by the load balancer: %d named %s, want 1", domains, o.Domain)
	}
	records := 0
	for _, rs := range pattern.RecordSets(g) {
		if s, _ := rs.Name().String(); s == o.Domain+"." && rs.PointsAt(inst.LoadBalancer) {
			records++
		}
	}
	if records != 1 {
		t.Errorf("records for %s pointing at the load balancer: %d, want 1", o.Domain, records)
	}

	// What the template says about the network, read as plain JSON.
	tmpl := readTemplate(t, filepath.Join(out, o.Name+".template.json"))
	var cidrs, endpointSubnets []string
	var tgVPC any
	for _, r := range tmpl.Resources {
		switch r.Type {
		case "AWS::EC2::Subnet":
			if s, ok := r.Properties["CidrBlock"].(string); ok {
				cidrs = append(cidrs, s)
			}
		case "AWS::EC2::VPCEndpoint":
			for _, s := range r.Properties["SubnetIds"].([]any) {
				if s, ok := s.(string); ok {
					endpointSubnets = append(endpointSubnets, s)
				}
			}
		case "AWS::ElasticLoadBalancingV2::TargetGroup":
			tgVPC = r.Properties["VpcId"]
		}
	}
	if o.NewVPC() {
		want := o.SubnetCIDRs()
		sort.Strings(cidrs)
		sort.Strings(want)
		if !reflect.DeepEqual(cidrs, want) {
			t.Errorf("subnets %v, want %v", cidrs, want)
		}
	} else {
		if len(cidrs) != 0 {
			t.Errorf("an existing VPC, yet the template creates subnets %v", cidrs)
		}
		if !reflect.DeepEqual(endpointSubnets, o.SubnetIDs) || tgVPC != o.VPCID {
			t.Errorf("endpoint subnets %v and target group VPC %v, want %v and %s", endpointSubnets, tgVPC, o.SubnetIDs, o.VPCID)
		}
		raw, _ := json.Marshal(tmpl)
		if bytes.Contains(raw, []byte("zone-of-")) {
			t.Error("the template uses the placeholder zone labels of the imported subnets")
		}
	}
}

type cfnTemplate struct {
	Resources map[string]struct {
		Type       string
		Properties map[string]any
	}
}

func readTemplate(t *testing.T, path string) cfnTemplate {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var tm cfnTemplate
	if err := json.Unmarshal(data, &tm); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return tm
}
