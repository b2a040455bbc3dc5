package papi065_test

import (
	"testing"

	"github.com/papilint/papilint/internal/analysis/analysistest"
	"github.com/papilint/papilint/rules/papi065"
)

func Test(t *testing.T) { analysistest.Run(t, "testdata", papi065.Analyzer) }
