// Package rules lists papilint's rules. The list is explicit: a rule exists
// when it is in one of the area lists below (or, for rules written in Rego,
// in policies/), and a meta-test checks the lists against the rules/
// directory.
package rules

import (
	"sort"

	"github.com/papilint/papilint/internal/analysis"
)

// All returns every rule, Go and Rego, ordered by ID.
func All() []*analysis.Analyzer {
	var all []*analysis.Analyzer
	for _, area := range [][]*analysis.Analyzer{coreRules, policyRules, networkRules, domainRules, variantRules} {
		all = append(all, area...)
	}
	all = append(all, regoRules()...)
	sort.Slice(all, func(i, j int) bool { return all[i].ID < all[j].ID })
	return all
}

// regoRules returns the bundled rules written in Rego (rego.go).
var regoRules = bundledRego

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
