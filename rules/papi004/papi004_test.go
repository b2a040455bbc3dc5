package papi004_test

import (
	"testing"

	"github.com/papilint/papilint/internal/analysis/analysistest"
	"github.com/papilint/papilint/rules/papi004"
)

func Test(t *testing.T) { analysistest.Run(t, "testdata", papi004.Analyzer) }
