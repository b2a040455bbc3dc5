package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/papilint/papilint/internal/docgen"
	"github.com/papilint/papilint/internal/live"
	"github.com/papilint/papilint/internal/loader"
	"github.com/papilint/papilint/rules"
)

func newRulesCmd(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "rules",
		Short: "List every rule with its severity, engine and formats",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tNAME\tSEVERITY\tENGINE\tFORMATS\tTITLE")
			for _, a := range rules.All() {
				fs := a.Formats
				if len(fs) == 0 {
					fs = loader.Formats
				}
				var names []string
				for _, f := range fs {
					names = append(names, string(f))
				}
				formats := strings.Join(names, ",")
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", a.ID, a.Name, a.Severity, a.Engine, formats, a.Doc.Title)
			}
			return tw.Flush()
		},
	}
}

func newExplainCmd(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "explain ID",
		Short: "Explain a rule: why it matters, what users see, how to fix it",
		Args:  cobra.ExactArgs(1),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			var ids []string
			for _, a := range rules.All() {
				ids = append(ids, a.ID+"\t"+a.Doc.Title)
			}
			return ids, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			a := rules.ByID(args[0])
			if a == nil {
				// The live-only checks are not in the static registry.
				for _, c := range live.Checks(time.Now(), nil) {
					if c.ID == args[0] {
						a = c
					}
				}
			}
			if a == nil {
				return &codeError{code: exitError, err: fmt.Errorf("no rule %q; 'papilint rules' lists them", args[0])}
			}
			fmt.Fprint(stdout, docgen.Text(a))
			return nil
		},
	}
}
