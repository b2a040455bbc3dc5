// Package policies holds papilint's rules written in Rego, one folder per
// rule (papiNNN/rule.rego with its rule_test.rego and testdata), the shared
// library under lib/papilint, and the JSON schema of the input every policy
// reads (input.schema.json, generated from internal/view).
//
// Nothing here is Go but the embedding: internal/opa compiles the files once
// per process and turns each rule into an analysis.Analyzer.
package policies

import "embed"

// FS holds the library, the rules and their Rego tests. Test data is not
// embedded.
//
//go:embed lib/papilint/*.rego papi*/*.rego
var FS embed.FS

// InputSchema is the JSON schema of the policy input.
//
//go:embed input.schema.json
var InputSchema []byte
