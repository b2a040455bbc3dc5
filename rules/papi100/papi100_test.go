package papi100_test

import (
	"testing"

	"github.com/papilint/papilint/internal/analysis/analysistest"
	"github.com/papilint/papilint/rules/papi100"
)

func Test(t *testing.T) { analysistest.Run(t, "testdata", papi100.Analyzer) }
