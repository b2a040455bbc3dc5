package papi059_test

import (
	"testing"

	"github.com/papilint/papilint/internal/analysis/analysistest"
	"github.com/papilint/papilint/rules/papi059"
)

func Test(t *testing.T) { analysistest.Run(t, "testdata", papi059.Analyzer) }
