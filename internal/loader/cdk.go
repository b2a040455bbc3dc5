package loader

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/loader/cdk"
	"github.com/papilint/papilint/internal/loader/cfn"
	"github.com/papilint/papilint/internal/loader/cfn/syntax"
	"github.com/papilint/papilint/internal/source"
)

// CDK cloud assemblies: a directory whose manifest.json describes a cloud
// assembly (cdk.out, or a custom --output folder) is read the way the CDK
// CLI reads it, and every file inside it is claimed so none is also loaded
// as a plain template. Its stacks' templates go through the CloudFormation
// loader with Format CDK, their construct paths and creation locations
// taken from the assembly's metadata.
func init() {
	// Before every other format: an assembly's JSON files are its own.
	formatHooks = append([]formatHook{{name: "cdk", claim: claimCDK, load: loadCDK}}, formatHooks...)
}

// isAssemblyManifest reports whether path is a cloud assembly manifest.
func isAssemblyManifest(path string) bool {
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() || st.Size() > MaxFileSize {
		return false
	}
	b, err := os.ReadFile(path)
	return err == nil && cdk.IsManifest(b)
}

// cdkAssemblies sorts files into those inside cloud assemblies and the
// rest. It returns the outermost assembly directories to load (those
// inside them, for CDK Stages, are read through their parent's manifest)
// and, for an assembly of which only some templates were named on the
// command line without its manifest, those templates.
func cdkAssemblies(files []string) (dirs []string, only map[string]map[string]bool, mine, rest []string) {
	only = map[string]map[string]bool{}
	isAsm := map[string]bool{}
	for _, f := range files {
		if filepath.Base(f) == "manifest.json" && isAssemblyManifest(f) {
			isAsm[mustAbsPath(filepath.Dir(f))] = true
		}
	}
	within := func(p string) bool {
		for d := p; ; d = filepath.Dir(d) {
			if isAsm[d] {
				return true
			}
			if filepath.Dir(d) == d {
				return false
			}
		}
	}
	hasManifest := map[string]bool{}
	for _, f := range files {
		dir := mustAbsPath(filepath.Dir(f))
		if within(dir) || filepath.Base(f) == "manifest.json" {
			continue
		}
		has, seen := hasManifest[dir]
		if !seen {
			has = isAssemblyManifest(filepath.Join(dir, "manifest.json"))
			hasManifest[dir] = has
		}
		if has {
			if only[dir] == nil {
				only[dir] = map[string]bool{}
			}
			only[dir][mustAbsPath(f)] = true
		}
	}
	for d := range only {
		isAsm[d] = true
	}
	for _, f := range files {
		if within(mustAbsPath(filepath.Dir(f))) {
			mine = append(mine, f)
		} else {
			rest = append(rest, f)
		}
	}
	for d := range isAsm {
		top := true
		for p := filepath.Dir(d); filepath.Dir(p) != p; p = filepath.Dir(p) {
			if isAsm[p] {
				top = false
				break
			}
		}
		if top {
			dirs = append(dirs, d)
		}
	}
	sort.Strings(dirs)
	return dirs, only, mine, rest
}

func claimCDK(_ *session, files []string) (mine, rest []string) {
	_, _, mine, rest = cdkAssemblies(files)
	return mine, rest
}

func mustAbsPath(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return a
}

// cdkLoad is the state of loading the assemblies of one scan.
type cdkLoad struct {
	s *session
	// sources are the user source files read for creation locations, by
	// the trace path and assembly they were looked up for; nil when not
	// found. byPath keeps one File per path.
	sources map[string]*source.File
	byPath  map[string]*source.File
}

func loadCDK(s *session, mine []string) {
	dirs, only, _, _ := cdkAssemblies(mine)
	l := &cdkLoad{s: s, sources: map[string]*source.File{}, byPath: map[string]*source.File{}}
	for _, dir := range dirs {
		l.loadAssembly(dir, only[dir])
	}
}

// loadAssembly loads one outermost assembly and the assemblies nested in
// it. Their stacks are built together, so strong (Fn::ImportValue) and
// weak (Fn::GetStackOutput) references between them resolve; references to
// stacks of other assemblies stay unknown.
func (l *cdkLoad) loadAssembly(dir string, only map[string]bool) {
	s := l.s
	mf, ok := s.read(filepath.Join(dir, "manifest.json"))
	if !ok {
		return
	}
	s.res.Files++
	asm, probs := cdk.Read(mf, l.readAssemblyFile)
	for _, p := range probs {
		s.diag(p)
	}
	if asm == nil {
		return
	}
	var inputs []cfn.Input
	var walk func(a *cdk.Assembly)
	walk = func(a *cdk.Assembly) {
		for _, st := range a.Stacks {
			if only != nil && !only[st.Template] {
				continue
			}
			if in, ok := l.stackInput(a, st, asm.Dir); ok {
				inputs = append(inputs, in)
			}
		}
		for _, n := range a.Nested {
			walk(n)
		}
	}
	walk(asm)
	for _, d := range cfn.Build(s.b, inputs, cfn.Options{Params: s.opt.Params, ReadFile: s.readOutside}) {
		s.diag(d)
	}
}

// readAssemblyFile reads a file of an assembly (a nested manifest, metadata,
// asset manifests, tree.json) with the loader's limits.
func (l *cdkLoad) readAssemblyFile(path string) (*source.File, error) {
	f, diag, ok := readFile(path, l.s.root)
	if !ok {
		if diag != nil {
			return nil, errors.New(diag.Message)
		}
		return nil, errors.New("larger than 16 MB, binary or not UTF-8")
	}
	return f, nil
}

// stackInput reads a stack's template and prepares it for the
// CloudFormation loader. outer is the outermost assembly's directory, where
// the app's sources are looked for.
func (l *cdkLoad) stackInput(a *cdk.Assembly, st *cdk.Stack, outer string) (cfn.Input, bool) {
	s := l.s
	f, ok := s.read(st.Template)
	if !ok {
		if _, err := os.Stat(st.Template); err != nil {
			s.diag(source.Diagnostic{Code: "papilint-load", Severity: "error", File: relPath(a.Manifest.Path, s.root),
				Message: "the template of stack " + st.ID + " (" + filepath.Base(st.Template) + ") is missing from the assembly"})
		}
		return cfn.Input{}, false
	}
	doc, errs := cfn.Parse(f)
	s.syntaxErrors(f, errs)
	s.res.Files++
	if doc != nil && len(errs) == 0 && doc.Kind == syntax.Mapping && doc.Get("Resources") == nil {
		// A stack without resources (CDK writes the bootstrap version check
		// into every stack; the CLI skips deploying such a stack).
		return cfn.Input{}, false
	}
	if doc == nil || !cfn.IsTemplate(doc) {
		if len(errs) == 0 {
			s.diag(source.Diagnostic{Code: "papilint-load", Severity: "error", File: f.Rel,
				Message: "the template of stack " + st.ID + " is not a CloudFormation template"})
		}
		return cfn.Input{}, false
	}
	s.b.AddFile(f)
	idx := st.Constructs(a.Tree)
	return cfn.Input{
		File: f, Root: doc, StackName: st.Name, Format: graph.CDK, Params: st.Params,
		Account: st.Account, Region: st.Region, AssetFiles: st.AssetFiles,
		Annotate: func(n *graph.Node, nested []string) {
			c, ok := idx.Lookup(nested, n.Name)
			if !ok {
				return
			}
			if n.ConstructPath == "" {
				n.ConstructPath = c.Path
			}
			n.Created = l.creation(c.Trace, outer)
		},
	}, true
}

// creation returns where the user's code created a construct: the
// innermost user frame of its creation stack trace whose file is in the
// scanned tree. Traces name files as they were on the machine that
// synthesized; a file that is not there is looked for by the end of its
// path, from the folder holding the assembly upwards.
func (l *cdkLoad) creation(trace []string, asmDir string) source.Range {
	for _, fr := range cdk.UserFrames(trace) {
		f := l.sourceFile(fr.File, asmDir)
		if f == nil {
			continue
		}
		if r, ok := frameRange(f, fr.Line, fr.Col); ok {
			return r
		}
	}
	return source.Range{}
}

func (l *cdkLoad) sourceFile(name, asmDir string) *source.File {
	key := name + "\x00" + asmDir
	if f, ok := l.sources[key]; ok {
		return f
	}
	f := l.findSource(name, asmDir)
	if f != nil {
		if g, ok := l.byPath[f.Path]; ok {
			f = g
		} else {
			l.byPath[f.Path] = f
			l.s.b.AddFile(f)
		}
	}
	l.sources[key] = f
	return f
}

func (l *cdkLoad) findSource(name, asmDir string) *source.File {
	root := l.s.root
	inRoot := func(p string) bool {
		rel, err := filepath.Rel(root, p)
		return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
	}
	try := func(p string) *source.File {
		if !inRoot(p) {
			return nil
		}
		if st, err := os.Stat(p); err != nil || !st.Mode().IsRegular() {
			return nil
		}
		f, err := l.s.readOutside(p)
		if err != nil {
			return nil
		}
		return f
	}
	slashed := strings.ReplaceAll(name, `\`, "/")
	if filepath.IsAbs(filepath.FromSlash(slashed)) {
		if f := try(filepath.FromSlash(slashed)); f != nil {
			return f
		}
	}
	var comps []string
	for _, c := range strings.Split(slashed, "/") {
		if c != "" && c != "." && c != ".." && !strings.HasSuffix(c, ":") {
			comps = append(comps, c)
		}
	}
	if len(comps) == 0 || len(comps) > 64 {
		return nil
	}
	// Nearest folder first, longest end of the path first; a bare file name
	// only beside the assembly, where a CDK app keeps cdk.out.
	near := filepath.Dir(asmDir)
	for base := near; inRoot(base); base = filepath.Dir(base) {
		for i := range comps {
			if i == len(comps)-1 && len(comps) > 1 && base != near {
				break
			}
			if f := try(filepath.Join(append([]string{base}, comps[i:]...)...)); f != nil {
				return f
			}
		}
		if base == root || filepath.Dir(base) == base {
			break
		}
	}
	return nil
}

// frameRange returns the range a stack frame points at: from the column
// (counted in UTF-16 code units, as V8 counts) to the call's opening
// parenthesis, so `new elbv2.ApplicationLoadBalancer(` marks
// "new elbv2.ApplicationLoadBalancer"; the rest of the line when no
// parenthesis follows, and the line's text when no column is given.
func frameRange(f *source.File, line, col int) (source.Range, bool) {
	start := f.OffsetAt(line, 1)
	if start < 0 || line > f.LineCount() {
		return source.Range{}, false
	}
	text := f.Line(line)
	off := -1
	if col > 0 {
		units := 0
		for i, r := range text {
			if units >= col-1 {
				off = i
				break
			}
			units += len(utf16.Encode([]rune{r}))
		}
	}
	if off < 0 {
		off = len(text) - len(strings.TrimLeft(text, " \t"))
	}
	rest := text[off:]
	seg := rest
	if i := strings.IndexByte(rest, '('); i > 0 {
		seg = rest[:i]
	}
	seg = strings.TrimRight(seg, " \t;{")
	if seg == "" {
		seg = strings.TrimRight(rest, " \t")
	}
	if seg == "" || !utf8.ValidString(seg) {
		return source.Range{}, false
	}
	return f.Range(start+off, start+off+len(seg)), true
}
