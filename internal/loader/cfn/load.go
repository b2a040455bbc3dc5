package cfn

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/loader/cfn/syntax"
	"github.com/papilint/papilint/internal/source"
)

type loader struct {
	opts    Options
	b       *graph.Builder
	diags   []source.Diagnostic
	tops    []*template
	byPath  map[string]Input
	nested  map[string]bool // absolute paths used as nested templates
	exports map[string][]exportSite
	expBusy map[string]bool
	expDone map[string]*graph.Value
}

type exportSite struct {
	t    *template
	name string // output name
}

func (l *loader) report(sev string, r source.Range, format string, args ...any) {
	d := source.Diagnostic{Code: "papilint-load", Severity: sev, Range: r, Message: fmt.Sprintf(format, args...)}
	for _, e := range l.diags {
		if e.Range == d.Range && e.Message == d.Message {
			return
		}
	}
	l.diags = append(l.diags, d)
}

func (l *loader) errorf(r source.Range, format string, args ...any) {
	l.report("error", r, format, args...)
}

func (l *loader) warnf(r source.Range, format string, args ...any) {
	l.report("warning", r, format, args...)
}

// Build loads templates into the graph builder and returns the problems
// found along the way. Templates used as nested stacks by another input are
// loaded only as nested stacks, with the parameters their parent passes.
func Build(b *graph.Builder, inputs []Input, opts Options) []source.Diagnostic {
	l := &loader{opts: opts, b: b, byPath: map[string]Input{}, nested: map[string]bool{},
		exports: map[string][]exportSite{}, expBusy: map[string]bool{}, expDone: map[string]*graph.Value{}}
	for _, in := range inputs {
		abs, _ := filepath.Abs(in.File.Path)
		l.byPath[abs] = in
	}
	// Find which inputs are nested templates of other inputs.
	for _, in := range inputs {
		for _, path := range nestedPaths(in) {
			if path != mustAbs(in.File.Path) {
				l.nested[path] = true
			}
		}
	}
	for _, in := range inputs {
		if l.nested[mustAbs(in.File.Path)] {
			continue
		}
		l.tops = append(l.tops, newTemplate(l, in, nil))
	}
	// Templates that nest each other (a.yaml nests b.yaml, b.yaml nests
	// a.yaml) are all nested, and none would be loaded: load the first one
	// that no top-level template reaches, which reports the loop.
	for {
		reached := map[string]bool{}
		var visit func(path string)
		visit = func(path string) {
			if reached[path] {
				return
			}
			reached[path] = true
			for _, c := range nestedPaths(l.byPath[path]) {
				visit(c)
			}
		}
		for _, t := range l.tops {
			visit(mustAbs(t.file.Path))
		}
		var orphan *Input
		for i, in := range inputs {
			if !reached[mustAbs(in.File.Path)] {
				orphan = &inputs[i]
				break
			}
		}
		if orphan == nil {
			break
		}
		l.tops = append(l.tops, newTemplate(l, *orphan, nil))
	}
	for _, t := range l.tops {
		l.indexExports(t)
	}
	for _, t := range l.tops {
		l.buildSafely(t)
	}
	for _, in := range inputs {
		l.checkCycles(in)
	}
	sort.SliceStable(l.diags, func(i, j int) bool {
		a, b := l.diags[i], l.diags[j]
		if a.Range.File != nil && b.Range.File != nil && a.Range.File.Rel != b.Range.File.Rel {
			return a.Range.File.Rel < b.Range.File.Rel
		}
		return a.Range.Start.Offset < b.Range.Start.Offset
	})
	return l.diags
}

// nestedPaths returns the local templates an input's nested stacks name.
func nestedPaths(in Input) []string {
	if in.Root == nil {
		return nil
	}
	res := in.Root.Get("Resources")
	if res == nil {
		return nil
	}
	var out []string
	for _, p := range res.Pairs {
		if ty := p.Value.Get("Type"); ty == nil || ty.Value != "AWS::CloudFormation::Stack" {
			continue
		}
		if path, ok := localTemplateURL(in.File.Path, p.Value.Get("Properties").Get("TemplateURL")); ok {
			out = append(out, path)
		} else if path, ok := cdkNestedTemplate(in.File.Path, in.AssetFiles, p.Value); ok {
			out = append(out, path)
		}
	}
	return out
}

func mustAbs(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return a
}

// localTemplateURL returns the local file a nested stack's TemplateURL names,
// if it names one (a relative or file path rather than an S3 URL).
func localTemplateURL(parentPath string, u *syntax.Node) (string, bool) {
	if u == nil || u.Kind != syntax.Scalar || u.Tag != "" {
		return "", false
	}
	s := u.Value
	if strings.Contains(s, "://") && !strings.HasPrefix(s, "file://") {
		return "", false
	}
	s = strings.TrimPrefix(s, "file://")
	if s == "" {
		return "", false
	}
	if !filepath.IsAbs(s) {
		s = filepath.Join(filepath.Dir(parentPath), s)
	}
	return mustAbs(s), true
}

// cdkNestedTemplate returns the local template of a CDK nested stack (decl
// is the AWS::CloudFormation::Stack resource): the file its aws:asset:path
// metadata names (written by `cdk synth`), or the file asset whose S3 object
// key ends its TemplateURL (assets maps object keys to files). The file must
// lie beside the parent template, outside the assembly's asset.* folders.
func cdkNestedTemplate(parentPath string, assets map[string]string, decl *syntax.Node) (string, bool) {
	md := decl.Get("Metadata")
	if ap := md.Get("aws:asset:path"); ap != nil && ap.Kind == syntax.Scalar && ap.Tag == "" {
		prop := md.Get("aws:asset:property")
		if prop == nil || prop.Value == "TemplateURL" {
			if p, ok := assemblyFile(parentPath, ap.Value); ok {
				return p, true
			}
		}
	}
	if len(assets) == 0 {
		return "", false
	}
	text := lastLiteral(decl.Get("Properties").Get("TemplateURL"))
	key := text[strings.LastIndexByte(text, '/')+1:]
	if local, ok := assets[key]; ok && key != "" {
		return assemblyFile(parentPath, local)
	}
	return "", false
}

// assemblyFile resolves a file name relative to the directory of a CDK
// template, refusing absolute paths, paths that leave that directory and
// asset folders.
func assemblyFile(parentPath, name string) (string, bool) {
	name = filepath.FromSlash(name)
	if name == "" || filepath.IsAbs(name) {
		return "", false
	}
	clean := filepath.Clean(name)
	for _, part := range strings.Split(clean, string(filepath.Separator)) {
		if part == ".." || strings.HasPrefix(part, "asset.") {
			return "", false
		}
	}
	return mustAbs(filepath.Join(filepath.Dir(parentPath), clean)), true
}

// lastLiteral returns the last literal text of a value written as a string,
// Fn::Join or Fn::Sub: the part of a CDK TemplateURL that names the object.
func lastLiteral(n *syntax.Node) string {
	if n == nil {
		return ""
	}
	fn, arg := intrinsicOf(n)
	switch {
	case fn == "" && n.Kind == syntax.Scalar:
		return n.Value
	case fn == "Fn::Join" && arg.Kind == syntax.Sequence && len(arg.Items) == 2:
		items := arg.Items[1].Items
		if len(items) > 0 {
			return lastLiteral(items[len(items)-1])
		}
	case fn == "Fn::Sub" && arg.Kind == syntax.Scalar:
		return arg.Value
	case fn == "Fn::Sub" && arg.Kind == syntax.Sequence && len(arg.Items) > 0:
		return lastLiteral(arg.Items[0])
	}
	return ""
}

func (l *loader) indexExports(t *template) {
	for _, name := range sortedKeys(t.outputs) {
		out := t.outputs[name]
		if t.outputAbsent(out) {
			continue
		}
		exp := out.Get("Export").Get("Name")
		if exp == nil {
			continue
		}
		v := (&evalCtx{t: t}).eval(exp)
		if s, ok := v.String(); ok {
			l.exports[s] = append(l.exports[s], exportSite{t: t, name: name})
		}
	}
}

// resolveExport returns the value of the output exported under name.
func (l *loader) resolveExport(name string, r source.Range, depth int) *graph.Value {
	sites := l.exports[name]
	if len(sites) == 0 {
		return nil
	}
	if len(sites) > 1 {
		l.warnf(r, "export %q is defined by %d scanned templates; its value is not known", name, len(sites))
		return graph.NewUnknown("export "+name+" is defined more than once", r)
	}
	if l.expBusy[name] {
		l.errorf(r, "export %q depends on itself", name)
		return graph.NewUnknown("export cycle", r)
	}
	l.expBusy[name] = true
	defer delete(l.expBusy, name)
	s := sites[0]
	v := s.t.output(s.name, r, depth)
	return v
}

// resolveStackOutput returns the value of output of the loaded stack
// deployed as stackName in region ("" matches any region), or nil when no
// such stack was loaded.
func (l *loader) resolveStackOutput(stackName, region, output string, r source.Range, depth int) *graph.Value {
	var found []*template
	for _, t := range l.tops {
		if t.stackName == stackName && (region == "" || t.region == "" || t.region == region) {
			found = append(found, t)
		}
	}
	switch {
	case len(found) == 0:
		return nil
	case len(found) > 1:
		l.warnf(r, "%d scanned stacks are deployed as %q; the value of its output %s is not known", len(found), stackName, output)
		return graph.NewUnknown("stack "+stackName+" is loaded more than once", r)
	}
	key := "\x00stack:" + stackName + "/" + region + "/" + output
	if l.expBusy[key] {
		l.errorf(r, "output %s of stack %s depends on itself", output, stackName)
		return graph.NewUnknown("output cycle", r)
	}
	l.expBusy[key] = true
	defer delete(l.expBusy, key)
	return found[0].output(output, r, depth)
}

// outputAbsent reports whether an output has a condition known to be false,
// so the stack does not create it (nor its export).
func (t *template) outputAbsent(out *syntax.Node) bool {
	cn := out.Get("Condition")
	return cn != nil && cn.Kind == syntax.Scalar && t.conditionByName(cn.Value, cn.Range, 0) == triFalse
}

// output evaluates an output's value as seen from a use at r.
func (t *template) output(name string, r source.Range, depth int) *graph.Value {
	out, ok := t.outputs[name]
	if !ok {
		t.l.errorf(r, "stack %s has no output %q", t.stack, name)
		return graph.NewUnknown("missing output "+name, r)
	}
	if t.outBusy[name] {
		t.l.errorf(r, "output %q of %s depends on itself", name, t.stack)
		return graph.NewUnknown("output cycle", r)
	}
	v, ok := t.outVal[name]
	if !ok {
		t.outBusy[name] = true
		v = (&evalCtx{t: t, depth: depth + 1}).eval(out.Get("Value"))
		t.outBusy[name] = false
		t.outVal[name] = v
	}
	if v == nil {
		return graph.NewUnknown("output without a value", r)
	}
	cp := *v
	if cp.Kind != graph.KindRef && cp.Kind != graph.KindConcat {
		if cp.Prov == graph.Literal {
			cp.Prov = graph.Derived
		}
	}
	cp.Origin = v.Range
	cp.Range = r
	return &cp
}

// child returns the nested stack instance of a stack resource.
func (t *template) child(name string, depth int) *template {
	if c, ok := t.children[name]; ok {
		return c
	}
	t.children[name] = nil // guard against recursion while building
	pair := t.res[name]
	props := pair.Value.Get("Properties")
	urlNode := props.Get("TemplateURL")
	path, ok := localTemplateURL(t.file.Path, urlNode)
	at, shown := pair.Key.Range, ""
	if urlNode != nil {
		at, shown = urlNode.Range, urlNode.Value
	}
	if !ok {
		// A CDK nested stack: the template is an asset of the assembly.
		if path, ok = cdkNestedTemplate(t.file.Path, t.assets, pair.Value); !ok {
			return nil
		}
		shown = filepath.Base(path)
	}
	for p := t; p != nil; p = p.parent {
		if mustAbs(p.file.Path) == path {
			t.l.errorf(at, "nested stack %s includes its own template (%s)", name, shown)
			return nil
		}
	}
	in, ok := t.l.byPath[path]
	if !ok {
		if t.l.opts.ReadFile == nil {
			t.l.warnf(at, "nested stack template %s is not in the scan", shown)
			return nil
		}
		f, err := t.l.opts.ReadFile(path)
		if err != nil {
			t.l.warnf(at, "nested stack template %s cannot be read: %v", shown, err)
			return nil
		}
		root, errs := Parse(f)
		for _, e := range errs {
			t.l.diags = append(t.l.diags, source.Diagnostic{Code: "papilint-syntax", Severity: "error", Range: e.Range, File: f.Rel, Message: e.Message})
		}
		if root == nil {
			return nil
		}
		in = Input{File: f, Root: root}
		t.l.byPath[path] = in
		t.l.b.AddFile(f)
	}
	in.Stack = t.stack + "/" + name
	in.Format = t.format
	in.StackName = ""
	in.Account, in.Region, in.AssetFiles, in.Annotate = t.account, t.region, t.assets, t.annotate
	c := newTemplate(t.l, in, t)
	c.nestedAs = name
	c.inParams = map[string]*graph.Value{}
	ctx := &evalCtx{t: t, depth: depth + 1}
	if ps := props.Get("Parameters"); ps != nil && ps.Kind == syntax.Mapping {
		t.childBusy[name] = true
		for _, p := range ps.Pairs {
			c.inParams[p.Key.Value] = ctx.eval(p.Value)
		}
		t.childBusy[name] = false
	}
	t.children[name] = c
	return c
}

// build adds a template's resources and outputs to the graph.
func (l *loader) build(t *template) {
	if t.root.Get("Resources") == nil {
		l.errorf(t.root.Range, "template has no Resources section")
	}
	for _, name := range t.resOrder {
		pair := t.res[name]
		decl := pair.Value
		if strings.HasPrefix(name, "Fn::ForEach::") {
			l.report("note", pair.Key.Range, "%s is not expanded; the resources it creates are not checked", name)
			continue
		}
		if decl.Kind != syntax.Mapping {
			l.errorf(decl.Range, "resource %s is not a mapping", name)
			continue
		}
		typ := t.types[name]
		if typ == "AWS::CDK::Metadata" {
			continue // CDK's version reporting, nothing to lint
		}
		if typ == "" {
			if tn := decl.Get("Type"); tn != nil && tn.Tag != "" {
				l.errorf(tn.Range, "resource %s has a Type given by %s, which is not CloudFormation", name, tn.Tag)
			} else {
				l.errorf(pair.Key.Range, "resource %s has no Type", name)
			}
			continue
		}
		cond := ""
		if cn := decl.Get("Condition"); cn != nil && cn.Kind == syntax.Scalar {
			switch t.conditionByName(cn.Value, cn.Range, 0) {
			case triFalse:
				continue // the resource is not created
			case triUnknown:
				cond = cn.Value
			}
		}
		ctx := &evalCtx{t: t}
		n := &graph.Node{
			ID:        t.nodeID(name),
			Kind:      graph.CloudFormationKind(typ),
			Type:      typ,
			Name:      name,
			Format:    t.format,
			Stack:     t.stack,
			File:      t.file,
			Header:    pair.Key.Range,
			Range:     t.file.Range(int(pair.Key.Range.Start.Offset), int(decl.Range.End.Offset)),
			Condition: cond,
		}
		if props := decl.Get("Properties"); props != nil {
			pv := ctx.eval(props)
			if pv != nil && pv.Kind == graph.KindChoice {
				pv = mergeChoice(pv)
			}
			if pv != nil && pv.Kind == graph.KindMap {
				n.Props = pv
			} else if pv != nil && pv.Kind != graph.KindNull && pv.Kind != graph.KindUnknown {
				l.warnf(props.Range, "Properties of %s is not a mapping", name)
			}
		}
		if md := decl.Get("Metadata"); md != nil {
			n.Metadata = ctx.eval(md)
			if p, ok := n.Metadata.Get("aws:cdk:path").String(); ok {
				n.ConstructPath = p
			}
		}
		if dep := decl.Get("DependsOn"); dep != nil {
			add := func(s *syntax.Node) {
				if s.Kind != syntax.Scalar {
					return
				}
				if _, ok := t.res[s.Value]; !ok {
					if t.generates {
						return // a resource the SAM transform or a module generates
					}
					l.errorf(s.Range, "DependsOn names %q, which is not a resource in this template", s.Value)
					return
				}
				n.DependsOn = append(n.DependsOn, t.nodeID(s.Value))
			}
			add(dep)
			for _, it := range dep.Items {
				add(it)
			}
		}
		if t.sam && typ == "AWS::Serverless::Api" {
			expandServerlessAPI(t, n, decl)
		}
		if t.annotate != nil {
			t.annotate(n, t.nestedChain())
		}
		l.b.AddNode(n)
		if typ == "AWS::CloudFormation::Stack" {
			if c := t.child(name, 0); c != nil {
				l.build(c)
			}
		}
	}
	for _, name := range sortedKeys(t.outputs) {
		out := t.outputs[name]
		if t.outputAbsent(out) {
			continue
		}
		o := &graph.Output{Stack: t.stack, Name: name, Value: t.output(name, out.Range, 0)}
		if vn := out.Get("Value"); vn != nil && o.Value != nil {
			o.Value.Range = vn.Range
		}
		if exp := out.Get("Export").Get("Name"); exp != nil {
			if s, ok := (&evalCtx{t: t}).eval(exp).String(); ok {
				o.Export = s
			}
		}
		o.Range = out.Range
		l.b.AddOutput(o)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// buildSafely builds one template and turns a crash in the loader into a
// diagnostic on that template, so one odd file cannot stop the scan.
func (l *loader) buildSafely(t *template) {
	defer func() {
		if r := recover(); r != nil {
			l.diags = append(l.diags, source.Diagnostic{Code: "papilint-load", Severity: "error", File: t.file.Rel,
				Message: fmt.Sprintf("internal error while loading this template (please report it): %v", r)})
		}
	}()
	l.build(t)
}

// mergeChoice turns Properties: !If [c, {A: 1}, {A: 2, B: 3}] into a map
// whose fields are choices ({A: one of (1 | 2), B: one of (absent | 3)}),
// so rules can still read each property. It returns v unchanged when an
// alternative is not a map.
func mergeChoice(v *graph.Value) *graph.Value {
	alts := v.Branches()
	var keys []string
	seen := map[string]bool{}
	for _, a := range alts {
		if a == nil || (a.Kind != graph.KindMap && a.Kind != graph.KindNull) {
			return v
		}
		for _, f := range a.Fields {
			if !seen[f.Key] {
				seen[f.Key] = true
				keys = append(keys, f.Key)
			}
		}
	}
	out := &graph.Value{Kind: graph.KindMap, Prov: graph.Derived, Range: v.Range}
	for _, k := range keys {
		ch := &graph.Value{Kind: graph.KindChoice, Prov: graph.Unknown, Range: v.Range, Reason: v.Reason}
		var keyRange source.Range
		for _, a := range alts {
			if f := a.Field(k); f != nil {
				ch.Alts = append(ch.Alts, f.Value)
				if !keyRange.IsValid() {
					keyRange = f.KeyRange
				}
			} else {
				ch.Alts = append(ch.Alts, graph.NewNull(graph.Derived, v.Range))
			}
		}
		out.Fields = append(out.Fields, &graph.Field{Key: k, KeyRange: keyRange, Value: ch})
	}
	return out
}
