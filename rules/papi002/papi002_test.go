package papi002_test

import (
	"testing"

	"github.com/papilint/papilint/internal/analysis/analysistest"
	"github.com/papilint/papilint/rules/papi002"
)

func Test(t *testing.T) { analysistest.Run(t, "testdata", papi002.Analyzer) }
