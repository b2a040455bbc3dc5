// Package analysistest runs rules over testdata through the real loaders,
// graph, models and driver, and checks their findings against expectations
// written in the test files themselves.
//
// Each file directly under the testdata directory is one case; each
// sub-directory is one case whose files are loaded together (templates
// joined by exports, nested stacks). Expectations:
//
//   - YAML: a comment `# want "regexp"` on the line where the finding's range
//     starts. Several regexps mean several findings. `# want +1 "regexp"`
//     targets the next line. After a regexp, `at:"text"` requires the range
//     to cover exactly that source text, and `sev:warning` its level.
//   - JSON: a sidecar file `<name>.want` with one expectation per line:
//     `LINE "regexp" [at:"text"] [sev:level]`.
//   - CDK: a directory holding a cloud assembly (cdk.out) is one case; the
//     .want sidecars sit next to its templates. When the app's source is in
//     the case too, findings point at the lines that created the constructs,
//     and `// want` comments there pin them.
//
// A finding nobody expected fails the test, and so does an expectation no
// finding matched. Loader errors fail the test unless the case name contains
// "invalid".
package analysistest

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/driver"
	"github.com/papilint/papilint/internal/loader"
)

// Expectation is one expected finding.
type Expectation struct {
	File  string // report path relative to the case root
	Line  int
	Re    *regexp.Regexp
	At    *string
	Sev   string
	found bool
}

// Run runs the analyzers over every case in dir.
func Run(t *testing.T, dir string, analyzers ...*analysis.Analyzer) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("reading testdata: %v", err)
	}
	n := 0
	for _, e := range entries {
		name := e.Name()
		if strings.HasSuffix(name, ".want") || strings.HasPrefix(name, ".") || strings.EqualFold(name, "README.md") {
			continue
		}
		n++
		path := filepath.Join(dir, name)
		t.Run(name, func(t *testing.T) {
			RunCase(t, path, analyzers...)
		})
	}
	if n == 0 {
		t.Fatalf("no test cases in %s", dir)
	}
}

// RunCase runs the analyzers over one case (a file or a directory).
func RunCase(t *testing.T, path string, analyzers ...*analysis.Analyzer) {
	t.Helper()
	root := filepath.Dir(path)
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.IsDir() {
		root = path
	}
	lr, err := loader.Load([]string{path}, loader.Options{Root: root})
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	if !strings.Contains(filepath.Base(path), "invalid") {
		for _, d := range lr.Diagnostics {
			if d.Severity == "error" {
				t.Errorf("loader error: %s", d.Error())
			}
		}
	}
	if lr.Files == 0 {
		t.Fatalf("no template was loaded from %s", path)
	}
	res := driver.Run(lr.Graph, analyzers, driver.Options{})
	for _, nt := range res.Notifications {
		t.Errorf("notification: %s", nt)
	}
	var wants []*Expectation
	for _, f := range lr.Graph.Files() {
		ws, err := Expectations(f.Path, f.Rel, f.Content)
		if err != nil {
			t.Fatal(err)
		}
		wants = append(wants, ws...)
	}
	ids := map[string]bool{}
	for _, a := range analyzers {
		ids[a.ID] = true
	}
	for _, f := range res.Findings {
		if !f.Range.IsValid() {
			t.Errorf("%s: finding without a range: %s", f.Rule.ID, f.Message)
			continue
		}
		checkHygiene(t, f)
		matched := false
		for _, w := range wants {
			if w.found || w.File != f.Range.File.Rel || w.Line != int(f.Range.Start.Line) || !w.Re.MatchString(f.Message) {
				continue
			}
			if w.At != nil && f.Range.Text() != *w.At {
				t.Errorf("%s:%d: %s finding %q covers %q, want %q", w.File, w.Line, f.Rule.ID, f.Message, f.Range.Text(), *w.At)
			}
			if w.Sev != "" && f.Severity.String() != w.Sev {
				t.Errorf("%s:%d: %s finding %q has level %s, want %s", w.File, w.Line, f.Rule.ID, f.Message, f.Severity, w.Sev)
			}
			w.found = true
			matched = true
			break
		}
		if !matched {
			t.Errorf("%s:%d:%d: unexpected %s %s: %s (covers %q)", f.Range.File.Rel, f.Range.Start.Line, f.Range.Start.Col, f.Severity, f.Rule.ID, f.Message, f.Range.Text())
		}
	}
	for _, w := range wants {
		if !w.found {
			t.Errorf("%s:%d: no finding matched %q", w.File, w.Line, w.Re)
		}
	}
}

func checkHygiene(t *testing.T, f driver.Finding) {
	t.Helper()
	r := f.Range
	if r.End.Offset <= r.Start.Offset || int(r.End.Offset) > len(r.File.Content) {
		t.Errorf("%s: empty or out-of-file range %s", f.Rule.ID, r)
	}
	if strings.Contains(f.Message, "\n") {
		t.Errorf("%s: message spans lines: %q", f.Rule.ID, f.Message)
	}
	if f.Resource == nil {
		t.Errorf("%s: finding names no resource: %s", f.Rule.ID, f.Message)
	}
}

var wantRe = regexp.MustCompile(`(?:#|//)\s*want\s+(.*)$`)

// Expectations reads the expectations for a file: comments in YAML and HCL,
// a .want sidecar for JSON.
func Expectations(path, rel string, content []byte) ([]*Expectation, error) {
	var out []*Expectation
	if strings.HasSuffix(path, ".json") {
		side, err := os.ReadFile(path + ".want")
		if os.IsNotExist(err) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(strings.NewReader(string(side)))
		ln := 0
		for sc.Scan() {
			ln++
			text := strings.TrimSpace(sc.Text())
			if text == "" || strings.HasPrefix(text, "#") {
				continue
			}
			sp := strings.IndexByte(text, ' ')
			if sp < 0 {
				return nil, fmt.Errorf("%s.want:%d: want LINE \"regexp\"", path, ln)
			}
			line, err := strconv.Atoi(text[:sp])
			if err != nil {
				return nil, fmt.Errorf("%s.want:%d: bad line number", path, ln)
			}
			ws, err := parseWants(text[sp+1:], rel, line)
			if err != nil {
				return nil, fmt.Errorf("%s.want:%d: %v", path, ln, err)
			}
			out = append(out, ws...)
		}
		return out, nil
	}
	lines := strings.Split(string(content), "\n")
	for i, l := range lines {
		m := wantRe.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		rest := strings.TrimSpace(m[1])
		line := i + 1
		if strings.HasPrefix(rest, "+") {
			sp := strings.IndexByte(rest, ' ')
			if sp < 0 {
				return nil, fmt.Errorf("%s:%d: bad want offset", rel, line)
			}
			off, err := strconv.Atoi(rest[1:sp])
			if err != nil {
				return nil, fmt.Errorf("%s:%d: bad want offset", rel, line)
			}
			line += off
			rest = rest[sp+1:]
		}
		ws, err := parseWants(rest, rel, line)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", rel, i+1, err)
		}
		out = append(out, ws...)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Line < out[j].Line })
	return out, nil
}

// parseWants reads `"re" [at:"text"] [sev:level] "re2" ...`.
func parseWants(s, rel string, line int) ([]*Expectation, error) {
	var out []*Expectation
	for {
		s = strings.TrimSpace(s)
		if s == "" {
			break
		}
		switch {
		case strings.HasPrefix(s, `"`):
			q, rest, err := quoted(s)
			if err != nil {
				return nil, err
			}
			re, err := regexp.Compile(q)
			if err != nil {
				return nil, err
			}
			out = append(out, &Expectation{File: rel, Line: line, Re: re})
			s = rest
		case strings.HasPrefix(s, `at:"`):
			if len(out) == 0 {
				return nil, fmt.Errorf("at: before any regexp")
			}
			q, rest, err := quoted(s[3:])
			if err != nil {
				return nil, err
			}
			out[len(out)-1].At = &q
			s = rest
		case strings.HasPrefix(s, "sev:"):
			if len(out) == 0 {
				return nil, fmt.Errorf("sev: before any regexp")
			}
			end := strings.IndexAny(s, " \t")
			if end < 0 {
				end = len(s)
			}
			out[len(out)-1].Sev = s[4:end]
			s = s[end:]
		default:
			return nil, fmt.Errorf("cannot read want expectation at %q", s)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("want without a regexp")
	}
	return out, nil
}

// quoted reads a Go-style double-quoted string at the start of s.
func quoted(s string) (string, string, error) {
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			q, err := strconv.Unquote(s[:i+1])
			return q, s[i+1:], err
		}
	}
	return "", "", fmt.Errorf("unterminated string in %q", s)
}
