package terraform_test

import (
	"strings"
	"testing"
)

// TestHostileConfigurations: odd and hostile inputs end in diagnostics or
// unknown values, never a panic or a hang, and the good file beside them
// still loads.
func TestHostileConfigurations(t *testing.T) {
	deep := strings.Repeat("(", 5000) + "1" + strings.Repeat(")", 5000)
	res, _ := scan(t, map[string]string{
		"good/main.tf":   `resource "aws_lb" "ok" { internal = true }`,
		"binary/main.tf": "resource \x00 \"x\"",
		"latin1/main.tf": "# caf\xe9\nresource \"aws_lb\" \"x\" {}\n",
		"syntax/main.tf": `resource "aws_lb" "x" { internal = }`,
		"deep/main.tf":   `locals { x = ` + deep + " }\n",
		"cycle/main.tf": `locals {
  a = local.b
  b = local.a
}
resource "aws_lb" "self" {
  name     = aws_lb.self.arn
  internal = local.a
}
resource "aws_lb" "counted" {
  count = length(aws_lb.counted)
}
`,
		"huge/main.tf": `resource "aws_lb" "many" {
  count = 1000000
  internal = true
}
resource "aws_lb" "range" {
  for_each = toset([for i in range(2000) : tostring(i)])
}
`,
		"json/main.tf.json": `{"resource": {"aws_lb": {"j": {"internal": "${`,
	})
	node(t, res, "aws_lb.ok")
	all := strings.Join(diags(res, ""), "\n")
	for _, want := range []string{
		"binary/main.tf: cannot be read as Terraform",
		"latin1/main.tf: cannot be read as Terraform",
		"syntax/main.tf:1:36",
		"local.a depends on itself",
		"json/main.tf.json:1:",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, "internal error") {
		t.Errorf("the loader crashed:\n%s", all)
	}
	if n := node(t, res, "aws_lb.many"); n == nil {
		t.Error("a count beyond the limit keeps one instance")
	}
	if n := node(t, res, "aws_lb.range"); n == nil {
		t.Error("a for_each beyond the limit keeps one instance")
	}
}
