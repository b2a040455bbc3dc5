package opa

import "testing"

// BenchmarkCompileBundled is the start-up cost of the bundled rules:
// parsing and compiling every policy and preparing the queries.
func BenchmarkCompileBundled(b *testing.B) {
	srcs, err := bundledSources(false)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := build("bundled", srcs, false, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
