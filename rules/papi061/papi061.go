// Package papi061 reports a base path mapping whose stage does not exist, or
// whose stage may not exist yet when the mapping is created.
package papi061

import (
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/model/pattern"
	"github.com/papilint/papilint/rules/internal/domainrule"
)

// Analyzer is PAPI061.
var Analyzer = &analysis.Analyzer{
	ID:       "PAPI061",
	Name:     "mapping-stage-invalid",
	Severity: analysis.Error,
	Engine:   analysis.EngineGo,
	Requires: []*analysis.Analyzer{pattern.Analyzer},
	Run:      run,
	Doc: &analysis.Doc{
		Title:      "Base path mapping names a stage that does not exist, or may not exist yet",
		Summary:    "A base path mapping selects a stage of its API by name. A name written as text must be one of the API's stages, and the stage must exist before the mapping is created: CloudFormation and Terraform order resources only by references and explicit dependencies, so a mapping that names its stage as plain text can be created first.",
		Confidence: "[V]",
		Tier:       1,
		CFN:        "AWS::ApiGateway::BasePathMapping.Stage (and BasePathMappingV2, AWS::ApiGatewayV2::ApiMapping), DependsOn; AWS::ApiGateway::Stage.StageName and AWS::ApiGateway::Deployment.StageName of the same RestApiId; SAM StageName",
		TF:         "aws_api_gateway_base_path_mapping.stage_name, depends_on; aws_api_gateway_stage.stage_name and aws_api_gateway_deployment.stage_name of the same rest_api_id",
		Scope:      "Mappings of private REST APIs and mappings on the custom domains a pattern load balancer serves.",
		Trigger:    "Error: the mapping's Stage is text (not a reference) that names none of the stages the scan creates for its API. Warning: it names one, but the mapping neither refers to nor (through DependsOn, Terraform depends_on, or references, transitively) depends on the resource that creates that stage. With Fn::If, only when every alternative is wrong.",
		Symptom:    "The deployment fails with `Invalid stage identifier specified` when the mapping is created (always for a wrong name; for the ordering race, whenever the mapping happens to be created before its stage).",
		Fix:        "Refer to the stage: `Stage: !Ref MyStage` (Ref returns the stage name; Terraform `stage_name = aws_api_gateway_stage.x.stage_name`), which also orders the resources.",
		Skip:       "APIs that have no stage resource in the scan (stages created elsewhere), stages whose name is not known before deploy, mappings of public APIs outside the pattern, mappings without a stage (PAPI062). For SAM APIs the transform generates the stage (<Api><StageName>Stage; a DependsOn on the API itself does not wait for it) and, unless OpenApiVersion is set, a stage named Stage too. Names from parameter defaults are reported as warnings.",
		Bad: `Mapping:
  Type: AWS::ApiGateway::BasePathMapping
  Properties:
    DomainName: !Ref ApiDomain
    RestApiId: !Ref Api
    Stage: prod          # the API's only stage is v1`,
		Good: `Mapping:
  Type: AWS::ApiGateway::BasePathMapping
  Properties:
    DomainName: !Ref ApiDomain
    RestApiId: !Ref Api
    Stage: !Ref Stage    # the AWS::ApiGateway::Stage; Ref returns its name`,
		Tags: []string{"deployment", "custom-domain", "mapping", "stage"},
		References: []string{
			"https://github.com/aws/serverless-application-model/issues/192",
			"https://github.com/aws/serverless-application-model/issues/2499",
			"https://github.com/aws/serverless-application-model/issues/313",
			"https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-generated-resources-api.html",
			"https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-basepathmapping.html",
		},
	},
}

// stageDef is a stage the scan creates for an API.
type stageDef struct {
	node *graph.Node // the Stage, the Deployment with StageName, or the SAM API
	name *graph.Value
	sam  bool
	// samDeployment: the stage named Stage that SAM's deployment creates
	// (its logical ID carries a hash, so a dependency cannot be checked).
	samDeployment bool
}

func run(pass *analysis.Pass) (any, error) {
	g := pass.Graph
	model := pattern.Of(pass)
	for _, k := range []graph.Kind{graph.BasePathMapping, graph.BasePathMappingV2, graph.APIMapping} {
		for _, m := range g.OfKind(k) {
			apiProp := "RestApiId"
			if k == graph.APIMapping {
				apiProp = "ApiId"
			}
			api := g.Resolve(m.Prop(apiProp))
			if api == nil || api.Kind != graph.RestAPI {
				continue
			}
			dom := model.DomainOf[m.ID]
			if !graph.MayBePrivateAPI(api) && (dom == nil || !model.PatternDomains[dom.ID]) {
				continue
			}
			check(pass, m, api)
		}
	}
	return nil, nil
}

func check(pass *analysis.Pass, m, api *graph.Node) {
	g := pass.Graph
	stage := m.Prop("Stage")
	if stage.IsAbsent() {
		return
	}
	stages := stagesOf(g, api)
	if len(stages) == 0 {
		return
	}
	allKnown := true
	var names []string
	for _, s := range stages {
		n, ok := s.name.String()
		if !ok || s.name.Kind != graph.KindString {
			allKnown = false
			continue
		}
		names = append(names, n)
	}
	sort.Strings(names)
	names = dedupe(names)
	mismatch, race := 0, 0
	var raceStage *stageDef
	for _, b := range stage.Branches() {
		if b == nil || (b.Ref != nil && b.Ref.Node != "") {
			return // a reference: it names and orders the stage
		}
		s, ok := b.String()
		if !ok || b.Kind != graph.KindString {
			return
		}
		var match []*stageDef
		for i := range stages {
			if n, ok := stages[i].name.String(); ok && n == s {
				match = append(match, &stages[i])
			}
		}
		if len(match) == 0 {
			if !allKnown {
				return
			}
			mismatch++
			continue
		}
		ordered := false
		for _, st := range match {
			if st.samDeployment || st.sam && samStageDependency(m, st.node) || !st.sam && dependsOn(g, m, st.node) {
				ordered = true
			}
		}
		if ordered {
			return
		}
		race++
		raceStage = match[0]
	}
	tool := "CloudFormation"
	if m.Format == graph.Terraform {
		tool = "Terraform"
	}
	var msg string
	sev := analysis.Error
	if race == 0 {
		msg = "base path mapping " + analysis.Quote(m.Display()) + " selects stage " + domainrule.Name(stage) + ", but REST API " +
			analysis.Quote(api.Display()) + " has no stage of that name in the scan (its stages: " + strings.Join(names, ", ") +
			"): the deployment fails with \"Invalid stage identifier specified\""
	} else {
		sev = analysis.Warning
		if raceStage.sam {
			msg = "base path mapping " + analysis.Quote(m.Display()) + " names stage " + domainrule.Name(stage) + " of SAM API " + analysis.Quote(raceStage.node.Display()) +
				" as text without depending on the stage the transform generates (" + samLabel(raceStage.node) +
				"; a DependsOn on the API itself does not wait for it): CloudFormation may create the mapping first, and it then fails with \"Invalid stage identifier specified\"; use !Ref " +
				raceStage.node.Name + ".Stage or a DependsOn on that stage"
		} else {
			msg = "base path mapping " + analysis.Quote(m.Display()) + " names stage " + domainrule.Name(stage) + " as text and neither refers to nor depends on " +
				analysis.Quote(raceStage.node.Display()) + ", which creates it: " + tool + " may create the mapping first, and it then fails with \"Invalid stage identifier specified\"; refer to the stage instead"
		}
		if mismatch > 0 {
			msg += " (in another alternative the stage does not exist at all)"
		}
	}
	sev, suffix, related := domainrule.Cap(sev, stage)
	pass.Report(analysis.Diagnostic{
		Range:    analysis.At(m, stage),
		Message:  msg + suffix,
		Severity: sev,
		Resource: m,
		Related:  related,
	})
}

// samStageID is the logical ID SAM gives the stage it generates for an
// API: the API's logical ID, the StageName when it is written out in
// letters and digits, and "Stage"; for a StageName given by an intrinsic
// function, just the API's logical ID and "Stage". A StageName with other
// characters gets a hashed suffix, so only the prefix is known (exact is
// then false).
func samStageID(api *graph.Node) (id string, exact bool) {
	v := api.Prop("x-papilint-stage-name")
	name, ok := v.String()
	if !ok || v.Kind != graph.KindString || v.Param != "" || v.Ref != nil {
		return api.Name + "Stage", true
	}
	for _, r := range name {
		if r >= 128 || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return api.Name + "Stage", false
		}
	}
	return api.Name + name + "Stage", true
}

// samStageDependency reports whether a mapping names the stage SAM generates
// for api in its DependsOn. The loader drops names of generated resources
// from DependsOn, so the template text is read.
func samStageDependency(m, api *graph.Node) bool {
	if !m.Range.IsValid() {
		return true // cannot tell
	}
	id, _ := samStageID(api)
	return strings.Contains(m.Range.Text(), id)
}

// samLabel names the stage SAM generates.
func samLabel(api *graph.Node) string {
	id, exact := samStageID(api)
	if !exact {
		return id + "…"
	}
	return id
}

func dedupe(s []string) []string {
	var out []string
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// stagesOf returns the stages the scan creates for an API: Stage resources,
// Deployments with a StageName, and a SAM API's own stage (and the stage
// named Stage SAM adds when OpenApiVersion is not set).
func stagesOf(g *graph.Graph, api *graph.Node) []stageDef {
	var out []stageDef
	if api.Type == "AWS::Serverless::Api" {
		if v := api.Prop("x-papilint-stage-name"); v != nil {
			out = append(out, stageDef{node: api, name: v, sam: true})
			if api.Prop("OpenApiVersion").IsAbsent() {
				out = append(out, stageDef{node: api, name: graph.NewString("Stage", graph.Derived, api.Header), sam: true, samDeployment: true})
			}
		}
	}
	for _, e := range g.EdgesTo(api.ID) {
		n := g.Node(e.From)
		if n == nil || len(e.Path) != 1 || e.Path[0] != "RestApiId" {
			continue
		}
		switch n.Kind {
		case graph.Stage:
			out = append(out, stageDef{node: n, name: n.Prop("StageName")})
		case graph.Deployment:
			if v := n.Prop("StageName"); !v.IsAbsent() {
				out = append(out, stageDef{node: n, name: v})
			}
		}
	}
	return out
}

// tfDependsOn reads a Terraform resource's depends_on from its source (the
// loader does not keep it): the addresses listed, in HCL or JSON syntax.
var tfDependsOn = regexp.MustCompile(`(?s)"?depends_on"?\s*[=:]\s*\[([^\]]*)\]`)

// explicitDeps returns the nodes a resource explicitly depends on.
func explicitDeps(g *graph.Graph, n *graph.Node) []*graph.Node {
	var out []*graph.Node
	for _, id := range n.DependsOn {
		if d := g.Node(id); d != nil {
			out = append(out, d)
		}
	}
	if n.Format != graph.Terraform || !n.Range.IsValid() {
		return out
	}
	for _, m := range tfDependsOn.FindAllStringSubmatch(n.Range.Text(), -1) {
		for _, item := range strings.Split(m[1], ",") {
			addr := strings.Trim(strings.TrimSpace(item), `"`)
			if addr == "" {
				continue
			}
			for _, c := range g.Nodes() {
				if c.Stack == n.Stack && c.Format == graph.Terraform && (c.Name == addr || strings.HasPrefix(c.Name, addr+"[") || strings.HasSuffix(c.Name, "."+addr) || strings.Contains(c.Name, "."+addr+"[")) {
					out = append(out, c)
				}
			}
		}
	}
	return out
}

// dependsOn reports whether from is created after to: to is reachable
// through references and explicit dependencies.
func dependsOn(g *graph.Graph, from, to *graph.Node) bool {
	seen := map[graph.NodeID]bool{from.ID: true}
	queue := []*graph.Node{from}
	for len(queue) > 0 && len(seen) < 10000 {
		n := queue[0]
		queue = queue[1:]
		next := explicitDeps(g, n)
		for _, e := range g.EdgesFrom(n.ID) {
			if d := g.Node(e.To); d != nil {
				next = append(next, d)
			}
		}
		for _, d := range next {
			if d.ID == to.ID {
				return true
			}
			if !seen[d.ID] {
				seen[d.ID] = true
				queue = append(queue, d)
			}
		}
	}
	return false
}
