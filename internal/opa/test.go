package opa

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/tester"
)

// TestResult is the outcome of one Rego test.
type TestResult struct {
	File    string
	Line    int
	Package string // without the data. prefix
	Name    string
	Pass    bool
	Skip    bool
	Err     error  // evaluation error, if any
	Output  string // what print() wrote
	Elapsed time.Duration
}

// TestBundled runs the Rego tests (_test.rego) of papilint's own policies.
func TestBundled(ctx context.Context) ([]TestResult, error) {
	srcs, err := bundledSources(true)
	if err != nil {
		return nil, err
	}
	var rules []source
	for _, s := range srcs {
		if !isTest(s.name) {
			rules = append(rules, s)
		}
	}
	if _, err := build("bundled-test", rules, false, Options{}); err != nil {
		return nil, err
	}
	return runTests(ctx, srcs, true)
}

// TestCustom runs the Rego tests of custom policy folders, with the
// bundled library available. The policies themselves are checked first, the
// same way scan checks them.
func TestCustom(ctx context.Context, dirs []string) ([]TestResult, error) {
	lib, err := librarySources()
	if err != nil {
		return nil, err
	}
	srcs, err := dirSources(dirs, true)
	if err != nil {
		return nil, err
	}
	var rules []source
	tests := 0
	for _, s := range srcs {
		if isTest(s.name) {
			tests++
		} else {
			rules = append(rules, s)
		}
	}
	if _, err := build("custom-test", append(lib, rules...), true, Options{}); err != nil {
		return nil, err
	}
	if tests == 0 {
		return nil, fmt.Errorf("no _test.rego file in %s", strings.Join(dirs, ", "))
	}
	return runTests(ctx, append(lib, srcs...), false)
}

// runTests compiles the sources, tests included, in the sandbox and runs
// every test_ rule with OPA's test runner. print() output is captured.
func runTests(ctx context.Context, srcs []source, strict bool) ([]TestResult, error) {
	mods, _, err := parse(srcs)
	if err != nil {
		return nil, err
	}
	c, err := newCompiler(strict, true)
	if err != nil {
		return nil, err
	}
	ch, err := tester.NewRunner().
		SetCompiler(c).
		SetModules(mods).
		CapturePrintOutput(true).
		RaiseBuiltinErrors(true).
		SetTimeout(30*time.Second).
		RunTests(ctx, nil)
	if err != nil {
		return nil, fromOPA(err, "")
	}
	var out []TestResult
	for r := range ch {
		tr := TestResult{
			Package: strings.TrimPrefix(r.Package, "data."), Name: r.Name,
			Pass: r.Pass(), Skip: r.Skip, Err: r.Error, Output: string(r.Output), Elapsed: r.Duration,
		}
		if r.Location != nil {
			tr.File, tr.Line = r.Location.File, r.Location.Row
		}
		out = append(out, tr)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		return out[i].Line < out[j].Line
	})
	return out, nil
}
