package papi053_test

import (
	"testing"

	"github.com/papilint/papilint/internal/analysis/analysistest"
	"github.com/papilint/papilint/rules/papi053"
)

func Test(t *testing.T) { analysistest.Run(t, "testdata", papi053.Analyzer) }
