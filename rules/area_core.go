package rules

import (
	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/rules/papi001"
	"github.com/papilint/papilint/rules/papi002"
	"github.com/papilint/papilint/rules/papi009"
	"github.com/papilint/papilint/rules/papi010"
	"github.com/papilint/papilint/rules/papi030"
)

// coreRules are the first five rules, which proved the spine.
var coreRules = []*analysis.Analyzer{
	papi001.Analyzer,
	papi002.Analyzer,
	papi009.Analyzer,
	papi010.Analyzer,
	papi030.Analyzer,
}
