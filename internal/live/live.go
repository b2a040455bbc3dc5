package live

import (
	"context"
	"fmt"
	"strings"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/loader/cfn"
	"github.com/papilint/papilint/internal/source"
)

// Result is a live account as papilint sees it: the snapshot as a source
// file (findings point into it), the graph the CloudFormation loader built
// from it, and the problems met on the way.
type Result struct {
	Inventory   *Inventory
	File        *source.File
	Graph       *graph.Graph
	Diagnostics []source.Diagnostic
}

// SnapshotName is the report path of the snapshot of a region.
func SnapshotName(region string) string { return "live/" + region + ".json" }

// Read discovers the account and builds the graph.
func Read(ctx context.Context, c *Clients) *Result {
	return Build(Discover(ctx, c))
}

// Build renders an inventory and loads the snapshot with the
// CloudFormation loader, exactly as scan loads a template.
func Build(inv *Inventory) *Result {
	name := SnapshotName(inv.Region)
	f := source.NewFile(name, name, Render(inv))
	res := &Result{Inventory: inv, File: f}
	// One diagnostic per failed operation and error code: a denial of
	// GetStages repeats for every API.
	seen := map[string]int{}
	var count []int
	for _, p := range inv.Problems {
		key := p.Service + "." + p.Operation + "." + p.Code
		if i, ok := seen[key]; ok {
			count[i]++
			continue
		}
		seen[key] = len(res.Diagnostics)
		count = append(count, 1)
		res.Diagnostics = append(res.Diagnostics, source.Diagnostic{Code: "papilint-live", Severity: "error", File: name, Message: p.describe()})
	}
	for i, n := range count {
		if n > 1 {
			res.Diagnostics[i].Message += fmt.Sprintf(" (%d calls failed this way)", n)
		}
	}
	root, errs := cfn.Parse(f)
	for _, e := range errs {
		res.Diagnostics = append(res.Diagnostics, source.Diagnostic{Code: "papilint-syntax", Severity: "error", Range: e.Range, File: name, Message: e.Message})
	}
	b := &graph.Builder{}
	if root != nil {
		b.AddFile(f)
		res.Diagnostics = append(res.Diagnostics, cfn.Build(b, []cfn.Input{{File: f, Root: root, Region: inv.Region}}, cfn.Options{})...)
	}
	res.Graph = b.Build()
	return res
}

// affected says what a failed read leaves out.
var affected = map[string]string{
	"apigateway":           "REST APIs, stages, custom domains or mappings",
	"ec2":                  "execute-api endpoints, their network interfaces or security groups",
	"elasticloadbalancing": "load balancers, listeners, target groups or target health",
	"acm":                  "certificates",
	"route53":              "DNS records",
}

func (p Problem) describe() string {
	action := p.Service + ":" + p.Operation
	if p.Service == "apigateway" {
		action = "apigateway:GET (" + p.Operation + ")"
	}
	what := affected[p.Service]
	code := p.Code
	if code == "" {
		code = "error"
	}
	msg := strings.TrimSpace(p.Message)
	if p.Denied {
		return fmt.Sprintf("%s was denied (%s: %s); %s were not read, and the checks that need them were skipped; grant the read-only policy in docs/live.md", action, code, msg, what)
	}
	return fmt.Sprintf("%s failed (%s: %s); %s were not read completely, and the checks that need them may have been skipped", action, code, msg, what)
}
