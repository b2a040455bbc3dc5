// Package cdkvet is papilint's go/analysis suite for Go CDK apps
// (github.com/aws/aws-cdk-go/awscdk/v2). Each analyzer mirrors one papilint
// rule and reports the mistake where it is written in the Go source, so it
// shows in go vet, gopls and golangci-lint before anything is synthesized:
//
//	PAPI001 rest-api-not-private          (papi001)
//	PAPI010 execute-api-endpoint-enabled  (papi010)
//	PAPI030 alb-internet-facing           (papi030)
//	PAPI040 tg-not-ip-type                (papi040)
//	PAPI041 tg-not-https-443              (papi041)
//	PAPI043 tg-health-check-matcher-excludes-403 (papi043)
//	PAPI058 domain-legacy-tls-policy      (papi058)
//
// The analyzers recognise the aws-cdk-go constructors, props structs, enum
// constants and jsii helpers by type identity, judge only values written as
// constants or jsii literals in the same function, and say nothing about
// values that come from variables or function calls. A diagnostic's Category
// is the rule ID and its URL the rule's documentation page; the message
// starts with the ID and ends with the URL. See docs/cdkvet.md.
package cdkvet

import (
	"golang.org/x/tools/go/analysis"

	"github.com/papilint/papilint/cdkvet/papi001"
	"github.com/papilint/papilint/cdkvet/papi010"
	"github.com/papilint/papilint/cdkvet/papi030"
	"github.com/papilint/papilint/cdkvet/papi040"
	"github.com/papilint/papilint/cdkvet/papi041"
	"github.com/papilint/papilint/cdkvet/papi043"
	"github.com/papilint/papilint/cdkvet/papi058"
)

// Analyzers returns the suite, in rule order. The slice is new on every call;
// the analyzers are shared.
func Analyzers() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		papi001.Analyzer,
		papi010.Analyzer,
		papi030.Analyzer,
		papi040.Analyzer,
		papi041.Analyzer,
		papi043.Analyzer,
		papi058.Analyzer,
	}
}
