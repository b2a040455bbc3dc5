package terraform_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// want is one expected diagnostic: its severity, a regexp its message
// matches and the exact source text its range covers.
type want struct {
	sev, msg, at string
}

// problems returns the errors and warnings of a scan (notes left out).
func problems(t *testing.T, files map[string]string) []string {
	t.Helper()
	res, _ := scan(t, files)
	var out []string
	for _, d := range res.Diagnostics {
		if d.Severity == "note" {
			continue
		}
		out = append(out, fmt.Sprintf("%s: %s @ %s", d.Severity, d.Message, text(d.Range)))
	}
	return out
}

// expect checks that the scan reports exactly the wanted problems.
func expect(t *testing.T, files map[string]string, wants ...want) {
	t.Helper()
	got := problems(t, files)
	used := make([]bool, len(got))
	for _, w := range wants {
		re := regexp.MustCompile(w.msg)
		found := false
		for i, g := range got {
			if used[i] || !strings.HasPrefix(g, w.sev+": ") || !strings.HasSuffix(g, " @ "+w.at) {
				continue
			}
			if re.MatchString(strings.TrimSuffix(strings.TrimPrefix(g, w.sev+": "), " @ "+w.at)) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			t.Errorf("missing %s %q at %q; got:\n  %s", w.sev, w.msg, w.at, strings.Join(got, "\n  "))
		}
	}
	for i, g := range got {
		if !used[i] {
			t.Errorf("unexpected %s", g)
		}
	}
}

func TestTerraformBlockChecks(t *testing.T) {
	t.Run("required_version syntax", func(t *testing.T) {
		expect(t, map[string]string{"main.tf": `terraform {
  required_version = "at least 1.5"
}
`}, want{"error", `invalid required_version: "at least 1.5" is not a version constraint`, `"at least 1.5"`})
	})
	t.Run("required_version in a .tf file is only checked for syntax", func(t *testing.T) {
		expect(t, map[string]string{"main.tf": `terraform {
  required_version = "999.99"
}
`})
	})
	t.Run("required_version in a .tofu file no release satisfies", func(t *testing.T) {
		expect(t, map[string]string{"main.tofu": `terraform {
  required_version = ">= 1.2, < 1.0"
}
`}, want{"error", `incompatible module: no OpenTofu release satisfies required_version`, `">= 1.2, < 1.0"`})
	})
	t.Run("required_version not constant", func(t *testing.T) {
		expect(t, map[string]string{"main.tf": `variable "v" {}
terraform {
  required_version = var.v
}
`}, want{"error", `required_version must be a constant string`, `var.v`})
	})
	t.Run("experiments and language edition", func(t *testing.T) {
		expect(t, map[string]string{"main.tf": `terraform {
  experiments = [module_variable_optional_attrs, "quoted"]
  language    = TF2030
}
`},
			want{"error", `unknown experiment "module_variable_optional_attrs": release builds of Terraform`, `module_variable_optional_attrs`},
			want{"error", `experiment is named by a bare keyword`, `"quoted"`},
			want{"error", `unsupported language edition TF2030`, `TF2030`})
	})
	t.Run("provider_meta", func(t *testing.T) {
		expect(t, map[string]string{"main.tf": `variable "name" {}
terraform {
  provider_meta "chunky_bacon" {
    hello = "world"
  }
  provider_meta "my-provider" {
    hello = var.name
    agent = ["a", "b"]
  }
}
`},
			want{"error", `invalid provider local name "chunky_bacon" in provider_meta block: it contains '_'`, `provider_meta "chunky_bacon"`},
			want{"error", `the argument hello of provider_meta "my-provider" must be a constant value`, `var.name`})
	})
	t.Run("required_providers", func(t *testing.T) {
		expect(t, map[string]string{"main.tf": `terraform {
  required_providers {
    usererror = {
      source = "foo/terraform-provider-foo"
    }
    badname = {
      source = "foo/terraform-foo"
    }
    my_aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
    toolong = {
      source = "a/b/c/d"
    }
  }
}
`},
			want{"error", `invalid provider source "foo/terraform-provider-foo": .*must not include the "terraform-provider-" prefix.*write "foo/foo"`, `"foo/terraform-provider-foo"`},
			want{"error", `invalid provider source "foo/terraform-foo": .*redundant "terraform-" prefix`, `"foo/terraform-foo"`},
			want{"error", `invalid provider local name "my_aws" in required_providers`, `my_aws`},
			want{"error", `invalid provider source "a/b/c/d": a provider source has at most three parts`, `"a/b/c/d"`})
	})
}

func TestLanguageBlockChecks(t *testing.T) {
	t.Run("edition and experiments", func(t *testing.T) {
		expect(t, map[string]string{"main.tf": `language {
  edition     = "tofu2024"
  experiments = [unsupported]
}
`},
			want{"error", `invalid language edition: the edition is a bare keyword`, `"tofu2024"`},
			want{"error", `unknown experiment "unsupported": OpenTofu has no experiments`, `unsupported`})
		expect(t, map[string]string{"main.tf": "language {\n  edition = tofu2038\n}\n"},
			want{"error", `unsupported language edition tofu2038: OpenTofu supports only edition tofu2024`, `tofu2038`})
	})
	t.Run("compatible_with", func(t *testing.T) {
		expect(t, map[string]string{"main.tf": `language {
  compatible_with {
    opentofu = "999.9"
  }
}
`}, want{"error", `incompatible module: no OpenTofu release satisfies compatible_with opentofu constraint "999.9"`, `"999.9"`})
		expect(t, map[string]string{"main.tf": `language {
  compatible_with {
    opentofu = ">= 1.11"
  }
}
`}, want{"warning", `ineffective version constraint: compatible_with exists since OpenTofu 1.12`, `">= 1.11"`})
		expect(t, map[string]string{"main.tf": `language {
  compatible_with {
    opentofu = "~> 1.12"
    other    = "anything"
    nested {}
  }
}
`})
	})
	t.Run("not in override files", func(t *testing.T) {
		expect(t, map[string]string{"main.tf": `locals {}`, "override.tf": "language {\n  edition = tofu2024\n}\n"},
			want{"error", `a language block cannot be in an override file`, `language`})
	})
}

func TestProviderChecks(t *testing.T) {
	t.Run("provider block", func(t *testing.T) {
		expect(t, map[string]string{"main.tf": `provider "TEST" {}
provider "crash_es" {}
provider "test" {
  alias      = "foo"
  arbitrary  = true
  count      = 3
  depends_on = []
  source     = "foo.example.com/baz/bar"
  lifecycle {}
  locals {}
}
provider "each" {
  for_each = {a = 1}
  alias    = "x"
}
`},
			want{"error", `provider local name "TEST" in provider block is not normalized: .*write "test"`, `provider "TEST"`},
			want{"error", `invalid provider local name "crash_es" in provider block`, `provider "crash_es"`},
			want{"error", `the argument name "count" is reserved in provider blocks`, `count`},
			want{"error", `the argument name "depends_on" is reserved in provider blocks`, `depends_on`},
			want{"error", `the argument name "source" is reserved in provider blocks`, `source`},
			want{"error", `the block type "lifecycle" is reserved in provider blocks`, `lifecycle`},
			want{"error", `the block type "locals" is reserved in provider blocks`, `locals`})
	})
	t.Run("provider references", func(t *testing.T) {
		expect(t, map[string]string{"main.tf": `resource "test_resource" "a" {
  provider = my_test
}
data "test_resource" "b" {
  provider = TEST.east
}
resource "test_resource" "c" {
  provider = "null.foo"
}
resource "test_resource" "d" {
  provider = aws.east.extra
}
resource "test_resource" "e" {
  provider = aws.us-east-1
}
resource "test_resource" "f" {
  for_each = {a = 1}
  provider = aws.by_key[each.key]
}
resource "test_resource" "g" {
  provider = aws.east["x"]
}
`},
			want{"error", `invalid provider local name "my_test" in provider reference: it contains '_'`, `my_test`},
			want{"error", `provider local name "TEST" in provider reference is not normalized`, `TEST`},
			want{"warning", `quoted provider references are deprecated; write provider = null.foo`, `"null.foo"`},
			want{"error", `invalid provider reference: write a provider name, optionally followed by a period and an alias`, `aws.east.extra`})
	})
}

func TestLifecycleChecks(t *testing.T) {
	t.Run("argument types and places", func(t *testing.T) {
		expect(t, map[string]string{"main.tf": `resource "example" "a" {
  lifecycle {
    create_before_destroy = "ABSOLUTELY NOT"
    prevent_destroy       = "true"
    ignore_everything     = true
  }
}
data "example" "b" {
  lifecycle {
    ignore_changes = []
    enabled        = true
    postcondition {
      condition     = self.id != ""
      error_message = "Needs an id."
    }
    action_trigger {}
  }
}
resource "example" "c" {
  lifecycle {}
  lifecycle {}
}
`},
			want{"error", `create_before_destroy must be true or false, not "ABSOLUTELY NOT"`, `"ABSOLUTELY NOT"`},
			want{"error", `unsupported lifecycle argument "ignore_everything"`, `ignore_everything`},
			want{"error", `the lifecycle argument "ignore_changes" applies only to managed resources \(resource blocks\), not to data blocks`, `ignore_changes`},
			want{"error", `action_trigger blocks in lifecycle apply only to managed resources`, `action_trigger`},
			want{"error", `duplicate lifecycle block \(the first is at .*main.tf:20\)`, `lifecycle`})
	})
	t.Run("enabled beside count or for_each", func(t *testing.T) {
		expect(t, map[string]string{"main.tf": `resource "example" "a" {
  count = 2
  lifecycle {
    enabled = true
  }
}
resource "example" "b" {
  lifecycle {
    enabled = false
  }
}
`}, want{"error", `enabled cannot be used together with count or for_each`, `enabled`})
	})
	t.Run("ignore_changes", func(t *testing.T) {
		expect(t, map[string]string{"main.tf": `resource "example" "star" {
  lifecycle {
    ignore_changes = ["*"]
  }
}
resource "example" "mix" {
  lifecycle {
    ignore_changes = ["*", foo]
  }
}
resource "example" "expr" {
  lifecycle {
    ignore_changes = [upper("tags")]
  }
}
resource "example" "scalar" {
  lifecycle {
    ignore_changes = tags
  }
}
resource "example" "ok" {
  lifecycle {
    ignore_changes = [tags["Name"], "instance_type", ebs_block_device[0].size]
  }
}
resource "example" "all" {
  lifecycle {
    ignore_changes = all
  }
}
`},
			want{"error", `ignore_changes = \["\*"\] is no longer accepted; write ignore_changes = all`, `"*"`},
			want{"error", `the "\*" wildcard in ignore_changes is no longer accepted and cannot be mixed with attribute names`, `"*"`},
			want{"error", `an ignore_changes entry must be an attribute name or path`, `upper("tags")`},
			want{"error", `ignore_changes must be the keyword all or a list of attribute names`, `tags`})
	})
	t.Run("replace_triggered_by", func(t *testing.T) {
		expect(t, map[string]string{"main.tf": `variable "input" {}
resource "test_resource" "b" {
  for_each = var.input
}
resource "test_resource" "a" {
  for_each = var.input
  lifecycle {
    replace_triggered_by = [
      test_resource.b[each.val],
      not_a_reference,
      var.input,
      "constant",
      [test_resource.b, test_resource.c],
      test_resource.b[each.key].id,
      data.x.y,
    ]
  }
}
resource "test_resource" "c" {
  count = 2
  lifecycle {
    replace_triggered_by = [test_resource.c[count.index], test_resource.c[count.value]]
  }
}
`},
			want{"error", `each.val cannot be used in replace_triggered_by: only each.key`, `each.val`},
			want{"error", `not_a_reference is not a resource reference: write TYPE.NAME`, `not_a_reference`},
			want{"error", `replace_triggered_by may refer only to resources .*not to var`, `var.input`},
			want{"error", `a replace_triggered_by entry must refer to a resource`, `"constant"`},
			want{"error", `a replace_triggered_by entry must refer to exactly one resource`, `[test_resource.b, test_resource.c]`},
			want{"error", `only count.index may be used in replace_triggered_by`, `count.value`})
	})
}

func TestConditionChecks(t *testing.T) {
	t.Run("missing arguments and constant conditions", func(t *testing.T) {
		expect(t, map[string]string{"main.tf": `resource "example" "a" {
  lifecycle {
    precondition {
      error_message = "No condition."
    }
    postcondition {
      condition = self.id != ""
    }
    precondition {
      condition     = true
      error_message = "Constant."
    }
  }
}
output "o" {
  value = ""
  precondition {
    condition     = 1 == 1
    error_message = "Constant."
  }
  postcondition {
    condition     = path.module != ""
    error_message = "Not for outputs."
  }
}
check "c" {
  assert {
    condition     = false
    error_message = "Constant."
  }
}
`},
			want{"error", `precondition block is missing the required argument "condition"`, `precondition`},
			want{"error", `postcondition block is missing the required argument "error_message"`, `postcondition`},
			want{"error", `invalid precondition condition: it refers to nothing`, `true`},
			want{"error", `invalid precondition condition: it refers to nothing`, `1 == 1`},
			want{"error", `outputs take precondition blocks only`, `postcondition`},
			want{"error", `invalid assert condition: it refers to nothing`, `false`})
	})
	t.Run("references to the block itself", func(t *testing.T) {
		expect(t, map[string]string{"main.tf": `resource "example" "a" {
  count = 1
  foo   = 5
  lifecycle {
    precondition {
      condition     = example.a[0].foo == 5
      error_message = "Must be five."
    }
    postcondition {
      condition     = self.foo == 5
      error_message = "Must be five, but is ${resource.example.a[0].foo}."
    }
  }
}
data "example" "b" {
  lifecycle {
    precondition {
      condition     = data.example.b.foo == 5 && example.a[0].foo == 5
      error_message = "Other resources are fine."
    }
  }
}
`},
			want{"error", `invalid reference in precondition: the configuration of example.a cannot refer to example.a itself$`, `example.a[0].foo`},
			want{"error", `invalid reference in postcondition: the configuration of example.a cannot refer to example.a itself; use self`, `resource.example.a[0].foo`},
			want{"error", `invalid reference in precondition: the configuration of data.example.b cannot refer to data.example.b itself`, `data.example.b.foo`})
	})
}

func TestProvisionerChecks(t *testing.T) {
	expect(t, map[string]string{"main.tf": `resource "null_resource" "a" {
  provisioner "habitat" {}
  provisioner "local-exec" {
    when       = invalid
    on_failure = "fail"
    command    = "true"
    connection {}
    connection {}
    _ {}
    _ {}
    lifecycle {}
  }
  provisioner "remote-exec" {
    when       = destroy
    on_failure = continue
  }
  connection {}
  connection {}
}
data "null_data_source" "d" {
  provisioner "local-exec" {}
  connection {}
}
`},
		want{"error", `the "habitat" provisioner was removed in Terraform 0.15`, `"habitat"`},
		want{"error", `invalid "when" value: it takes the keyword create or destroy`, `invalid`},
		want{"warning", `quoted keywords are deprecated; write on_failure = fail`, `"fail"`},
		want{"error", `duplicate connection block in provisioner \(the first is at .*main.tf:7\)`, `connection`},
		want{"error", `duplicate _ escaping block in provisioner`, `_`},
		want{"error", `the block type "lifecycle" is reserved in provisioner blocks`, `lifecycle`},
		want{"error", `duplicate connection block \(the first is at .*main.tf:17\)`, `connection`},
		want{"error", `provisioner blocks are allowed only in resource blocks, not in data blocks`, `provisioner`},
		want{"error", `connection blocks are allowed only in resource and provisioner blocks, not in data blocks`, `connection`})
}

func TestVariableOutputModuleChecks(t *testing.T) {
	t.Run("variables", func(t *testing.T) {
		expect(t, map[string]string{"main.tf": `variable "a" {
  sensitive = "123"
  ephemeral = 1
}
variable "b" {
  nullable = "yes"
  validation {
    condition     = true
    error_message = "Must be true."
  }
}
variable "c" {
  deprecated = "  "
  validation {
    condition = length(var.c) > 0
  }
}
variable "ok" {
  sensitive = true
  nullable  = false
  default   = "x"
  validation {
    condition     = var.ok != ""
    error_message = "Must not be empty."
  }
}
`},
			want{"error", `sensitive must be true or false, not "123"`, `"123"`},
			want{"error", `ephemeral must be true or false, not a number`, `1`},
			want{"error", `nullable must be true or false, not "yes"`, `"yes"`},
			want{"error", `invalid validation condition for variable "b": it does not refer to var.b`, `true`},
			want{"error", `the deprecated message of variable "c" is empty`, `"  "`},
			want{"error", `validation block is missing the required argument "error_message"`, `validation`})
	})
	t.Run("outputs", func(t *testing.T) {
		expect(t, map[string]string{"main.tf": `output "invalid" {
  value      = "Am I deprecated?"
  deprecated = ""
}
output "sensitive" {
  value     = 1
  sensitive = "very"
}
output "fine" {
  value      = 2
  deprecated = "Use output.other instead."
}
`},
			want{"error", `the deprecated message of output "invalid" is empty`, `""`},
			want{"error", `sensitive must be true or false, not "very"`, `"very"`})
	})
	t.Run("ephemeral resources", func(t *testing.T) {
		expect(t, map[string]string{"main.tf": `ephemeral "test" "foo" {
  lifecycle {
    enabled = true
  }
  count    = 2
  for_each = ["a"]
}
ephemeral "test" "bar" {
  lifecycle {
    prevent_destroy = true
  }
  provisioner "local-exec" {}
}
`},
			want{"error", `^count and for_each cannot both be set$`, `ephemeral "test" "foo"`},
			want{"error", `the lifecycle argument "prevent_destroy" applies only to managed resources .*not to ephemeral blocks`, `prevent_destroy`},
			want{"error", `provisioner blocks are allowed only in resource blocks, not in ephemeral blocks`, `provisioner`})
	})
	t.Run("registry module sources", func(t *testing.T) {
		files := map[string]string{"main.tf": `locals {
  none = null
}
module "bad_host" {
  source  = "---.com/HashiCorp/Consul/aws"
  version = "1.0.0"
}
module "local" {
  source  = "./child"
  version = "1.0.0"
}
module "git" {
  source  = "git::https://example.com/vpc.git"
  version = "1.0.0"
}
module "vcs_host" {
  source  = "github.com/hashicorp/example/aws"
  version = "1.0.0"
}
module "registry" {
  source  = "app.terraform.io/example-corp/k8s-cluster/azurerm//modules/node"
  version = "~> 1.0"
}
module "public" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
}
module "null_version" {
  source  = "./child"
  version = local.none
}
`, "child/main.tf": `locals {}`}
		got := problems(t, files)
		var errs []string
		for _, g := range got {
			if strings.HasPrefix(g, "error:") {
				errs = append(errs, g)
			}
		}
		for _, w := range []string{
			`invalid registry module source "---.com/HashiCorp/Consul/aws": "---.com" is not a valid host name; with a version argument`,
			`invalid registry module source "./child": a local path cannot take a version`,
			`invalid registry module source "git::https://example.com/vpc.git": it is a remote package address`,
			`invalid registry module source "github.com/hashicorp/example/aws": github.com is a version control host`,
		} {
			if !strings.Contains(strings.Join(errs, "\n"), w) {
				t.Errorf("missing %q in:\n%s", w, strings.Join(errs, "\n"))
			}
		}
		if len(errs) != 4 {
			t.Errorf("want 4 errors, got:\n%s", strings.Join(errs, "\n"))
		}
	})
}

// TestJSONStructureChecks: the same checks in JSON syntax.
func TestJSONStructureChecks(t *testing.T) {
	expect(t, map[string]string{"main.tf.json": `{
  "resource": {
    "null_resource": {
      "a": {
        "provider": "my_test",
        "lifecycle": {
          "ignore_changes": ["*"],
          "replace_triggered_by": ["not_a_reference", "null_resource.b[count.index]"]
        },
        "provisioner": [
          {"local-exec": {"when": "sometimes", "command": "true"}}
        ]
      },
      "b": {
        "count": 1,
        "provider": "AWS.east",
        "lifecycle": {
          "ignore_changes": "all",
          "create_before_destroy": true,
          "replace_triggered_by": ["null_resource.a.id"],
          "postcondition": [{"condition": "${null_resource.b[0].id != \"\"}", "error_message": "Self."}]
        },
        "provisioner": [
          {"local-exec": {"when": "destroy", "on_failure": "continue", "command": "true"}}
        ]
      }
    }
  },
  "terraform": {
    "required_providers": {
      "aws": {"source": "hashicorp/terraform-provider-aws"}
    }
  }
}
`},
		want{"error", `invalid provider local name "my_test" in provider reference`, `"my_test"`},
		want{"error", `provider local name "AWS" in provider reference is not normalized`, `"AWS.east"`},
		want{"error", `ignore_changes = \["\*"\] is no longer accepted`, `"*"`},
		want{"error", `not_a_reference is not a resource reference`, `"not_a_reference"`},
		want{"error", `invalid "when" value: it takes the keyword create or destroy`, `"sometimes"`},
		want{"error", `invalid reference in postcondition: the configuration of null_resource.b cannot refer to null_resource.b itself`, `null_resource.b[0].id`},
		want{"error", `must not include the "terraform-provider-" prefix.*write "hashicorp/aws"`, `"hashicorp/terraform-provider-aws"`})
}

// TestValidStructureIsQuiet: the forms Terraform and OpenTofu accept give no
// diagnostic, in native and JSON syntax.
func TestValidStructureIsQuiet(t *testing.T) {
	expect(t, map[string]string{
		"main.tf": `terraform {
  required_version = ">= 1.5.7, < 2.0.0"
  required_providers {
    aws = {
      source                = "hashicorp/aws"
      version               = ">= 5.0"
      configuration_aliases = [aws.east]
    }
    google-beta = {
      source = "registry.terraform.io/hashicorp/google-beta"
    }
    legacy = "~> 1.0"
  }
  provider_meta "aws" {
    user_agent = ["github.com/example/module"]
  }
}
language {
  edition = tofu2024
  compatible_with {
    opentofu = ">= 1.12"
  }
}
provider "aws" {
  region = "eu-west-1"
}
provider "aws" {
  alias  = "us-east-1"
  region = "us-east-1"
  _ {
    source = "a provider setting named source"
  }
}
variable "names" {
  type      = set(string)
  default   = ["a"]
  sensitive = false
  nullable  = false
  validation {
    condition     = length(var.names) > 0
    error_message = "At least one name: ${join(",", var.names)}."
  }
}
locals {
  cbd = true
}
resource "aws_instance" "web" {
  for_each = var.names
  provider = aws.us-east-1
  lifecycle {
    create_before_destroy = local.cbd
    prevent_destroy       = false
    ignore_changes        = [tags["Name"], "user_data", ebs_block_device]
    replace_triggered_by  = [terraform_data.rev, aws_instance.other[each.key].id]
    precondition {
      condition     = data.aws_ami.ubuntu.architecture == "x86_64"
      error_message = "The AMI must be for x86_64."
    }
    postcondition {
      condition     = self.public_dns != ""
      error_message = "Needs a public DNS name."
    }
  }
  provisioner "local-exec" {
    when       = destroy
    on_failure = continue
    command    = "echo ${self.id}"
    connection {
      host = self.public_ip
    }
  }
  connection {
    type = "ssh"
  }
}
resource "aws_instance" "other" {
  for_each = var.names
}
resource "terraform_data" "rev" {
  input = 1
}
data "aws_ami" "ubuntu" {
  lifecycle {
    postcondition {
      condition     = self.id != ""
      error_message = "No AMI."
    }
  }
}
output "dns" {
  value = aws_instance.web
  precondition {
    condition     = length(aws_instance.web) > 0
    error_message = "No instances."
  }
}
check "health" {
  assert {
    condition     = length(var.names) < 10
    error_message = "Too many."
  }
}
module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
}
`,
		"extra.tofu": `terraform {
  required_version = ">= 1.11"
}
`,
		"other.tf.json": `{
  "resource": {
    "aws_s3_bucket": {
      "logs": {
        "provider": "aws.us-east-1",
        "lifecycle": {
          "ignore_changes": "all",
          "replace_triggered_by": ["terraform_data.rev"],
          "precondition": [{"condition": "${length(var.names) > 0}", "error_message": "Names."}]
        },
        "provisioner": [{"local-exec": {"when": "create", "command": "true"}}]
      }
    }
  }
}
`,
	})
}
