package papi103_test

import (
	"testing"

	"github.com/papilint/papilint/internal/analysis/analysistest"
	"github.com/papilint/papilint/rules/papi103"
)

func Test(t *testing.T) { analysistest.Run(t, "testdata", papi103.Analyzer) }
