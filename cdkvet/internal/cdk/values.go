package cdk

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"
)

// This file reads the values a rule may judge: constants and jsii literals
// written in the source. Everything else is unknown (ok == false), and a rule
// that meets an unknown value stays silent.

// Bool returns b when e is jsii.Bool(b) with b a constant.
func (ix *Index) Bool(e ast.Expr) (b bool, ok bool) {
	v, ok := ix.jsiiArg(e, "Bool")
	if !ok || v.Kind() != constant.Bool {
		return false, false
	}
	return constant.BoolVal(v), true
}

// String returns s when e is jsii.String(s) with s a constant.
func (ix *Index) String(e ast.Expr) (s string, ok bool) {
	v, ok := ix.jsiiArg(e, "String")
	if !ok || v.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(v), true
}

// Number returns n when e is jsii.Number(n) with n a constant.
func (ix *Index) Number(e ast.Expr) (n float64, ok bool) {
	v, ok := ix.jsiiArg(e, "Number")
	if !ok {
		return 0, false
	}
	switch v.Kind() {
	case constant.Int, constant.Float:
		f, _ := constant.Float64Val(constant.ToFloat(v))
		return f, true
	}
	return 0, false
}

// jsiiArg returns the constant argument of a call of the jsii helper name.
func (ix *Index) jsiiArg(e ast.Expr, name string) (constant.Value, bool) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 || call.Ellipsis != token.NoPos || !ix.IsFunc(call, PathJSII, name) {
		return nil, false
	}
	tv, ok := ix.Pass.TypesInfo.Types[call.Args[0]]
	if !ok || tv.Value == nil {
		return nil, false
	}
	return tv.Value, true
}

// Enum returns the value of e when e is a constant of the enum type
// path.typ, such as awselasticloadbalancingv2.TargetType_INSTANCE or a
// constant conversion awsapigateway.SecurityPolicy("TLS_1_0").
func (ix *Index) Enum(e ast.Expr, path, typ string) (string, bool) {
	tv, ok := ix.Pass.TypesInfo.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String || !ix.IsType(tv.Type, path, typ) {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

// EnumList returns the values of e when e is a slice literal (or a pointer to
// one) whose elements are all constants of the enum type path.typ:
// &[]awsapigateway.EndpointType{awsapigateway.EndpointType_PRIVATE}. An empty
// literal is unknown.
func (ix *Index) EnumList(e ast.Expr, path, typ string) ([]string, bool) {
	lit := compositeLit(e)
	if lit == nil || len(lit.Elts) == 0 {
		return nil, false
	}
	sl, ok := types.Unalias(ix.Pass.TypesInfo.TypeOf(lit)).Underlying().(*types.Slice)
	if !ok || !ix.IsType(sl.Elem(), path, typ) {
		return nil, false
	}
	var out []string
	for _, el := range lit.Elts {
		v, ok := ix.Enum(el, path, typ)
		if !ok {
			return nil, false
		}
		out = append(out, v)
	}
	return out, true
}

// IsNil reports whether e is the predeclared nil.
func (ix *Index) IsNil(e ast.Expr) bool {
	tv, ok := ix.Pass.TypesInfo.Types[e]
	return ok && tv.IsNil()
}

// compositeLit returns the literal of e when e is T{...} or &T{...}.
func compositeLit(e ast.Expr) *ast.CompositeLit {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	lit, _ := e.(*ast.CompositeLit)
	return lit
}

// constString returns the value of e when e is a string constant.
func (ix *Index) constString(e ast.Expr) (string, bool) {
	tv, ok := ix.Pass.TypesInfo.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

// CompositeLit returns the literal of e when e is T{...} or &T{...}, or nil.
func CompositeLit(e ast.Expr) *ast.CompositeLit { return compositeLit(e) }

// PolicyPart reports whether v may hold part of an IAM policy: anything but
// a construct or value of an aws-cdk-go package other than awsiam (a VPC, an
// endpoint, a stack), whose other uses say nothing about the policy.
func (ix *Index) PolicyPart(v *types.Var) bool {
	t := types.Unalias(v.Type())
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return true
	}
	path := n.Obj().Pkg().Path()
	if path != PathCDK && !strings.HasPrefix(path, PathCDK+"/") {
		return true
	}
	return path == PathCDK+"/awsiam"
}
