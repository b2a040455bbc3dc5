package papi009_test

import (
	"testing"

	"github.com/papilint/papilint/internal/analysis/analysistest"
	"github.com/papilint/papilint/rules/papi009"
)

func Test(t *testing.T) { analysistest.Run(t, "testdata", papi009.Analyzer) }
