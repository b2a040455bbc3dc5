package loader

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/papilint/papilint/internal/loader/terraform"
	"github.com/papilint/papilint/internal/source"
)

// Terraform: .tf and .tf.json files (and OpenTofu's .tofu), grouped into
// modules by directory, and plan JSON written by terraform show -json.
func init() {
	formatHooks = append(formatHooks, formatHook{name: "terraform", claim: claimTerraform, load: loadTerraform})
}

func isTerraformConfig(name string) bool {
	for _, s := range []string{".tf", ".tf.json", ".tofu", ".tofu.json"} {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	return false
}

// claimTerraform takes configuration files, variable files (read with
// their module, never as templates) and plan JSON.
func claimTerraform(s *session, files []string) (mine, rest []string) {
	for _, f := range files {
		name := filepath.Base(f)
		switch {
		case isTerraformConfig(name), strings.HasSuffix(name, ".tfvars.json"):
			mine = append(mine, f)
		case strings.EqualFold(filepath.Ext(name), ".json") && isTerraformJSONOutput(f):
			mine = append(mine, f)
		default:
			rest = append(rest, f)
		}
	}
	return mine, rest
}

// isTerraformJSONOutput reports whether a JSON file starts like the output
// of terraform show -json.
func isTerraformJSONOutput(path string) bool {
	fh, err := os.Open(path)
	if err != nil {
		return false
	}
	defer fh.Close()
	head := make([]byte, 64<<10)
	n, _ := io.ReadFull(fh, head)
	head = head[:n]
	return bytes.Contains(head, []byte(`"format_version"`)) && bytes.Contains(head, []byte(`"terraform_version"`))
}

func loadTerraform(s *session, mine []string) {
	var configs, plans []*source.File
	for _, p := range mine {
		if strings.HasSuffix(p, ".tfvars.json") {
			continue // read with its root module
		}
		f, diag, ok := readFile(p, s.root)
		if !ok {
			if diag == nil {
				diag = &source.Diagnostic{Code: "papilint-load", Severity: "error", File: relPath(p, s.root),
					Message: "cannot be read as Terraform (larger than 16 MB, binary or not UTF-8); not scanned"}
			}
			s.diag(*diag)
			continue
		}
		s.res.Files++
		if isTerraformConfig(filepath.Base(p)) {
			configs = append(configs, f)
		} else {
			plans = append(plans, f)
		}
	}
	opts := terraform.Options{
		Root: s.root, Vars: s.opt.Vars, VarFiles: s.opt.VarFiles, Env: os.Environ(),
		ReadFile: s.readOutside,
		ReadUserFile: func(p string) (*source.File, error) {
			f, diag, ok := readFile(p, s.root)
			if !ok {
				if diag != nil {
					return nil, diag
				}
				return nil, os.ErrInvalid
			}
			return f, nil
		},
	}
	for _, d := range terraform.Load(s.b, configs, plans, opts) {
		s.diag(d)
	}
}
