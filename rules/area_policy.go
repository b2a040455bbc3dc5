package rules

import (
	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/rules/papi003"
	"github.com/papilint/papilint/rules/papi004"
	"github.com/papilint/papilint/rules/papi005"
	"github.com/papilint/papilint/rules/papi100"
	"github.com/papilint/papilint/rules/papi103"
)

// policyRules are the rules about resource policies: PAPI003-PAPI005, PAPI100, PAPI103.
var policyRules = []*analysis.Analyzer{
	papi003.Analyzer,
	papi004.Analyzer,
	papi005.Analyzer,
	papi100.Analyzer,
	papi103.Analyzer,
}
