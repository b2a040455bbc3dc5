package papi001_test

import (
	"testing"

	"github.com/papilint/papilint/internal/analysis/analysistest"
	"github.com/papilint/papilint/rules/papi001"
)

func Test(t *testing.T) { analysistest.Run(t, "testdata", papi001.Analyzer) }
