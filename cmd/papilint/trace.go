package main

import (
	"bytes"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/papilint/papilint/internal/loader"
	"github.com/papilint/papilint/internal/trace"
)

func init() { moreCommands = append(moreCommands, newTraceCmd) }

// exitUnknown is trace's exit code when the outcome cannot be predicted.
const exitUnknown = 3

type traceFlags struct {
	method     string
	format     string
	params     []string
	paramFiles []string
	vars       []string
	varFiles   []string
	root       string
	noColor    bool
}

// newTraceCmd is `papilint trace URL [PATH...]`.
func newTraceCmd(stdout, stderr io.Writer) *cobra.Command {
	var f traceFlags
	cmd := &cobra.Command{
		Use:   "trace URL [PATH...]",
		Short: "Predict what a request to the private API gets, hop by hop, from the IaC alone",
		Long: `trace loads the given paths like scan does (default: the current directory) and
follows one request through the resources: DNS record, load balancer,
listener (certificate, rules), target group, targets, execute-api endpoint,
custom domain, base path mapping, stage, API, resource and method, resource
policy. Each hop is printed with the resource that decides it, and the trace
ends with the predicted outcome in AWS's words, or "unknown" naming the
value that decides it. It never touches the network.

Exit codes: 0 when the request is predicted to succeed, 1 when it gets an
error response, fails at the client or the stack would not deploy, 2 on a
usage error or an input that could not be read, 3 when the outcome is
unknown.`,
		Example: `  papilint trace https://api.internal.example.com/ examples/conforming
  papilint trace --method POST https://api.example.com/orders/42 infra/
  papilint trace --format json https://api.example.com/v1/items cdk.out`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runTrace(args, f, stdout, stderr)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.method, "method", "X", "GET", "HTTP method of the request")
	fl.StringVar(&f.format, "format", "text", "output format: text or json")
	fl.StringArrayVar(&f.params, "param", nil, "set a CloudFormation parameter, KEY=VALUE (repeatable)")
	fl.StringArrayVar(&f.paramFiles, "param-file", nil, "read parameters from a JSON file (repeatable)")
	fl.StringArrayVar(&f.vars, "var", nil, "set a Terraform root module variable, NAME=VALUE (repeatable)")
	fl.StringArrayVar(&f.varFiles, "var-file", nil, "read Terraform variable values from a .tfvars or .tfvars.json file (repeatable)")
	fl.StringVar(&f.root, "root", "", "directory that paths are relative to (default: the git top level, else the working directory)")
	fl.BoolVar(&f.noColor, "no-color", false, "never colour the text output (NO_COLOR is honoured too)")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"text", "json"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runTrace(args []string, f traceFlags, stdout, stderr io.Writer) error {
	if f.format != "text" && f.format != "json" {
		return usageErr("--format must be text or json, not %q", f.format)
	}
	req, err := trace.ParseRequest(f.method, args[0])
	if err != nil {
		return usageErr("%v", err)
	}
	paths := args[1:]
	if len(paths) == 0 {
		paths = []string{"."}
	}
	params := map[string]string{}
	if err := addParams(params, f.paramFiles, f.params); err != nil {
		return err
	}
	if err := checkVars(f.vars); err != nil {
		return err
	}
	root := f.root
	if root == "" {
		root = defaultRoot()
	}
	lr, err := loader.Load(paths, loader.Options{Root: root, Params: params, Vars: f.vars, VarFiles: f.varFiles})
	if err != nil {
		return usageErr("%v", err)
	}
	failed := false
	for _, d := range lr.Diagnostics {
		if d.Severity == "error" || d.Severity == "" {
			failed = true
			fmt.Fprintln(stderr, "papilint:", d.Error())
		}
	}
	if failed {
		return &codeError{code: exitError, err: fmt.Errorf("an input could not be read; the trace would rest on a partial graph")}
	}
	return emitTrace(trace.Run(lr.Graph, req), f.format, "", f.noColor, false, stdout)
}

// emitTrace writes a trace (text or JSON) to output, or to stdout when
// output is empty, and turns its outcome into trace's exit code: 0
// success, 1 an error response, 3 unknown; a success over a graph that was
// not read completely (readFailed) is 2. trace and live --trace end with it.
func emitTrace(res trace.Result, format, output string, noColor, readFailed bool, stdout io.Writer) error {
	var buf bytes.Buffer
	var err error
	if format == "json" {
		err = trace.WriteJSON(&buf, res)
	} else {
		err = trace.WriteText(&buf, res, colorWanted(stdout, noColor))
	}
	if err != nil {
		return &codeError{code: exitError, err: err}
	}
	if output != "" {
		err = writeFileCreatingDirs(output, buf.Bytes())
	} else {
		_, err = stdout.Write(buf.Bytes())
	}
	if err != nil {
		return &codeError{code: exitError, err: err}
	}
	switch res.Outcome.Kind {
	case trace.Success:
		if readFailed {
			return &codeError{code: exitError}
		}
		return nil
	case trace.Undecided:
		return &codeError{code: exitUnknown}
	}
	return &codeError{code: exitFindings}
}
