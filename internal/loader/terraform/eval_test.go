package terraform_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/papilint/papilint/internal/graph"
)

// TestFunctions evaluates the functions real configurations use, one
// argument of a resource each (an unmapped resource type keeps Terraform's
// argument names).
func TestFunctions(t *testing.T) {
	cases := []struct{ expr, want string }{
		{`jsondecode("{\"a\": [1, true]}")`, `{a=[1 true]}`},
		{`jsonencode({ b = 1, a = "x" })`, `{b=1 a=x}`},
		{`length(jsonencode({ b = 1, a = "x" }))`, `15`},
		{`jsondecode(jsonencode({ a = 1 }))`, `{a=1}`},
		{`format("%s-%03d", "api", 7)`, `api-007`},
		{`join(",", ["a", "b"])`, `a,b`},
		{`split(",", "a,b")`, `[a b]`},
		{`concat(["a"], ["b", "c"])`, `[a b c]`},
		{`merge({ a = 1, b = 2 }, { b = 3 })`, `{a=1 b=3}`},
		{`lookup({ a = "x" }, "a", "d")`, `x`},
		{`lookup({ a = "x" }, "b", "d")`, `d`},
		{`element(["a", "b", "c"], 4)`, `b`},
		{`tolist(["b", "a"])`, `[b a]`},
		{`toset(["b", "a", "b"])`, `[a b]`},
		{`sort(["b", "a"])`, `[a b]`},
		{`length(["a", "b"])`, `2`},
		{`length("héllo")`, `5`},
		{`keys({ b = 1, a = 2 })`, `[a b]`},
		{`values({ b = 1, a = 2 })`, `[2 1]`},
		{`flatten([["a"], [["b"]], "c"])`, `[a b c]`},
		{`coalesce("", null, "x")`, `x`},
		{`try(local.missing, "fallback")`, `fallback`},
		{`try({ a = 1 }.b, "fallback")`, `fallback`},
		{`can({ a = 1 }.b)`, `false`},
		{`can({ a = 1 }.a)`, `true`},
		{`replace("a-b-c", "-", "_")`, `a_b_c`},
		{`replace("a1b22", "/[0-9]+/", "#")`, `a#b#`},
		{`lower("ABC")`, `abc`},
		{`upper("abc")`, `ABC`},
		{`cidrsubnet("10.0.0.0/16", 8, 2)`, `10.0.2.0/24`},
		{`cidrhost("10.0.0.0/24", 5)`, `10.0.0.5`},
		{`sha1("a")`, `86f7e437faa5a7fce15d1ddcb9eaeaea377667b8`},
		{`base64encode("hi")`, `aGk=`},
		{`file("${path.module}/policy.json")`, "{\"Version\": \"2012-10-17\"}\n"},
		{`templatefile("${path.module}/host.tpl", { name = "api" })`, "api.example.com\n"},
		{`[for s in ["a", "b"] : upper(s)]`, `[A B]`},
		{`{ for k, v in { a = 1, b = 2 } : v => k }`, `{1=a 2=b}`},
		{`[for s in ["a", "b", "c"] : s if s != "b"]`, `[a c]`},
		{`[{ n = 1 }, { n = 2 }][*].n`, `[1 2]`},
		{`true ? "yes" : "no"`, `yes`},
		{`1 + 2 * 3`, `7`},
		{`"${var.name}-api"`, `orders-api`},
		{`one(["x"])`, `x`},
		{`contains(["a", "b"], "b")`, `true`},
		{`startswith("execute-api", "execute")`, `true`},
		{`distinct(["a", "b", "a"])`, `[a b]`},
		{`reverse([1, 2])`, `[2 1]`},
		{`slice(["a", "b", "c"], 1, 3)`, `[b c]`},
		{`compact(["a", "", null, "b"])`, `[a b]`},
		{`zipmap(["a", "b"], [1, 2])`, `{a=1 b=2}`},
		{`tostring(443)`, `443`},
		{`tonumber("443")`, `443`},
		{`timestamp()`, `<?>`},
		{`upper(aws_vpc_endpoint.api.id)`, `<?aws_vpc_endpoint.api>`},
		{`sort(tolist(aws_vpc_endpoint.api.network_interface_ids))[0]`, `<?aws_vpc_endpoint.api.NetworkInterfaceIds>`},
		{`"com.amazonaws.${data.aws_region.current.name}.execute-api"`, `com.amazonaws.${<data.aws_region.current.Name>}.execute-api`},
		{`var.unset == "x" ? "a" : "b"`, `(a|b)`},
		{`length(var.unset_list)`, `<?>`},
		{`not_a_function(1)`, `<?>`},
	}
	var b strings.Builder
	b.WriteString(`variable "name" { default = "orders" }
variable "unset" { type = string }
variable "unset_list" { type = list(string) }
data "aws_region" "current" {}
resource "aws_vpc_endpoint" "api" {
  vpc_id       = "vpc-1"
  service_name = "com.amazonaws.us-east-1.execute-api"
}
resource "test_values" "t" {
`)
	for i, c := range cases {
		fmt.Fprintf(&b, "  v%d = %s\n", i, c.expr)
	}
	b.WriteString("}\n")
	res, _ := scan(t, map[string]string{
		"main.tf":     b.String(),
		"policy.json": "{\"Version\": \"2012-10-17\"}\n",
		"host.tpl":    "${name}.example.com\n",
	})
	noErrors(t, res)
	n := node(t, res, "test_values.t")
	for i, c := range cases {
		if got := show(n.Prop(fmt.Sprintf("v%d", i))); got != c.want {
			t.Errorf("%s = %s, want %s", c.expr, got, c.want)
		}
	}
}

// TestRangesAndProvenance: a value has the range of the expression as
// written (quotes included), byte columns through source.File; a variable
// is reported where it is used and remembers its default.
func TestRangesAndProvenance(t *testing.T) {
	res, _ := scan(t, map[string]string{"main.tf": `# é — multi-byte text before the values
variable "types" {
  type    = list(string)
  default = ["EDGE"]
}
locals {
  private = "PRIVATE"
}
resource "aws_api_gateway_rest_api" "a" {
  name = "é-api"
  endpoint_configuration {
    types = var.types
  }
}
resource "aws_api_gateway_rest_api" "b" {
  name = local.private
  endpoint_configuration {
    types = ["PRIVATE"]
  }
}
`})
	noErrors(t, res)
	a := node(t, res, "aws_api_gateway_rest_api.a")
	if got := text(a.Header); got != `resource "aws_api_gateway_rest_api" "a"` {
		t.Errorf("header covers %q", got)
	}
	name := a.Prop("Name")
	if text(name.Range) != `"é-api"` || name.Range.Start.Line != 10 || name.Range.Start.Col != 10 || name.Prov != graph.Literal {
		t.Errorf("Name: %q at %d:%d, %s", text(name.Range), name.Range.Start.Line, name.Range.Start.Col, name.Prov)
	}
	types := a.Prop("EndpointConfiguration", "Types")
	if text(types.Range) != "var.types" || types.Prov != graph.Default || types.Param != "var.types" || text(types.Origin) != `["EDGE"]` {
		t.Errorf("Types: %q %s %q origin %q", text(types.Range), types.Prov, types.Param, text(types.Origin))
	}
	b := node(t, res, "aws_api_gateway_rest_api.b")
	if n := b.Prop("Name"); text(n.Range) != "local.private" || text(n.Origin) != `"PRIVATE"` || show(n) != "PRIVATE" {
		t.Errorf("Name through a local: %q origin %q", text(n.Range), text(n.Origin))
	}
}

// TestCountAndForEach: known collections expand into addressed instances;
// unknown ones stay one instance whose keys are unknown.
func TestCountAndForEach(t *testing.T) {
	res, _ := scan(t, map[string]string{"main.tf": `variable "ids" { type = list(string) }
resource "aws_vpc_endpoint" "api" {
  vpc_id       = "vpc-1"
  service_name = "com.amazonaws.us-east-1.execute-api"
}
resource "aws_lb_target_group_attachment" "counted" {
  count            = 2
  target_group_arn = "arn:tg"
  target_id        = "10.0.0.${count.index + 1}"
}
resource "aws_lb_target_group_attachment" "mapped" {
  for_each         = { "eni-1" = "10.0.1.1", "eni-2" = "10.0.1.2" }
  target_group_arn = "arn:tg"
  target_id        = each.value
}
resource "aws_lb_target_group_attachment" "set" {
  for_each         = toset(["10.0.2.1"])
  target_group_arn = "arn:tg"
  target_id        = each.key
}
resource "aws_lb_target_group_attachment" "none" {
  count            = 0
  target_group_arn = "arn:tg"
  target_id        = "x"
}
resource "aws_lb_target_group_attachment" "unknown" {
  for_each         = toset(aws_vpc_endpoint.api.network_interface_ids)
  target_group_arn = "arn:tg"
  target_id        = each.value
}
resource "aws_lb_target_group_attachment" "unknown_count" {
  count            = length(var.ids)
  target_group_arn = "arn:tg"
  target_id        = var.ids[count.index]
}
`})
	noErrors(t, res)
	got := strings.Join(names(res), " ")
	want := `aws_lb_target_group_attachment.counted[0] aws_lb_target_group_attachment.counted[1] aws_lb_target_group_attachment.mapped["eni-1"] aws_lb_target_group_attachment.mapped["eni-2"] aws_lb_target_group_attachment.set["10.0.2.1"] aws_lb_target_group_attachment.unknown aws_lb_target_group_attachment.unknown_count aws_vpc_endpoint.api`
	if got != want {
		t.Errorf("nodes:\n%s\nwant\n%s", got, want)
	}
	for name, want := range map[string]string{
		"aws_lb_target_group_attachment.counted[1]":      "10.0.0.2",
		`aws_lb_target_group_attachment.mapped["eni-2"]`: "10.0.1.2",
		`aws_lb_target_group_attachment.set["10.0.2.1"]`: "10.0.2.1",
		"aws_lb_target_group_attachment.unknown":         "<?aws_vpc_endpoint.api.NetworkInterfaceIds>",
		"aws_lb_target_group_attachment.unknown_count":   "<?>",
	} {
		if got := show(node(t, res, name).Prop("TargetId")); got != want {
			t.Errorf("%s TargetId = %s, want %s", name, got, want)
		}
	}
}

// TestDynamicBlocks: dynamic blocks over a known collection become nested
// blocks; over an unknown one the block list is unknown.
func TestDynamicBlocks(t *testing.T) {
	res, _ := scan(t, map[string]string{"main.tf": `variable "ports" { default = [443, 8443] }
variable "unknown_ports" { type = list(number) }
resource "aws_security_group" "known" {
  vpc_id = "vpc-1"
  dynamic "ingress" {
    for_each = var.ports
    content {
      protocol    = "tcp"
      from_port   = ingress.value
      to_port     = ingress.value
      cidr_blocks = ["10.0.0.0/16"]
    }
  }
  egress {
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["0.0.0.0/0"]
  }
}
resource "aws_security_group" "unknown" {
  vpc_id = "vpc-1"
  dynamic "ingress" {
    for_each = var.unknown_ports
    iterator = port
    content {
      protocol  = "tcp"
      from_port = port.value
      to_port   = port.value
    }
  }
}
`})
	noErrors(t, res)
	k := node(t, res, "aws_security_group.known")
	if got := show(k.Prop("SecurityGroupIngress")); got != "[{IpProtocol=tcp FromPort=443 ToPort=443 CidrIp=10.0.0.0/16} {IpProtocol=tcp FromPort=8443 ToPort=8443 CidrIp=10.0.0.0/16}]" {
		t.Errorf("ingress: %s", got)
	}
	u := node(t, res, "aws_security_group.unknown")
	if got := show(u.Prop("SecurityGroupIngress")); got != "<?>" {
		t.Errorf("ingress over an unknown for_each: %s", got)
	}
	if got := show(u.Prop("SecurityGroupEgress")); !strings.Contains(got, "255.255.255.255/32") {
		t.Errorf("a group without egress blocks has no egress in Terraform: %s", got)
	}
}

// TestPolicyDocument: data "aws_iam_policy_document" renders the policy
// in the IAM JSON shape.
func TestPolicyDocument(t *testing.T) {
	res, _ := scan(t, map[string]string{"main.tf": `resource "aws_vpc_endpoint" "api" {
  vpc_id       = "vpc-1"
  service_name = "com.amazonaws.us-east-1.execute-api"
}
data "aws_iam_policy_document" "base" {
  statement {
    sid       = "Base"
    actions   = ["execute-api:Invoke"]
    resources = ["execute-api:/*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}
data "aws_iam_policy_document" "api" {
  source_policy_documents = [data.aws_iam_policy_document.base.json]
  statement {
    effect    = "Deny"
    actions   = ["execute-api:Invoke"]
    resources = ["execute-api:/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "StringNotEquals"
      variable = "aws:SourceVpce"
      values   = [aws_vpc_endpoint.api.id]
    }
  }
}
resource "aws_api_gateway_rest_api" "api" {
  name   = "orders"
  policy = data.aws_iam_policy_document.api.json
  endpoint_configuration { types = ["PRIVATE"] }
}
`})
	noErrors(t, res)
	got := show(node(t, res, "aws_api_gateway_rest_api.api").Prop("Policy"))
	want := "{Version=2012-10-17 Statement=[{Sid=Base Effect=Allow Principal={AWS=[*]} Action=[execute-api:Invoke] Resource=[execute-api:/*]} " +
		"{Effect=Deny Principal=* Action=[execute-api:Invoke] Resource=[execute-api:/*] Condition={StringNotEquals={aws:SourceVpce=[<aws_vpc_endpoint.api>]}}}]}"
	if got != want {
		t.Errorf("policy:\n%s\nwant\n%s", got, want)
	}
}

// TestJSONSyntax: .tf.json strings are templates; a value's range is the
// JSON string as written.
func TestJSONSyntax(t *testing.T) {
	res, _ := scan(t, map[string]string{"main.tf.json": `{
  "variable": {"host": {"default": "api.example.com"}},
  "locals": {"name": "orders"},
  "resource": {
    "aws_api_gateway_domain_name": {
      "api": {
        "domain_name": "${var.host}",
        "regional_certificate_arn": "arn:aws:acm:us-east-1:111122223333:certificate/${local.name}",
        "endpoint_configuration": {"types": ["REGIONAL"]},
        "dynamic": {
          "mutual_tls_authentication": {
            "for_each": "${[]}",
            "content": {"truststore_uri": "s3://x"}
          }
        }
      }
    }
  }
}
`})
	noErrors(t, res)
	d := node(t, res, "aws_api_gateway_domain_name.api")
	if got := text(d.Header); got != `"api"` {
		t.Errorf("header of a JSON block: %q", got)
	}
	dn := d.Prop("DomainName")
	if show(dn) != "api.example.com" || text(dn.Range) != `"${var.host}"` || dn.Prov != graph.Default {
		t.Errorf("DomainName %s at %q (%s)", show(dn), text(dn.Range), dn.Prov)
	}
	if got := show(d.Prop("RegionalCertificateArn")); got != "arn:aws:acm:us-east-1:111122223333:certificate/orders" {
		t.Errorf("arn: %s", got)
	}
	if got := show(d.Prop("EndpointConfiguration", "Types")); got != "[REGIONAL]" {
		t.Errorf("types: %s", got)
	}
}
