package main

import (
	"errors"
	"fmt"
	"io"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// Exit codes, the same for every command.
const (
	exitOK       = 0 // nothing at or above --fail-on
	exitFindings = 1 // findings at or above --fail-on
	exitError    = 2 // usage error, or an input that could not be read or parsed
)

// version is set at build time with -ldflags "-X main.version=v1.2.3";
// otherwise the module version from the build information is used.
var version = ""

func toolVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

// exitError carries an exit code out of a command.
type codeError struct {
	code int
	err  error
}

func (e *codeError) Error() string {
	if e.err == nil {
		return ""
	}
	return e.err.Error()
}

func run(args []string, stdout, stderr io.Writer) int {
	root := newRootCmd(stdout, stderr)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	var ce *codeError
	if errors.As(err, &ce) {
		if ce.err != nil {
			fmt.Fprintln(stderr, "papilint:", ce.err)
		}
		return ce.code
	}
	fmt.Fprintln(stderr, "papilint:", err)
	return exitError
}

// moreCommands holds the constructors of commands that live in their own
// files (init, trace, live); each file appends its constructor from an init
// function, so adding a command does not touch this file.
var moreCommands []func(stdout, stderr io.Writer) *cobra.Command

func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "papilint",
		Short: "Lint AWS infrastructure-as-code for the private API Gateway pattern",
		Long: `papilint checks CloudFormation templates for the mistakes that break a
private API Gateway REST API reached through an internal load balancer and an
execute-api VPC endpoint: 403 Forbidden, "explicit deny", red health checks,
or an API that is quietly reachable from the internet.

scan reads files only; it never touches the network.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &codeError{code: exitError, err: fmt.Errorf("%w\nrun '%s --help' for usage", err, c.CommandPath())}
	})
	root.AddCommand(newScanCmd(stdout, stderr), newGraphCmd(stdout, stderr), newRulesCmd(stdout), newExplainCmd(stdout), newVersionCmd(stdout), newTestCmd(stdout), newInputCmd(stdout))
	for _, mk := range moreCommands {
		root.AddCommand(mk(stdout, stderr))
	}
	return root
}

func newVersionCmd(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print papilint's version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintln(stdout, "papilint", toolVersion())
			return nil
		},
	}
}
