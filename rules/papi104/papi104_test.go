package papi104_test

import (
	"testing"

	"github.com/papilint/papilint/internal/analysis/analysistest"
	"github.com/papilint/papilint/rules/papi104"
)

func Test(t *testing.T) { analysistest.Run(t, "testdata", papi104.Analyzer) }
