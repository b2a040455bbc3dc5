package cdk

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// A Unit is one top-level declaration: a function or method with the
// closures inside it, or a package-level var declaration. "In the same
// function" in the rules' documentation means "in the same Unit".
type Unit struct {
	File *ast.File
	Decl ast.Decl
	// Evidence says whether, and where, the unit builds the private API
	// pattern.
	Evidence Evidence

	ix        *Index
	bound     map[*ast.CompositeLit]*types.Var // literal assigned to a variable
	written   map[*types.Var]bool              // written through a selector, index or pointer, or address taken
	escapes   map[*types.Var]bool              // copied to another variable or passed outside the CDK
	assigns   map[*types.Var][]ast.Expr        // values assigned to a variable
	recvCalls map[*types.Var][]*ast.CallExpr   // method calls whose receiver is the variable
	argOf     map[*ast.CompositeLit]*ast.CallExpr
	result    map[*ast.CallExpr]*types.Var
}

func newUnit(ix *Index, f *ast.File, d ast.Decl) *Unit {
	u := &Unit{
		File: f, Decl: d, ix: ix,
		bound:     map[*ast.CompositeLit]*types.Var{},
		written:   map[*types.Var]bool{},
		escapes:   map[*types.Var]bool{},
		assigns:   map[*types.Var][]ast.Expr{},
		recvCalls: map[*types.Var][]*ast.CallExpr{},
		argOf:     map[*ast.CompositeLit]*ast.CallExpr{},
		result:    map[*ast.CallExpr]*types.Var{},
	}
	ast.Inspect(d, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				if len(n.Lhs) == len(n.Rhs) {
					u.assign(lhs, n.Rhs[i])
				} else {
					u.assign(lhs, nil)
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				var rhs ast.Expr
				if len(n.Values) == len(n.Names) {
					rhs = n.Values[i]
				}
				u.assign(name, rhs)
			}
		case *ast.IncDecStmt:
			u.assign(n.X, nil)
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				if v := u.varOf(n.X); v != nil {
					u.written[v] = true
				}
			}
		case *ast.CallExpr:
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok {
				if v := u.varOf(sel.X); v != nil {
					u.recvCalls[v] = append(u.recvCalls[v], n)
				}
			}
			fn := ix.callee(n)
			for _, a := range n.Args {
				if lit := compositeLit(a); lit != nil {
					u.argOf[lit] = n
				}
				if v := u.varOf(a); v != nil && !isCDKFunc(fn) {
					u.escapes[v] = true
				}
			}
		}
		return true
	})
	u.Evidence = u.evidence()
	return u
}

// assign records lhs = rhs (rhs nil when unknown).
func (u *Unit) assign(lhs, rhs ast.Expr) {
	lhs = ast.Unparen(lhs)
	if id, ok := lhs.(*ast.Ident); ok {
		v := u.varOf(id)
		if v == nil {
			return
		}
		if rhs == nil {
			u.written[v] = true
			return
		}
		u.assigns[v] = append(u.assigns[v], rhs)
		if call, ok := ast.Unparen(rhs).(*ast.CallExpr); ok {
			u.result[call] = v
		}
		if lit := compositeLit(rhs); lit != nil {
			u.bound[lit] = v
		}
		if src := u.varOf(rhs); src != nil {
			u.escapes[src] = true
		}
		return
	}
	// v.F = x, v[i] = x, *v = x: the variable's value changes in place.
	if root := rootVar(u, lhs); root != nil {
		u.written[root] = true
	}
	if rhs != nil {
		if src := u.varOf(rhs); src != nil {
			u.escapes[src] = true
		}
	}
}

func rootVar(u *Unit, e ast.Expr) *types.Var {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.SelectorExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.Ident:
			return u.varOf(x)
		default:
			return nil
		}
	}
}

// varOf returns the variable e names, when e is a plain identifier of a
// variable (not a struct field).
func (u *Unit) varOf(e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := u.ix.Pass.TypesInfo.ObjectOf(id).(*types.Var)
	if !ok || v.IsField() {
		return nil
	}
	return v
}

// VarOf is varOf for the rules.
func (u *Unit) VarOf(e ast.Expr) *types.Var { return u.varOf(e) }

// Props is a keyed composite literal of a props struct.
type Props struct {
	Lit    *ast.CompositeLit
	ix     *Index
	fields map[string]*ast.KeyValueExpr
}

// Field returns the key-value pair that sets the field name, or nil when the
// literal leaves it out or sets it to nil.
func (p *Props) Field(name string) *ast.KeyValueExpr {
	kv := p.fields[name]
	if kv == nil || p.ix.IsNil(kv.Value) {
		return nil
	}
	return kv
}

// PropsOf returns the props literal e writes (T{...} or &T{...}) when its
// type is one of path.names and every element is keyed; otherwise nil.
func (ix *Index) PropsOf(e ast.Expr, path string, names ...string) *Props {
	lit := compositeLit(e)
	if lit == nil || !ix.IsType(ix.Pass.TypesInfo.TypeOf(lit), path, names...) {
		return nil
	}
	return ix.props(lit)
}

func (ix *Index) props(lit *ast.CompositeLit) *Props {
	p := &Props{Lit: lit, ix: ix, fields: map[string]*ast.KeyValueExpr{}}
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			return nil
		}
		id, ok := kv.Key.(*ast.Ident)
		if !ok {
			return nil
		}
		p.fields[id.Name] = kv
	}
	return p
}

// Literals returns the keyed literals of the props types path.names written
// in the unit, in source order, leaving out literals assigned to a variable
// that is later changed in place (props.Field = x) or whose address is taken.
func (u *Unit) Literals(path string, names ...string) []*Props {
	var out []*Props
	ast.Inspect(u.Decl, func(n ast.Node) bool {
		lit, ok := n.(*ast.CompositeLit)
		if !ok || !u.ix.IsType(u.ix.Pass.TypesInfo.TypeOf(lit), path, names...) {
			return true
		}
		if v := u.bound[lit]; v != nil && u.written[v] {
			return true
		}
		if p := u.ix.props(lit); p != nil {
			out = append(out, p)
		}
		return true
	})
	return out
}

// CallOf returns the call whose argument is the literal (T{...} or &T{...}),
// or nil.
func (u *Unit) CallOf(p *Props) *ast.CallExpr { return u.argOf[p.Lit] }

// ResultOf returns the variable the result of call is assigned to, or nil.
func (u *Unit) ResultOf(call *ast.CallExpr) *types.Var { return u.result[call] }

// ReceiverCalls returns the method calls on v in the unit.
func (u *Unit) ReceiverCalls(v *types.Var) []*ast.CallExpr {
	if v == nil {
		return nil
	}
	return u.recvCalls[v]
}

// MaybeChanged reports whether the construct held in v may be configured
// after its constructor in a way the rule cannot see: v is the receiver of
// one of methods (for example Node, the escape hatch), is copied to another
// variable, or is passed to a function outside the CDK.
func (u *Unit) MaybeChanged(v *types.Var, methods ...string) bool {
	if v == nil {
		return false
	}
	if u.escapes[v] {
		return true
	}
	for _, c := range u.recvCalls[v] {
		name := ast.Unparen(c.Fun).(*ast.SelectorExpr).Sel.Name
		for _, m := range methods {
			if name == m {
				return true
			}
		}
	}
	return false
}

// Reaches looks through e and, for every variable e mentions that follow
// accepts (nil: every variable), through the values assigned to it in the
// unit and the method calls made on it (doc.AddStatements(stmt),
// stmt.AddCondition(...)), transitively, and returns the first expression
// pred accepts. It never looks into the bodies of called functions.
func (u *Unit) Reaches(e ast.Expr, follow func(*types.Var) bool, pred func(ast.Expr) bool) ast.Expr {
	seen := map[*types.Var]bool{}
	work := []ast.Node{e}
	for len(work) > 0 {
		n := work[0]
		work = work[1:]
		var found ast.Expr
		ast.Inspect(n, func(n ast.Node) bool {
			if found != nil {
				return false
			}
			x, ok := n.(ast.Expr)
			if !ok {
				return true
			}
			if pred(x) {
				found = x
				return false
			}
			if v := u.varOf(x); v != nil && !seen[v] && (follow == nil || follow(v)) {
				seen[v] = true
				for _, a := range u.assigns[v] {
					work = append(work, a)
				}
				for _, c := range u.recvCalls[v] {
					work = append(work, c)
				}
			}
			return true
		})
		if found != nil {
			return found
		}
	}
	return nil
}

// Line returns the line of pos.
func (ix *Index) Line(pos token.Pos) int { return ix.Pass.Fset.Position(pos).Line }

// IsConditionKey reports whether e is a string constant naming one of the
// IAM condition keys (case-insensitively, as IAM compares them).
func (ix *Index) IsConditionKey(e ast.Expr, keys ...string) (string, bool) {
	s, ok := ix.constString(e)
	if !ok {
		return "", false
	}
	for _, k := range keys {
		if strings.EqualFold(s, k) {
			return s, true
		}
	}
	return "", false
}
