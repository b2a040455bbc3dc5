package papi046_test

import (
	"testing"

	"github.com/papilint/papilint/internal/analysis/analysistest"
	"github.com/papilint/papilint/rules/papi046"
)

func Test(t *testing.T) { analysistest.Run(t, "testdata", papi046.Analyzer) }
