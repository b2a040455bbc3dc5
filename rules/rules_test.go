package rules_test

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/docgen"
	"github.com/papilint/papilint/rules"
)

var update = flag.Bool("update", false, "regenerate docs/rules")

func TestValidate(t *testing.T) {
	if err := analysis.Validate(rules.All()); err != nil {
		t.Fatal(err)
	}
}

// TestAllMatchesTree checks that every rule package is registered and every
// registered rule has its package, named after its ID.
func TestAllMatchesTree(t *testing.T) {
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() && regexp.MustCompile(`^papi[0-9]{3}$`).MatchString(e.Name()) {
			dirs = append(dirs, strings.ToUpper(e.Name()))
		}
	}
	var ids []string
	for _, a := range rules.All() {
		ids = append(ids, a.ID)
	}
	sort.Strings(dirs)
	if strings.Join(dirs, ",") != strings.Join(ids, ",") {
		t.Errorf("rule packages %v do not match rules.All %v", dirs, ids)
	}
	if !sort.StringsAreSorted(ids) {
		t.Errorf("rules.All is not ordered by ID: %v", ids)
	}
}

// TestCasesPerFormat requires, for every rule and every format it supports,
// at least one case that must fire and one that must stay silent.
func TestCasesPerFormat(t *testing.T) {
	wantRe := regexp.MustCompile(`#\s*want\s`)
	for _, a := range rules.All() {
		dir := filepath.Join(strings.ToLower(a.ID), "testdata")
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Errorf("%s: %v", a.ID, err)
			continue
		}
		var yamlFire, yamlQuiet, jsonFire, jsonQuiet int
		for _, e := range entries {
			name := e.Name()
			path := filepath.Join(dir, name)
			switch filepath.Ext(name) {
			case ".yaml", ".yml":
				b, _ := os.ReadFile(path)
				if wantRe.Match(b) {
					yamlFire++
				} else {
					yamlQuiet++
				}
			case ".json":
				if _, err := os.Stat(path + ".want"); err == nil {
					jsonFire++
				} else {
					jsonQuiet++
				}
			}
		}
		if yamlFire == 0 || yamlQuiet == 0 {
			t.Errorf("%s: needs CloudFormation YAML cases that fire (%d) and that stay silent (%d)", a.ID, yamlFire, yamlQuiet)
		}
		if jsonFire == 0 {
			t.Errorf("%s: needs a CloudFormation JSON case that fires", a.ID)
		}
	}
}

// TestDocsUpToDate fails when docs/rules differs from what the rules'
// documentation generates. Regenerate with: go test ./rules -run Docs -update
func TestDocsUpToDate(t *testing.T) {
	dir := filepath.Join("..", "docs", "rules")
	if *update {
		if err := docgen.Write(dir, rules.All()); err != nil {
			t.Fatal(err)
		}
	}
	if stale := docgen.Check(dir, rules.All()); len(stale) > 0 {
		t.Errorf("docs/rules is out of date (%s); run: go test ./rules -run Docs -update", strings.Join(stale, ", "))
	}
}

// TestRulesDoNotImportDrivers keeps rules away from loaders, output and the
// CLI: a rule sees only the graph, the models and the analysis API.
func TestRulesDoNotImportDrivers(t *testing.T) {
	forbidden := []string{"internal/loader", "internal/report", "internal/driver", "cmd/"}
	err := filepath.Walk(".", func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, f := range forbidden {
			if strings.Contains(string(b), `"github.com/papilint/papilint/`+f) {
				t.Errorf("%s imports %s", path, f)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
