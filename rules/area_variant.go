package rules

import "github.com/papilint/papilint/internal/analysis"

// variantRules are the rules about VPC links and native private custom domains.
var variantRules = []*analysis.Analyzer{}
