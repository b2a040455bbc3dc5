package papi111_test

import (
	"testing"

	"github.com/papilint/papilint/internal/analysis/analysistest"
	"github.com/papilint/papilint/rules/papi111"
)

// PAPI111 is off by default; the test runs it enabled, as a configuration
// that turns it on does.
func Test(t *testing.T) {
	on := *papi111.Analyzer
	on.DefaultOff = false
	analysistest.Run(t, "testdata", &on)
}
