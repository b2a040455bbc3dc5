// Package papi065 reports listener rule paths and published URLs that put
// the stage name in the path although the base path mapping already selects
// the stage.
package papi065

import (
	"regexp"
	"strings"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/model/pattern"
	"github.com/papilint/papilint/internal/source"
	"github.com/papilint/papilint/rules/internal/domainrule"
)

// Analyzer is PAPI065.
var Analyzer = &analysis.Analyzer{
	ID:       "PAPI065",
	Name:     "stage-name-in-path",
	Severity: analysis.Warning,
	Engine:   analysis.EngineGo,
	Requires: []*analysis.Analyzer{pattern.Analyzer},
	Run:      run,
	Doc: &analysis.Doc{
		Title:      "Path repeats the stage that the base path mapping already selects",
		Summary:    "On a custom domain, a base path mapping that names a stage serves that stage at https://<domain>/<base path>/<resource>: the stage does not appear in the URL. A listener rule that routes /<stage>/… to the endpoint, or a URL published in the stack's outputs that starts with the stage, sends requests for a resource path that begins with the stage name, which the API does not have. (A mapping without a stage is the opposite case: callers must then put the stage in the path, and this rule says nothing.)",
		Confidence: "[V] symptom",
		Tier:       1,
		CFN:        "AWS::ApiGateway::BasePathMapping.BasePath and Stage (ApiGatewayV2::ApiMapping.ApiMappingKey and Stage, SAM Domain.BasePath with StageName); AWS::ElasticLoadBalancingV2::ListenerRule.Conditions (path-pattern: PathPatternConfig.Values, legacy Values; host-header); stack Outputs that build URLs on the domain; AWS::ApiGateway::Resource.PathPart, OpenAPI paths, SAM Api events",
		TF:         "aws_api_gateway_base_path_mapping.base_path and stage_name; aws_lb_listener_rule condition.path_pattern.values (host_header); output values; aws_api_gateway_resource.path_part, OpenAPI body paths",
		Scope:      "Mappings on the custom domains a pattern load balancer serves, the listener rules that forward to the execute-api endpoint's target group, and the outputs of stacks connected to the domain's.",
		Trigger:    "The mapping names stage S (with base path B) and a path pattern or output URL path starts with /B/S/ or equals /B/S (with an empty base path: starts with /S/ or equals /S). With Fn::If, only when every alternative does.",
		Symptom:    "403 `{\"message\":\"Missing Authentication Token\"}` for every request on such a path (API Gateway's answer for a resource that does not exist); with a root /{proxy+} resource the backend instead receives /S/… as its path.",
		Fix:        "Remove the stage segment from the path patterns and URLs (/orders/* rather than /v1/orders/*), or remove Stage from the mapping so callers select the stage in the path.",
		Skip:       "APIs with a top-level resource literally named S (a Resource with that PathPart under the root, an OpenAPI path /S…, a SAM event path), or whose resources cannot all be seen (a body in S3, an unknown PathPart); listener rules with Transforms (they may rewrite the path), or whose host-header condition does not admit the domain; mappings without a stage (PAPI066 covers the reverse mistake); HealthCheckPath (health checks get 403 anyway); paths and names that are not known before deploy.",
		Bad: `Mapping:
  Type: AWS::ApiGateway::BasePathMapping
  Properties: {DomainName: !Ref ApiDomain, RestApiId: !Ref Api, Stage: !Ref Stage}  # Stage v1
OrdersRule:
  Type: AWS::ElasticLoadBalancingV2::ListenerRule
  Properties:
    ListenerArn: !Ref Listener
    Priority: 10
    Conditions: [{Field: path-pattern, PathPatternConfig: {Values: [/v1/orders/*]}}]
    Actions: [{Type: forward, TargetGroupArn: !Ref VpceTargets}]`,
		Good: `OrdersRule:
  Type: AWS::ElasticLoadBalancingV2::ListenerRule
  Properties:
    ListenerArn: !Ref Listener
    Priority: 10
    Conditions: [{Field: path-pattern, PathPatternConfig: {Values: [/orders/*]}}]
    Actions: [{Type: forward, TargetGroupArn: !Ref VpceTargets}]`,
		Tags: []string{"availability", "custom-domain", "mapping", "stage", "routing"},
		References: []string{
			"https://repost.aws/knowledge-center/api-gateway-403-custom-domain",
			"https://docs.aws.amazon.com/apigateway/latest/api/API_CreateBasePathMapping.html",
			"https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-mappings.html",
		},
	},
}

func run(pass *analysis.Pass) (any, error) {
	g := pass.Graph
	model := pattern.Of(pass)
	reported := map[*graph.Value]bool{}
	seenDomain := map[string]bool{}
	for _, inst := range model.Instances {
		var rules []pattern.RulePaths
		for _, r := range inst.Rules {
			rules = append(rules, pattern.ListenerRulePaths(r))
		}
		for _, d := range model.ServedDomains(g, inst) {
			ms := model.MappingsOf(g, d)
			if len(ms) == 0 {
				continue
			}
			for _, rp := range rules {
				if ruleApplies(rp, d) {
					for _, pv := range rp.Paths {
						checkRulePath(pass, d, ms, rp, pv, reported)
					}
				}
			}
			key := string(d.Node.ID)
			if d.SAM {
				key = "sam:" + key
			}
			if !seenDomain[key] {
				seenDomain[key] = true
				for _, u := range model.URLsOn(g, d) {
					checkURL(pass, d, ms, u, reported)
				}
			}
		}
	}
	return nil, nil
}

// ruleApplies reports whether a listener rule may route requests for the
// domain: it does not rewrite them, and its host condition (if any)
// admits the domain's name.
func ruleApplies(rp pattern.RulePaths, d *pattern.CustomDomain) bool {
	if rp.Rewrites || len(rp.Paths) == 0 {
		return false
	}
	if len(rp.Hosts) == 0 && !rp.Unreadable {
		return true
	}
	name, ok := d.Name.String()
	if !ok || d.Name.Kind != graph.KindString {
		return false
	}
	match, known := rp.MatchesHost(name)
	return match && known
}

// route is the stage-selecting mapping a path on the domain goes to, with
// its stage and base path.
type route struct {
	m           pattern.Mapping
	stage, base string
}

// routeOf returns the mapping API Gateway picks for a path: the one with
// the longest base path the path starts with (segment by segment), the
// empty base path last. ok is false when no mapping takes the path, one of
// the base paths is not known, or the mapping it picks names no stage, or
// its API has (or may have) a top-level resource named like the stage.
func routeOf(g *graph.Graph, ms []pattern.Mapping, path string) (route, bool) {
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	best, bestLen := -1, -1
	for i, m := range ms {
		base := ""
		if m.BasePath != nil {
			b, ok := m.BasePath.String()
			if !ok || m.BasePath.Kind != graph.KindString {
				return route{}, false
			}
			base = strings.Trim(b, "/")
			if base == "(none)" {
				base = ""
			}
		}
		n := 0
		if base != "" {
			bs := strings.Split(base, "/")
			if len(bs) > len(segs) {
				continue
			}
			match := true
			for j := range bs {
				if bs[j] != segs[j] {
					match = false
				}
			}
			if !match {
				continue
			}
			n = len(bs)
		}
		if n > bestLen {
			best, bestLen = i, n
		}
	}
	if best < 0 {
		return route{}, false
	}
	m := ms[best]
	stage, base, ok := mappingPath(m)
	if !ok {
		return route{}, false
	}
	if has, known := pattern.TopLevelResource(g, m.API, stage); has || !known {
		return route{}, false
	}
	return route{m: m, stage: stage, base: base}, true
}

// mappingPath returns the stage and base path of a mapping that names a
// stage of an API in the scan, both known.
func mappingPath(m pattern.Mapping) (stage, base string, ok bool) {
	if m.Stage == nil || m.API == nil {
		return "", "", false
	}
	s, ok1 := m.Stage.String()
	if !ok1 || m.Stage.Kind != graph.KindString || s == "" {
		return "", "", false
	}
	if m.BasePath != nil {
		b, ok2 := m.BasePath.String()
		if !ok2 || m.BasePath.Kind != graph.KindString {
			return "", "", false
		}
		base = strings.Trim(b, "/")
		if base == "(none)" {
			base = ""
		}
	}
	return s, base, true
}

// stagePrefix is the path prefix that names the stage.
func stagePrefix(stage, base string) string {
	if base == "" {
		return "/" + stage
	}
	return "/" + base + "/" + stage
}

// startsWithStage reports whether a path starts with the stage segment.
func startsWithStage(path, prefix string, truncated bool) bool {
	if strings.HasPrefix(path, prefix+"/") {
		return true
	}
	return path == prefix && !truncated
}

func checkRulePath(pass *analysis.Pass, d *pattern.CustomDomain, ms []pattern.Mapping, rp pattern.RulePaths, pv *graph.Value, reported map[*graph.Value]bool) {
	if reported[pv] {
		return
	}
	var first route
	for i, b := range pv.Branches() {
		s, ok := b.String()
		if !ok {
			return
		}
		r, ok := routeOf(pass.Graph, ms, s)
		if !ok || !startsWithStage(s, stagePrefix(r.stage, r.base), false) {
			return
		}
		if i == 0 {
			first = r
		}
	}
	reported[pv] = true
	prefix := stagePrefix(first.stage, first.base)
	msg := "listener rule " + analysis.Quote(rp.Rule.Display()) + " routes path " + domainrule.Name(pv) + " to the execute-api endpoint, but " +
		mappingDesc(first.m, d, first.stage, first.base) + ", so the stage must not appear in the path: requests arrive for a resource " + prefix +
		"/… the API does not have and get 403 {\"message\":\"Missing Authentication Token\"} (with a root {proxy+} the backend receives " + prefix + "/…); route " +
		suggestion(firstString(pv), prefix, first.base) + " instead"
	sev, suffix, related := domainrule.Cap(analysis.Warning, pv, first.m.Stage, first.m.BasePath)
	related = append([]analysis.Related{{Range: analysis.At(first.m.Node, first.m.Stage), Message: "the mapping selects the stage here"}}, related...)
	pass.Report(analysis.Diagnostic{
		Range:    analysis.At(rp.Rule, pv),
		Message:  msg + suffix,
		Severity: sev,
		Resource: rp.Rule,
		Related:  related,
	})
}

func checkURL(pass *analysis.Pass, d *pattern.CustomDomain, ms []pattern.Mapping, u pattern.DomainURL, reported map[*graph.Value]bool) {
	if reported[u.Output.Value] {
		return
	}
	r, ok := routeOf(pass.Graph, ms, u.Path)
	if !ok {
		return
	}
	prefix := stagePrefix(r.stage, r.base)
	if !startsWithStage(u.Path, prefix, u.Truncated) {
		return
	}
	reported[u.Output.Value] = true
	msg := "output " + analysis.Quote(u.Output.Name) + " publishes a URL whose path starts with " + prefix + ", but " +
		mappingDesc(r.m, d, r.stage, r.base) + ", so the stage must not appear in the URL: callers following it get 403 {\"message\":\"Missing Authentication Token\"}"
	sev, suffix, related := domainrule.Cap(analysis.Warning, u.Output.Value, r.m.Stage, r.m.BasePath)
	related = append([]analysis.Related{{Range: analysis.At(r.m.Node, r.m.Stage), Message: "the mapping selects the stage here"}}, related...)
	pass.Report(analysis.Diagnostic{
		Range:    outputRange(u.Output),
		Message:  msg + suffix,
		Severity: sev,
		Resource: r.m.Node,
		Related:  related,
	})
}

// outputRange is the range of an output's value: the value's own, or for a
// Terraform output (whose value takes the output block's range) the span of
// the template's parts; else the output.
func outputRange(o *graph.Output) source.Range {
	v := o.Value
	r := v.Range
	if v.Kind == graph.KindConcat && (!r.IsValid() || r == o.Range) {
		var span source.Range
		for _, p := range v.Parts {
			pr := p.Range
			if !pr.IsValid() || pr.File != o.Range.File || pr.Start.Offset < o.Range.Start.Offset {
				continue
			}
			if !span.IsValid() {
				span = pr
				continue
			}
			if pr.Start.Offset < span.Start.Offset {
				span.Start = pr.Start
			}
			if pr.End.Offset > span.End.Offset {
				span.End = pr.End
			}
		}
		if span.IsValid() {
			return span
		}
	}
	if !r.IsValid() {
		return o.Range
	}
	if r == o.Range {
		if vr, ok := valueAttr(o.Range); ok {
			return vr
		}
	}
	return r
}

// tfValue finds the value argument of a Terraform output block: `value =`
// (HCL) or `"value":` (JSON).
var tfValue = regexp.MustCompile(`(?m)^[ \t]*"?value"?[ \t]*[=:][ \t]*`)

// valueAttr returns the range of the value argument of the output block
// whose header is at r, when it is written on one line.
func valueAttr(r source.Range) (source.Range, bool) {
	f := r.File
	rest := f.Content[r.End.Offset:]
	if len(rest) > 2000 {
		rest = rest[:2000]
	}
	m := tfValue.FindIndex(rest)
	if m == nil {
		return source.Range{}, false
	}
	line := rest[m[1]:]
	// The expression runs to the end of the line or a comment outside
	// quotes.
	end, inQuote := len(line), false
scan:
	for i := 0; i < len(line); i++ {
		switch c := line[i]; {
		case c == '\n':
			end = i
			break scan
		case c == '\\' && inQuote:
			i++
		case c == '"':
			inQuote = !inQuote
		case !inQuote && (c == '#' || (c == '/' && i+1 < len(line) && line[i+1] == '/')):
			end = i
			break scan
		}
	}
	expr := strings.TrimRight(strings.TrimSpace(string(line[:end])), ",")
	if expr == "" || strings.HasSuffix(expr, "[") || strings.HasSuffix(expr, "{") || strings.HasSuffix(expr, "(") {
		return source.Range{}, false
	}
	start := int(r.End.Offset) + m[1]
	return f.Range(start, start+len(expr)), true
}

func mappingDesc(m pattern.Mapping, d *pattern.CustomDomain, stage, base string) string {
	what := "base path mapping " + analysis.Quote(m.Node.Display())
	if m.SAM {
		what = "the Domain of " + analysis.Quote(m.Node.Display())
	}
	where := "the root of custom domain " + domainrule.Name(d.Name)
	if base != "" {
		where = "base path /" + base + " of custom domain " + domainrule.Name(d.Name)
	}
	if d.Name.IsAbsent() || !d.Name.IsKnown() {
		where = strings.Replace(where, " "+domainrule.Name(d.Name), " "+analysis.Quote(d.Display()), 1)
	}
	return what + " already selects stage " + stage + " for " + where
}

// suggestion is the path without the stage segment.
func suggestion(path, prefix, base string) string {
	s := strings.Replace(path, prefix, strings.TrimSuffix("/"+base, "/"), 1)
	if s == "" {
		return "/"
	}
	return s
}

func firstString(v *graph.Value) string {
	for _, b := range v.Branches() {
		if s, ok := b.String(); ok {
			return s
		}
	}
	return ""
}
