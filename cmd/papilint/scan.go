package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/config"
	"github.com/papilint/papilint/internal/driver"
	"github.com/papilint/papilint/internal/live"
	"github.com/papilint/papilint/internal/loader"
	"github.com/papilint/papilint/internal/report"
	"github.com/papilint/papilint/internal/source"
	"github.com/papilint/papilint/internal/suppress"
	"github.com/papilint/papilint/rules"
)

type scanFlags struct {
	format     string
	output     string
	failOn     string
	params     []string
	paramFiles []string
	vars       []string
	varFiles   []string
	root       string
	category   string
	noColor    bool
	config     string
	integ      integrationFlags // integrations.go
	policy     policyFlags      // policy.go
}

func newScanCmd(stdout, stderr io.Writer) *cobra.Command {
	var f scanFlags
	cmd := &cobra.Command{
		Use:   "scan [PATH...]",
		Short: "Scan files and directories (default: the current directory)",
		Long: `scan reads CloudFormation templates (YAML or JSON), Terraform configurations
(.tf, .tf.json) and Terraform plan JSON under the given paths, builds one
resource graph from all of them, and runs every rule on it. Other YAML and
JSON files are skipped quietly.

Exit codes: 0 when nothing is at or above --fail-on, 1 when something is,
2 on a usage error or when an input could not be read or parsed (after
reporting everything else).`,
		Example: `  papilint scan examples/broken
  papilint scan --format sarif --output papilint.sarif .
  papilint scan --param ApiHost=api.example.com templates/
  papilint scan --var-file prod.tfvars --var api_host=api.example.com infra/`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runScan(cmd, args, f, stdout, stderr)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.format, "format", "text", "output format: text, json, sarif, markdown or github")
	fl.StringVarP(&f.output, "output", "o", "", "write the report to this file instead of standard output")
	fl.StringVar(&f.failOn, "fail-on", "error", "exit 1 when a finding is at or above this level: error, warning, note or none")
	fl.StringArrayVar(&f.params, "param", nil, "set a CloudFormation parameter, KEY=VALUE (repeatable)")
	fl.StringArrayVar(&f.paramFiles, "param-file", nil, "read parameters from a JSON file: the 'aws cloudformation deploy' list or {\"Parameters\": {...}} (repeatable)")
	fl.StringArrayVar(&f.vars, "var", nil, "set a Terraform root module variable, NAME=VALUE (repeatable)")
	fl.StringArrayVar(&f.varFiles, "var-file", nil, "read Terraform variable values from a .tfvars or .tfvars.json file (repeatable)")
	fl.StringVar(&f.root, "root", "", "directory that report paths are relative to (default: the git top level, else the working directory)")
	fl.StringVar(&f.category, "sarif-category", "", "write SARIF automationDetails.id as CATEGORY/ (for several uploads per commit)")
	fl.BoolVar(&f.noColor, "no-color", false, "never colour the text output (NO_COLOR is honoured too)")
	fl.StringVar(&f.config, "config", "", "read settings from this file instead of the "+config.FileName+" found by walking up from the first path")
	addIntegrationFlags(fl, &f.integ)
	addPolicyFlags(fl, &f.policy)
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(scanFormats, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("fail-on", cobra.FixedCompletions([]string{"error", "warning", "note", "none"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func usageErr(format string, args ...any) error {
	return &codeError{code: exitError, err: fmt.Errorf(format, args...)}
}

func runScan(cmd *cobra.Command, args []string, f scanFlags, stdout, stderr io.Writer) error {
	if err := checkFormat(f); err != nil {
		return err
	}
	if err := checkVars(f.vars); err != nil {
		return err
	}
	for _, vf := range f.varFiles {
		if st, err := os.Stat(vf); err != nil || st.IsDir() {
			return usageErr("--var-file %s: not a readable file", vf)
		}
	}
	if len(args) == 0 {
		args = []string{"."}
	}
	defer relaxGCWhileSmall()() // gc.go
	rules.Prepare()             // compile the bundled Rego rules while the files load
	custom, err := f.policy.load(f.config, args[0])
	if err != nil {
		return err
	}
	cfg, err := loadConfig(f.config, args[0], custom.known)
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
	params := map[string]string{}
	if cfg != nil {
		for k, v := range cfg.Params {
			params[k] = v
		}
	}
	if err := addParams(params, f.paramFiles, f.params); err != nil {
		return err
	}
	root := f.root
	if root == "" {
		root = defaultRoot()
	}
	lopt := loader.Options{Root: root, Params: params, Vars: f.vars, VarFiles: f.varFiles}
	if cfg != nil {
		absRoot, _ := filepath.Abs(root)
		lopt.Exclude = func(rel string) bool { return cfg.Excluded(absRoot, rel) }
	}
	args, named := f.integ.siblingArgs(args)
	prog := startProgress(stderr)
	lopt.Progress = prog.loaded
	lr, err := loader.Load(args, lopt)
	if err != nil {
		prog.stop()
		return usageErr("%v", err)
	}
	prog.checking(lr.Files, len(lr.Graph.Nodes()))
	all := cfg.Enabled(append(rules.All(), custom.rules()...))
	res := driver.Run(lr.Graph, all, driver.Options{Recover: true})
	prog.stop()
	res.Notifications = append(notifications(lr.Diagnostics), res.Notifications...)
	today := time.Now().UTC()
	suppress.Apply(res, lr.Graph, custom.known, today, cfg.Suppressible)
	if cfg != nil {
		absRoot, _ := filepath.Abs(root)
		cfg.Apply(res, absRoot, today)
	}
	if err := f.integ.finish(res, lr, root, named, stderr); err != nil {
		return err
	}

	meta := report.Meta{Version: toolVersion(), Category: f.category, Files: lr.Files}
	return emit(f, res, lr, all, meta, failOn, stdout)
}

// emit writes the reports of a finished run (to --output or standard
// output, plus every --report) and turns the result into the exit code:
// 2 when an input could not be read, 1 when a finding is at or above
// failOn (0: never), else 0. scan and live end with it.
func emit(f scanFlags, res *driver.Result, lr *loader.Result, all []*analysis.Analyzer, meta report.Meta, failOn analysis.Severity, stdout io.Writer) error {
	var buf bytes.Buffer
	if err := writeReports(&buf, f, res, lr, all, meta, stdout); err != nil {
		return &codeError{code: exitError, err: err}
	}
	if f.output != "" {
		if err := writeFileCreatingDirs(f.output, buf.Bytes()); err != nil {
			return &codeError{code: exitError, err: err}
		}
	} else if _, err := stdout.Write(buf.Bytes()); err != nil {
		return &codeError{code: exitError, err: err}
	}
	for _, n := range res.Notifications {
		if n.Severity == analysis.Error {
			return &codeError{code: exitError}
		}
	}
	if failOn != 0 {
		for _, fd := range res.Active() {
			if fd.Severity >= failOn {
				return &codeError{code: exitFindings}
			}
		}
	}
	return nil
}

// loadConfig reads the --config file, or the .papilint.yaml found by walking
// up from the first scanned path; nil when there is none.
func loadConfig(explicit, firstPath string, known func(string) string) (*config.Config, error) {
	path := explicit
	if path == "" {
		path = config.Find(firstPath)
		if path == "" {
			return nil, nil
		}
	}
	return config.Load(path, known)
}

// ruleID returns the canonical ID of a rule named by ID or kebab name, or "".
func ruleID(s string) string {
	if a := rules.ByID(s); a != nil {
		return a.ID
	}
	// The live-only checks may be configured too (papilint live reads the
	// same configuration file).
	for _, a := range live.Checks(time.Time{}, nil) {
		if strings.EqualFold(a.ID, s) || a.Name == s {
			return a.ID
		}
	}
	return ""
}

// notifications turns loader diagnostics into driver notifications.
func notifications(ds []source.Diagnostic) []driver.Notification {
	var out []driver.Notification
	for _, d := range ds {
		sev, ok := analysis.ParseSeverity(d.Severity)
		if !ok {
			sev = analysis.Error
		}
		out = append(out, driver.Notification{Code: d.Code, Severity: sev, Range: d.Range, File: d.File, Message: d.Message})
	}
	sort.SliceStable(out, func(i, j int) bool {
		return notifFile(out[i]) < notifFile(out[j])
	})
	return out
}

func notifFile(n driver.Notification) string {
	if n.Range.IsValid() {
		return n.Range.File.Rel
	}
	return n.File
}

// addParams adds the --param-file files, then the --param KEY=VALUE pairs
// (which win), to params.
func addParams(params map[string]string, files, pairs []string) error {
	for _, pf := range files {
		if err := readParamFile(pf, params); err != nil {
			return usageErr("%v", err)
		}
	}
	for _, p := range pairs {
		k, v, ok := strings.Cut(p, "=")
		if !ok || k == "" {
			return usageErr("--param wants KEY=VALUE, got %q", p)
		}
		params[k] = v
	}
	return nil
}

// checkVars checks that every --var is NAME=VALUE.
func checkVars(vars []string) error {
	for _, v := range vars {
		if k, _, ok := strings.Cut(v, "="); !ok || k == "" {
			return usageErr("--var wants NAME=VALUE, got %q", v)
		}
	}
	return nil
}

// readParamFile reads parameters in either shape `aws cloudformation`
// tooling uses: a list of {ParameterKey, ParameterValue}, or an object
// {"Parameters": {"Key": "Value"}}.
func readParamFile(path string, into map[string]string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("--param-file: %w", err)
	}
	var list []struct {
		ParameterKey   string
		ParameterValue any
	}
	if err := json.Unmarshal(data, &list); err == nil {
		for _, p := range list {
			if p.ParameterKey == "" {
				return fmt.Errorf("--param-file %s: an entry has no ParameterKey", path)
			}
			into[p.ParameterKey] = paramString(p.ParameterValue)
		}
		return nil
	}
	var obj struct {
		Parameters map[string]any
	}
	if err := json.Unmarshal(data, &obj); err != nil || obj.Parameters == nil {
		return fmt.Errorf("--param-file %s: want a JSON list of {ParameterKey, ParameterValue} or {\"Parameters\": {...}}", path)
	}
	for k, v := range obj.Parameters {
		into[k] = paramString(v)
	}
	return nil
}

func paramString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []any:
		var parts []string
		for _, e := range x {
			parts = append(parts, paramString(e))
		}
		return strings.Join(parts, ",")
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

// defaultRoot is the git top level when inside a work tree, else the
// working directory.
func defaultRoot() string {
	wd, _ := os.Getwd()
	for dir := wd; ; {
		if st, err := os.Stat(filepath.Join(dir, ".git")); err == nil && (st.IsDir() || st.Mode().IsRegular()) {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return wd
		}
		dir = parent
	}
}

// colorWanted reports whether text output may use colour: a terminal, and
// neither NO_COLOR nor --no-color.
func colorWanted(w io.Writer, noColor bool) bool {
	if noColor || os.Getenv("NO_COLOR") != "" {
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// writeFileAtomic writes through a temporary file in the same directory.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".papilint-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}
