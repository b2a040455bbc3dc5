package papi060_test

import (
	"testing"

	"github.com/papilint/papilint/internal/analysis/analysistest"
	"github.com/papilint/papilint/rules/papi060"
)

func Test(t *testing.T) { analysistest.Run(t, "testdata", papi060.Analyzer) }
