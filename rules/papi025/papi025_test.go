package papi025_test

import (
	"testing"

	"github.com/papilint/papilint/internal/analysis/analysistest"
	"github.com/papilint/papilint/rules/papi025"
)

func Test(t *testing.T) { analysistest.Run(t, "testdata", papi025.Analyzer) }
