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
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/rules"
)

var update = flag.Bool("update", false, "regenerate docs/rules")

func TestValidate(t *testing.T) {
	if err := analysis.Validate(rules.All()); err != nil {
		t.Fatal(err)
	}
}

// TestAllMatchesTree checks that every rule package is registered and every
// registered rule has its package, named after its ID: rules/papiNNN for Go
// rules, policies/papiNNN for Rego rules, never both.
func TestAllMatchesTree(t *testing.T) {
	var dirs []string
	for _, root := range []string{".", regoRoot} {
		entries, err := os.ReadDir(root)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.IsDir() && regexp.MustCompile(`^papi[0-9]{3}$`).MatchString(e.Name()) {
				dirs = append(dirs, strings.ToUpper(e.Name()))
			}
		}
	}
	for _, a := range rules.All() {
		if got, want := filepath.Dir(ruleDir(a)), map[analysis.Engine]string{analysis.EngineGo: ".", analysis.EngineRego: regoRoot}[a.Engine]; got != want {
			t.Errorf("%s is written in %s but lives in %s", a.ID, a.Engine, got)
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
// Terraform cases are .tf files and directories holding .tf files (a root
// module with its child modules), plus a .tf.json case with a .want
// sidecar; plan fixtures (*tfplan.json) count for neither format.
func TestCasesPerFormat(t *testing.T) {
	wantRe := regexp.MustCompile(`(#|//)\s*want\s`)
	for _, a := range rules.All() {
		dir := filepath.Join(ruleDir(a), "testdata")
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Errorf("%s: %v", a.ID, err)
			continue
		}
		var yamlFire, yamlQuiet, jsonFire, jsonQuiet, tfFire, tfQuiet, tfJSONFire int
		var cdkFire, cdkQuiet int
		for _, e := range entries {
			name := e.Name()
			path := filepath.Join(dir, name)
			switch {
			case e.IsDir():
				if isCDK, fire := cdkCase(path, wantRe); isCDK {
					if fire {
						cdkFire++
					} else {
						cdkQuiet++
					}
					continue
				}
				fire, isTF := false, false
				_ = filepath.WalkDir(path, func(p string, d os.DirEntry, err error) error {
					if err == nil && !d.IsDir() && strings.HasSuffix(p, ".tf") {
						isTF = true
						if b, _ := os.ReadFile(p); wantRe.Match(b) {
							fire = true
						}
					}
					return nil
				})
				if isTF && fire {
					tfFire++
				} else if isTF {
					tfQuiet++
				}
			case strings.HasSuffix(name, ".tf"):
				if b, _ := os.ReadFile(path); wantRe.Match(b) {
					tfFire++
				} else {
					tfQuiet++
				}
			case strings.HasSuffix(name, ".tf.json"):
				if _, err := os.Stat(path + ".want"); err == nil {
					tfJSONFire++
				}
			case strings.HasSuffix(name, "tfplan.json"):
			case filepath.Ext(name) == ".yaml", filepath.Ext(name) == ".yml":
				b, _ := os.ReadFile(path)
				if wantRe.Match(b) {
					yamlFire++
				} else {
					yamlQuiet++
				}
			case filepath.Ext(name) == ".json":
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
		if supports(a, graph.CDK) && (cdkFire == 0 || cdkQuiet == 0) {
			t.Errorf("%s: needs CDK cases (directories holding a synthesized cloud assembly) that fire (%d) and that stay silent (%d)", a.ID, cdkFire, cdkQuiet)
		}
		if supports(a, graph.Terraform) {
			if tfFire == 0 || tfQuiet == 0 {
				t.Errorf("%s: needs Terraform cases that fire (%d) and that stay silent (%d)", a.ID, tfFire, tfQuiet)
			}
			if tfJSONFire == 0 {
				t.Errorf("%s: needs a Terraform JSON (.tf.json) case that fires", a.ID)
			}
		}
	}
}

// cdkCase reports whether a case directory holds a CDK cloud assembly (a
// manifest.json, usually in cdk.out/), and whether it must fire: a .want
// sidecar for a template, or a want comment in the app's source beside it
// (findings point there when the source is in the scan).
func cdkCase(dir string, wantRe *regexp.Regexp) (isCDK, fire bool) {
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		switch {
		case d.Name() == "manifest.json":
			isCDK = true
		case strings.HasSuffix(p, ".want"):
			fire = true
		case filepath.Dir(p) == dir && (strings.HasSuffix(p, ".js") || strings.HasSuffix(p, ".ts") || strings.HasSuffix(p, ".py")):
			if b, _ := os.ReadFile(p); wantRe.Match(b) {
				fire = true
			}
		}
		return nil
	})
	return isCDK, fire
}

// supports reports whether a rule runs on a format.
func supports(a *analysis.Analyzer, f graph.Format) bool {
	if len(a.Formats) == 0 {
		return true
	}
	for _, x := range a.Formats {
		if x == f {
			return true
		}
	}
	return false
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

// regoRoot holds the rules written in Rego, one folder per rule.
const regoRoot = "../policies"

// ruleDir is the folder of a rule: its Go package, or its Rego policy.
func ruleDir(a *analysis.Analyzer) string {
	if a.Engine == analysis.EngineRego {
		return filepath.Join(regoRoot, strings.ToLower(a.ID))
	}
	return strings.ToLower(a.ID)
}

// TestTier1Complete checks the catalogue's Tier 1 against the registry: every
// Tier-1 rule exists, with the catalogue's name. It skips when the shared
// catalogue is not beside the repository.
func TestTier1Complete(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "shared", "RULES.md"))
	if err != nil {
		t.Skipf("RULES.md not available: %v", err)
	}
	text := string(data)
	tierRow := regexp.MustCompile(`(?m)^\| 1 \| [^|]*\| ([^|]*)\|`).FindStringSubmatch(text)
	if tierRow == nil {
		t.Fatal("no Tier 1 row in RULES.md")
	}
	ids := regexp.MustCompile(`PAPI[0-9]{3}`).FindAllString(tierRow[1], -1)
	if len(ids) < 39 {
		t.Fatalf("read only %d Tier-1 IDs from RULES.md", len(ids))
	}
	names, levels := map[string]string{}, map[string]string{}
	for _, m := range regexp.MustCompile("(?m)^\\| \\[(PAPI[0-9]{3})\\]\\([^)]*\\) \\| `([a-z0-9-]+)` \\| ([^|]*)\\|").FindAllStringSubmatch(text, -1) {
		names[m[1]], levels[m[1]] = m[2], m[3]
	}
	for _, id := range ids {
		a := rules.ByID(id)
		if a == nil {
			t.Errorf("Tier-1 rule %s is not implemented", id)
			continue
		}
		if want := names[id]; want != "" && a.Name != want {
			t.Errorf("%s is named %q; the catalogue calls it %q", id, a.Name, want)
		}
		// The default level must be one the catalogue gives the rule.
		if lv := levels[id]; lv == "" || !strings.Contains(lv, a.Severity.String()) {
			t.Errorf("%s has default level %s; the catalogue says %q", id, a.Severity, strings.TrimSpace(lv))
		}
	}
}
