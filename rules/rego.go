package rules

import (
	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/opa"
)

// bundledRego returns the rules written in Rego (policies/), compiled once
// per process. The policies are tested with the binary, so a compile error
// here is a bug in papilint.
func bundledRego() []*analysis.Analyzer {
	s, err := opa.Bundled()
	if err != nil {
		panic("papilint: the bundled Rego policies do not compile: " + err.Error())
	}
	return s.Analyzers()
}

// Prepare starts compiling the bundled Rego rules in the background, so
// that the compile overlaps with reading and parsing the files to scan;
// All waits for it. Calling it is optional.
func Prepare() {
	go func() { _, _ = opa.Bundled() }()
}
