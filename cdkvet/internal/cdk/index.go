// Package cdk is the shared core of the cdkvet analyzers. Its Analyzer
// reports nothing: it computes, once per package, an Index that the rule
// analyzers require. The Index
//
//   - finds the aws-cdk-go packages the analysed package imports and looks up
//     their objects (types, constructors, enum types, jsii helpers), so that
//     the rules match types and functions by object identity, never by the
//     spelling of a selector;
//   - reads values that are known in the source: constants, enum constants and
//     jsii literals such as jsii.Bool(true), jsii.String("200") and
//     jsii.Number(443); anything else (a variable, a function result) is
//     unknown and makes a rule stay silent;
//   - splits the package into units, one per top-level declaration (a function
//     with its closures, or a package-level var block), and records for each
//     unit the first sign that it builds the private API pattern;
//   - reports diagnostics with the rule ID as category and the rule's
//     documentation URL, honouring papilint:ignore comments.
package cdk

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Analyzer computes the Index. It reports nothing.
var Analyzer = &analysis.Analyzer{
	Name:       "cdkindex",
	Doc:        "index the aws-cdk-go constructs of a package for the papilint cdkvet analyzers (reports nothing)",
	Run:        run,
	ResultType: reflect.TypeOf((*Index)(nil)),
}

// Of returns the Index of the pass; the analyzer must require Analyzer. Rule
// analyzers built with NewAnalyzer receive a copy that reports to their own
// pass; the Index Of returns cannot report.
func Of(pass *analysis.Pass) *Index { return pass.ResultOf[Analyzer].(*Index) }

// Index is the result of Analyzer.
type Index struct {
	Pass *analysis.Pass
	// Units holds one entry per top-level declaration, in source order.
	// It is empty when the package imports no aws-cdk-go package.
	Units []*Unit

	pkgs    map[string]*types.Package
	ignores map[*token.File]map[int][]directive
	report  func(analysis.Diagnostic) // the rule analyzer's pass.Report
}

func run(pass *analysis.Pass) (any, error) {
	ix := &Index{Pass: pass, pkgs: map[string]*types.Package{}}
	usesCDK := false
	for _, p := range pass.Pkg.Imports() {
		ix.pkgs[p.Path()] = p
		if p.Path() == PathCDK || strings.HasPrefix(p.Path(), PathCDK+"/") {
			usesCDK = true
		}
	}
	if !usesCDK {
		return ix, nil
	}
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok != token.VAR {
				continue // types, constants and imports build nothing
			}
			u := newUnit(ix, f, d)
			ix.Units = append(ix.Units, u)
		}
	}
	return ix, nil
}

// Imports reports whether the analysed package imports path directly. A
// package can only spell a constructor, props type or enum constant of a
// package it imports, so a rule whose package is not imported has nothing to
// check.
func (ix *Index) Imports(path string) bool { return ix.pkgs[path] != nil }

// Object returns the package-level object name of the imported package path,
// or nil.
func (ix *Index) Object(path, name string) types.Object {
	p := ix.pkgs[path]
	if p == nil {
		return nil
	}
	return p.Scope().Lookup(name)
}

// IsType reports whether t, or the type t points to, is the named type
// path.name for one of names: the same *types.TypeName object, not a type
// that happens to have the same name.
func (ix *Index) IsType(t types.Type, path string, names ...string) bool {
	if t == nil {
		return false
	}
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, ok := t.(*types.Named)
	if !ok {
		return false
	}
	obj := n.Origin().Obj()
	for _, name := range names {
		if o := ix.Object(path, name); o != nil && o == obj {
			return true
		}
	}
	return false
}

// IsFunc reports whether call calls the package-level function path.name for
// one of names (generic functions match through their origin).
func (ix *Index) IsFunc(call *ast.CallExpr, path string, names ...string) bool {
	fn := ix.callee(call)
	if fn == nil {
		return false
	}
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		return false
	}
	for _, name := range names {
		if o := ix.Object(path, name); o != nil && o == fn {
			return true
		}
	}
	return false
}

// IsMethod reports whether call calls method of a value whose static type is
// one of the named types recv of package path (a pointer to one counts), and
// the method is declared in that package.
func (ix *Index) IsMethod(call *ast.CallExpr, path, method string, recv ...string) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != method {
		return false
	}
	s := ix.Pass.TypesInfo.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal {
		return false
	}
	if p := ix.pkgs[path]; p == nil || s.Obj().Pkg() != p {
		return false
	}
	return ix.IsType(ix.Pass.TypesInfo.TypeOf(sel.X), path, recv...)
}

// callee returns the function or method call calls statically, or nil.
func (ix *Index) callee(call *ast.CallExpr) *types.Func {
	var id *ast.Ident
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		id = f.Sel
	case *ast.IndexExpr: // explicit instantiation: jsii.Number[int](80)
		return ix.callee(&ast.CallExpr{Fun: f.X})
	case *ast.IndexListExpr:
		return ix.callee(&ast.CallExpr{Fun: f.X})
	default:
		return nil
	}
	fn, ok := ix.Pass.TypesInfo.Uses[id].(*types.Func)
	if !ok {
		return nil
	}
	return fn.Origin()
}

// isCDKFunc reports whether fn is declared in the CDK itself (aws-cdk-go,
// constructs, jsii).
func isCDKFunc(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	p := fn.Pkg().Path()
	for _, pre := range cdkPrefixes {
		if p == pre || strings.HasPrefix(p, pre+"/") {
			return true
		}
	}
	return false
}

// NewAnalyzer returns the analyzer of rule r: named after the rule ID in
// lower case (papi030), with the rule's documentation URL, requiring
// Analyzer, and running check on the package's Index.
func NewAnalyzer(r Rule, doc string, check func(*Index)) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:     strings.ToLower(r.ID),
		Doc:      doc,
		URL:      r.URL(),
		Requires: []*analysis.Analyzer{Analyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			// The Index was built by the pass of Analyzer; findings must go
			// to this analyzer's pass, so each rule gets its own copy.
			ix := *Of(pass)
			ix.report = pass.Report
			ix.ignores = nil
			check(&ix)
			return nil, nil
		},
	}
}
