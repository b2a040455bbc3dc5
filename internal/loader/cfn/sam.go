package cfn

import (
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/loader/cfn/syntax"
)

// expandServerlessAPI maps the properties of an AWS::Serverless::Api onto
// the RestApi vocabulary the rules read. It is filled in by the SAM work.
func expandServerlessAPI(t *template, n *graph.Node, decl *syntax.Node) {}
