// Package rules lists papilint's rules. The list is explicit: a rule exists
// when it is in All, and a meta-test checks the list against the rules/
// directory.
package rules

import (
	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/rules/papi001"
	"github.com/papilint/papilint/rules/papi002"
	"github.com/papilint/papilint/rules/papi009"
	"github.com/papilint/papilint/rules/papi010"
	"github.com/papilint/papilint/rules/papi030"
)

// All returns every rule, ordered by ID.
func All() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		papi001.Analyzer,
		papi002.Analyzer,
		papi009.Analyzer,
		papi010.Analyzer,
		papi030.Analyzer,
	}
}

// ByID returns the rule with an ID (case-insensitive) or kebab name.
func ByID(id string) *analysis.Analyzer {
	for _, a := range All() {
		if equalFold(a.ID, id) || a.Name == id {
			return a
		}
	}
	return nil
}

func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'a' <= x && x <= 'z' {
			x -= 'a' - 'A'
		}
		if 'a' <= y && y <= 'z' {
			y -= 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
