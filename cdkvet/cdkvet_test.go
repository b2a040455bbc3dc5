package cdkvet_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/papilint/papilint/cdkvet"
	"github.com/papilint/papilint/internal/docgen"
)

// TestSuite checks what every analyzer promises: a valid analyzer set, a name
// that is the rule ID in lower case, a doc that starts with the rule ID, and
// the URL of a rule page that exists in docs/rules.
func TestSuite(t *testing.T) {
	as := cdkvet.Analyzers()
	if err := analysis.Validate(as); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, a := range as {
		id := strings.ToUpper(a.Name)
		if seen[id] {
			t.Errorf("%s: listed twice", id)
		}
		seen[id] = true
		if !strings.HasPrefix(id, "PAPI") || len(id) != 7 {
			t.Errorf("%s: name is not a rule ID", a.Name)
		}
		if !strings.HasPrefix(a.Doc, id+" ") {
			t.Errorf("%s: doc does not start with the rule ID: %q", a.Name, a.Doc)
		}
		if want := docgen.HelpURI(id); a.URL != want {
			t.Errorf("%s: URL %q, want %q", a.Name, a.URL, want)
		}
		page := filepath.Join("..", "docs", "rules", id+".md")
		if _, err := os.Stat(page); err != nil {
			t.Errorf("%s: no rule page: %v", a.Name, err)
		}
		if len(a.Requires) == 0 {
			t.Errorf("%s: does not require the index", a.Name)
		}
	}
}

// TestDocsListEveryAnalyzer keeps docs/cdkvet.md in step with the suite.
func TestDocsListEveryAnalyzer(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "docs", "cdkvet.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range cdkvet.Analyzers() {
		if id := strings.ToUpper(a.Name); !strings.Contains(string(data), "["+id+"]") {
			t.Errorf("docs/cdkvet.md does not list %s as a link", id)
		}
	}
}
