// Package opa runs papilint rules written in Rego. It loads the bundled
// policies (package policies) and the custom ones a team adds with
// --policy, compiles each set once per process inside a sandbox (see
// sandbox.go), and turns every rule module into an analysis.Analyzer, so
// that the driver, suppressions, docs and SARIF treat Rego rules exactly
// like Go rules.
//
// A rule module's package is papilint.rules.<id> (bundled) or
// papilint.custom.<name> (custom); it opens with a METADATA block (see
// metadata.go) and defines the set rule "report", each of whose elements
// is a finding:
//
//	{"resource": ID, "path": [NAME|INDEX, ...], "message": TEXT,
//	 "severity": "warning"|"note",                      (optional, lowers the rule's level)
//	 "related": [{"resource": ID, "path": [...], "message": TEXT}]}  (optional)
//
// The input is internal/view's document. Go turns resource and path into a
// source range the way Go rules do: the range of the value at the path, or
// the resource header when the path names a property that is not there.
package opa

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/policies"
)

// DefaultBudget is the evaluation time one scan may spend in a set of
// policies, all of them together.
const DefaultBudget = 60 * time.Second

// Options configure a set of policies.
type Options struct {
	// Budget is the evaluation time one scan may spend in the set's
	// policies together; 0 means DefaultBudget. Each policy is guaranteed a
	// share, so one slow policy cannot starve the others.
	Budget time.Duration
}

// Set is a compiled set of policies and the rules they define.
type Set struct {
	opts   Options
	rules  []*rule
	budget *analysis.Analyzer // the set's time budget in one scan
	// together evaluates every rule of the set in one query (bundled
	// rules only; see run.go), so the library's lookups are built once.
	together  *analysis.Analyzer
	all       *rego.PreparedEvalQuery
	analyzers []*analysis.Analyzer
}

// rule is one compiled rule module.
type rule struct {
	file  string
	pkg   ast.Ref
	query rego.PreparedEvalQuery
	an    *analysis.Analyzer
}

// Analyzers returns the set's rules, ordered by ID.
func (s *Set) Analyzers() []*analysis.Analyzer { return s.analyzers }

// source is one policy file.
type source struct {
	name string // as shown in errors: policies/papi040/rule.rego, or the user's path
	text string
	lib  bool // papilint's library (policies/lib), not a rule
}

func isTest(name string) bool { return strings.HasSuffix(name, "_test.rego") }

// bundledSources reads the embedded policies.
func bundledSources(withTests bool) ([]source, error) {
	var out []source
	err := fs.WalkDir(policies.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".rego") || (isTest(p) && !withTests) {
			return err
		}
		b, err := fs.ReadFile(policies.FS, p)
		if err != nil {
			return err
		}
		out = append(out, source{name: path.Join("policies", p), text: string(b), lib: strings.HasPrefix(p, "lib/")})
		return nil
	})
	return out, err
}

// librarySources returns the bundled library only, for custom sets. Its
// files are named "(papilint)/lib/…" so that no path of a custom policy
// can shadow them.
func librarySources() ([]source, error) {
	all, err := bundledSources(false)
	if err != nil {
		return nil, err
	}
	var out []source
	for _, s := range all {
		if s.lib {
			s.name = "(papilint)/" + strings.TrimPrefix(s.name, "policies/")
			out = append(out, s)
		}
	}
	return out, nil
}

// dirSources reads the .rego files of custom policy folders (or single
// files), recursively, in lexical order. Hidden folders and testdata are
// skipped.
func dirSources(dirs []string, withTests bool) ([]source, error) {
	var out []source
	for _, dir := range dirs {
		st, err := os.Stat(dir)
		if err != nil {
			return nil, fmt.Errorf("policy folder %s: %w", dir, err)
		}
		if !st.IsDir() {
			if !strings.HasSuffix(dir, ".rego") {
				return nil, fmt.Errorf("policy %s: not a folder or a .rego file", dir)
			}
			b, err := os.ReadFile(dir)
			if err != nil {
				return nil, err
			}
			out = append(out, source{name: filepath.ToSlash(dir), text: string(b)})
			continue
		}
		n := len(out)
		err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if p != dir && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
					return filepath.SkipDir
				}
				return nil
			}
			if !strings.HasSuffix(p, ".rego") || (isTest(p) && !withTests) {
				return nil
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			out = append(out, source{name: filepath.ToSlash(p), text: string(b)})
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("policy folder %s: %w", dir, err)
		}
		if len(out) == n {
			return nil, fmt.Errorf("policy folder %s holds no .rego file", dir)
		}
	}
	return out, nil
}

// parse parses every source, collecting all errors.
func parse(srcs []source) (map[string]*ast.Module, []string, error) {
	mods := map[string]*ast.Module{}
	var names []string
	var errs []*Error
	// Parse on every core (the files are independent), then take the
	// results in source order so errors come out the same way every time.
	type parsed struct {
		m   *ast.Module
		err error
	}
	out := make([]parsed, len(srcs))
	caps := Capabilities()
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(srcs)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i].m, out[i].err = ast.ParseModuleWithOpts(srcs[i].name, srcs[i].text, ast.ParserOptions{
					ProcessAnnotation: true, RegoVersion: ast.RegoV1, Capabilities: caps,
				})
			}
		}()
	}
	for i := range srcs {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, s := range srcs {
		if _, dup := mods[s.name]; dup {
			continue // the same file named twice (--policy dir --policy dir/x.rego)
		}
		if out[i].err != nil {
			errs = append(errs, fromOPA(out[i].err, s.name))
			continue
		}
		mods[s.name] = out[i].m
		names = append(names, s.name)
	}
	sort.Strings(names)
	return mods, names, merge(errs)
}

var (
	bundledOnce sync.Once
	bundledSet  *Set
	bundledErr  error
)

// Bundled returns papilint's own Rego rules, compiled on first use.
func Bundled() (*Set, error) {
	bundledOnce.Do(func() {
		srcs, err := bundledSources(false)
		if err != nil {
			bundledErr = err
			return
		}
		bundledSet, bundledErr = build("bundled", srcs, false, Options{})
	})
	return bundledSet, bundledErr
}

var (
	customMu    sync.Mutex
	customCache = map[string]*customEntry{}
)

type customEntry struct {
	set *Set
	err error
}

// Custom loads, checks and compiles custom policies from folders (or single
// .rego files). The bundled library (data.papilint.lib) is available to
// them. Results are cached per process by folder list and options.
func Custom(dirs []string, opts Options) (*Set, error) {
	key := fmt.Sprintf("%q|%d", dirs, opts.Budget)
	customMu.Lock()
	defer customMu.Unlock()
	if e, ok := customCache[key]; ok {
		return e.set, e.err
	}
	set, err := loadCustom(dirs, opts)
	customCache[key] = &customEntry{set, err}
	return set, err
}

func loadCustom(dirs []string, opts Options) (*Set, error) {
	lib, err := librarySources()
	if err != nil {
		return nil, err
	}
	srcs, err := dirSources(dirs, false)
	if err != nil {
		return nil, err
	}
	set, err := build("custom", append(lib, srcs...), true, opts)
	if err != nil {
		return nil, err
	}
	if b, err := Bundled(); err == nil {
		ids, names := map[string]bool{}, map[string]bool{}
		for _, a := range b.analyzers {
			ids[a.ID], names[a.Name] = true, true
		}
		for _, r := range set.rules {
			if names[r.an.Name] {
				return nil, locErr(r.file, nil, fmt.Sprintf("rule name %q is the name of a papilint rule; choose another", r.an.Name))
			}
		}
	}
	return set, nil
}

// build compiles sources into a set. custom selects custom-policy checks.
func build(name string, srcs []source, custom bool, opts Options) (*Set, error) {
	if opts.Budget <= 0 {
		opts.Budget = DefaultBudget
	}
	mods, names, err := parse(srcs)
	if err != nil {
		return nil, err
	}
	libs := map[string]bool{}
	for _, src := range srcs {
		if src.lib {
			libs[src.name] = true
		}
	}
	s := &Set{opts: opts}
	var errs []*Error
	type pending struct {
		file string
		pkg  ast.Ref
		an   *analysis.Analyzer
	}
	var found []pending
	ids, ruleNames := map[string]string{}, map[string]string{}
	for _, file := range names {
		m := mods[file]
		pkg := m.Package.Path
		pkgName := strings.TrimPrefix(pkg.String(), "data.")
		switch {
		case libs[file]:
			continue
		case custom && !strings.HasPrefix(pkgName, "papilint.custom."):
			errs = append(errs, locErr(file, m.Package.Location,
				fmt.Sprintf("package %s: custom policies must be in package papilint.custom.<name>", pkgName)))
			continue
		case custom && len(pkg) != 4:
			errs = append(errs, locErr(file, m.Package.Location,
				fmt.Sprintf("package %s: custom policies must be in package papilint.custom.<name>, one level below papilint.custom", pkgName)))
			continue
		case !custom && !strings.HasPrefix(pkgName, "papilint.rules."):
			errs = append(errs, locErr(file, m.Package.Location,
				fmt.Sprintf("package %s: bundled rules must be in package papilint.rules.<id>", pkgName)))
			continue
		}
		ann := packageAnnotation(m)
		report := definesReport(m)
		if ann == nil || ann.Custom["id"] == nil {
			if report != nil {
				errs = append(errs, locErr(file, report.Location,
					"the module defines report but has no METADATA block with custom.id before its package; a rule needs one"))
			} else if !custom {
				errs = append(errs, locErr(file, m.Package.Location, "a bundled rule module needs a METADATA block and a report rule"))
			}
			continue // a custom helper module
		}
		an, err := readMeta(file, ann, custom)
		if err != nil {
			errs = append(errs, err.(*Error))
			continue
		}
		if report == nil {
			errs = append(errs, locErr(file, m.Package.Location, fmt.Sprintf("rule %s defines no report set", an.ID)))
			continue
		}
		if !custom && pkgName != "papilint.rules."+strings.ToLower(an.ID) {
			errs = append(errs, locErr(file, m.Package.Location,
				fmt.Sprintf("rule %s must be in package papilint.rules.%s", an.ID, strings.ToLower(an.ID))))
			continue
		}
		if custom && !regoPackage.MatchString(string(pkg[3].Value.(ast.String))) {
			errs = append(errs, locErr(file, m.Package.Location, fmt.Sprintf("package %s: the name after papilint.custom must be a plain identifier", pkgName)))
			continue
		}
		if prev, dup := ids[an.ID]; dup {
			errs = append(errs, locErr(file, ann.Location, fmt.Sprintf("rule id %s is also used by %s", an.ID, prev)))
			continue
		}
		if prev, dup := ruleNames[an.Name]; dup {
			errs = append(errs, locErr(file, ann.Location, fmt.Sprintf("rule name %s is also used by %s", an.Name, prev)))
			continue
		}
		ids[an.ID], ruleNames[an.Name] = file, file
		found = append(found, pending{file: file, pkg: pkg, an: an})
	}
	if err := merge(errs); err != nil {
		return nil, err
	}
	c, err := newCompiler(!custom, false)
	if err != nil {
		return nil, err
	}
	if !custom {
		// The bundled policies are type-checked against the input schema
		// when their tests compile them (TestBundled, in CI); checking
		// them again in every process is a sixth of the start-up.
		c = c.WithSkipStages(ast.StageCheckTypes)
	}
	if c.Compile(mods); c.Failed() {
		return nil, fromOPA(c.Errors, "")
	}
	s.budget = &analysis.Analyzer{
		Name:     "rego-budget-" + name,
		Requires: []*analysis.Analyzer{InputModel},
		Run: func(*analysis.Pass) (any, error) {
			return newBudget(s.opts.Budget, len(s.rules)), nil
		},
	}
	for _, p := range found {
		q := p.pkg.Append(ast.StringTerm("report"))
		pq, err := rego.New(
			rego.ParsedQuery(ast.NewBody(ast.NewExpr(ast.NewTerm(q)))),
			rego.Compiler(c),
			rego.Capabilities(Capabilities()),
			rego.StrictBuiltinErrors(false),
		).PrepareForEval(context.Background())
		if err != nil {
			return nil, fromOPA(err, p.file)
		}
		r := &rule{file: p.file, pkg: p.pkg, query: pq, an: p.an}
		r.an.Requires = []*analysis.Analyzer{InputModel, s.budget}
		r.an.Run = s.runner(r)
		s.rules = append(s.rules, r)
		s.analyzers = append(s.analyzers, r.an)
	}
	if !custom && len(s.rules) > 0 {
		// One query binding r<i> to [report of rule i] (an empty array when
		// the report is undefined), so one evaluation serves every rule.
		body := ast.Body{}
		for i, r := range s.rules {
			ref := r.pkg.Append(ast.StringTerm("report"))
			x := ast.VarTerm("x")
			compr := ast.ArrayComprehensionTerm(x, ast.NewBody(ast.Assign.Expr(x, ast.NewTerm(ref))))
			body.Append(ast.Equality.Expr(ast.VarTerm(fmt.Sprintf("r%d", i)), compr))
		}
		pq, err := rego.New(
			rego.ParsedQuery(body),
			rego.Compiler(c),
			rego.Capabilities(Capabilities()),
			rego.StrictBuiltinErrors(false),
		).PrepareForEval(context.Background())
		if err != nil {
			return nil, fromOPA(err, "")
		}
		s.all = &pq
		s.together = &analysis.Analyzer{
			Name:     "rego-together-" + name,
			Requires: []*analysis.Analyzer{InputModel, s.budget},
			Run:      s.evalTogether,
		}
		for _, r := range s.rules {
			r.an.Requires = append(r.an.Requires, s.together)
		}
	}
	sort.Slice(s.analyzers, func(i, j int) bool { return s.analyzers[i].ID < s.analyzers[j].ID })
	return s, nil
}
