package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/papilint/papilint/internal/scaffold"
)

func init() { moreCommands = append(moreCommands, newInitCmd) }

func newInitCmd(stdout, stderr io.Writer) *cobra.Command {
	var o scaffold.Options
	var force bool
	cmd := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Write a complete, deployable reference stack of the private API pattern",
		Long: `init writes into DIR (default: the current directory, created when missing) a
stack with every part of the pattern: an execute-api interface endpoint, a
PRIVATE REST API that only that endpoint may call, an example method and
stage, a certificate, a REGIONAL custom domain mapped to the stage, an
internal ALB whose IP targets are the endpoint's addresses, and the DNS
record; plus a README.md with the deploy steps and a curl test. papilint
scan reports nothing on it.

Either --vpc-cidr (a new VPC, the default 10.0.0.0/16) or --vpc-id with
--subnet-ids (an existing VPC); either --hosted-zone-id (a new certificate,
validated through DNS; without it the zone is asked for at deploy time) or
--certificate-arn (an existing certificate).

init never overwrites a file unless --force is given, and writes only
inside DIR. Without --name the name is DIR's base name when that is a valid
name, else papi-demo.`,
		Example: `  papilint init demo
  papilint init infra --format terraform --domain api.internal.example.com --hosted-zone-id Z0123456789ABCDEFGHIJ
  papilint init app --format cdk-typescript --vpc-id vpc-0123456789abcdef0 --subnet-ids subnet-0123456789abcdef0,subnet-0fedcba9876543210`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			for i, s := range o.SubnetIDs {
				o.SubnetIDs[i] = strings.TrimSpace(s)
			}
			if !cmd.Flags().Changed("name") {
				o.Name = nameFromDir(dir)
			}
			return runInit(dir, o, force, stdout)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.Format, "format", scaffold.Formats[0], "what to write: "+strings.Join(scaffold.Formats, ", "))
	fl.StringVar(&o.Name, "name", "", "prefix of every resource name: lower-case letters, digits and hyphens, at most 24 (default: DIR's name, else papi-demo)")
	fl.StringVar(&o.Domain, "domain", "", "the name clients dial (default api.internal.example.com)")
	fl.StringVar(&o.Region, "region", "", "AWS region of the stack (default us-east-1)")
	fl.StringVar(&o.Stage, "stage", "", "API stage the custom domain maps (default prod)")
	fl.IntVar(&o.AZCount, "az-count", 0, "availability zones, 2 or 3 (default 2; with --subnet-ids, their number)")
	fl.StringVar(&o.VPCCIDR, "vpc-cidr", "", "create a new VPC with this IPv4 range, /16 to /24 (default 10.0.0.0/16)")
	fl.StringVar(&o.VPCID, "vpc-id", "", "use this existing VPC instead (needs --subnet-ids)")
	fl.StringSliceVar(&o.SubnetIDs, "subnet-ids", nil, "2 or 3 private subnets of --vpc-id in distinct availability zones, comma-separated")
	fl.StringVar(&o.HostedZoneID, "hosted-zone-id", "", "Route 53 zone for the domain's record and the certificate's validation (default: a deploy-time input)")
	fl.StringVar(&o.CertificateARN, "certificate-arn", "", "use this ACM certificate for the domain instead of creating one")
	fl.BoolVar(&force, "force", false, "overwrite files that already exist")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(scaffold.Formats, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("az-count", cobra.FixedCompletions([]string{"2", "3"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// nameFromDir returns DIR's base name when it is a valid --name, else ""
// (which Validate turns into the default).
func nameFromDir(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	base := filepath.Base(abs)
	// Every other option at its default is valid, so an error here can
	// only be about the name.
	probe := scaffold.Options{Name: base}
	if probe.Validate() != nil {
		return ""
	}
	return base
}

func runInit(dir string, o scaffold.Options, force bool, stdout io.Writer) error {
	if err := o.Validate(); err != nil {
		return usageErr("%v", err)
	}
	gen, err := scaffold.Lookup(o.Format)
	if err != nil {
		return usageErr("%v", err)
	}
	files, err := gen(o)
	if err != nil {
		return usageErr("%v", err)
	}
	written, err := scaffold.Write(dir, files, force)
	if err != nil {
		var ee *scaffold.ExistsError
		if errors.As(err, &ee) {
			return usageErr("%v", err)
		}
		return usageErr("writing %s: %v", dir, err)
	}
	fmt.Fprintf(stdout, "Wrote a %s stack %q for https://%s/ (%s, %d availability zones):\n", o.Format, o.Name, o.Domain, o.Region, o.AZCount)
	for _, w := range written {
		fmt.Fprintf(stdout, "  %s\n", w)
	}
	fmt.Fprintln(stdout, "\nNext steps:")
	if dir != "." {
		fmt.Fprintf(stdout, "  cd %s\n", dir)
	}
	fmt.Fprintln(stdout, "  papilint scan .          # nothing to report")
	fmt.Fprintln(stdout, "  then follow README.md: deploy, and test with curl from inside the VPC")
	return nil
}
