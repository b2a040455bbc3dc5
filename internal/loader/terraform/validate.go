package terraform

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// Static checks Terraform makes before it plans (terraform validate), for
// the mistakes that make a configuration invalid whatever its values:
// references to things that are not declared, type constraints that are
// not types, defaults that do not fit their type, reserved names.

// validate checks a module once its blocks are read.
func (l *loader) validate(m *module) {
	for _, r := range m.resources {
		l.checkBody(m, r.content, nil)
		for _, e := range []hcl.Expression{r.count, r.forEach} {
			l.checkRefs(m, e, nil)
		}
	}
	for _, lc := range m.locals {
		l.checkRefs(m, lc.expr, nil)
	}
	for _, o := range m.outputs {
		l.checkRefs(m, o.expr, nil)
	}
	for _, c := range m.calls {
		for _, a := range c.args {
			l.checkRefs(m, a.Expr, nil)
		}
		l.checkRefs(m, c.count, nil)
		l.checkRefs(m, c.forEach, nil)
		if c.count != nil && c.forEach != nil {
			l.errorAt(c.header, "count and for_each cannot both be set")
		}
	}
	for _, v := range m.vars {
		l.checkVariable(v)
	}
}

// checkBody checks the references of a block body and its nested blocks;
// iters are the dynamic block iterators in scope.
func (l *loader) checkBody(m *module, c *content, iters map[string]bool) {
	for _, a := range c.attrs {
		l.checkRefs(m, a.Expr, iters)
	}
	for _, b := range c.blocks {
		if b.Type == "locals" {
			l.errorAt(b.DefRange, `the block type name "locals" is reserved for Terraform; it cannot be used in a resource`)
			continue
		}
		nc, _ := splitBody(b.Body, nil, nil)
		l.checkBody(m, nc, iters)
	}
	for _, b := range c.dynamics {
		dc, _, _ := b.Body.PartialContent(dynamicSchema)
		if dc == nil || len(b.Labels) != 1 {
			continue
		}
		inner := map[string]bool{b.Labels[0]: true}
		if a := dc.Attributes["iterator"]; a != nil {
			if kw := hcl.ExprAsKeyword(a.Expr); kw != "" {
				inner = map[string]bool{kw: true}
			}
		}
		if a := dc.Attributes["for_each"]; a != nil {
			l.checkRefs(m, a.Expr, iters)
		}
		for k := range iters {
			inner[k] = true
		}
		for _, cb := range dc.Blocks {
			if cb.Type == "content" {
				nc, _ := splitBody(cb.Body, nil, nil)
				l.checkBody(m, nc, inner)
			}
		}
	}
}

// checkRefs reports references to variables, locals, resources, data
// sources and module calls the module does not declare. They are warnings:
// terraform validate rejects them, but a scan of part of a configuration
// (and the corpus of snippets other linters test with) has them, and the
// rest of the module still loads.
func (l *loader) checkRefs(m *module, x hcl.Expression, iters map[string]bool) {
	if x == nil || l.partial {
		return
	}
	for _, t := range x.Variables() {
		if t.RootName() == "resource" && len(t) > 1 {
			if a, ok := t[1].(hcl.TraverseAttr); ok {
				t = append(hcl.Traversal{hcl.TraverseRoot{Name: a.Name, SrcRange: a.SrcRange}}, t[2:]...)
			}
		}
		root := t.RootName()
		name := func(i int) string {
			if i < len(t) {
				if a, ok := t[i].(hcl.TraverseAttr); ok {
					return a.Name
				}
			}
			return ""
		}
		r := t.SourceRange()
		switch root {
		case "var":
			if n := name(1); n != "" && m.vars[n] == nil {
				l.warnAt(r, fmt.Sprintf("reference to undeclared variable var.%s", n))
			}
		case "local":
			if n := name(1); n != "" && m.locals[n] == nil {
				l.warnAt(r, fmt.Sprintf("reference to undeclared local value local.%s", n))
			}
		case "module":
			if n := name(1); n != "" && m.callByKey[n] == nil {
				l.warnAt(r, fmt.Sprintf("reference to undeclared module module.%s", n))
			}
		case "data":
			if typ, n := name(1), name(2); typ != "" && n != "" && m.resByKey["data."+typ+"."+n] == nil {
				l.warnAt(r, fmt.Sprintf("reference to undeclared data source data.%s.%s", typ, n))
			}
		case "count", "each", "self", "path", "terraform":
		default:
			if iters[root] {
				continue
			}
			if n := name(1); n != "" && m.resByKey[root+"."+n] == nil {
				l.warnAt(r, fmt.Sprintf("reference to undeclared resource %s.%s", root, n))
			}
		}
	}
}

// checkVariable checks a variable's type constraint and default.
func (l *loader) checkVariable(v *variable) {
	if v.typ == nil {
		return
	}
	if _, ok := v.typ.(*hclsyntax.TemplateExpr); ok {
		return // reported when read: a quoted type
	}
	switch hcl.ExprAsKeyword(v.typ) {
	case "list", "map", "set":
		return // Terraform 0.11 shorthands, still accepted
	}
	ty, defaults, diags := typeexpr.TypeConstraintWithDefaults(v.typ)
	if diags.HasErrors() {
		l.hclDiags(diags, "papilint-load")
		return
	}
	if v.def == nil {
		return
	}
	dv, d := v.def.Value(nil)
	if d.HasErrors() || !dv.IsWhollyKnown() || dv.IsNull() {
		return
	}
	if defaults != nil {
		dv = defaults.Apply(dv)
	}
	if _, err := convert.Convert(dv, ty); err != nil {
		l.errorAt(v.def.Range(), fmt.Sprintf("the default of variable %q does not fit its type %s: %s", v.name, typeString(ty), err))
	}
}

func typeString(t cty.Type) string { return t.FriendlyName() }
