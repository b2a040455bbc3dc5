// Command papilint lints AWS infrastructure-as-code for the private API
// Gateway pattern: a PRIVATE REST API behind an internal load balancer whose
// targets are the execute-api endpoint's addresses.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
