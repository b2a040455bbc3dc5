package terraform_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/loader"
	"github.com/papilint/papilint/internal/model/pattern"
)

// TestModules: local child modules are loaded once, as children, with the
// arguments of each instance; outputs flow back; addresses carry the
// module path.
func TestModules(t *testing.T) {
	res, _ := scan(t, map[string]string{
		"main.tf": `module "api" {
  source = "./modules/api"
  name   = "orders"
}
module "albs" {
  source   = "./modules/alb"
  for_each = { a = true, b = false }
  internal = each.value
  api_id   = module.api.id
}
module "counted" {
  source   = "./modules/alb"
  count    = 1
  internal = true
  api_id   = "x"
}
`,
		"modules/api/main.tf": `variable "name" { type = string }
resource "aws_api_gateway_rest_api" "this" {
  name = var.name
  endpoint_configuration { types = ["PRIVATE"] }
}
output "id" { value = aws_api_gateway_rest_api.this.id }
`,
		"modules/alb/main.tf": `variable "internal" { type = bool }
variable "api_id" { type = string }
resource "aws_lb" "this" {
  internal = var.internal
  name     = var.api_id
}
`,
	})
	noErrors(t, res)
	got := strings.Join(names(res), " ")
	want := `module.albs["a"].aws_lb.this module.albs["b"].aws_lb.this module.api.aws_api_gateway_rest_api.this module.counted[0].aws_lb.this`
	if got != want {
		t.Fatalf("nodes:\n%s\nwant\n%s", got, want)
	}
	b := node(t, res, `module.albs["b"].aws_lb.this`)
	s := b.Prop("Scheme")
	if show(s) != "internet-facing" || text(s.Range) != "var.internal" || s.Range.File.Rel != "modules/alb/main.tf" || text(s.Origin) != "false" {
		t.Errorf("Scheme %s at %s %q, origin %q", show(s), s.Range.File.Rel, text(s.Range), text(s.Origin))
	}
	if got := show(b.Prop("Name")); got != "<module.api.aws_api_gateway_rest_api.this>" {
		t.Errorf("an output of another module: %s", got)
	}
	if n := node(t, res, "module.api.aws_api_gateway_rest_api.this"); show(n.Prop("Name")) != "orders" {
		t.Errorf("argument: %s", show(n.Prop("Name")))
	}
}

// TestModuleProblems: cycles, sources outside the scanned tree, missing
// directories and remote modules that are not installed.
func TestModuleProblems(t *testing.T) {
	res, _ := scan(t, map[string]string{
		"root/main.tf": `module "a" { source = "../a" }
module "outside" { source = "../../elsewhere" }
module "missing" { source = "./nope" }
module "remote" { source = "terraform-aws-modules/alb/aws" }
resource "aws_lb" "r" { internal = true }
`,
		"a/main.tf": `module "b" { source = "../b" }`,
		"b/main.tf": `module "a" { source = "../a" }`,
	})
	all := strings.Join(diags(res, ""), "\n")
	for _, want := range []string{
		`error: root/main.tf:2:29: module module.outside: source "../../elsewhere" lies outside the scanned tree`,
		`warning: root/main.tf:3:29: module module.missing: source "./nope" is not a directory`,
		`note: root/main.tf:4:28: module module.remote (source "terraform-aws-modules/alb/aws") is not installed; run terraform init`,
		`error: b/main.tf:1:23: module cycle: module.a.module.b.module.a calls itself through root → a → b → a`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, all)
		}
	}
	node(t, res, "aws_lb.r")
}

// TestInstalledRemoteModule: a registry module is read from where
// terraform init installed it.
func TestInstalledRemoteModule(t *testing.T) {
	res, _ := scan(t, map[string]string{
		"main.tf": `module "alb" {
  source   = "terraform-aws-modules/alb/aws"
  version  = "9.0.0"
  internal = false
}
`,
		".terraform/modules/modules.json": `{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"alb","Source":"registry.terraform.io/terraform-aws-modules/alb/aws","Version":"9.0.0","Dir":".terraform/modules/alb"}]}`,
		".terraform/modules/alb/main.tf": `variable "internal" { default = true }
resource "aws_lb" "this" { internal = var.internal }
`,
	})
	noErrors(t, res)
	if got := show(node(t, res, "module.alb.aws_lb.this").Prop("Scheme")); got != "internet-facing" {
		t.Errorf("Scheme %s", got)
	}
}

// TestVariableSources: defaults, terraform.tfvars, *.auto.tfvars, TF_VAR_,
// --var-file and --var, later ones winning, and the provenance each gives.
func TestVariableSources(t *testing.T) {
	files := map[string]string{
		"main.tf": `variable "a" { default = "default" }
variable "b" { default = "default" }
variable "c" { default = "default" }
variable "d" { default = "default" }
variable "e" { default = "default" }
variable "f" { default = "default" }
variable "n" { type = number }
variable "l" { type = list(string) }
resource "test_values" "t" {
  a = var.a
  b = var.b
  c = var.c
  d = var.d
  e = var.e
  f = var.f
  n = var.n
  l = var.l
}
`,
		"terraform.tfvars":   "b = \"tfvars\"\nc = \"tfvars\"\nd = \"tfvars\"\ne = \"tfvars\"\n",
		"x.auto.tfvars":      "c = \"auto\"\nd = \"auto\"\ne = \"auto\"\n",
		"y.auto.tfvars.json": `{"d": "auto-json", "e": "auto-json"}`,
		"extra/prod.tfvars":  "e = \"var-file\"\nf = \"var-file\"\n",
	}
	t.Setenv("TF_VAR_a", "env")
	t.Setenv("TF_VAR_b", "env")
	t.Setenv("TF_VAR_l", `["x", "y"]`)
	res, dir := scan(t, files, loader.Options{Vars: []string{"f=cli", "n=443"}})
	_ = dir
	n := node(t, res, "test_values.t")
	for k, want := range map[string]string{"a": "env", "b": "tfvars", "c": "auto", "d": "auto-json", "e": "auto-json", "f": "cli", "n": "443", "l": "[x y]"} {
		if got := show(n.Prop(k)); got != want {
			t.Errorf("var.%s = %s, want %s", k, got, want)
		}
	}
	if v := n.Prop("b"); v.Prov != graph.Literal || v.Origin.File == nil || v.Origin.File.Rel != "terraform.tfvars" {
		t.Errorf("a tfvars value: %s from %v", v.Prov, v.Origin)
	}
	// --var-file is read relative to the working directory.
	res2, _ := scan(t, files, loader.Options{VarFiles: []string{filepath.Join(dir, "extra/prod.tfvars")}})
	if got := show(node(t, res2, "test_values.t").Prop("e")); got != "var-file" {
		t.Errorf("--var-file: e = %s", got)
	}
}

// TestENILinking: both ways of wiring the endpoint's ENI addresses into
// target group attachments link the target group to the endpoint, and
// so does an aws_network_interfaces lookup filtered on the endpoint id.
func TestENILinking(t *testing.T) {
	common := `resource "aws_vpc_endpoint" "api" {
  vpc_id            = "vpc-1"
  service_name      = "com.amazonaws.us-east-1.execute-api"
  vpc_endpoint_type = "Interface"
  subnet_ids        = var.subnets
}
variable "subnets" { type = list(string) }
resource "aws_lb_target_group" "tg" {
  target_type = "ip"
  protocol    = "HTTPS"
  port        = 443
  vpc_id      = "vpc-1"
}
resource "aws_lb" "alb" { internal = true }
resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.alb.arn
  port              = 443
  protocol          = "HTTPS"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.tg.arn
  }
}
`
	for name, wiring := range map[string]string{
		"count": `data "aws_network_interface" "eni" {
  count = length(var.subnets)
  id    = sort(tolist(aws_vpc_endpoint.api.network_interface_ids))[count.index]
}
resource "aws_lb_target_group_attachment" "a" {
  count            = length(var.subnets)
  target_group_arn = aws_lb_target_group.tg.arn
  target_id        = data.aws_network_interface.eni[count.index].private_ip
}`,
		"for_each": `data "aws_network_interface" "eni" {
  for_each = toset(aws_vpc_endpoint.api.network_interface_ids)
  id       = each.value
}
resource "aws_lb_target_group_attachment" "a" {
  for_each         = data.aws_network_interface.eni
  target_group_arn = aws_lb_target_group.tg.arn
  target_id        = each.value.private_ip
}`,
		"filter": `data "aws_network_interfaces" "enis" {
  filter {
    name   = "vpc-endpoint-id"
    values = [aws_vpc_endpoint.api.id]
  }
}
data "aws_network_interface" "eni" {
  for_each = toset(data.aws_network_interfaces.enis.ids)
  id       = each.value
}
resource "aws_lb_target_group_attachment" "a" {
  for_each         = toset([for e in data.aws_network_interface.eni : e.private_ip])
  target_group_arn = aws_lb_target_group.tg.arn
  target_id        = each.value
}`,
	} {
		t.Run(name, func(t *testing.T) {
			res, _ := scan(t, map[string]string{"main.tf": common + wiring})
			noErrors(t, res)
			g := res.Graph
			tg := node(t, res, "aws_lb_target_group.tg")
			var att *graph.Node
			for _, e := range g.EdgesTo(tg.ID) {
				if n := g.Node(e.From); n.Kind == graph.TargetAttachment {
					att = n
				}
			}
			if att == nil {
				t.Fatal("no attachment points at the target group")
			}
			lookup := g.Resolve(att.Prop("TargetId"))
			if lookup == nil {
				// The filter form's target is a for expression over the lookups.
				lookup = g.Resolve(firstRef(att.Prop("TargetId")))
			}
			if lookup == nil || lookup.Kind != graph.NetworkInterfaceLookup {
				t.Fatalf("TargetId %s does not resolve to a network interface lookup", show(att.Prop("TargetId")))
			}
			insts := pattern.Detect(g).Instances
			if len(insts) != 1 || insts[0].Endpoint == nil || insts[0].Endpoint.Name != "aws_vpc_endpoint.api" || !insts[0].Strong {
				t.Errorf("the pattern model does not link the target group to the endpoint: %+v", insts)
			}
		})
	}
}

func firstRef(v *graph.Value) *graph.Value {
	var out *graph.Value
	v.Walk(func(x *graph.Value) {
		if out == nil && x.Ref != nil {
			out = x
		}
	})
	return out
}
