package papi010_test

import (
	"testing"

	"github.com/papilint/papilint/internal/analysis/analysistest"
	"github.com/papilint/papilint/rules/papi010"
)

func Test(t *testing.T) { analysistest.Run(t, "testdata", papi010.Analyzer) }
