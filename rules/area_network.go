package rules

import "github.com/papilint/papilint/internal/analysis"

// networkRules are the rules about the endpoint, security groups, load balancer and targets.
var networkRules = []*analysis.Analyzer{}
