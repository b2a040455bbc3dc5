package main

import (
	"github.com/papilint/papilint/internal/scaffold"
	"github.com/papilint/papilint/internal/scaffold/terraform"
)

// The Terraform flavour of `papilint init --format terraform`.
func init() { scaffold.Register("terraform", terraform.Generate) }
