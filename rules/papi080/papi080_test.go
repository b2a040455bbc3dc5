package papi080_test

import (
	"testing"

	"github.com/papilint/papilint/internal/analysis/analysistest"
	"github.com/papilint/papilint/rules/papi080"
)

func Test(t *testing.T) { analysistest.Run(t, "testdata", papi080.Analyzer) }
