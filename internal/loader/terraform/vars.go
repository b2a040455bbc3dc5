package terraform

import (
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/source"
)

// rootInputs collects the values of a root module's variables in
// Terraform's order of precedence, later ones winning: TF_VAR_ environment
// variables, terraform.tfvars, terraform.tfvars.json, *.auto.tfvars and
// *.auto.tfvars.json in name order, then --var-file and --var.
func (l *loader) rootInputs(m *module) map[string]*graph.Value {
	out := map[string]*graph.Value{}
	set := func(name string, v *graph.Value) {
		if v == nil {
			return
		}
		v.Walk(func(x *graph.Value) {
			if x.Param == "" {
				x.Param = "var." + name
			}
		})
		out[name] = v
	}
	for _, kv := range l.opt.Env {
		k, val, ok := strings.Cut(kv, "=")
		if !ok || !strings.HasPrefix(k, "TF_VAR_") {
			continue
		}
		name := strings.TrimPrefix(k, "TF_VAR_")
		if decl := m.vars[name]; decl != nil {
			set(name, l.cliValue(decl, val, "TF_VAR_"+name))
		}
	}
	var auto []string
	if entries, err := os.ReadDir(m.dir); err == nil {
		for _, e := range entries {
			n := e.Name()
			if !e.IsDir() && (strings.HasSuffix(n, ".auto.tfvars") || strings.HasSuffix(n, ".auto.tfvars.json")) {
				auto = append(auto, n)
			}
		}
	}
	sort.Strings(auto)
	files := []string{"terraform.tfvars", "terraform.tfvars.json"}
	files = append(files, auto...)
	for _, n := range files {
		p := filepath.Join(m.dir, n)
		if _, err := os.Stat(p); err != nil {
			continue
		}
		f, err := l.opt.ReadFile(p)
		if err != nil {
			l.diag("error", source.Range{}, relTo(l.opt.Root, p), "cannot read: "+err.Error())
			continue
		}
		for name, v := range l.readTFVars(f, m) {
			set(name, v)
		}
	}
	for _, p := range l.opt.VarFiles {
		read := l.opt.ReadUserFile
		if read == nil {
			read = l.opt.ReadFile
		}
		f, err := read(p)
		if err != nil {
			l.diag("error", source.Range{}, filepath.ToSlash(p), "--var-file: "+err.Error())
			continue
		}
		for name, v := range l.readTFVars(f, m) {
			set(name, v)
		}
	}
	for _, kv := range l.opt.Vars {
		name, val, ok := strings.Cut(kv, "=")
		if !ok {
			continue
		}
		if decl := m.vars[name]; decl != nil {
			set(name, l.cliValue(decl, val, "--var "+name))
		}
	}
	return out
}

// readTFVars reads a variable definitions file. Values for variables the
// module does not declare are ignored, as Terraform only warns about them.
func (l *loader) readTFVars(f *source.File, m *module) map[string]*graph.Value {
	l.addFile(f)
	if at := nestingDepth(f.Content, maxNesting); at >= 0 {
		l.diag("error", f.Range(at, at+1), f.Rel, "brackets nest more than "+strconv.Itoa(maxNesting)+" levels deep; not read")
		return nil
	}
	var hf *hcl.File
	var diags hcl.Diagnostics
	if strings.HasSuffix(f.Path, ".json") {
		hf, diags = hcljson.Parse(f.Content, f.Path)
	} else {
		hf, diags = hclsyntax.ParseConfig(f.Content, f.Path, hcl.InitialPos)
	}
	l.hclDiags(diags, "papilint-syntax")
	if hf == nil || hf.Body == nil {
		return nil
	}
	attrs, diags := hf.Body.JustAttributes()
	l.hclDiags(diags, "papilint-load")
	out := map[string]*graph.Value{}
	for name, a := range attrs {
		if m.vars[name] == nil {
			continue
		}
		out[name] = l.eval(a.Expr, &scope{noRefs: true})
	}
	return out
}

// cliValue reads a --var or TF_VAR_ value: a string for variables of type
// string or without a type, otherwise an HCL expression.
func (l *loader) cliValue(decl *variable, val, from string) *graph.Value {
	if decl.typ == nil || hcl.ExprAsKeyword(decl.typ) == "string" {
		return graph.NewString(val, graph.Literal, source.Range{})
	}
	x, diags := hclsyntax.ParseExpression([]byte(val), from, hcl.InitialPos)
	if diags.HasErrors() {
		l.diag("error", source.Range{}, "", from+": "+diags[0].Summary)
		return nil
	}
	return l.eval(x, &scope{noRefs: true})
}

// typed converts a known scalar to the variable's primitive type, as
// Terraform does ("true" for a bool, "443" for a number).
func (l *loader) typed(decl *variable, v *graph.Value) *graph.Value {
	if v == nil || decl.typ == nil || !v.IsKnown() {
		return v
	}
	switch hcl.ExprAsKeyword(decl.typ) {
	case "bool":
		if v.Kind == graph.KindString {
			if b, ok := v.BoolValue(); ok {
				cp := *v
				cp.Kind, cp.Bool, cp.Str = graph.KindBool, b, ""
				return &cp
			}
		}
	case "number":
		if v.Kind == graph.KindString {
			n := graph.NewNumber(strings.TrimSpace(v.Str), v.Prov, v.Range)
			if x := n.Number(); x == x { // not NaN
				cp := *v
				cp.Kind, cp.Str = graph.KindNumber, n.Str
				return &cp
			}
		}
	case "string":
		if v.Kind == graph.KindNumber || v.Kind == graph.KindBool {
			s, _ := v.String()
			cp := *v
			cp.Kind, cp.Str = graph.KindString, s
			return &cp
		}
	}
	return v
}
