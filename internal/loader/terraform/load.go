// Package terraform loads Terraform configurations (native HCL syntax and
// .tf.json) and plan JSON (terraform show -json) into papilint's resource
// graph.
//
// A directory is a module. Root modules are the directories of the scan
// that no other scanned module calls; local child modules are loaded from
// their calls with the arguments passed in, and every module call is
// expanded into its instances. Expressions are evaluated the way Terraform
// does, with hcl/v2 syntax trees and go-cty functions, into graph values that
// keep the range of the expression as written and say where a value came
// from. What Terraform itself knows only after apply (computed attributes,
// data sources, unset variables) stays unknown; a reference to a resource
// attribute keeps the resource's identity (graph.Ref), in CloudFormation's
// attribute vocabulary.
package terraform

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/source"
)

// Options configure a load.
type Options struct {
	// Root is the absolute directory of the scanned tree. Modules, tfvars
	// and files named by file() outside it are not read.
	Root string
	// Vars are --var NAME=VALUE assignments, VarFiles --var-file paths, in
	// the order given; both apply to every root module.
	Vars     []string
	VarFiles []string
	// Env is the environment (os.Environ form) read for TF_VAR_ variables.
	Env []string
	// ReadFile reads a file the configuration names (a child module's
	// files, terraform.tfvars, a template) with the loader's limits; it
	// fails for files outside Root.
	ReadFile func(path string) (*source.File, error)
	// ReadUserFile reads a file the user named on the command line
	// (--var-file).
	ReadUserFile func(path string) (*source.File, error)
}

// maxModuleDepth bounds module nesting; deeper calls are reported.
const maxModuleDepth = 16

// maxInstances bounds the instances one count or for_each expands into,
// maxTotalInstances those of a whole scan (module instances multiply);
// beyond them a resource stays one instance of unknown count.
const (
	maxInstances      = 1024
	maxTotalInstances = 50000
)

type loader struct {
	b     *graph.Builder
	opt   Options
	files map[string]*source.File // by the path hcl ranges carry
	added map[*source.File]bool
	diags []source.Diagnostic

	modules map[string]*module // by absolute directory
	scanned map[string]bool    // directories whose files came from the scan

	jsonText    map[*graph.Value]bool     // maps that stand for jsonencode text
	objects     map[*graph.Value]*resInst // values that stand for a resource instance
	collections map[*graph.Value]*resInst // resources whose instances are unknown, by their one instance
	errVals     map[*graph.Value]bool     // unknowns produced by an evaluation error
	notes       map[string]bool           // notes already reported
	roots       []*modInst
	planned     map[string]bool           // root module directories a plan was laid over
	nodes       map[graph.NodeID]*emitted // what the configuration produced, by node
	byRoot      map[string]map[string]*emitted
	partial     bool // the module being read is only part of its directory
	steps       int
	instances   int
}

// emitted is a resource instance turned into a node, kept so a plan can be
// laid over it.
type emitted struct {
	inst  *resInst
	node  *graph.Node
	attrs *graph.Value // the instance's arguments in Terraform's vocabulary
}

// Load adds the resources of the given configuration files and plan files
// to b and returns the problems found.
func Load(b *graph.Builder, configs, plans []*source.File, opt Options) []source.Diagnostic {
	l := &loader{
		b: b, opt: opt,
		files: map[string]*source.File{}, added: map[*source.File]bool{},
		modules: map[string]*module{}, scanned: map[string]bool{},
		jsonText: map[*graph.Value]bool{}, objects: map[*graph.Value]*resInst{}, collections: map[*graph.Value]*resInst{},
		errVals: map[*graph.Value]bool{}, notes: map[string]bool{},
		nodes: map[graph.NodeID]*emitted{}, byRoot: map[string]map[string]*emitted{}, planned: map[string]bool{},
	}
	defer func() {
		if r := recover(); r != nil {
			l.diags = append(l.diags, source.Diagnostic{Code: "papilint-load", Severity: "error",
				Message: fmt.Sprintf("internal error in the Terraform loader: %v", r)})
		}
	}()
	l.loadConfigs(configs)
	if len(plans) > 0 {
		l.loadPlans(plans)
	}
	l.flush()
	return l.diags
}

// addFile records a file in the graph once.
func (l *loader) addFile(f *source.File) {
	l.files[f.Path] = f
	if !l.added[f] {
		l.added[f] = true
		l.b.AddFile(f)
	}
}

// loadConfigs groups the configuration files by directory, finds the root
// modules and evaluates each.
func (l *loader) loadConfigs(configs []*source.File) {
	byDir := map[string][]*source.File{}
	for _, f := range configs {
		dir := absDir(f.Path)
		byDir[dir] = append(byDir[dir], f)
	}
	var dirs []string
	for d := range byDir {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	for _, d := range dirs {
		fs := preferTofu(byDir[d])
		var pfs []*parsedFile
		for _, f := range fs {
			l.addFile(f)
			if pf := l.parse(f); pf != nil {
				pfs = append(pfs, pf)
			}
		}
		l.scanned[d] = true
		l.partial = l.partialModule(d, fs)
		l.modules[d] = l.buildModule(d, dirRel(fs[0]), pfs)
		l.partial = false
	}
	// A scanned directory that another scanned module calls is a child,
	// not a root.
	called := map[string]bool{}
	for _, d := range dirs {
		for _, c := range l.modules[d].calls {
			if isLocalSource(c.source) {
				if t := filepath.Clean(filepath.Join(d, filepath.FromSlash(c.source))); t != d {
					called[t] = true
				}
			}
		}
	}
	var roots []string
	for _, d := range dirs {
		if !called[d] {
			roots = append(roots, d)
		}
	}
	visited := map[string]bool{}
	var mark func(d string, depth int)
	mark = func(d string, depth int) {
		if visited[d] || depth > maxModuleDepth {
			return
		}
		visited[d] = true
		if m := l.modules[d]; m != nil {
			for _, c := range m.calls {
				if isLocalSource(c.source) {
					mark(filepath.Clean(filepath.Join(d, filepath.FromSlash(c.source))), depth+1)
				}
			}
		}
	}
	for _, r := range roots {
		mark(r, 0)
	}
	// Modules that only call each other (a cycle) have no root; the first
	// of them is taken as one so their resources are still seen.
	for _, d := range dirs {
		if !visited[d] {
			roots = append(roots, d)
			mark(d, 0)
		}
	}
	sort.Strings(roots)
	for _, d := range roots {
		m := l.modules[d]
		mi := l.newRootInstance(m)
		l.roots = append(l.roots, mi)
		l.emitModule(mi)
	}
}

// partialModule reports whether a directory holds configuration files the
// scan did not name (papilint scan main.tf): references into them are then
// unknown rather than undeclared, and a note says so.
func (l *loader) partialModule(dir string, fs []*source.File) bool {
	have := map[string]bool{}
	for _, f := range fs {
		have[filepath.Base(f.Path)] = true
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if !e.IsDir() && isConfigFile(e.Name()) && !have[e.Name()] {
			l.diag("note", source.Range{}, fs[0].Rel, fmt.Sprintf("only part of the module in %s is scanned (not %s); what the other files declare is unknown", dirRel(fs[0]), e.Name()))
			return true
		}
	}
	return false
}

// preferTofu drops x.tf when x.tofu exists beside it (OpenTofu's rule).
func preferTofu(fs []*source.File) []*source.File {
	have := map[string]bool{}
	for _, f := range fs {
		if strings.HasSuffix(f.Path, ".tofu") || strings.HasSuffix(f.Path, ".tofu.json") {
			base := strings.TrimSuffix(strings.TrimSuffix(f.Path, ".json"), ".tofu")
			have[base] = true
		}
	}
	if len(have) == 0 {
		return fs
	}
	var out []*source.File
	for _, f := range fs {
		if strings.HasSuffix(f.Path, ".tf") || strings.HasSuffix(f.Path, ".tf.json") {
			base := strings.TrimSuffix(strings.TrimSuffix(f.Path, ".json"), ".tf")
			if have[base] {
				continue
			}
		}
		out = append(out, f)
	}
	return out
}

func absDir(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		a = p
	}
	return filepath.Dir(a)
}

// dirRel is the report path of a file's directory.
func dirRel(f *source.File) string {
	return path.Dir(f.Rel)
}

// isLocalSource reports whether a module source is a local path.
func isLocalSource(s string) bool {
	return strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../") || s == "." || s == ".."
}

// loadModuleDir loads a module directory that the scan did not include (a
// child module named by its caller): every configuration file in it.
func (l *loader) loadModuleDir(dir string) (*module, error) {
	if m := l.modules[dir]; m != nil {
		return m, nil
	}
	if !l.inside(dir) {
		return nil, fmt.Errorf("it lies outside the scanned tree (%s)", l.opt.Root)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("cannot read the directory: %v", err)
	}
	var fs []*source.File
	for _, e := range entries {
		if e.IsDir() || !isConfigFile(e.Name()) {
			continue
		}
		f, err := l.opt.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			l.diag("error", source.Range{}, relTo(l.opt.Root, filepath.Join(dir, e.Name())), err.Error())
			continue
		}
		fs = append(fs, f)
	}
	if len(fs) == 0 {
		return nil, fmt.Errorf("the directory holds no Terraform configuration files")
	}
	fs = preferTofu(fs)
	var pfs []*parsedFile
	for _, f := range fs {
		l.addFile(f)
		if pf := l.parse(f); pf != nil {
			pfs = append(pfs, pf)
		}
	}
	m := l.buildModule(dir, dirRel(fs[0]), pfs)
	l.modules[dir] = m
	return m, nil
}

// inside reports whether an absolute path lies inside the scanned tree.
func (l *loader) inside(p string) bool {
	if l.opt.Root == "" {
		return true
	}
	rel, err := filepath.Rel(l.opt.Root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

func relTo(root, p string) string {
	if rel, err := filepath.Rel(root, p); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(p)
}

// Diagnostics.

func (l *loader) diag(sev string, r source.Range, file, msg string) {
	code := "papilint-load"
	l.diags = append(l.diags, source.Diagnostic{Code: code, Severity: sev, Range: r, File: file, Message: msg})
}

func (l *loader) errorAt(r hcl.Range, msg string) {
	sr := l.rng(r)
	l.diags = append(l.diags, source.Diagnostic{Code: "papilint-load", Severity: "error", Range: sr, File: l.fileRel(r), Message: msg})
}

func (l *loader) warnAt(r hcl.Range, msg string) {
	sr := l.rng(r)
	l.diags = append(l.diags, source.Diagnostic{Code: "papilint-load", Severity: "warning", Range: sr, File: l.fileRel(r), Message: msg})
}

func (l *loader) noteAt(r hcl.Range, msg string) {
	key := r.String() + msg
	if l.notes[key] {
		return
	}
	l.notes[key] = true
	sr := l.rng(r)
	l.diags = append(l.diags, source.Diagnostic{Code: "papilint-load", Severity: "note", Range: sr, File: l.fileRel(r), Message: msg})
}

func (l *loader) fileRel(r hcl.Range) string {
	if f := l.files[r.Filename]; f != nil {
		return f.Rel
	}
	return filepath.ToSlash(r.Filename)
}

// hclDiags records hcl's diagnostics.
func (l *loader) hclDiags(ds hcl.Diagnostics, code string) {
	for _, d := range ds {
		sev := "error"
		if d.Severity == hcl.DiagWarning {
			sev = "warning"
		}
		msg := d.Summary
		if d.Detail != "" {
			msg += ": " + d.Detail
		}
		var r source.Range
		file := ""
		if d.Subject != nil {
			r = l.rng(*d.Subject)
			file = l.fileRel(*d.Subject)
			if f := l.files[d.Subject.Filename]; f != nil && f.Path != f.Rel {
				msg = strings.ReplaceAll(msg, f.Path, f.Rel) // hcl names files as opened
			}
		}
		l.diags = append(l.diags, source.Diagnostic{Code: code, Severity: sev, Range: r, File: file, Message: msg})
	}
}

// rng converts an hcl range (byte offsets are the ground truth) into a
// papilint range in the same file.
func (l *loader) rng(r hcl.Range) source.Range {
	f := l.files[r.Filename]
	if f == nil {
		return source.Range{}
	}
	start, end := r.Start.Byte, r.End.Byte
	if start < 0 || start > len(f.Content) {
		return source.Range{}
	}
	if end > len(f.Content) {
		end = len(f.Content)
	}
	return f.Range(start, end)
}

// pos renders an hcl range's start for messages, as a report path.
func (l *loader) pos(r hcl.Range) string {
	sr := l.rng(r)
	if sr.IsValid() {
		return fmt.Sprintf("%s:%d", sr.File.Rel, sr.Start.Line)
	}
	return r.String()
}
