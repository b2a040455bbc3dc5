package main

import (
	"github.com/papilint/papilint/internal/scaffold"
	"github.com/papilint/papilint/internal/scaffold/cfn"
)

// The CloudFormation flavour of papilint init.
func init() { scaffold.Register("cloudformation", cfn.Generate) }
