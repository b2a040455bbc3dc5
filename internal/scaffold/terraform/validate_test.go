package terraform

import (
	"strings"
	"testing"
)

// TestTerraformValidate runs the real terraform on every variant: fmt
// -check (hclwrite's formatting is what terraform fmt produces), init
// against the local provider mirror, and validate with hashicorp/aws.
func TestTerraformValidate(t *testing.T) {
	mirror, env := terraformEnv(t)
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, generate(t, v.opts))
			if out := tf(t, dir, env, "fmt", "-check", "-diff", "-no-color"); strings.TrimSpace(out) != "" {
				t.Errorf("terraform fmt would change the generated files:\n%s", out)
			}
			tf(t, dir, env, "init", "-backend=false", "-input=false", "-no-color", "-plugin-dir="+mirror)
			out := tf(t, dir, env, "validate", "-no-color")
			if !strings.Contains(out, "The configuration is valid") || strings.Contains(out, "Warning") {
				t.Errorf("terraform validate:\n%s", out)
			}
		})
	}
}
