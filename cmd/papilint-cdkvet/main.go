// Command papilint-cdkvet runs papilint's cdkvet analyzers over Go CDK apps
// (github.com/aws/aws-cdk-go/awscdk/v2) and reports the private API
// pattern's mistakes at the lines that write them.
//
// As a vet tool, which is how most people run it:
//
//	go install github.com/papilint/papilint/cmd/papilint-cdkvet@latest
//	go vet -vettool=$(which papilint-cdkvet) ./...
//
// Standalone, on package patterns, with the usual analysis flags
// (-json, -c=N for context lines, -papi030=false to turn one analyzer off):
//
//	papilint-cdkvet ./...
//	papilint-cdkvet help papi030
//
// One binary serves both: the x/tools multichecker driver runs the unit
// checker protocol when go vet hands it a .cfg file, and loads packages
// itself otherwise. See docs/cdkvet.md.
package main

import (
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/papilint/papilint/cdkvet"
)

func main() { multichecker.Main(cdkvet.Analyzers()...) }
