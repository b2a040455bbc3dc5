package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"gopkg.in/yaml.v3"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/config"
	"github.com/papilint/papilint/internal/loader"
	"github.com/papilint/papilint/internal/model/pattern"
	"github.com/papilint/papilint/internal/opa"
)

// Custom Rego policies: scan --policy DIR (and the policy: list of the
// config file) adds a team's own rules, and `papilint test` runs their
// tests. See internal/opa and the README's "Custom rules in Rego".

// defaultPolicyTimeLimit is the evaluation time one scan may spend in the
// custom policies together.
const defaultPolicyTimeLimit = 10 * time.Second

type policyFlags struct {
	dirs      []string
	timeLimit time.Duration
}

func addPolicyFlags(fl *pflag.FlagSet, f *policyFlags) {
	fl.StringArrayVar(&f.dirs, "policy", nil, "add the custom Rego rules in this folder or .rego file (repeatable; also the policy: list of "+config.FileName+")")
	fl.DurationVar(&f.timeLimit, "policy-time-limit", defaultPolicyTimeLimit, "evaluation time one scan may spend in the custom policies together; a policy that runs out is reported and the scan goes on")
}

// customRules are the custom policies of one run.
type customRules struct {
	set *opa.Set // nil when there are none
}

// rules returns the custom rules.
func (c *customRules) rules() []*analysis.Analyzer {
	if c == nil || c.set == nil {
		return nil
	}
	return c.set.Analyzers()
}

// known returns the canonical ID of a rule, bundled or custom, named by ID
// or kebab name; "" when there is none. Config entries and suppressions
// use it.
func (c *customRules) known(s string) string {
	if id := ruleID(s); id != "" {
		return id
	}
	for _, a := range c.rules() {
		if strings.EqualFold(a.ID, s) || a.Name == s {
			return a.ID
		}
	}
	return ""
}

// load compiles the custom policies named by --policy and by the policy:
// list of the config file scan will read (explicit, or found from
// firstPath); folders in the config file are relative to it. A broken
// policy is a usage error that names its file, line and column.
func (f policyFlags) load(explicitConfig, firstPath string) (*customRules, error) {
	switch {
	case f.timeLimit < 0:
		return nil, usageErr("--policy-time-limit must be positive, not %s", f.timeLimit)
	case f.timeLimit == 0: // commands without the flag (graph)
		f.timeLimit = defaultPolicyTimeLimit
	}
	dirs := append([]string(nil), f.dirs...)
	dirs = append(dirs, configPolicies(explicitConfig, firstPath)...)
	if len(dirs) == 0 {
		return &customRules{}, nil
	}
	set, err := opa.Custom(dirs, opa.Options{Budget: f.timeLimit})
	if err != nil {
		return nil, usageErr("%v", err)
	}
	return &customRules{set: set}, nil
}

// configPolicies reads the policy: list of the config file, resolved
// against the file's folder. The file itself is checked later, strictly,
// by loadConfig; here a file that does not parse yields nothing.
func configPolicies(explicit, firstPath string) []string {
	path := explicit
	if path == "" {
		path = config.Find(firstPath)
	}
	if path == "" {
		return nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var c struct {
		Policy []string `yaml:"policy"`
	}
	if yaml.Unmarshal(data, &c) != nil {
		return nil
	}
	var out []string
	for _, p := range c.Policy {
		if !filepath.IsAbs(p) {
			p = filepath.Join(filepath.Dir(path), p)
		}
		out = append(out, p)
	}
	return out
}

// newTestCmd is `papilint test`: run custom policies' Rego tests.
func newTestCmd(stdout io.Writer) *cobra.Command {
	var verbose bool
	var cfgPath string
	cmd := &cobra.Command{
		Use:   "test [DIR...]",
		Short: "Run the tests (_test.rego) of custom Rego policies",
		Long: `test checks the custom policies in each folder the way scan does (package,
METADATA, type checking against the input schema, the sandbox) and runs every
test_ rule of their _test.rego files with OPA's test runner. papilint's
library (data.papilint.lib) and test helpers (data.papilint.testing) are
available to them. Without arguments it tests the folders listed under policy:
in ` + config.FileName + `.

Exit codes: 0 when every test passes, 1 when a test fails, 2 when a policy does
not compile (file, line and column are shown) or no test was found.`,
		Example: `  papilint test policies/
  papilint test -v policies/acme`,
		RunE: func(cmd *cobra.Command, args []string) error {
			dirs := args
			if len(dirs) == 0 {
				dirs = configPolicies(cfgPath, ".")
				if len(dirs) == 0 {
					return usageErr("name a folder of policies, or list them under policy: in %s", config.FileName)
				}
			}
			return runPolicyTests(cmd.Context(), dirs, verbose, stdout)
		},
	}
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "list every test, not only the failures")
	cmd.Flags().StringVar(&cfgPath, "config", "", "read the policy: list from this file instead of the "+config.FileName+" found from the working directory")
	return cmd
}

func runPolicyTests(ctx context.Context, dirs []string, verbose bool, w io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	results, err := opa.TestCustom(ctx, dirs)
	if err != nil {
		return usageErr("%v", err)
	}
	pass, fail, skip := 0, 0, 0
	for _, r := range results {
		status := "PASS"
		switch {
		case r.Skip:
			status = "SKIP"
			skip++
		case r.Err != nil:
			status = "ERROR"
			fail++
		case !r.Pass:
			status = "FAIL"
			fail++
		default:
			pass++
		}
		if status == "PASS" && !verbose {
			continue
		}
		fmt.Fprintf(w, "%s: %s:%d: %s.%s (%s)\n", status, r.File, r.Line, r.Package, r.Name, r.Elapsed.Round(time.Microsecond))
		if r.Err != nil {
			fmt.Fprintf(w, "  %v\n", r.Err)
		}
		if out := strings.TrimRight(r.Output, "\n"); out != "" && status != "PASS" {
			for _, l := range strings.Split(out, "\n") {
				fmt.Fprintf(w, "  | %s\n", l)
			}
		}
	}
	total := pass + fail + skip
	fmt.Fprintf(w, "PASS: %d/%d", pass, total)
	if fail > 0 {
		fmt.Fprintf(w, ", FAIL: %d", fail)
	}
	if skip > 0 {
		fmt.Fprintf(w, ", SKIP: %d", skip)
	}
	fmt.Fprintln(w)
	if total == 0 {
		return usageErr("no test_ rule found in %s", strings.Join(dirs, ", "))
	}
	if fail > 0 {
		return &codeError{code: exitFindings}
	}
	return nil
}

// newInputCmd is `papilint input`: print the document policies read as
// input for the given files, to write and debug custom policies.
func newInputCmd(stdout io.Writer) *cobra.Command {
	var f scanFlags
	cmd := &cobra.Command{
		Use:   "input [PATH...]",
		Short: "Print the JSON input Rego policies receive for these files",
		Long: `input loads the paths the way scan does and prints the document every Rego
policy reads as input: the resources with their properties, the stack
outputs, and the pattern's scope. Its shape is described by
policies/input.schema.json and docs/rego.md.`,
		Example: `  papilint input examples/conforming > input.json
  opa eval -I -d my-policy.rego 'data.papilint.custom' < input.json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				args = []string{"."}
			}
			root := f.root
			if root == "" {
				root = defaultRoot()
			}
			lr, err := loader.Load(args, loader.Options{Root: root, Vars: f.vars, VarFiles: f.varFiles, Params: paramMap(f.params)})
			if err != nil {
				return usageErr("%v", err)
			}
			for _, d := range lr.Diagnostics {
				if d.Severity == "error" {
					fmt.Fprintln(cmd.ErrOrStderr(), "papilint:", d.Error())
				}
			}
			out, err := opa.Dump(lr.Graph, pattern.Detect(lr.Graph))
			if err != nil {
				return &codeError{code: exitError, err: err}
			}
			_, err = stdout.Write(out)
			return err
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&f.params, "param", nil, "set a CloudFormation parameter, KEY=VALUE (repeatable)")
	fl.StringArrayVar(&f.vars, "var", nil, "set a Terraform root module variable, NAME=VALUE (repeatable)")
	fl.StringArrayVar(&f.varFiles, "var-file", nil, "read Terraform variable values from a .tfvars or .tfvars.json file (repeatable)")
	fl.StringVar(&f.root, "root", "", "directory that paths are relative to (default: the git top level, else the working directory)")
	return cmd
}

func paramMap(kvs []string) map[string]string {
	out := map[string]string{}
	for _, kv := range kvs {
		if k, v, ok := strings.Cut(kv, "="); ok && k != "" {
			out[k] = v
		}
	}
	return out
}
