package papi030_test

import (
	"testing"

	"github.com/papilint/papilint/internal/analysis/analysistest"
	"github.com/papilint/papilint/rules/papi030"
)

func Test(t *testing.T) { analysistest.Run(t, "testdata", papi030.Analyzer) }
