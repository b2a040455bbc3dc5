package terraform_test

import (
	"strings"
	"testing"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/loader"
	"github.com/papilint/papilint/internal/model/pattern"
)

// The fixtures under testdata/plan are real terraform plan output
// (scripts/regen-tf-plans).

// TestPlanWithConfiguration: a plan beside its configuration replaces what
// the configuration alone gives; nodes keep the .tf ranges.
func TestPlanWithConfiguration(t *testing.T) {
	res, err := loader.Load([]string{"testdata/plan/conforming"}, loader.Options{Root: "testdata/plan/conforming"})
	if err != nil {
		t.Fatal(err)
	}
	noErrors(t, res)
	for _, n := range res.Graph.Nodes() {
		if n.File == nil || n.File.Rel != "main.tf" {
			t.Errorf("%s comes from %v, want main.tf", n.Name, n.File)
		}
	}
	att := node(t, res, "aws_lb_target_group_attachment.vpce[1]")
	id := att.Prop("TargetId")
	if show(id) != "<data.aws_network_interface.vpce[1]>" || text(id.Range) != "data.aws_network_interface.vpce[count.index].private_ip" {
		t.Errorf("TargetId %s at %q", show(id), text(id.Range))
	}
	lb := node(t, res, "aws_lb.internal")
	if s := lb.Prop("Scheme"); show(s) != "internal" || text(s.Range) != "true" || s.Prov != graph.Literal {
		t.Errorf("Scheme %s at %q (%s)", show(s), text(s.Range), s.Prov)
	}
	// A value only the plan knows (a provider default) points at the
	// resource's labels.
	for _, a := range lb.Prop("LoadBalancerAttributes").Items() {
		if k, _ := a.Get("Key").String(); k == "idle_timeout.timeout_seconds" {
			if v := a.Get("Value"); show(v) != "60" || text(v.Range) != `resource "aws_lb" "internal"` {
				t.Errorf("idle timeout %s at %q", show(v), text(v.Range))
			}
		}
	}
	pol := node(t, res, "aws_api_gateway_rest_api_policy.api").Prop("Policy")
	if !strings.Contains(show(pol), "aws:SourceVpce=<aws_vpc_endpoint.execute_api>") {
		t.Errorf("a policy unknown until apply keeps the configuration's structure: %s", show(pol))
	}
	insts := pattern.Detect(res.Graph).Instances
	if len(insts) != 1 || !insts[0].Strong || len(insts[0].Domains) != 1 {
		t.Errorf("pattern instances: %+v", insts)
	}
}

// TestPlanOnly: a plan whose configuration is not in the scan stands on
// its own: nodes point into the plan file, references come from its
// configuration section, across module calls.
func TestPlanOnly(t *testing.T) {
	f := "testdata/plan/modules-plan-only.tfplan.json"
	res, err := loader.Load([]string{f}, loader.Options{Root: "testdata/plan"})
	if err != nil {
		t.Fatal(err)
	}
	noErrors(t, res)
	lb := node(t, res, "module.alb.aws_lb.internal")
	if lb.File.Rel != "modules-plan-only.tfplan.json" || text(lb.Header) != `"module.alb.aws_lb.internal"` {
		t.Errorf("node from %s at %q", lb.File.Rel, text(lb.Header))
	}
	if s := lb.Prop("Scheme"); show(s) != "internal" || text(s.Range) != "true" {
		t.Errorf("Scheme %s at %q", show(s), text(s.Range))
	}
	att := node(t, res, "module.alb.aws_lb_target_group_attachment.vpce[0]")
	if got := show(att.Prop("TargetId")); got != "<modules-plan-only.tfplan.json#module.network.data.aws_network_interface.vpce[0]>" {
		t.Errorf("TargetId through a module output and a variable: %s", got)
	}
	insts := pattern.Detect(res.Graph).Instances
	if len(insts) != 1 || !insts[0].Strong || len(insts[0].Domains) != 1 {
		t.Errorf("pattern instances: %+v", insts)
	}
}

// TestPlanWithModules: a plan beside a configuration with child modules.
func TestPlanWithModules(t *testing.T) {
	res, err := loader.Load([]string{"testdata/plan/modules"}, loader.Options{Root: "testdata/plan/modules"})
	if err != nil {
		t.Fatal(err)
	}
	noErrors(t, res)
	att := node(t, res, "module.alb.aws_lb_target_group_attachment.vpce[1]")
	if att.File.Rel != "modules/alb/main.tf" {
		t.Errorf("attachment from %s", att.File.Rel)
	}
	insts := pattern.Detect(res.Graph).Instances
	if len(insts) != 1 || !insts[0].Strong {
		t.Errorf("pattern instances: %+v", insts)
	}
}

// TestNotAPlan: other terraform show -json output is reported, not read.
func TestNotAPlan(t *testing.T) {
	res, _ := scan(t, map[string]string{"state.json": `{"format_version":"1.0","terraform_version":"1.11.4","values":{"root_module":{}}}`})
	if got := strings.Join(diags(res, ""), "\n"); !strings.Contains(got, "note: state.json: this is terraform show -json output but not of a plan") {
		t.Errorf("diagnostics: %s", got)
	}
}

// TestPlanAfterApply: a plan made once the endpoint exists (against the
// moto emulator) knows the ENI addresses; a known target address still
// remembers the lookup it came from, so the target group stays linked to
// the endpoint.
func TestPlanAfterApply(t *testing.T) {
	dir := "../../../rules/papi030/testdata/tf-plan-applied"
	res, err := loader.Load([]string{dir}, loader.Options{Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	noErrors(t, res)
	id := node(t, res, "aws_lb_target_group_attachment.api[0]").Prop("TargetId")
	if !id.IsKnown() || id.Ref == nil || id.Ref.Node != "data.aws_network_interface.api[0]" || text(id.Range) != "data.aws_network_interface.api[count.index].private_ip" {
		t.Errorf("TargetId %s (ref %v) at %q", show(id), id.Ref, text(id.Range))
	}
	eni := node(t, res, "data.aws_network_interface.api[0]").Prop("Id")
	if !eni.IsKnown() || eni.Ref == nil || eni.Ref.Node != "aws_vpc_endpoint.api" {
		t.Errorf("ENI id %s (ref %v)", show(eni), eni.Ref)
	}
	insts := pattern.Detect(res.Graph).Instances
	if len(insts) != 1 || !insts[0].Strong || insts[0].Endpoint.Name != "aws_vpc_endpoint.api" {
		t.Errorf("pattern instances: %+v", insts)
	}
}
