package live

import (
	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/rules"
)

// staticRules are the registered rules live runs.
func staticRules() []*analysis.Analyzer {
	var out []*analysis.Analyzer
	for _, a := range rules.All() {
		if !StaticOnly[a.ID] {
			out = append(out, a)
		}
	}
	return out
}
