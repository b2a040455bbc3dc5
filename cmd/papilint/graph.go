package main

import (
	"errors"
	"io"

	"github.com/spf13/cobra"

	"github.com/papilint/papilint/internal/config"
)

// newGraphCmd is `papilint graph`: the request paths of the detected pattern
// instances, without the findings list. It runs the same scan as `scan`
// (same inputs, configuration and suppressions), so the broken hops it marks
// are the ones the report shows.
func newGraphCmd(stdout, stderr io.Writer) *cobra.Command {
	f := scanFlags{format: "mermaid", failOn: "none"}
	f.integ.graph = true
	cmd := &cobra.Command{
		Use:   "graph [PATH...]",
		Short: "Print the request paths of the private API pattern instances found (Mermaid, DOT or JSON)",
		Long: `graph scans like scan does and prints, for each instance of the private API
pattern it finds, the path a request takes:

  client → DNS record → load balancer → listener → target group →
  execute-api VPC endpoint → custom domain → base path mapping → API → stage

Each hop is named by its resource. Hops with findings are marked with their
rule IDs; hops the scan does not contain are drawn dashed.

Exit codes: 0, whatever the findings; 2 on a usage error or when an input
could not be read or parsed.`,
		Example: `  papilint graph examples/broken
  papilint graph --format dot examples/broken | dot -Tsvg > paths.svg
  papilint graph --format json infra/`,
		RunE: func(cmd *cobra.Command, args []string) error {
			err := runScan(cmd, args, f, stdout, stderr)
			var ce *codeError
			if errors.As(err, &ce) && ce.code == exitFindings {
				return nil // findings are marked in the graph, not an error here
			}
			return err
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.format, "format", "mermaid", "output format: mermaid, dot or json")
	fl.StringVarP(&f.output, "output", "o", "", "write the graph to this file instead of standard output")
	fl.StringArrayVar(&f.params, "param", nil, "set a CloudFormation parameter, KEY=VALUE (repeatable)")
	fl.StringArrayVar(&f.paramFiles, "param-file", nil, "read parameters from a JSON file (repeatable)")
	fl.StringArrayVar(&f.vars, "var", nil, "set a Terraform root module variable, NAME=VALUE (repeatable)")
	fl.StringArrayVar(&f.varFiles, "var-file", nil, "read Terraform variable values from a .tfvars or .tfvars.json file (repeatable)")
	fl.StringVar(&f.root, "root", "", "directory that paths are relative to (default: the git top level, else the working directory)")
	fl.StringVar(&f.config, "config", "", "read settings from this file instead of the "+config.FileName+" found by walking up from the first path")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(graphFormats, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}
