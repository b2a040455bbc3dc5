package rules

import (
	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/rules/papi052"
	"github.com/papilint/papilint/rules/papi053"
	"github.com/papilint/papilint/rules/papi059"
	"github.com/papilint/papilint/rules/papi060"
	"github.com/papilint/papilint/rules/papi061"
	"github.com/papilint/papilint/rules/papi065"
	"github.com/papilint/papilint/rules/papi070"
	"github.com/papilint/papilint/rules/papi104"
)

// domainRules are the rules about custom domains, certificates, mappings, DNS.
var domainRules = []*analysis.Analyzer{
	papi052.Analyzer,
	papi053.Analyzer,
	papi059.Analyzer,
	papi060.Analyzer,
	papi061.Analyzer,
	papi065.Analyzer,
	papi070.Analyzer,
	papi104.Analyzer,
}
