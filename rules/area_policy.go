package rules

import "github.com/papilint/papilint/internal/analysis"

// policyRules are the rules about resource policies: PAPI003-PAPI005, PAPI100, PAPI103.
var policyRules = []*analysis.Analyzer{}
