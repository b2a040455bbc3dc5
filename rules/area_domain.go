package rules

import "github.com/papilint/papilint/internal/analysis"

// domainRules are the rules about custom domains, certificates, mappings, DNS.
var domainRules = []*analysis.Analyzer{}
