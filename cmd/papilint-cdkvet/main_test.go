package main_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/papilint/papilint/internal/docgen"
)

// TestVetTool builds papilint-cdkvet and runs it, as go vet's -vettool and
// standalone, over the sample Go CDK app in testdata/app: every line of the
// app that ends with an "expect: ID..." comment must be reported with exactly
// those rule IDs and their documentation links, and nothing else may be
// reported; the conforming package alone must pass. The app's aws-cdk-go,
// constructs and jsii modules are replaced by the stubs under
// cdkvet/testdata, so the test needs no network (GOPROXY=off).
func TestVetTool(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the vet tool and runs go vet")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command:", err)
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "papilint-cdkvet")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	if out, err := exec.Command(goBin, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	app := copyApp(t, filepath.Join("testdata", "app"), filepath.Join(tmp, "app"))
	env := append(os.Environ(),
		"GOFLAGS=-mod=mod -buildvcs=false", "GOPROXY=off", "GOSUMDB=off", "GOWORK=off",
		"GOTOOLCHAIN=local", "GO111MODULE=on")
	run := func(name string, args ...string) (string, int) {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir = app
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		code := 0
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			code = exit.ExitCode()
		} else if err != nil {
			t.Fatalf("%s %v: %v\n%s", name, args, err, out)
		}
		return string(out), code
	}

	want := expectations(t, app)
	if len(want) == 0 {
		t.Fatal("the sample app has no expect: comments")
	}

	out, code := run(goBin, "vet", "-vettool="+bin, "./...")
	if code == 0 {
		t.Errorf("go vet exited 0 on the broken app")
	}
	compare(t, "go vet", app, out, want)

	out, code = run(bin, "./...")
	if code == 0 {
		t.Errorf("standalone run exited 0 on the broken app")
	}
	compare(t, "standalone", app, out, want)

	// With -json, go vet shows each diagnostic's category: the rule ID of
	// the analyzer that reported it.
	out, _ = run(goBin, "vet", "-vettool="+bin, "-json", "./broken/")
	var tree map[string]map[string][]struct {
		Category string `json:"category"`
		Posn     string `json:"posn"`
	}
	if i := strings.Index(out, "{"); i < 0 {
		t.Errorf("go vet -json printed no JSON:\n%s", out)
	} else if err := json.Unmarshal([]byte(out[i:]), &tree); err != nil {
		t.Errorf("go vet -json: %v\n%s", err, out)
	}
	n := 0
	for _, byAnalyzer := range tree {
		for name, diags := range byAnalyzer {
			for _, d := range diags {
				n++
				if d.Category != strings.ToUpper(name) {
					t.Errorf("go vet -json: %s: analyzer %s reported category %q", d.Posn, name, d.Category)
				}
			}
		}
	}
	if wantN := countIDs(want); n != wantN {
		t.Errorf("go vet -json: %d diagnostics, want %d", n, wantN)
	}

	if out, code := run(goBin, "vet", "-vettool="+bin, "./good/"); code != 0 || strings.TrimSpace(out) != "" {
		t.Errorf("go vet on the conforming package: exit %d, output:\n%s", code, out)
	}
}

var diagRe = regexp.MustCompile(`(?m)^(\S+\.go):(\d+):(\d+): (PAPI\d{3}) (.*)$`)

// compare checks the diagnostics in out against want (file:line -> IDs).
func compare(t *testing.T, mode, app, out string, want map[string][]string) {
	t.Helper()
	got := map[string][]string{}
	for _, m := range diagRe.FindAllStringSubmatch(out, -1) {
		file := m[1]
		if filepath.IsAbs(file) {
			if rel, err := filepath.Rel(app, file); err == nil {
				file = rel
			}
		}
		key := strings.TrimPrefix(filepath.ToSlash(file), "./") + ":" + m[2]
		got[key] = append(got[key], m[4])
		if url := docgen.HelpURI(m[4]); !strings.HasSuffix(m[5], "; see "+url) {
			t.Errorf("%s: %s: message does not end with the rule's link %s: %s", mode, key, url, m[5])
		}
	}
	if len(got) == 0 {
		t.Fatalf("%s: no diagnostics in output:\n%s", mode, out)
	}
	for key, ids := range got {
		sort.Strings(ids)
		if w := strings.Join(want[key], " "); strings.Join(ids, " ") != w {
			t.Errorf("%s: %s: reported %v, want [%s]", mode, key, ids, w)
		}
	}
	for key, ids := range want {
		if _, ok := got[key]; !ok {
			t.Errorf("%s: %s: %v not reported", mode, key, ids)
		}
	}
	if t.Failed() {
		t.Logf("%s output:\n%s", mode, out)
	}
}

var expectRe = regexp.MustCompile(`// expect: ((?:PAPI\d{3}\s*)+)$`)

// expectations reads the "// expect: ID..." comments of the app's Go files.
func expectations(t *testing.T, app string) map[string][]string {
	t.Helper()
	want := map[string][]string{}
	err := filepath.WalkDir(app, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(app, path)
		sc := bufio.NewScanner(bytes.NewReader(data))
		for n := 1; sc.Scan(); n++ {
			if m := expectRe.FindStringSubmatch(sc.Text()); m != nil {
				ids := strings.Fields(m[1])
				sort.Strings(ids)
				want[filepath.ToSlash(rel)+":"+strconv.Itoa(n)] = ids
			}
		}
		return sc.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	return want
}

// copyApp copies the sample app to dst and points its replace directives,
// written relative to testdata/app, at the stubs' absolute paths, so the
// test never writes into the repository.
func copyApp(t *testing.T, src, dst string) string {
	t.Helper()
	absSrc, err := filepath.Abs(src)
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(absSrc, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(absSrc, path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if rel == "go.mod" {
			data = absReplaces(t, absSrc, data)
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

var replaceRe = regexp.MustCompile(`(?m)=>\s*(\.\.?/\S+)`)

func absReplaces(t *testing.T, dir string, gomod []byte) []byte {
	t.Helper()
	n := 0
	out := replaceRe.ReplaceAllFunc(gomod, func(m []byte) []byte {
		n++
		rel := replaceRe.FindSubmatch(m)[1]
		abs := filepath.Join(dir, filepath.FromSlash(string(rel)))
		if _, err := os.Stat(filepath.Join(abs, "go.mod")); err != nil {
			t.Fatalf("replace target %s: %v", rel, err)
		}
		return []byte("=> " + filepath.ToSlash(abs))
	})
	if n == 0 {
		t.Fatal("the sample app's go.mod has no relative replace directives")
	}
	return out
}

func countIDs(want map[string][]string) int {
	n := 0
	for _, ids := range want {
		n += len(ids)
	}
	return n
}
