package terraform

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// Structural checks: the rules Terraform (and OpenTofu) apply to the shape
// of a block before anything is evaluated. Which arguments a lifecycle,
// provisioner, provider or language block takes and of what kind, how a
// provider is named and referred to, what a precondition, a
// replace_triggered_by entry or a version constraint may contain. They read
// the syntax only (constants are evaluated without any context), so a value
// that depends on a variable is never reported here.

// checkStructure checks one top-level block of a file.
func (l *loader) checkStructure(pf *parsedFile, b *hcl.Block, override bool) {
	switch b.Type {
	case "terraform":
		l.checkTerraformBlock(pf, b)
	case "language":
		l.checkLanguageBlock(b, override)
	case "provider":
		l.checkProviderBlock(b)
	case "resource", "data", "ephemeral":
		l.checkResourceShape(b, override)
	case "variable":
		l.checkVariableShape(b, override)
	case "output":
		l.checkOutputShape(b, override)
	case "module":
		l.checkModuleShape(b)
	case "check":
		if !override {
			_, blocks := bodyItems(b.Body, "assert", "data")
			for _, a := range blocks {
				if a.Type == "assert" {
					l.checkRule(a, nil)
				}
			}
		}
	}
}

// bodyItems returns a body's arguments (sorted by position) and nested
// blocks in either syntax. In JSON, where an object may be either, the
// properties named in blockTypes are read as blocks and the rest as
// arguments; in native syntax every block is returned whatever its type.
func bodyItems(body hcl.Body, blockTypes ...string) ([]*hcl.Attribute, []*hcl.Block) {
	var attrs []*hcl.Attribute
	var blocks []*hcl.Block
	if sb, ok := body.(*hclsyntax.Body); ok {
		for _, a := range sb.Attributes {
			attrs = append(attrs, a.AsHCLAttribute())
		}
		for _, bl := range sb.Blocks {
			blocks = append(blocks, bl.AsHCLBlock())
		}
	} else {
		schema := &hcl.BodySchema{}
		for _, t := range blockTypes {
			bs := hcl.BlockHeaderSchema{Type: t}
			if t == "provisioner" || t == "provider_meta" {
				bs.LabelNames = []string{"name"}
			}
			schema.Blocks = append(schema.Blocks, bs)
		}
		pc, rest, _ := body.PartialContent(schema)
		if pc != nil {
			blocks = pc.Blocks
		}
		if rest != nil {
			as, _ := rest.JustAttributes()
			for _, a := range as {
				attrs = append(attrs, a)
			}
		}
	}
	sort.Slice(attrs, func(i, j int) bool { return attrs[i].Range.Start.Byte < attrs[j].Range.Start.Byte })
	return attrs, blocks
}

func attrNamed(attrs []*hcl.Attribute, name string) *hcl.Attribute {
	for _, a := range attrs {
		if a.Name == name {
			return a
		}
	}
	return nil
}

// quotedString returns the text of a native-syntax string literal with no
// interpolation ("aws.east"); JSON strings are not quoted in this sense.
func quotedString(x hcl.Expression) (string, bool) {
	t, ok := x.(*hclsyntax.TemplateExpr)
	if !ok || len(t.Parts) != 1 {
		return "", false
	}
	lit, ok := t.Parts[0].(*hclsyntax.LiteralValueExpr)
	if !ok || lit.Val.Type() != cty.String || lit.Val.IsNull() {
		return "", false
	}
	return lit.Val.AsString(), true
}

// constant evaluates an expression without any context; ok is false when it
// refers to anything or calls a function.
func constant(x hcl.Expression) (cty.Value, bool) {
	v, d := x.Value(nil)
	if d.HasErrors() || !v.IsWhollyKnown() {
		return cty.NilVal, false
	}
	return v, true
}

// stringConstant is a constant string argument (a native quoted string or a
// JSON string without interpolation).
func stringConstant(x hcl.Expression) (string, bool) {
	v, ok := constant(x)
	if !ok || v.IsNull() || v.Type() != cty.String {
		return "", false
	}
	return v.AsString(), true
}

// checkBool reports a constant argument that is not true or false.
func (l *loader) checkBool(a *hcl.Attribute, what string) {
	if a == nil {
		return
	}
	v, ok := constant(a.Expr)
	if !ok || v.IsNull() {
		return
	}
	if _, err := convert.Convert(v, cty.Bool); err != nil {
		l.errorAt(a.Expr.Range(), fmt.Sprintf("%s must be true or false, not %s", what, describeValue(v)))
	}
}

// describeValue renders a constant for a message.
func describeValue(v cty.Value) string {
	if v.Type() == cty.String {
		s := v.AsString()
		if len(s) > 40 {
			s = s[:40] + "…"
		}
		return fmt.Sprintf("%q", s)
	}
	return "a " + v.Type().FriendlyName()
}

// traversalNames returns the names of a traversal's leading steps: the
// root and the attribute accesses right after it (stopping at the first
// index), with a leading "resource." dropped.
func traversalNames(t hcl.Traversal) []string {
	var out []string
loop:
	for _, s := range t {
		switch s := s.(type) {
		case hcl.TraverseRoot:
			out = append(out, s.Name)
		case hcl.TraverseAttr:
			out = append(out, s.Name)
		default:
			break loop
		}
	}
	if len(out) > 1 && out[0] == "resource" {
		out = out[1:]
	}
	return out
}

// Provider names.

// providerNameProblem says what is wrong with a provider local name, or
// returns "" when it is valid; normalized is the form Terraform requires
// (lower case) when that is all that is wrong.
func providerNameProblem(name string) (problem, normalized string) {
	switch {
	case name == "":
		return "it is empty", ""
	case strings.Contains(name, "--"):
		return "it contains two dashes in a row", ""
	case strings.HasPrefix(name, "-") || strings.HasSuffix(name, "-"):
		return "it starts or ends with a dash", ""
	}
	for _, r := range name {
		if r != '-' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return fmt.Sprintf("it contains %q; a provider name holds only letters, digits and dashes", r), ""
		}
	}
	if lower := strings.ToLower(name); lower != name {
		return "provider names are written in lower case", lower
	}
	return "", ""
}

// checkProviderName reports an invalid or unnormalized provider local name
// at r; where names the construct ("provider block", ...).
func (l *loader) checkProviderName(name string, r hcl.Range, where string) bool {
	problem, norm := providerNameProblem(name)
	if problem == "" {
		return true
	}
	if norm != "" {
		l.errorAt(r, fmt.Sprintf("provider local name %q in %s is not normalized: %s; write %q", name, where, problem, norm))
	} else {
		l.errorAt(r, fmt.Sprintf("invalid provider local name %q in %s: %s", name, where, problem))
	}
	return false
}

// checkProviderRef checks a provider meta-argument: a provider local name,
// optionally followed by .alias (and, in OpenTofu, an instance key for a
// provider with for_each).
func (l *loader) checkProviderRef(a *hcl.Attribute) {
	x := a.Expr
	if s, ok := quotedString(x); ok {
		t, d := hclsyntax.ParseTraversalAbs([]byte(s), x.Range().Filename, x.Range().Start)
		if d.HasErrors() {
			l.errorAt(x.Range(), fmt.Sprintf("invalid provider reference %q: write a provider name, optionally followed by .alias, without quotes", s))
			return
		}
		l.warnAt(x.Range(), fmt.Sprintf("quoted provider references are deprecated; write provider = %s without the quotes", s))
		l.checkProviderTraversal(t, x.Range(), false)
		return
	}
	if ix, ok := x.(*hclsyntax.IndexExpr); ok {
		x = ix.Collection // aws.east[each.key]: an alias per instance
	}
	t, d := hcl.AbsTraversalForExpr(x)
	if d.HasErrors() {
		if hcljson.IsJSONExpression(x) {
			return // a JSON string that is not a plain traversal: left to the evaluator
		}
		l.errorAt(a.Expr.Range(), "invalid provider reference: the provider argument takes a provider name, optionally followed by .alias (provider = aws.east)")
		return
	}
	l.checkProviderTraversal(t, a.Expr.Range(), !hcljson.IsJSONExpression(x))
}

// checkProviderTraversal checks a provider reference; exact says whether
// the traversal's own ranges are right (they are not for one parsed out of
// a string, which is then reported as a whole).
func (l *loader) checkProviderTraversal(t hcl.Traversal, whole hcl.Range, exact bool) {
	root, ok := t[0].(hcl.TraverseRoot)
	if !ok {
		return
	}
	at := root.SrcRange
	if !exact {
		at = whole
	}
	if !l.checkProviderName(root.Name, at, "provider reference") {
		return
	}
	switch {
	case len(t) == 1:
	case len(t) <= 3:
		_, attr := t[1].(hcl.TraverseAttr)
		_, index := t[1].(hcl.TraverseIndex)
		if len(t) == 3 {
			_, index3 := t[2].(hcl.TraverseIndex)
			if !attr || !index3 {
				attr, index = false, false
			}
		}
		if !attr && !index {
			l.errorAt(whole, "invalid provider reference: write a provider name, optionally followed by a period and an alias (provider = aws.east)")
		}
	default:
		at = t[3].SourceRange()
		if !exact {
			at = whole
		}
		l.errorAt(at, "invalid provider reference: nothing may follow the provider name and alias")
	}
}

// The terraform block.

func isTofuFile(path string) bool {
	return strings.HasSuffix(path, ".tofu") || strings.HasSuffix(path, ".tofu.json")
}

// releaseLimit is the first version no release of Terraform or OpenTofu
// has reached: both are at 1.x.
var releaseLimit = []int64{2, 0, 0}

func (l *loader) checkTerraformBlock(pf *parsedFile, b *hcl.Block) {
	attrs, blocks := bodyItems(b.Body, "required_providers", "provider_meta", "backend", "cloud")
	tofu := isTofuFile(pf.file.Path)
	if a := attrNamed(attrs, "required_version"); a != nil {
		// OpenTofu reads required_version from .tofu files only and ignores
		// it in .tf files (meant for Terraform), so only its syntax is
		// checked there.
		l.checkVersionConstraint(a, "required_version", tofu, "OpenTofu")
	}
	if a := attrNamed(attrs, "language"); a != nil && !tofu {
		// Terraform's language edition; OpenTofu ignores this argument.
		if kw := hcl.ExprAsKeyword(a.Expr); kw == "" {
			l.errorAt(a.Expr.Range(), "the language edition is a bare keyword (language = TF2021), not a string or an expression")
		} else if kw != "TF2021" {
			l.errorAt(a.Expr.Range(), fmt.Sprintf("unsupported language edition %s: Terraform knows only TF2021", kw))
		}
	}
	if a := attrNamed(attrs, "experiments"); a != nil {
		l.checkExperiments(a, "release builds of Terraform accept no experiments (they are available in alpha builds only)")
	}
	for _, bl := range blocks {
		switch bl.Type {
		case "required_providers":
			l.checkRequiredProviders(bl)
		case "provider_meta":
			if len(bl.Labels) != 1 {
				continue
			}
			l.checkProviderName(bl.Labels[0], bl.DefRange, "provider_meta block")
			pattrs, _ := bodyItems(bl.Body)
			for _, pa := range pattrs {
				if _, d := pa.Expr.Value(nil); d.HasErrors() {
					l.errorAt(pa.Expr.Range(), fmt.Sprintf("the argument %s of provider_meta %q must be a constant value, without references or function calls", pa.Name, bl.Labels[0]))
				}
			}
		}
	}
}

// checkVersionConstraint checks a version constraint argument: a constant
// string of valid syntax and, when satisfiable is set, one that some release
// of product (1.x) meets.
func (l *loader) checkVersionConstraint(a *hcl.Attribute, what string, satisfiable bool, product string) ([]versionTerm, bool) {
	s, ok := stringConstant(a.Expr)
	if !ok {
		l.errorAt(a.Expr.Range(), fmt.Sprintf("%s must be a constant string such as \">= 1.5\"", what))
		return nil, false
	}
	terms, err := parseConstraint(s)
	if err != nil {
		l.errorAt(a.Expr.Range(), fmt.Sprintf("invalid %s: %v", what, err))
		return nil, false
	}
	if satisfiable && !admitsAnyBelow(terms, releaseLimit) {
		l.errorAt(a.Expr.Range(), fmt.Sprintf("incompatible module: no %s release satisfies %s %q (every release is 1.x or older), so %s refuses this module", product, what, s, product))
		return terms, false
	}
	return terms, true
}

// checkExperiments checks an experiments argument: a list of bare keywords,
// none of which is available (why says so).
func (l *loader) checkExperiments(a *hcl.Attribute, why string) {
	exprs, d := hcl.ExprList(a.Expr)
	if d.HasErrors() {
		l.errorAt(a.Expr.Range(), "experiments must be a list of experiment keywords")
		return
	}
	for _, x := range exprs {
		kw := hcl.ExprAsKeyword(x)
		if kw == "" {
			l.errorAt(x.Range(), "an experiment is named by a bare keyword, not a string or an expression")
			continue
		}
		l.errorAt(x.Range(), fmt.Sprintf("unknown experiment %q: %s", kw, why))
	}
}

// checkRequiredProviders checks the local names and source addresses of a
// required_providers block.
func (l *loader) checkRequiredProviders(b *hcl.Block) {
	attrs, _ := bodyItems(b.Body)
	for _, a := range attrs {
		l.checkProviderName(a.Name, a.NameRange, "required_providers")
		pairs, d := hcl.ExprMap(a.Expr)
		if d.HasErrors() {
			continue // the legacy form, a version string
		}
		for _, p := range pairs {
			if hcl.ExprAsKeyword(p.Key) != "source" {
				if k, ok := stringConstant(p.Key); !ok || k != "source" {
					continue
				}
			}
			src, ok := stringConstant(p.Value)
			if !ok {
				l.errorAt(p.Value.Range(), "a provider source must be a constant string such as \"hashicorp/aws\"")
				continue
			}
			if problem := providerSourceProblem(src); problem != "" {
				l.errorAt(p.Value.Range(), fmt.Sprintf("invalid provider source %q: %s", src, problem))
			}
		}
	}
}

// providerSourceProblem checks a provider source address,
// [HOSTNAME/]NAMESPACE/TYPE.
func providerSourceProblem(src string) string {
	parts := strings.Split(src, "/")
	if len(parts) > 3 {
		return "a provider source has at most three parts, [HOSTNAME/]NAMESPACE/TYPE"
	}
	for _, p := range parts {
		if p == "" {
			return "a part of the address is empty"
		}
	}
	typ := parts[len(parts)-1]
	lower := strings.ToLower(typ)
	switch {
	case strings.HasPrefix(lower, "terraform-provider-"):
		fixed := append(append([]string(nil), parts[:len(parts)-1]...), typ[len("terraform-provider-"):])
		return fmt.Sprintf("the provider type %q must not include the \"terraform-provider-\" prefix of the repository name; write %q", typ, strings.Join(fixed, "/"))
	case strings.HasPrefix(lower, "terraform-"):
		return fmt.Sprintf("the provider type %q must not start with the redundant \"terraform-\" prefix", typ)
	}
	return ""
}

// The language block (OpenTofu 1.12 and later).

func (l *loader) checkLanguageBlock(b *hcl.Block, override bool) {
	if override {
		l.errorAt(b.DefRange, "a language block cannot be in an override file; put it in a normal configuration file")
		return
	}
	attrs, blocks := bodyItems(b.Body, "compatible_with")
	for _, a := range attrs {
		switch a.Name {
		case "edition":
			kw := hcl.ExprAsKeyword(a.Expr)
			switch {
			case kw == "":
				l.errorAt(a.Expr.Range(), "invalid language edition: the edition is a bare keyword (edition = tofu2024), not a string or an expression")
			case kw != "tofu2024":
				l.errorAt(a.Expr.Range(), fmt.Sprintf("unsupported language edition %s: OpenTofu supports only edition tofu2024", kw))
			}
		case "experiments":
			l.checkExperiments(a, "OpenTofu has no experiments that a module can enable")
		default:
			l.errorAt(a.NameRange, fmt.Sprintf("unsupported argument %q in a language block (it takes edition, experiments and compatible_with)", a.Name))
		}
	}
	var seen *hcl.Block
	for _, bl := range blocks {
		if bl.Type != "compatible_with" {
			l.errorAt(bl.DefRange, fmt.Sprintf("unsupported block %q in a language block (it takes edition, experiments and compatible_with)", bl.Type))
			continue
		}
		// compatible_with may hold arguments for other software; only
		// opentofu is OpenTofu's.
		cattrs, _ := bodyItems(bl.Body)
		a := attrNamed(cattrs, "opentofu")
		if a == nil {
			continue
		}
		if seen != nil {
			l.errorAt(bl.DefRange, fmt.Sprintf("duplicate compatible_with block naming opentofu (the first is at %s)", l.pos(seen.DefRange)))
			continue
		}
		seen = bl
		terms, ok := l.checkVersionConstraint(a, "compatible_with opentofu constraint", true, "OpenTofu")
		if ok && admits(terms, []int64{1, 11, 0}) {
			l.warnAt(a.Expr.Range(), "ineffective version constraint: compatible_with exists since OpenTofu 1.12, so a constraint that admits older versions does not protect them; add \">= 1.12\" or use required_version in a .tofu file")
		}
	}
}

// The provider block.

var providerReservedAttrs = map[string]bool{"count": true, "depends_on": true, "source": true}

func (l *loader) checkProviderBlock(b *hcl.Block) {
	if len(b.Labels) != 1 {
		return
	}
	l.checkProviderName(b.Labels[0], b.DefRange, "provider block")
	attrs, blocks := bodyItems(b.Body, "lifecycle", "locals", "_")
	for _, a := range attrs {
		if providerReservedAttrs[a.Name] {
			l.errorAt(a.NameRange, fmt.Sprintf("the argument name %q is reserved in provider blocks", a.Name))
		}
	}
	var escape *hcl.Block
	for _, bl := range blocks {
		switch bl.Type {
		case "lifecycle", "locals":
			l.errorAt(bl.TypeRange, fmt.Sprintf("the block type %q is reserved in provider blocks", bl.Type))
		case "_":
			if escape != nil {
				l.errorAt(bl.DefRange, fmt.Sprintf("duplicate _ escaping block (the first is at %s)", l.pos(escape.DefRange)))
			}
			escape = bl
		}
	}
}

// Resources, data sources and ephemeral resources.

// lifecycleArgs lists the lifecycle arguments by the kinds of block that
// take them.
var lifecycleArgs = map[string]map[string]bool{
	"resource":  {"create_before_destroy": true, "prevent_destroy": true, "ignore_changes": true, "replace_triggered_by": true, "enabled": true, "destroy": true},
	"data":      {"enabled": true},
	"ephemeral": {"enabled": true},
}

var lifecycleBlocks = map[string]map[string]bool{
	"resource":  {"precondition": true, "postcondition": true, "action_trigger": true},
	"data":      {"precondition": true, "postcondition": true},
	"ephemeral": {"precondition": true, "postcondition": true},
}

var vendorProvisioners = map[string]bool{"chef": true, "habitat": true, "puppet": true, "salt-masterless": true}

func (l *loader) checkResourceShape(b *hcl.Block, override bool) {
	if len(b.Labels) != 2 {
		return
	}
	kind := b.Type
	self := resourceSelf{mode: kind, typ: b.Labels[0], name: b.Labels[1]}
	attrs, blocks := bodyItems(b.Body, "lifecycle", "provisioner", "connection")
	count, forEach := attrNamed(attrs, "count"), attrNamed(attrs, "for_each")
	if kind == "ephemeral" && count != nil && forEach != nil && !override {
		l.errorAt(headerRange(b), "count and for_each cannot both be set")
	}
	if a := attrNamed(attrs, "provider"); a != nil {
		l.checkProviderRef(a)
	}
	var lifecycle, connection *hcl.Block
	for _, bl := range blocks {
		switch bl.Type {
		case "lifecycle":
			if lifecycle != nil {
				l.errorAt(bl.DefRange, fmt.Sprintf("duplicate lifecycle block (the first is at %s)", l.pos(lifecycle.DefRange)))
				continue
			}
			lifecycle = bl
			l.checkLifecycle(bl, self, count != nil, forEach != nil, override)
		case "provisioner":
			if kind != "resource" {
				l.errorAt(bl.TypeRange, fmt.Sprintf("provisioner blocks are allowed only in resource blocks, not in %s blocks", kind))
				continue
			}
			l.checkProvisioner(bl)
		case "connection":
			if kind != "resource" {
				l.errorAt(bl.TypeRange, fmt.Sprintf("connection blocks are allowed only in resource and provisioner blocks, not in %s blocks", kind))
				continue
			}
			if connection != nil {
				l.errorAt(bl.DefRange, fmt.Sprintf("duplicate connection block (the first is at %s)", l.pos(connection.DefRange)))
				continue
			}
			connection = bl
		}
	}
}

// resourceSelf names the block a condition belongs to.
type resourceSelf struct{ mode, typ, name string }

func (s resourceSelf) address() string {
	if s.mode == "resource" {
		return s.typ + "." + s.name
	}
	return s.mode + "." + s.typ + "." + s.name
}

// refersTo reports whether a traversal names the block itself.
func (s resourceSelf) refersTo(t hcl.Traversal) bool {
	n := traversalNames(t)
	if s.mode == "resource" {
		return len(n) >= 2 && n[0] == s.typ && n[1] == s.name
	}
	return len(n) >= 3 && n[0] == s.mode && n[1] == s.typ && n[2] == s.name
}

func (l *loader) checkLifecycle(b *hcl.Block, self resourceSelf, hasCount, hasForEach, override bool) {
	kind := self.mode
	attrs, blocks := bodyItems(b.Body, "precondition", "postcondition", "action_trigger")
	for _, a := range attrs {
		if !lifecycleArgs[kind][a.Name] {
			if lifecycleArgs["resource"][a.Name] {
				l.errorAt(a.NameRange, fmt.Sprintf("the lifecycle argument %q applies only to managed resources (resource blocks), not to %s blocks", a.Name, kind))
			} else {
				l.errorAt(a.NameRange, fmt.Sprintf("unsupported lifecycle argument %q", a.Name))
			}
			continue
		}
		switch a.Name {
		case "create_before_destroy", "prevent_destroy", "destroy", "enabled":
			l.checkBool(a, a.Name)
		case "ignore_changes":
			l.checkIgnoreChanges(a)
		case "replace_triggered_by":
			l.checkReplaceTriggeredBy(a)
		}
		if a.Name == "enabled" && (hasCount != hasForEach) && !override {
			// With both count and for_each set, that conflict is reported.
			l.errorAt(a.NameRange, "enabled cannot be used together with count or for_each; use one of the three")
		}
	}
	for _, bl := range blocks {
		switch {
		case lifecycleBlocks[kind][bl.Type]:
			if (bl.Type == "precondition" || bl.Type == "postcondition") && !override {
				l.checkRule(bl, &self)
			}
		case lifecycleBlocks["resource"][bl.Type]:
			l.errorAt(bl.TypeRange, fmt.Sprintf("%s blocks in lifecycle apply only to managed resources (resource blocks), not to %s blocks", bl.Type, kind))
		default:
			l.errorAt(bl.TypeRange, fmt.Sprintf("unsupported block %q in lifecycle", bl.Type))
		}
	}
}

// checkIgnoreChanges checks ignore_changes: the keyword all, or a list of
// attribute paths (quoted paths are an accepted legacy form; ["*"] is not).
func (l *loader) checkIgnoreChanges(a *hcl.Attribute) {
	if hcl.ExprAsKeyword(a.Expr) == "all" {
		return
	}
	exprs, d := hcl.ExprList(a.Expr)
	if d.HasErrors() {
		l.errorAt(a.Expr.Range(), "ignore_changes must be the keyword all or a list of attribute names such as [tags, instance_type]")
		return
	}
	for _, x := range exprs {
		if s, ok := stringConstant(x); ok {
			if s == "*" {
				msg := `ignore_changes = ["*"] is no longer accepted; write ignore_changes = all to ignore every attribute`
				if len(exprs) > 1 {
					msg = `the "*" wildcard in ignore_changes is no longer accepted and cannot be mixed with attribute names; write ignore_changes = all to ignore every attribute, or list the attributes`
				}
				l.errorAt(x.Range(), msg)
				continue
			}
			if _, d := hclsyntax.ParseTraversalAbs([]byte(s), x.Range().Filename, x.Range().Start); d.HasErrors() {
				l.errorAt(x.Range(), fmt.Sprintf("ignore_changes entry %q is not an attribute name or path", s))
			}
			continue
		}
		if _, d := hcl.RelTraversalForExpr(x); d.HasErrors() {
			l.errorAt(x.Range(), "an ignore_changes entry must be an attribute name or path such as tags[\"Name\"], not an expression")
		}
	}
}

// checkReplaceTriggeredBy checks that each entry of replace_triggered_by
// refers to exactly one resource (or one of its instances or attributes),
// with count.index and each.key as the only other references.
func (l *loader) checkReplaceTriggeredBy(a *hcl.Attribute) {
	exprs, d := hcl.ExprList(a.Expr)
	if d.HasErrors() {
		l.errorAt(a.Expr.Range(), "replace_triggered_by must be a list of resource references")
		return
	}
	for _, x := range exprs {
		at := func(t hcl.Traversal) hcl.Range { return t.SourceRange() }
		if hcljson.IsJSONExpression(x) {
			whole := x.Range()
			at = func(hcl.Traversal) hcl.Range { return whole } // ranges inside the string are not exact
			// In JSON each entry is a string holding the reference.
			s, ok := stringConstant(x)
			if !ok {
				continue
			}
			px, d := hclsyntax.ParseExpression([]byte(s), x.Range().Filename, x.Range().Start)
			if d.HasErrors() {
				l.errorAt(x.Range(), fmt.Sprintf("replace_triggered_by entry %q is not a resource reference", s))
				continue
			}
			x = px
		}
		resources, bad := 0, false
		for _, t := range x.Variables() {
			n := traversalNames(t)
			root := n[0]
			switch root {
			case "count":
				if len(n) != 2 || n[1] != "index" {
					l.errorAt(at(t), "only count.index may be used in replace_triggered_by, besides the resource reference")
					bad = true
				}
			case "each":
				if len(n) != 2 || n[1] != "key" {
					l.errorAt(at(t), fmt.Sprintf("%s cannot be used in replace_triggered_by: only each.key (or count.index) may appear besides the resource reference", strings.Join(n, ".")))
					bad = true
				}
			case "var", "local", "module", "path", "self", "terraform", "tofu", "check":
				l.errorAt(at(t), fmt.Sprintf("replace_triggered_by may refer only to resources (with count.index or each.key), not to %s", root))
				bad = true
			case "data", "ephemeral":
				resources++
			default:
				if len(n) < 2 {
					l.errorAt(at(t), fmt.Sprintf("%s is not a resource reference: write TYPE.NAME (and optionally an index and an attribute)", root))
					bad = true
					continue
				}
				resources++
			}
		}
		switch {
		case bad:
		case resources == 0:
			l.errorAt(x.Range(), "a replace_triggered_by entry must refer to a resource")
		case resources > 1:
			l.errorAt(x.Range(), "a replace_triggered_by entry must refer to exactly one resource")
		}
	}
}

// checkProvisioner checks a provisioner block: a type that still exists,
// the when and on_failure keywords, at most one connection block and no
// reserved block types.
func (l *loader) checkProvisioner(b *hcl.Block) {
	if len(b.Labels) != 1 {
		return
	}
	if typ := b.Labels[0]; vendorProvisioners[typ] {
		l.errorAt(b.LabelRanges[0], fmt.Sprintf("the %q provisioner was removed in Terraform 0.15 (and is not in OpenTofu); use a configuration management tool or a local-exec/remote-exec provisioner instead", typ))
		return
	}
	attrs, blocks := bodyItems(b.Body, "connection", "lifecycle", "locals", "_")
	keyword := func(name string, allowed ...string) {
		a := attrNamed(attrs, name)
		if a == nil {
			return
		}
		kw := hcl.ExprAsKeyword(a.Expr)
		quoted := false
		if s, ok := quotedString(a.Expr); ok && kw == "" {
			kw, quoted = s, true
		}
		for _, k := range allowed {
			if kw == k {
				if quoted {
					l.warnAt(a.Expr.Range(), fmt.Sprintf("quoted keywords are deprecated; write %s = %s without the quotes", name, kw))
				}
				return
			}
		}
		l.errorAt(a.Expr.Range(), fmt.Sprintf("invalid %q value: it takes the keyword %s", name, strings.Join(allowed, " or ")))
	}
	keyword("when", "create", "destroy")
	keyword("on_failure", "continue", "fail")
	var connection, escape *hcl.Block
	for _, bl := range blocks {
		switch bl.Type {
		case "connection":
			if connection != nil {
				l.errorAt(bl.DefRange, fmt.Sprintf("duplicate connection block in provisioner (the first is at %s)", l.pos(connection.DefRange)))
				continue
			}
			connection = bl
		case "_":
			if escape != nil {
				l.errorAt(bl.DefRange, fmt.Sprintf("duplicate _ escaping block in provisioner (the first is at %s)", l.pos(escape.DefRange)))
				continue
			}
			escape = bl
		case "lifecycle", "locals":
			l.errorAt(bl.TypeRange, fmt.Sprintf("the block type %q is reserved in provisioner blocks", bl.Type))
		}
	}
}

// checkRule checks a precondition, postcondition, validation or assert
// block: condition and error_message are both required, the condition must
// refer to something, and a resource's conditions must not name the
// resource itself (self is the way to its own attributes).
func (l *loader) checkRule(b *hcl.Block, self *resourceSelf) {
	attrs, _ := bodyItems(b.Body)
	cond, msg := attrNamed(attrs, "condition"), attrNamed(attrs, "error_message")
	for _, req := range []struct {
		name string
		a    *hcl.Attribute
	}{{"condition", cond}, {"error_message", msg}} {
		if req.a == nil {
			l.errorAt(b.DefRange, fmt.Sprintf("%s block is missing the required argument %q", b.Type, req.name))
		}
	}
	if cond != nil && len(cond.Expr.Variables()) == 0 {
		l.errorAt(cond.Expr.Range(), fmt.Sprintf("invalid %s condition: it refers to nothing, so its result is constant and checks nothing; it must refer to at least one object of the configuration", b.Type))
	}
	if self == nil {
		return
	}
	for _, a := range []*hcl.Attribute{cond, msg} {
		if a == nil {
			continue
		}
		for _, t := range a.Expr.Variables() {
			if self.refersTo(t) {
				hint := ""
				if b.Type == "postcondition" {
					hint = "; use self to read its attributes"
				}
				l.errorAt(t.SourceRange(), fmt.Sprintf("invalid reference in %s: the configuration of %s cannot refer to %s itself%s", b.Type, self.address(), self.address(), hint))
				break
			}
		}
	}
}

// Variables, outputs and module calls.

func (l *loader) checkVariableShape(b *hcl.Block, override bool) {
	if len(b.Labels) != 1 {
		return
	}
	name := b.Labels[0]
	attrs, blocks := bodyItems(b.Body, "validation")
	l.checkBool(attrNamed(attrs, "sensitive"), "sensitive")
	l.checkBool(attrNamed(attrs, "ephemeral"), "ephemeral")
	l.checkBool(attrNamed(attrs, "nullable"), "nullable")
	l.checkDeprecated(attrNamed(attrs, "deprecated"), "variable", name)
	if override {
		return
	}
	for _, bl := range blocks {
		if bl.Type != "validation" {
			continue
		}
		vattrs, _ := bodyItems(bl.Body)
		if c := attrNamed(vattrs, "condition"); c != nil && len(c.Expr.Variables()) == 0 {
			l.errorAt(c.Expr.Range(), fmt.Sprintf("invalid validation condition for variable %q: it does not refer to var.%s, so it cannot test the value given", name, name))
			// reported; do not add the generic constant-condition error
			if attrNamed(vattrs, "error_message") == nil {
				l.errorAt(bl.DefRange, `validation block is missing the required argument "error_message"`)
			}
			continue
		}
		l.checkRule(bl, nil)
	}
}

func (l *loader) checkOutputShape(b *hcl.Block, override bool) {
	if len(b.Labels) != 1 {
		return
	}
	attrs, blocks := bodyItems(b.Body, "precondition", "postcondition")
	l.checkBool(attrNamed(attrs, "sensitive"), "sensitive")
	l.checkBool(attrNamed(attrs, "ephemeral"), "ephemeral")
	l.checkDeprecated(attrNamed(attrs, "deprecated"), "output", b.Labels[0])
	for _, bl := range blocks {
		switch bl.Type {
		case "precondition":
			if !override {
				l.checkRule(bl, nil)
			}
		case "postcondition":
			l.errorAt(bl.TypeRange, "outputs take precondition blocks only, not postcondition blocks")
		}
	}
}

// checkDeprecated checks OpenTofu's deprecated argument: a message that
// tells users what to do instead, so not empty.
func (l *loader) checkDeprecated(a *hcl.Attribute, kind, name string) {
	if a == nil {
		return
	}
	v, ok := constant(a.Expr)
	if !ok || v.IsNull() {
		return
	}
	if v.Type() != cty.String {
		l.errorAt(a.Expr.Range(), fmt.Sprintf("deprecated must be a message string, not %s", describeValue(v)))
		return
	}
	if strings.TrimSpace(v.AsString()) == "" {
		l.errorAt(a.Expr.Range(), fmt.Sprintf("the deprecated message of %s %q is empty; it must tell users what to use instead", kind, name))
	}
}

func (l *loader) checkModuleShape(b *hcl.Block) {
	attrs, _ := bodyItems(b.Body)
	src, ver := attrNamed(attrs, "source"), attrNamed(attrs, "version")
	if src == nil || ver == nil {
		return
	}
	if v, ok := constant(ver.Expr); !ok || v.IsNull() {
		return // OpenTofu evaluates a version from variables and locals; null means none
	}
	s, ok := stringConstant(src.Expr)
	if !ok {
		return // reported when the call is read
	}
	if problem := registrySourceProblem(s); problem != "" {
		l.errorAt(src.Expr.Range(), fmt.Sprintf("invalid registry module source %q: %s; with a version argument the source must be a registry address, [HOSTNAME/]NAMESPACE/NAME/SYSTEM", s, problem))
	}
}

var (
	registryNamePart = regexp.MustCompile(`^[0-9A-Za-z](?:[0-9A-Za-z_-]{0,62}[0-9A-Za-z])?$`)
	registrySystem   = regexp.MustCompile(`^[0-9a-z]{1,64}$`)
	hostLabel        = regexp.MustCompile(`^[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?$`)
)

// registrySourceProblem checks a module registry address; "" when valid.
func registrySourceProblem(s string) string {
	if isLocalSource(s) || strings.HasPrefix(s, "/") {
		return "a local path cannot take a version"
	}
	if strings.Contains(s, "::") || strings.Contains(s, "://") {
		return "it is a remote package address, not a registry address"
	}
	if i := strings.Index(s, "//"); i >= 0 {
		s = s[:i] // a subdirectory of the package
	}
	parts := strings.Split(s, "/")
	if len(parts) != 3 && len(parts) != 4 {
		return "a registry address has three or four parts"
	}
	if len(parts) == 4 {
		host := parts[0]
		switch strings.ToLower(host) {
		case "github.com", "bitbucket.org":
			return fmt.Sprintf("%s is a version control host, not a module registry", host)
		}
		name := host
		if i := strings.LastIndex(name, ":"); i >= 0 {
			name = name[:i]
		}
		for _, label := range strings.Split(name, ".") {
			if !hostLabel.MatchString(label) {
				return fmt.Sprintf("%q is not a valid host name", host)
			}
		}
		parts = parts[1:]
	}
	for i, what := range []string{"namespace", "module name"} {
		if !registryNamePart.MatchString(parts[i]) {
			return fmt.Sprintf("%q is not a valid %s", parts[i], what)
		}
	}
	if !registrySystem.MatchString(strings.ToLower(parts[2])) {
		return fmt.Sprintf("%q is not a valid target system (a provider name such as aws)", parts[2])
	}
	return ""
}
