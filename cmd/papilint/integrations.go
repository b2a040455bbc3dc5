package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/baseline"
	"github.com/papilint/papilint/internal/driver"
	"github.com/papilint/papilint/internal/loader"
	"github.com/papilint/papilint/internal/model/pattern"
	"github.com/papilint/papilint/internal/report"
	"github.com/papilint/papilint/internal/requestpath"
)

// The scan flags that connect papilint to the places people work: the
// report formats for pull requests and CI logs, extra reports written by
// the same run (the GitHub Action writes SARIF and a Markdown summary at
// once), baselines, and the sibling context the pre-commit hook needs.

// scanFormats are the values of scan --format.
var scanFormats = []string{"text", "json", "sarif", "markdown", "github"}

// graphFormats are the values of graph --format.
var graphFormats = []string{"mermaid", "dot", "json"}

type integrationFlags struct {
	baseline      string
	writeBaseline string
	reports       []string // FORMAT=FILE
	linkBase      string
	siblings      bool
	// graph is set by the graph command, which runs a scan and prints the
	// request paths in format instead of the report.
	graph bool
}

func addIntegrationFlags(fl *pflag.FlagSet, f *integrationFlags) {
	fl.StringVar(&f.baseline, "baseline", "", "count only findings that are not in this baseline file (written by --write-baseline); the others are reported as suppressed")
	fl.StringVar(&f.writeBaseline, "write-baseline", "", "write the current findings to this baseline file, then report as if it were given to --baseline")
	fl.StringArrayVar(&f.reports, "report", nil, "also write the report in another format to a file, FORMAT=FILE (repeatable), e.g. --report sarif=papilint.sarif --report markdown=summary.md")
	fl.StringVar(&f.linkBase, "link-base", "", "Markdown: put this URL before file paths in links, e.g. https://github.com/OWNER/REPO/blob/SHA/ (default: relative links)")
	fl.BoolVar(&f.siblings, "siblings", false, "for each FILE argument, also load the IaC files in its directory for context (a Terraform module, stacks joined by exports, a CDK assembly) and report only on the named files (the pre-commit hook sets this)")
}

// checkFormat validates --format (and the FORMAT of each --report).
func checkFormat(f scanFlags) error {
	if f.integ.graph {
		if !contains(graphFormats, f.format) {
			return usageErr("--format must be %s, not %q", orList(graphFormats), f.format)
		}
		return nil
	}
	if !contains(scanFormats, f.format) {
		return usageErr("--format must be %s, not %q", orList(scanFormats), f.format)
	}
	for _, r := range f.integ.reports {
		format, file, ok := strings.Cut(r, "=")
		if !ok || file == "" || !contains(scanFormats, format) {
			return usageErr("--report wants FORMAT=FILE with FORMAT one of %s, got %q", orList(scanFormats), r)
		}
	}
	return nil
}

// scanContext is what the writers need besides the result.
type scanContext struct {
	f     scanFlags
	res   *driver.Result
	lr    *loader.Result
	rules []*analysis.Analyzer
	meta  report.Meta
	paths []*requestpath.Path // computed on first use
}

// requestPaths builds (once) the request paths marked with the findings.
func (c *scanContext) requestPaths() []*requestpath.Path {
	if c.paths == nil {
		c.paths = requestpath.Build(c.lr.Graph, pattern.Detect(c.lr.Graph))
		requestpath.Mark(c.paths, c.lr.Graph, c.res.Findings)
		if c.paths == nil {
			c.paths = []*requestpath.Path{}
		}
	}
	return c.paths
}

// write writes the report in one format; color says whether text may be
// coloured.
func (c *scanContext) write(w io.Writer, format string, color bool) error {
	if c.f.integ.graph {
		switch format {
		case "mermaid":
			return requestpath.WriteMermaid(w, c.requestPaths(), requestpath.MermaidOptions{Subgraphs: true})
		case "dot":
			return requestpath.WriteDOT(w, c.requestPaths())
		case "json":
			return requestpath.WriteJSON(w, c.requestPaths())
		}
		return fmt.Errorf("unknown graph format %q", format)
	}
	switch format {
	case "text":
		return report.WriteText(w, c.res, report.TextOptions{Color: color, Files: c.lr.Files})
	case "json":
		return report.WriteJSON(w, c.res, c.meta)
	case "sarif":
		return report.WriteSARIF(w, c.res, c.rules, c.meta)
	case "markdown":
		return report.WriteMarkdown(w, c.res, c.meta, report.MarkdownOptions{Paths: c.requestPaths(), LinkBase: c.f.integ.linkBase})
	case "github":
		return report.WriteGitHub(w, c.res, c.meta)
	}
	return fmt.Errorf("unknown format %q", format)
}

// writeReports writes the main report into buf and each --report file.
func writeReports(buf *bytes.Buffer, f scanFlags, res *driver.Result, lr *loader.Result, rules []*analysis.Analyzer, meta report.Meta, stdout io.Writer) error {
	c := &scanContext{f: f, res: res, lr: lr, rules: rules, meta: meta}
	if err := c.write(buf, f.format, f.output == "" && colorWanted(stdout, f.noColor)); err != nil {
		return err
	}
	for _, r := range f.integ.reports {
		format, file, _ := strings.Cut(r, "=")
		var b bytes.Buffer
		if err := c.write(&b, format, false); err != nil {
			return err
		}
		if err := writeFileCreatingDirs(file, b.Bytes()); err != nil {
			return fmt.Errorf("--report %s: %w", r, err)
		}
	}
	return nil
}

// namedPaths are the paths named on the command line with --siblings:
// files, and directories (scanned whole, so everything under them counts as
// named).
type namedPaths struct {
	files map[string]bool // canonical paths
	dirs  []string        // canonical paths with a trailing separator
}

// has reports whether a canonical path was named or lies in a named
// directory.
func (n *namedPaths) has(path string) bool {
	if n.files[path] {
		return true
	}
	for _, d := range n.dirs {
		if strings.HasPrefix(path, d) {
			return true
		}
	}
	return false
}

// siblingArgs returns the paths to load and, with --siblings, the paths
// named on the command line (nil otherwise). With --siblings each FILE
// argument brings the candidate files of its directory (not its
// subdirectories) along as context.
func (i integrationFlags) siblingArgs(args []string) ([]string, *namedPaths) {
	if !i.siblings {
		return args, nil
	}
	named := &namedPaths{files: map[string]bool{}}
	var out []string
	dirs := map[string]bool{}
	for _, a := range args {
		out = append(out, a)
		st, err := os.Stat(a)
		if err != nil {
			continue // the loader reports it
		}
		if st.IsDir() {
			if abs, err := filepath.Abs(a); err == nil {
				if r, err := filepath.EvalSymlinks(abs); err == nil {
					abs = r
				}
				named.dirs = append(named.dirs, strings.TrimSuffix(abs, string(filepath.Separator))+string(filepath.Separator))
			}
			continue
		}
		named.files[canonicalPath(a)] = true
		dir := filepath.Dir(a)
		if dirs[dir] {
			continue
		}
		dirs[dir] = true
		entries, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, e := range entries {
			if e.Type().IsRegular() && siblingCandidate(e.Name()) {
				out = append(out, filepath.Join(dir, e.Name()))
			}
		}
	}
	return out, named
}

// siblingCandidate reports whether a file next to a named one may be
// infrastructure code worth loading for context.
func siblingCandidate(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml", ".json", ".template", ".cfn", ".tf", ".tofu":
		return true
	}
	return false
}

// canonicalPath is an absolute path with the links in its directory
// resolved, for comparing files named in different ways.
func canonicalPath(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	if d, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		abs = filepath.Join(d, filepath.Base(abs))
	}
	return abs
}

// finish applies what comes after the rules and suppressions: the
// restriction to named files (--siblings), then the baseline, written
// (--write-baseline) and applied (--baseline).
func (i integrationFlags) finish(res *driver.Result, lr *loader.Result, root string, named *namedPaths, stderr io.Writer) error {
	scanned := baseline.ScannedFiles(lr.Graph)
	if named != nil {
		absRoot, _ := filepath.Abs(root)
		if r, err := filepath.EvalSymlinks(absRoot); err == nil {
			absRoot = r
		}
		isNamed := func(rel string) bool {
			return rel != "" && named.has(canonicalPath(filepath.Join(absRoot, filepath.FromSlash(rel))))
		}
		restrictToFiles(res, isNamed)
		scanned = isNamed
	}
	name := i.baseline
	var b *baseline.File
	if i.writeBaseline != "" {
		b = baseline.FromResult(res)
		data, err := b.Encode()
		if err != nil {
			return err
		}
		if err := writeFileCreatingDirs(i.writeBaseline, data); err != nil {
			return usageErr("--write-baseline: %v", err)
		}
		fmt.Fprintf(stderr, "papilint: wrote %s to baseline %s\n", countOf(int64(b.Len()), "finding"), i.writeBaseline)
		name = i.writeBaseline
	} else if i.baseline != "" {
		var err error
		if b, err = baseline.Read(i.baseline); err != nil {
			return usageErr("%v", err)
		}
	}
	if b != nil {
		b.Apply(res, filepath.ToSlash(name), scanned)
	}
	return nil
}

// restrictToFiles keeps the findings located in files keep accepts or about
// resources declared in them (a CDK finding may point at the app's source),
// and the notifications about such files or about no file at all.
func restrictToFiles(res *driver.Result, keep func(rel string) bool) {
	fs := res.Findings[:0]
	for _, f := range res.Findings {
		if (f.Range.IsValid() && keep(f.Range.File.Rel)) || (f.Resource != nil && f.Resource.File != nil && keep(f.Resource.File.Rel)) {
			fs = append(fs, f)
		}
	}
	res.Findings = fs
	ns := res.Notifications[:0]
	for _, n := range res.Notifications {
		if rel := notifFile(n); rel == "" || keep(rel) {
			ns = append(ns, n)
		}
	}
	res.Notifications = ns
}

// writeFileCreatingDirs creates the parent directories, then writes
// atomically.
func writeFileCreatingDirs(path string, data []byte) error {
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	if err := writeFileAtomic(path, data); err != nil {
		return err
	}
	return os.Chmod(path, 0o644) // the temporary file was private
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// orList is "a, b or c".
func orList(list []string) string {
	if len(list) < 2 {
		return strings.Join(list, "")
	}
	return strings.Join(list[:len(list)-1], ", ") + " or " + list[len(list)-1]
}
