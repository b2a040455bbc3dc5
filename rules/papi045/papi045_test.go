package papi045_test

import (
	"testing"

	"github.com/papilint/papilint/internal/analysis/analysistest"
	"github.com/papilint/papilint/rules/papi045"
)

func Test(t *testing.T) { analysistest.Run(t, "testdata", papi045.Analyzer) }
