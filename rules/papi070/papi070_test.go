package papi070_test

import (
	"testing"

	"github.com/papilint/papilint/internal/analysis/analysistest"
	"github.com/papilint/papilint/rules/papi070"
)

func Test(t *testing.T) { analysistest.Run(t, "testdata", papi070.Analyzer) }
