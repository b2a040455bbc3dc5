package papi052_test

import (
	"testing"

	"github.com/papilint/papilint/internal/analysis/analysistest"
	"github.com/papilint/papilint/rules/papi052"
)

func Test(t *testing.T) { analysistest.Run(t, "testdata", papi052.Analyzer) }
