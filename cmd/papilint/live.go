package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/config"
	"github.com/papilint/papilint/internal/driver"
	"github.com/papilint/papilint/internal/live"
	"github.com/papilint/papilint/internal/loader"
	"github.com/papilint/papilint/internal/report"
	"github.com/papilint/papilint/internal/trace"
	"github.com/papilint/papilint/rules"
)

func init() { moreCommands = append(moreCommands, newLiveCmd) }

type liveFlags struct {
	region, profile, endpointURL string
	format, output, failOn       string
	saveSnapshot                 string
	traceURL, method             string
	config                       string
	noColor                      bool
	timeout                      time.Duration
}

func newLiveCmd(stdout, stderr io.Writer) *cobra.Command {
	var f liveFlags
	cmd := &cobra.Command{
		Use:   "live --region REGION",
		Short: "Diagnose a deployed account, read-only",
		Long: `live reads a deployed AWS account with Describe, Get and List calls only
(the IAM policy it needs is in docs/live.md): the private REST APIs with their
policies, stages and deployments, custom domains and base path mappings, the
execute-api VPC endpoints with their current network interfaces, load
balancers, listeners, target groups with their targets' health, certificates
and the DNS records of the domains. It renders what it read as a
CloudFormation-shaped snapshot (live/<region>.json; --save-snapshot writes it),
runs the same rules as scan on it, and adds the checks only an account can
answer (PAPI201-PAPI203: stale targets, unhealthy targets, certificates).

With --trace URL it runs papilint trace on what it read instead: the request
is followed hop by hop through the deployed resources and the output and
exit codes are trace's (0 success, 1 error response, 2 usage or read
error, 3 unknown); --format is then text or json.

Credentials come from the standard chain (environment, shared files, SSO,
container and instance roles). A service that denies access is reported and
the rest is still checked.

Exit codes: 0 when nothing is at or above --fail-on, 1 when something is,
2 on a usage error or when part of the account could not be read.`,
		Example: `  papilint live --region eu-west-1
  papilint live --region eu-west-1 --profile prod --format sarif -o live.sarif
  papilint live --region eu-west-1 --endpoint-url http://127.0.0.1:5000 --save-snapshot snapshot.json
  papilint live --region eu-west-1 --trace https://api.internal.example.com/orders`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runLive(cmd, f, stdout, stderr)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.region, "region", "", "the region to read (default: AWS_REGION or the profile's region)")
	fl.StringVar(&f.profile, "profile", "", "the shared-config profile to use")
	fl.StringVar(&f.endpointURL, "endpoint-url", "", "send every call to this endpoint (an emulator such as moto)")
	fl.StringVar(&f.format, "format", "text", "output format: text, json, sarif, markdown or github")
	fl.StringVarP(&f.output, "output", "o", "", "write the report to this file instead of standard output")
	fl.StringVar(&f.failOn, "fail-on", "error", "exit 1 when a finding is at or above this level: error, warning, note or none")
	fl.StringVar(&f.saveSnapshot, "save-snapshot", "", "write the snapshot findings point into to this file")
	fl.BoolVar(&f.noColor, "no-color", false, "never colour the text output (NO_COLOR is honoured too)")
	fl.StringVar(&f.config, "config", "", "read rule settings from this file instead of the "+config.FileName+" found by walking up from the working directory")
	fl.StringVar(&f.traceURL, "trace", "", "trace one request to this URL through the deployed resources instead of reporting findings")
	fl.StringVarP(&f.method, "method", "X", "GET", "HTTP method of the --trace request")
	fl.DurationVar(&f.timeout, "timeout", 5*time.Minute, "give up reading the account after this long")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(scanFormats, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// liveRules are the static rules that make sense on a deployed account,
// and the live-only checks.
func liveRules(now time.Time, problems []live.Problem) []*analysis.Analyzer {
	var out []*analysis.Analyzer
	for _, a := range rules.All() {
		if !live.StaticOnly[a.ID] {
			out = append(out, a)
		}
	}
	return append(out, live.Checks(now, problems)...)
}

func runLive(cmd *cobra.Command, f liveFlags, stdout, stderr io.Writer) error {
	if f.traceURL != "" {
		return runLiveTrace(cmd, f, stdout, stderr)
	}
	sf := scanFlags{format: f.format, output: f.output, failOn: f.failOn, noColor: f.noColor}
	if err := checkFormat(sf); err != nil {
		return err
	}
	cfg, err := loadConfig(f.config, ".", ruleID)
	if err != nil {
		return usageErr("%v", err)
	}
	if cfg != nil && cfg.FailOn != "" && !cmd.Flags().Changed("fail-on") {
		f.failOn = cfg.FailOn
	}
	var failOn analysis.Severity
	if f.failOn != "none" {
		s, ok := analysis.ParseSeverity(f.failOn)
		if !ok {
			return usageErr("--fail-on must be error, warning, note or none, not %q", f.failOn)
		}
		failOn = s
	}
	lr, err := readLive(cmd.Context(), f)
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	all := cfg.Enabled(liveRules(now, lr.Inventory.Problems))
	res := driver.Run(lr.Graph, all, driver.Options{Recover: true})
	res.Notifications = append(notifications(lr.Diagnostics), res.Notifications...)
	// Rule settings (enabled, severity) and ignores by rule apply; the
	// snapshot is no file of the repository, so path-scoped ignores match
	// only a path written as live/<region>.json.
	cfg.Apply(res, "", now)
	ldr := &loader.Result{Graph: lr.Graph, Diagnostics: lr.Diagnostics, Files: 1}
	return emit(sf, res, ldr, all, report.Meta{Version: toolVersion(), Files: 1}, failOn, stdout)
}

// readLive reads the account the flags name and writes --save-snapshot. The
// result's Graph is what the rules (and a trace) run on; positions point
// into result.File (live/<region>.json).
func readLive(ctx context.Context, f liveFlags) (*live.Result, error) {
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	clients, err := live.NewClients(ctx, live.Options{Region: f.region, Profile: f.profile, EndpointURL: f.endpointURL})
	if err != nil {
		return nil, usageErr("%v", err)
	}
	lr := live.Read(ctx, clients)
	if f.saveSnapshot != "" {
		if err := writeFileCreatingDirs(f.saveSnapshot, lr.File.Content); err != nil {
			return nil, &codeError{code: exitError, err: fmt.Errorf("--save-snapshot: %w", err)}
		}
	}
	return lr, nil
}

// runLiveTrace is `papilint live --trace URL`: the trace of one request over
// the graph read from the account. A read that failed leaves values the
// trace reports as unknown, and the failure is printed on stderr and turns
// a predicted success into exit code 2.
func runLiveTrace(cmd *cobra.Command, f liveFlags, stdout, stderr io.Writer) error {
	if f.format != "text" && f.format != "json" {
		return usageErr("with --trace, --format must be text or json, not %q", f.format)
	}
	req, err := trace.ParseRequest(f.method, f.traceURL)
	if err != nil {
		return usageErr("--trace: %v", err)
	}
	lr, err := readLive(cmd.Context(), f)
	if err != nil {
		return err
	}
	readFailed := false
	for _, d := range lr.Diagnostics {
		if d.Severity == "error" || d.Severity == "" {
			readFailed = true
			fmt.Fprintln(stderr, "papilint:", d.Error())
		}
	}
	return emitTrace(trace.Run(lr.Graph, req), f.format, f.output, f.noColor, readFailed, stdout)
}
