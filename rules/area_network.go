package rules

import (
	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/rules/papi025"
	"github.com/papilint/papilint/rules/papi044"
	"github.com/papilint/papilint/rules/papi045"
	"github.com/papilint/papilint/rules/papi046"
	"github.com/papilint/papilint/rules/papi080"
	"github.com/papilint/papilint/rules/papi111"
)

// networkRules are the rules about the endpoint, security groups, load balancer and targets
// (with the load balancer's idle timeout, PAPI080, and the advice to drop it, PAPI111).
var networkRules = []*analysis.Analyzer{
	papi025.Analyzer,
	papi044.Analyzer,
	papi045.Analyzer,
	papi046.Analyzer,
	papi080.Analyzer,
	papi111.Analyzer,
}
