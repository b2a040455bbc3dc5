package terraform

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/driver"
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/loader"
	"github.com/papilint/papilint/internal/model/pattern"
	"github.com/papilint/papilint/internal/scaffold"
	"github.com/papilint/papilint/rules"
)

// scan loads dir as `papilint scan` does and runs every rule on it.
func scan(t *testing.T, dir string) (*loader.Result, *driver.Result) {
	t.Helper()
	lr, err := loader.Load([]string{dir}, loader.Options{Root: dir})
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	for _, d := range lr.Diagnostics {
		t.Errorf("loader diagnostic: %s:%d: %s: %s", d.File, d.Range.Start.Line, d.Severity, d.Message)
	}
	res := driver.Run(lr.Graph, rules.All(), driver.Options{})
	for _, n := range res.Notifications {
		t.Errorf("notification: %s", n)
	}
	return lr, res
}

func describe(f driver.Finding) string {
	return fmt.Sprintf("%s %s %s:%d: %s", f.Rule.ID, f.Severity, f.Range.File.Rel, f.Range.Start.Line, f.Message)
}

// azCount is the number of subnets a variant's stack has.
func azCount(t *testing.T, o scaffold.Options) int {
	t.Helper()
	if err := o.Validate(); err != nil {
		t.Fatal(err)
	}
	return o.AZCount
}

// TestScanFindsNothing is the issue's "papilint init then papilint scan
// gives no error or warning", for every variant, in-process with the real
// loader, models and rules. It also checks that the pattern model sees one
// instance linked through the endpoint's ENIs, so the silence comes from a
// conforming stack, not from a stack the rules did not understand.
func TestScanFindsNothing(t *testing.T) {
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			dir := t.TempDir()
			files := generate(t, v.opts)
			writeFiles(t, dir, files)
			lr, res := scan(t, dir)
			if lr.Files != len(files)-1 { // every .tf file, not the README
				t.Errorf("loader read %d files, want the %d .tf files", lr.Files, len(files)-1)
			}
			for _, f := range res.Findings {
				if f.Severity >= analysis.Warning {
					t.Errorf("finding: %s", describe(f))
				} else {
					t.Logf("note: %s", describe(f))
				}
			}
			checkInstance(t, lr.Graph, azCount(t, v.opts))
		})
	}
}

// checkInstance asserts that the pattern model finds exactly one instance:
// the ALB, its HTTPS listener, the target group whose targets are the
// endpoint's ENI addresses (one per subnet), and the custom domain.
func checkInstance(t *testing.T, g *graph.Graph, azs int) {
	t.Helper()
	r := pattern.Detect(g)
	if len(r.Instances) != 1 {
		t.Fatalf("pattern instances: %d, want 1", len(r.Instances))
	}
	inst := r.Instances[0]
	if !inst.Strong || inst.Endpoint == nil || inst.Endpoint.Kind != graph.VPCEndpoint {
		t.Fatalf("instance not linked to the endpoint through its ENIs: strong=%v endpoint=%v", inst.Strong, inst.Endpoint)
	}
	if got := len(inst.ENITargets); got != azs {
		t.Errorf("targets read from the endpoint's ENIs: %d, want %d (one per subnet)", got, azs)
	}
	if len(inst.Listeners) != 1 {
		t.Errorf("listeners forwarding to the target group: %d, want 1 (the HTTP one only redirects)", len(inst.Listeners))
	}
	if len(inst.Domains) != 1 {
		t.Errorf("custom domains served by the ALB: %d, want 1", len(inst.Domains))
	}
}

// TestScanSeesMistakes breaks the generated stack in ways the rules must
// notice, proving that they look at it: the same scan that is silent on the
// generated files reports each mistake.
func TestScanSeesMistakes(t *testing.T) {
	for _, v := range []variant{variants[0], variants[3]} {
		count := "var.az_count"
		if v.opts.VPCID != "" {
			count = "length(var.subnet_ids)"
		}
		for _, m := range []struct {
			file, old, new, rule string
		}{
			{"alb.tf", `matcher  = "200,403"`, `matcher  = "200"`, "PAPI043"},
			{"alb.tf", `target_id        = data.aws_network_interface.endpoint[count.index].private_ip`, `target_id        = "10.0.0.10"`, "PAPI045"},
			{"alb.tf", "count            = " + count, "count            = 1", "PAPI044"},
			{"api.tf", "StringNotEquals = {", "StringEquals = {", "PAPI003"},
			{"api.tf", `types = ["PRIVATE"]`, `types = ["REGIONAL"]`, "PAPI001"},
			{"alb.tf", "internal                   = true", "internal                   = false", "PAPI030"},
		} {
			t.Run(v.name+"/"+m.rule, func(t *testing.T) {
				dir := t.TempDir()
				writeFiles(t, dir, generate(t, v.opts))
				p := filepath.Join(dir, m.file)
				data, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				if strings.Count(string(data), m.old) != 1 {
					t.Fatalf("%s does not hold %q exactly once", m.file, m.old)
				}
				if err := os.WriteFile(p, []byte(strings.Replace(string(data), m.old, m.new, 1)), 0o644); err != nil {
					t.Fatal(err)
				}
				_, res := scan(t, dir)
				var got []string
				found := false
				for _, f := range res.Findings {
					got = append(got, describe(f))
					if f.Rule.ID == m.rule && f.Severity >= analysis.Warning {
						found = true
					}
				}
				if !found {
					t.Errorf("after %s: %q -> %q, want a %s finding; got %q", m.file, m.old, m.new, m.rule, got)
				}
			})
		}
	}
}
