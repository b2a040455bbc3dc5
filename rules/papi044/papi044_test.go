package papi044_test

import (
	"testing"

	"github.com/papilint/papilint/internal/analysis/analysistest"
	"github.com/papilint/papilint/rules/papi044"
)

func Test(t *testing.T) { analysistest.Run(t, "testdata", papi044.Analyzer) }
