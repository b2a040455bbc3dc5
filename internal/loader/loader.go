// Package loader finds the infrastructure-as-code files under the paths a
// user names and loads them into one resource graph. It recognises
// CloudFormation templates (YAML or JSON), Terraform configurations and
// plan JSON (terraform.go), and skips every other file quietly; a template that cannot be read becomes a diagnostic and the scan
// goes on.
package loader

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/loader/cfn"
	"github.com/papilint/papilint/internal/loader/cfn/syntax"
	"github.com/papilint/papilint/internal/source"
)

// Formats lists the input formats this build of papilint reads.
var Formats = graph.Formats

// MaxFileSize is the largest file papilint reads. CloudFormation accepts
// templates of at most 1 MB; the limit leaves room for generated ones.
const MaxFileSize = 16 << 20

// Options tune discovery and loading.
type Options struct {
	// Root is the directory report paths are relative to. Empty means the
	// working directory.
	Root string
	// Params override CloudFormation parameters.
	Params map[string]string
	// Exclude, when set, skips files whose report path it matches.
	Exclude func(rel string) bool
	// Vars (NAME=VALUE) and VarFiles set Terraform root module variables,
	// as terraform plan's -var and -var-file do.
	Vars     []string
	VarFiles []string
	// Progress, when set, is called with the number of files loaded so far
	// as loading goes on, for the CLI's progress line.
	Progress func(files int)
}

// Result is what loading produced.
type Result struct {
	Graph       *graph.Graph
	Diagnostics []source.Diagnostic
	// Files counts the IaC files that were loaded.
	Files int
}

// skipDirs are never entered.
var skipDirs = map[string]bool{".git": true, "node_modules": true, ".terraform": true}

// candidate reports whether a file name may hold a template.
func candidate(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml", ".json", ".template", ".cfn", ".tf", ".tofu":
		return true
	}
	return false
}

// Load discovers and loads the files under paths.
func Load(paths []string, opt Options) (*Result, error) {
	root := opt.Root
	if root == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil, err
		}
		root = wd
	}
	root, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	if r, err := filepath.EvalSymlinks(root); err == nil {
		root = r
	}
	res := &Result{}
	var files []string
	seen := map[string]bool{}
	for _, p := range paths {
		found, diags, err := discover(p, root)
		if err != nil {
			return nil, err
		}
		res.Diagnostics = append(res.Diagnostics, diags...)
		for _, f := range found {
			if !seen[f] {
				seen[f] = true
				files = append(files, f)
			}
		}
	}
	sort.Strings(files)
	if opt.Exclude != nil {
		kept := files[:0]
		for _, f := range files {
			if !opt.Exclude(relPath(f, root)) {
				kept = append(kept, f)
			}
		}
		files = kept
	}

	s := &session{root: root, opt: opt, b: &graph.Builder{}, res: res}
	for _, h := range formatHooks {
		var mine []string
		mine, files = h.claim(s, files)
		if len(mine) > 0 {
			h.load(s, mine)
			s.progress()
		}
	}
	s.loadCloudFormation(files)
	res.Graph = s.b.Build()
	return res, nil
}

// session is the state of one Load: where report paths are relative to,
// the graph being built, and the result being collected.
type session struct {
	root string
	opt  Options
	b    *graph.Builder
	res  *Result
}

// formatHook is one input format besides CloudFormation, which comes last
// and takes whatever YAML and JSON the others left.
type formatHook struct {
	name string
	// claim takes the discovered files this format loads (a CDK assembly's
	// templates, a Terraform module's .tf files) and returns the rest.
	claim func(s *session, files []string) (mine, rest []string)
	// load adds the claimed files to the graph.
	load func(s *session, mine []string)
}

// formatHooks run in order before CloudFormation.
var formatHooks []formatHook

// diag records a diagnostic.
func (s *session) diag(d source.Diagnostic) { s.res.Diagnostics = append(s.res.Diagnostics, d) }

// read reads a file with the loader's limits, recording a diagnostic when
// the file cannot be read and looks like infrastructure code.
func (s *session) read(path string) (*source.File, bool) {
	f, diag, ok := readFile(path, s.root)
	if diag != nil {
		s.diag(*diag)
	}
	return f, ok
}

// readOutside reads a file that another file refers to (a nested stack
// template): it must lie inside the report root.
func (s *session) readOutside(path string) (*source.File, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	if rel, err := filepath.Rel(s.root, abs); err != nil || strings.HasPrefix(rel, "..") {
		return nil, errors.New("it lies outside the scanned tree (" + s.root + ")")
	}
	f, diag, ok := readFile(path, s.root)
	if !ok {
		if diag != nil {
			return nil, errors.New(diag.Message)
		}
		return nil, errors.New("not readable")
	}
	return f, nil
}

// loadCloudFormation loads every remaining file that is a CloudFormation
// template and skips the rest quietly.
func (s *session) loadCloudFormation(files []string) {
	var inputs []cfn.Input
	for _, p := range s.parseCloudFormation(files) {
		s.progress()
		if p.diag != nil {
			s.diag(*p.diag)
		}
		f := p.file
		switch {
		case !p.ok:
		case p.rain:
			// A template for the rain CLI, whose modules only rain expands.
			s.diag(source.Diagnostic{Code: "papilint-load", Severity: "note", File: f.Rel,
				Message: "uses Rain modules (Rain::Module), which only the rain CLI expands; not scanned"})
		case p.reportErrs:
			s.syntaxErrors(f, p.errs)
			s.res.Files++
		case p.template:
			s.syntaxErrors(f, p.errs)
			s.res.Files++
			s.b.AddFile(f)
			inputs = append(inputs, cfn.Input{File: f, Root: p.doc})
		}
	}
	for _, d := range cfn.Build(s.b, inputs, cfn.Options{Params: s.opt.Params, ReadFile: s.readOutside}) {
		s.diag(d)
	}
}

func (s *session) syntaxErrors(f *source.File, errs []*syntax.Error) {
	for _, e := range errs {
		s.diag(source.Diagnostic{Code: "papilint-syntax", Severity: "error", Range: e.Range, File: f.Rel, Message: e.Message})
	}
}

// discover walks one path in lexical order. Symbolic links to directories are
// not followed (so loops cannot happen); links to files are followed only when
// the target lies inside the directory being scanned.
func discover(p, root string) ([]string, []source.Diagnostic, error) {
	info, err := os.Stat(p)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot read %s: %w", p, err)
	}
	if !info.IsDir() {
		return []string{p}, nil, nil
	}
	top, err := filepath.Abs(p)
	if err != nil {
		return nil, nil, err
	}
	realTop, err := filepath.EvalSymlinks(top)
	if err != nil {
		realTop = top
	}
	var out []string
	var diags []source.Diagnostic
	err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			diags = append(diags, source.Diagnostic{Code: "papilint-load", Severity: "warning", File: relPath(path, root), Message: "cannot read: " + err.Error()})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if path != p && skipDirs[d.Name()] {
				return fs.SkipDir
			}
			return nil
		}
		if !candidate(d.Name()) {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			target, err := filepath.EvalSymlinks(path)
			if err != nil {
				diags = append(diags, source.Diagnostic{Code: "papilint-load", Severity: "warning", File: relPath(path, root), Message: "broken or looping symbolic link"})
				return nil
			}
			if rel, err := filepath.Rel(realTop, target); err != nil || strings.HasPrefix(rel, "..") {
				diags = append(diags, source.Diagnostic{Code: "papilint-load", Severity: "warning", File: relPath(path, root), Message: "symbolic link points outside the scanned directory; not followed"})
				return nil
			}
			if st, err := os.Stat(target); err != nil || st.IsDir() {
				return nil
			}
		}
		out = append(out, path)
		return nil
	})
	return out, diags, err
}

// readFile reads a candidate file, refusing ones that are too large, binary
// or not UTF-8. ok is false when the file is not to be parsed; diag is set
// when the refusal is worth telling the user (the file looks like a
// template).
func readFile(path, root string) (*source.File, *source.Diagnostic, bool) {
	rel := relPath(path, root)
	fh, err := os.Open(path)
	if err != nil {
		return nil, &source.Diagnostic{Code: "papilint-load", Severity: "error", File: rel, Message: "cannot read: " + err.Error()}, false
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return nil, &source.Diagnostic{Code: "papilint-load", Severity: "error", File: rel, Message: "cannot read: " + err.Error()}, false
	}
	if st.Size() > MaxFileSize {
		head := make([]byte, 64<<10)
		n, _ := io.ReadFull(fh, head)
		if cfn.LooksLikeTemplate(head[:n]) {
			return nil, &source.Diagnostic{Code: "papilint-load", Severity: "error", File: rel,
				Message: fmt.Sprintf("file is %d MB, larger than the %d MB papilint reads; not scanned", st.Size()>>20, MaxFileSize>>20)}, false
		}
		return nil, nil, false
	}
	content, err := io.ReadAll(io.LimitReader(fh, MaxFileSize+1))
	if err != nil {
		return nil, &source.Diagnostic{Code: "papilint-load", Severity: "error", File: rel, Message: "cannot read: " + err.Error()}, false
	}
	f := source.NewFile(path, rel, content)
	if i := bytes.IndexByte(content, 0); i >= 0 {
		if cfn.LooksLikeTemplate(content) {
			return nil, &source.Diagnostic{Code: "papilint-load", Severity: "error", Range: f.Range(i, i+1), File: rel, Message: "binary file (contains a NUL byte); not scanned"}, false
		}
		return nil, nil, false
	}
	if !utf8.Valid(content) {
		if cfn.LooksLikeTemplate(content) {
			off := source.FirstInvalidUTF8(content)
			return nil, &source.Diagnostic{Code: "papilint-load", Severity: "error", Range: f.Range(off, off+1), File: rel, Message: "file is not valid UTF-8; not scanned"}, false
		}
		return nil, nil, false
	}
	return f, nil, true
}

// relPath is the slash-separated path of p relative to root, or p itself
// (slash-separated) when it lies outside root.
func relPath(p, root string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return filepath.ToSlash(p)
	}
	// Resolve links in the directories but not in the file name, so a
	// linked file is reported where the link is.
	if d, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		abs = filepath.Join(d, filepath.Base(abs))
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(p)
	}
	return filepath.ToSlash(rel)
}
