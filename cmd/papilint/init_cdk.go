package main

import (
	"github.com/papilint/papilint/internal/scaffold"
	"github.com/papilint/papilint/internal/scaffold/cdkts"
)

// The CDK TypeScript flavour of `papilint init`.
func init() { scaffold.Register("cdk-typescript", cdkts.Generate) }
