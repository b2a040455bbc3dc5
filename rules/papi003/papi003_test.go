package papi003_test

import (
	"testing"

	"github.com/papilint/papilint/internal/analysis/analysistest"
	"github.com/papilint/papilint/rules/papi003"
)

func Test(t *testing.T) { analysistest.Run(t, "testdata", papi003.Analyzer) }
