package terraform

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"

	"github.com/papilint/papilint/internal/source"
)

// The configuration of one module: every block of its files, with overrides
// merged, before any evaluation.

type module struct {
	dir   string // absolute directory
	rel   string // report path of the directory ("." for the report root)
	files []*source.File

	vars      map[string]*variable
	locals    map[string]*local
	outputs   map[string]*output
	resources []*resource
	resByKey  map[string]*resource // "aws_lb.x", "data.aws_region.current"
	calls     []*moduleCall
	callByKey map[string]*moduleCall
}

type variable struct {
	name     string
	defRange hcl.Range
	def      hcl.Expression // nil without a default
	typ      hcl.Expression // nil without a type
}

type local struct {
	name string
	expr hcl.Expression
}

type output struct {
	name     string
	expr     hcl.Expression
	defRange hcl.Range
}

type resource struct {
	mode     string // "resource" or "data"
	typ      string
	name     string
	file     *source.File
	header   hcl.Range // the block type and labels
	rng      hcl.Range // the whole block
	count    hcl.Expression
	forEach  hcl.Expression
	content  *content
	override bool
}

// key is the resource's address within its module, without an instance key.
func (r *resource) key() string {
	if r.mode == "data" {
		return "data." + r.typ + "." + r.name
	}
	return r.typ + "." + r.name
}

type moduleCall struct {
	name        string
	source      string
	sourceRange hcl.Range
	header      hcl.Range
	count       hcl.Expression
	forEach     hcl.Expression
	args        map[string]*hcl.Attribute
	file        *source.File
}

// content is a block body split into arguments, nested blocks and dynamic
// blocks, meta-arguments removed. In JSON syntax nested blocks cannot be
// told from arguments without the provider's schema, so they appear as
// arguments whose value is an object or a list of objects; the mapping
// accepts both shapes.
type content struct {
	attrs    map[string]*hcl.Attribute
	blocks   []*hcl.Block // nested blocks, source order
	dynamics []*hcl.Block // dynamic "type" blocks
	meta     map[string]*hcl.Attribute
}

// sortedAttrs returns the arguments in source order.
func (c *content) sortedAttrs() []*hcl.Attribute {
	out := make([]*hcl.Attribute, 0, len(c.attrs))
	for _, a := range c.attrs {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Range.Filename != out[j].Range.Filename {
			return out[i].Range.Filename < out[j].Range.Filename
		}
		return out[i].Range.Start.Byte < out[j].Range.Start.Byte
	})
	return out
}

// blockTypes returns the nested block types (static or dynamic) in the
// order they first appear.
func (c *content) blockTypes() []string {
	var out []string
	seen := map[string]bool{}
	add := func(t string, r hcl.Range) {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	all := append(append([]*hcl.Block(nil), c.blocks...), c.dynamics...)
	sort.SliceStable(all, func(i, j int) bool { return all[i].DefRange.Start.Byte < all[j].DefRange.Start.Byte })
	for _, b := range all {
		if b.Type == "dynamic" {
			if len(b.Labels) == 1 {
				add(b.Labels[0], b.DefRange)
			}
			continue
		}
		add(b.Type, b.DefRange)
	}
	return out
}

// merge applies an override block's content: its arguments replace the
// original's, and a nested block type it contains replaces every block of
// that type (Terraform's override rules).
func (c *content) merge(o *content) {
	for k, a := range o.attrs {
		c.attrs[k] = a
	}
	for k, a := range o.meta {
		c.meta[k] = a
	}
	replaced := map[string]bool{}
	for _, t := range o.blockTypes() {
		replaced[t] = true
	}
	var blocks, dyns []*hcl.Block
	for _, b := range c.blocks {
		if !replaced[b.Type] {
			blocks = append(blocks, b)
		}
	}
	for _, b := range c.dynamics {
		if len(b.Labels) == 1 && !replaced[b.Labels[0]] {
			dyns = append(dyns, b)
		}
	}
	c.blocks = append(blocks, o.blocks...)
	c.dynamics = append(dyns, o.dynamics...)
}

// splitBody reads a block body. metaAttrs and metaBlocks name the
// meta-arguments that are kept apart (count, for_each, lifecycle, ...).
func splitBody(body hcl.Body, metaAttrs, metaBlocks []string) (*content, hcl.Diagnostics) {
	c := &content{attrs: map[string]*hcl.Attribute{}, meta: map[string]*hcl.Attribute{}}
	isMetaAttr := func(n string) bool {
		for _, m := range metaAttrs {
			if m == n {
				return true
			}
		}
		return false
	}
	isMetaBlock := func(n string) bool {
		for _, m := range metaBlocks {
			if m == n {
				return true
			}
		}
		return false
	}
	if sb, ok := body.(*hclsyntax.Body); ok {
		for name, a := range sb.Attributes {
			ha := a.AsHCLAttribute()
			if isMetaAttr(name) {
				c.meta[name] = ha
			} else {
				c.attrs[name] = ha
			}
		}
		for _, b := range sb.Blocks {
			hb := b.AsHCLBlock()
			switch {
			case b.Type == "dynamic":
				c.dynamics = append(c.dynamics, hb)
			case isMetaBlock(b.Type):
			default:
				c.blocks = append(c.blocks, hb)
			}
		}
		return c, nil
	}
	schema := &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "dynamic", LabelNames: []string{"type"}}}}
	for _, m := range metaAttrs {
		schema.Attributes = append(schema.Attributes, hcl.AttributeSchema{Name: m})
	}
	for _, m := range metaBlocks {
		bs := hcl.BlockHeaderSchema{Type: m}
		if m == "provisioner" {
			bs.LabelNames = []string{"type"}
		}
		schema.Blocks = append(schema.Blocks, bs)
	}
	pc, rest, diags := body.PartialContent(schema)
	if pc != nil {
		for n, a := range pc.Attributes {
			c.meta[n] = a
		}
		for _, b := range pc.Blocks {
			if b.Type == "dynamic" {
				c.dynamics = append(c.dynamics, b)
			}
		}
	}
	if rest != nil {
		attrs, d := rest.JustAttributes()
		diags = append(diags, d...)
		for n, a := range attrs {
			c.attrs[n] = a
		}
	}
	return c, diags
}

var (
	resourceMetaAttrs  = []string{"count", "for_each", "provider", "depends_on"}
	resourceMetaBlocks = []string{"lifecycle", "provisioner", "connection"}
	moduleMetaAttrs    = []string{"source", "version", "count", "for_each", "providers", "depends_on"}
)

var fileSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: "terraform"},
	{Type: "provider", LabelNames: []string{"name"}},
	{Type: "variable", LabelNames: []string{"name"}},
	{Type: "locals"},
	{Type: "output", LabelNames: []string{"name"}},
	{Type: "module", LabelNames: []string{"name"}},
	{Type: "resource", LabelNames: []string{"type", "name"}},
	{Type: "data", LabelNames: []string{"type", "name"}},
	{Type: "ephemeral", LabelNames: []string{"type", "name"}},
	{Type: "moved"},
	{Type: "import"},
	{Type: "removed"},
	{Type: "check", LabelNames: []string{"name"}},
	{Type: "language"}, // OpenTofu
}}

// parsedFile is one configuration file after parsing.
type parsedFile struct {
	file *source.File
	hcl  *hcl.File
}

// isOverride reports whether a file name is an override file
// (override.tf, *_override.tf and their JSON forms).
func isOverride(name string) bool {
	base := strings.TrimSuffix(strings.TrimSuffix(name, ".json"), ".tf")
	base = strings.TrimSuffix(base, ".tofu")
	return base == "override" || strings.HasSuffix(base, "_override")
}

// isConfigFile reports whether a file name is Terraform configuration.
func isConfigFile(name string) bool {
	for _, s := range []string{".tf", ".tf.json", ".tofu", ".tofu.json"} {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	return false
}

// parse parses one configuration file.
func (l *loader) parse(f *source.File) *parsedFile {
	if at := nestingDepth(f.Content, maxNesting); at >= 0 {
		l.files[f.Path] = f
		l.diag("error", f.Range(at, at+1), f.Rel, fmt.Sprintf("brackets nest more than %d levels deep; not scanned", maxNesting))
		return nil
	}
	var hf *hcl.File
	var diags hcl.Diagnostics
	if strings.HasSuffix(f.Path, ".json") {
		hf, diags = hcljson.Parse(f.Content, f.Path)
	} else {
		hf, diags = hclsyntax.ParseConfig(f.Content, f.Path, hcl.InitialPos)
	}
	l.files[f.Path] = f
	l.hclDiags(diags, "papilint-syntax")
	if hf == nil || hf.Body == nil {
		return nil
	}
	return &parsedFile{file: f, hcl: hf}
}

// buildModule reads the blocks of a module's parsed files. Override files
// are applied after every other file, in name order.
func (l *loader) buildModule(dir, rel string, pfs []*parsedFile) *module {
	m := &module{
		dir: dir, rel: rel,
		vars: map[string]*variable{}, locals: map[string]*local{}, outputs: map[string]*output{},
		resByKey: map[string]*resource{}, callByKey: map[string]*moduleCall{},
	}
	var base, over []*parsedFile
	for _, pf := range pfs {
		m.files = append(m.files, pf.file)
		if isOverride(path.Base(pf.file.Path)) {
			over = append(over, pf)
		} else {
			base = append(base, pf)
		}
	}
	for _, pf := range base {
		l.readFileBlocks(m, pf, false)
	}
	for _, pf := range over {
		l.readFileBlocks(m, pf, true)
	}
	l.validate(m)
	return m
}

func (l *loader) readFileBlocks(m *module, pf *parsedFile, override bool) {
	c, diags := pf.hcl.Body.Content(fileSchema)
	l.hclDiags(diags, "papilint-load")
	if c == nil {
		return
	}
	for _, b := range c.Blocks {
		l.checkStructure(pf, b, override)
		switch b.Type {
		case "variable":
			l.readVariable(m, b, override)
		case "locals":
			attrs, diags := b.Body.JustAttributes()
			l.hclDiags(diags, "papilint-load")
			for name, a := range attrs {
				if prev, dup := m.locals[name]; dup && !override {
					l.errorAt(a.NameRange, fmt.Sprintf("duplicate local value %q (first defined at %s)", name, l.pos(prev.expr.Range())))
					continue
				}
				m.locals[name] = &local{name: name, expr: a.Expr}
			}
		case "output":
			attrs, diags := b.Body.JustAttributes()
			l.hclDiags(withoutBlockErrors(diags), "papilint-load")
			name := b.Labels[0]
			o := m.outputs[name]
			if o != nil && !override {
				l.errorAt(b.DefRange, fmt.Sprintf("duplicate output %q", name))
				continue
			}
			if o == nil {
				if override {
					l.errorAt(b.DefRange, fmt.Sprintf("override for output %q, which is not declared", name))
					continue
				}
				o = &output{name: name, defRange: b.DefRange}
				m.outputs[name] = o
			}
			if a := attrs["value"]; a != nil {
				o.expr = a.Expr
			}
		case "resource", "data":
			l.readResource(m, pf, b, override)
		case "module":
			l.readModuleCall(m, pf, b, override)
		}
	}
}

func (l *loader) readVariable(m *module, b *hcl.Block, override bool) {
	name := b.Labels[0]
	if !hclsyntax.ValidIdentifier(name) {
		l.errorAt(b.LabelRanges[0], fmt.Sprintf("invalid variable name %q: a name must start with a letter or underscore and contain only letters, digits, underscores and dashes", name))
		return
	}
	attrs, diags := b.Body.JustAttributes()
	// Variables may hold validation blocks; those are not attributes.
	diags = withoutBlockErrors(diags)
	l.hclDiags(diags, "papilint-load")
	v := m.vars[name]
	if v != nil && !override {
		l.errorAt(b.DefRange, fmt.Sprintf("duplicate variable %q (first declared at %s)", name, l.pos(v.defRange)))
		return
	}
	if v == nil {
		if override {
			l.errorAt(b.DefRange, fmt.Sprintf("override for variable %q, which is not declared", name))
			return
		}
		v = &variable{name: name, defRange: b.DefRange}
		m.vars[name] = v
	}
	if a := attrs["default"]; a != nil {
		v.def = a.Expr
	}
	if a := attrs["nullable"]; a != nil && v.def != nil {
		nv, _ := a.Expr.Value(nil)
		dv, _ := v.def.Value(nil)
		if nv.Type() == cty.Bool && nv.IsKnown() && !nv.IsNull() && nv.False() && dv.IsNull() {
			l.errorAt(v.def.Range(), fmt.Sprintf("variable %q is not nullable, so its default cannot be null", name))
		}
	}
	if a := attrs["type"]; a != nil {
		v.typ = a.Expr
		if t, ok := a.Expr.(*hclsyntax.TemplateExpr); ok && len(t.Parts) == 1 {
			l.errorAt(a.Expr.Range(), "a type constraint is written as a type (string, list(string)), not in quotes")
		}
	}
}

// withoutBlockErrors drops the "Unexpected block" errors JustAttributes
// reports for nested blocks (validation, lifecycle) in bodies where only
// the arguments matter here.
func withoutBlockErrors(diags hcl.Diagnostics) hcl.Diagnostics {
	var out hcl.Diagnostics
	for _, d := range diags {
		if strings.Contains(d.Summary, "Unexpected") && strings.Contains(d.Summary, "block") {
			continue
		}
		out = append(out, d)
	}
	return out
}

func (l *loader) readResource(m *module, pf *parsedFile, b *hcl.Block, override bool) {
	mode := b.Type
	typ, name := b.Labels[0], b.Labels[1]
	c, diags := splitBody(b.Body, resourceMetaAttrs, resourceMetaBlocks)
	l.hclDiags(diags, "papilint-load")
	r := &resource{mode: mode, typ: typ, name: name, file: pf.file, header: headerRange(b), rng: blockRange(b), content: c}
	r.count = metaExpr(c, "count")
	r.forEach = metaExpr(c, "for_each")
	if !hclsyntax.ValidIdentifier(typ) {
		l.errorAt(b.LabelRanges[0], fmt.Sprintf("invalid %s type %q", mode, typ))
		return
	}
	if !hclsyntax.ValidIdentifier(name) {
		l.errorAt(b.LabelRanges[1], fmt.Sprintf("invalid %s name %q", mode, name))
		return
	}
	if prev := m.resByKey[r.key()]; prev != nil {
		if override {
			prev.content.merge(c)
			if r.count != nil {
				prev.count = r.count
			}
			if r.forEach != nil {
				prev.forEach = r.forEach
			}
			return
		}
		l.errorAt(r.header, fmt.Sprintf("duplicate %s %q (first declared at %s)", mode, r.key(), l.pos(prev.header)))
		return
	}
	if override {
		l.errorAt(r.header, fmt.Sprintf("override for %s %q, which is not declared", mode, r.key()))
		return
	}
	if r.count != nil && r.forEach != nil {
		l.errorAt(r.header, "count and for_each cannot both be set")
	}
	m.resources = append(m.resources, r)
	m.resByKey[r.key()] = r
}

func metaExpr(c *content, name string) hcl.Expression {
	if a := c.meta[name]; a != nil {
		return a.Expr
	}
	return nil
}

func (l *loader) readModuleCall(m *module, pf *parsedFile, b *hcl.Block, override bool) {
	name := b.Labels[0]
	c, diags := splitBody(b.Body, moduleMetaAttrs, nil)
	l.hclDiags(diags, "papilint-load")
	mc := m.callByKey[name]
	if mc != nil && !override {
		l.errorAt(b.DefRange, fmt.Sprintf("duplicate module call %q (first declared at %s)", name, l.pos(mc.header)))
		return
	}
	if mc == nil {
		if override {
			l.errorAt(b.DefRange, fmt.Sprintf("override for module %q, which is not declared", name))
			return
		}
		mc = &moduleCall{name: name, header: headerRange(b), args: map[string]*hcl.Attribute{}, file: pf.file}
		m.calls = append(m.calls, mc)
		m.callByKey[name] = mc
	}
	for k, a := range c.attrs {
		mc.args[k] = a
	}
	if a := c.meta["source"]; a != nil {
		v, d := a.Expr.Value(nil)
		if d.HasErrors() || !v.Type().Equals(ctyString) || !v.IsKnown() || v.IsNull() {
			l.errorAt(a.Expr.Range(), "a module source must be a literal string")
		} else {
			mc.source = v.AsString()
			mc.sourceRange = a.Expr.Range()
		}
	}
	if e := metaExpr(c, "count"); e != nil {
		mc.count = e
	}
	if e := metaExpr(c, "for_each"); e != nil {
		mc.forEach = e
	}
	if mc.source == "" && !override {
		l.errorAt(mc.header, fmt.Sprintf("module %q has no source", name))
	}
}

// headerRange is where a finding about a missing argument points: the
// block type and labels in native syntax, the name label in JSON.
func headerRange(b *hcl.Block) hcl.Range {
	if strings.HasSuffix(b.DefRange.Filename, ".json") && len(b.LabelRanges) > 0 {
		return b.LabelRanges[len(b.LabelRanges)-1]
	}
	return b.DefRange
}

// blockRange is the whole block.
func blockRange(b *hcl.Block) hcl.Range {
	if sb, ok := b.Body.(*hclsyntax.Body); ok {
		return hcl.RangeBetween(b.DefRange, sb.SrcRange)
	}
	r := b.DefRange
	if len(b.LabelRanges) > 0 {
		r = hcl.RangeOver(r, b.LabelRanges[0])
	}
	return hcl.RangeOver(r, b.Body.MissingItemRange())
}
