package papi061_test

import (
	"testing"

	"github.com/papilint/papilint/internal/analysis/analysistest"
	"github.com/papilint/papilint/rules/papi061"
)

func Test(t *testing.T) { analysistest.Run(t, "testdata", papi061.Analyzer) }
