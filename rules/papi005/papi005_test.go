package papi005_test

import (
	"testing"

	"github.com/papilint/papilint/internal/analysis/analysistest"
	"github.com/papilint/papilint/rules/papi005"
)

func Test(t *testing.T) { analysistest.Run(t, "testdata", papi005.Analyzer) }
