// Package papi080 reports an ALB whose idle timeout is shorter than the
// longest integration timeout of the private API behind it.
package papi080

import (
	"sort"
	"strconv"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/model/pattern"
	"github.com/papilint/papilint/internal/model/timeout"
)

// Analyzer is PAPI080.
var Analyzer = &analysis.Analyzer{
	ID:       "PAPI080",
	Name:     "integration-timeout-exceeds-alb-idle-timeout",
	Severity: analysis.Warning,
	Engine:   analysis.EngineGo,
	Requires: []*analysis.Analyzer{pattern.Analyzer},
	Run:      run,
	Doc: &analysis.Doc{
		Title:      "Load balancer idle timeout is shorter than an integration timeout of the API",
		Summary:    "An Application Load Balancer closes a connection that carries no data for its idle timeout (60 seconds unless idle_timeout.timeout_seconds says otherwise). API Gateway sends nothing until the integration answers, and an integration may wait up to its TimeoutInMillis (29 seconds by default, more after a quota increase). When an integration of an API mapped on the load balancer's custom domain may wait longer than the idle timeout, the load balancer gives up first.",
		Confidence: "[I]",
		Tier:       1,
		CFN:        "AWS::ElasticLoadBalancingV2::LoadBalancer.LoadBalancerAttributes idle_timeout.timeout_seconds; AWS::ApiGateway::Method.Integration.TimeoutInMillis, .Type, .ResponseTransferMode; OpenAPI x-amazon-apigateway-integration.timeoutInMillis",
		TF:         "aws_lb.idle_timeout; aws_api_gateway_integration.timeout_milliseconds, type, response_transfer_mode",
		Scope:      "Application Load Balancers of pattern instances and the REST APIs mapped on the custom domains they serve. Network Load Balancers have no idle timeout of this kind and are skipped.",
		Trigger:    "An integration's TimeoutInMillis (29000 when absent) is greater than the idle timeout (60 when absent) × 1000. MOCK integrations call no backend and are left out. With Fn::If, the shortest integration timeout and the longest idle timeout of the alternatives are compared.",
		Symptom:    "Calls that take longer than the idle timeout end with 504 Gateway Timeout from the load balancer while API Gateway is still waiting for the integration.",
		Fix:        "Set the load balancer's idle timeout above the largest integration timeout (`Key: idle_timeout.timeout_seconds, Value: '120'`; Terraform `idle_timeout = 120`), or shorten the integration timeout.",
		Skip:       "Timeouts that cannot be resolved, and APIs none of whose integrations are visible (a BodyS3Location, methods in another stack). Integrations with ResponseTransferMode STREAM may send bytes before the timeout: when only they exceed the idle timeout the finding is a note.",
		Bad: `Alb:
  Type: AWS::ElasticLoadBalancingV2::LoadBalancer
  Properties:
    Scheme: internal
    LoadBalancerAttributes:
      - {Key: idle_timeout.timeout_seconds, Value: '20'}   # integrations wait up to 29 s
`,
		Good: `Alb:
  Type: AWS::ElasticLoadBalancingV2::LoadBalancer
  Properties:
    Scheme: internal
    LoadBalancerAttributes:
      - {Key: idle_timeout.timeout_seconds, Value: '60'}`,
		Tags: []string{"availability", "timeouts", "alb"},
		References: []string{
			"https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-load-balancer-attributes.html",
			"https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html",
			"https://docs.aws.amazon.com/apigateway/latest/developerguide/response-transfer-mode.html",
		},
	},
}

func run(pass *analysis.Pass) (any, error) {
	g := pass.Graph
	model := pattern.Of(pass)
	seen := map[string]bool{}
	apis := indexMappedAPIs(g, model)
	for _, inst := range model.Instances {
		lb := inst.LoadBalancer
		if !timeout.IsALB(lb) {
			continue
		}
		idle, idleVal, ok := timeout.Idle(lb)
		if !ok {
			continue
		}
		for _, api := range apis.of(inst) {
			key := string(lb.ID) + "|" + string(api.ID)
			if seen[key] {
				continue
			}
			seen[key] = true
			check(pass, lb, api, idle, idleVal)
		}
	}
	return nil, nil
}

func check(pass *analysis.Pass, lb, api *graph.Node, idle int, idleVal *graph.Value) {
	var over []overrun
	for _, in := range timeout.Integrations(pass.Graph, api) {
		if in.Mock {
			continue
		}
		ms, ok := in.Millis()
		if !ok || ms <= idle*1000 {
			continue
		}
		over = append(over, overrun{in, ms})
	}
	if len(over) == 0 {
		return
	}
	sort.SliceStable(over, func(i, j int) bool { return over[i].ms > over[j].ms })
	sev := analysis.Note
	for _, in := range over {
		if !in.Stream {
			sev = analysis.Warning
			break
		}
	}
	worst := over[0]
	for _, in := range over {
		if in.Stream == (sev == analysis.Note) {
			worst = in
			break
		}
	}
	idleText := strconv.Itoa(idle) + " seconds (idle_timeout.timeout_seconds)"
	if idleVal == nil {
		idleText = "60 seconds (the default idle timeout)"
	}
	timeoutText := strconv.Itoa(worst.ms) + " ms (TimeoutInMillis)"
	if worst.Timeout.IsAbsent() {
		timeoutText = "29000 ms (the default TimeoutInMillis)"
	}
	msg := "load balancer " + analysis.Quote(lb.Display()) + " closes a connection that carries no data after " + idleText +
		", but " + worst.Label + " of REST API " + analysis.Quote(api.Display()) + " may wait " + timeoutText +
		": calls that take longer end with 504 Gateway Timeout from the load balancer before API Gateway answers"
	if sev == analysis.Note {
		msg += " (the integration streams its response, which may send bytes earlier)"
	}
	d := analysis.Diagnostic{
		Range:    analysis.At(lb, idleVal),
		Resource: lb,
		Severity: sev,
		Message:  msg,
		Related:  []analysis.Related{{Range: analysis.At(worst.Node, worst.Timeout), Message: "the integration's timeout"}},
	}
	if p := analysis.FromDefault(idleVal, worst.Timeout); p != "" {
		if p == "a default" {
			d.Message += " (a value comes from a default)"
		} else {
			d.Message += " (a value comes from the default of parameter " + p + ")"
		}
		d.Severity = analysis.CapAtWarning(d.Severity)
		d.Related = append(d.Related, analysis.DefaultRelated(idleVal, worst.Timeout)...)
	}
	pass.Report(d)
}

// mappedAPIs finds the REST APIs mapped on an instance's domains, from
// lookups built once per run (searching every API per instance is
// quadratic in large scans).
type mappedAPIs struct {
	pos   map[*graph.Node]int            // graph order of the APIs
	onDom map[graph.NodeID][]*graph.Node // APIs by the domain that maps them
}

func indexMappedAPIs(g *graph.Graph, model *pattern.Result) *mappedAPIs {
	x := &mappedAPIs{pos: map[*graph.Node]int{}, onDom: map[graph.NodeID][]*graph.Node{}}
	for i, api := range g.OfKind(graph.RestAPI) {
		x.pos[api] = i
		for _, m := range model.MappedBy[api.ID] {
			if d := model.DomainOf[m.ID]; d != nil {
				if l := x.onDom[d.ID]; len(l) == 0 || l[len(l)-1] != api {
					x.onDom[d.ID] = append(l, api)
				}
			}
		}
	}
	return x
}

// of returns the REST APIs mapped on the instance's domains, in graph
// order, each once.
func (x *mappedAPIs) of(inst *pattern.Instance) []*graph.Node {
	set := map[*graph.Node]bool{}
	for _, d := range inst.Domains {
		for _, api := range x.onDom[d.ID] {
			set[api] = true
		}
	}
	out := make([]*graph.Node, 0, len(set))
	for api := range set {
		out = append(out, api)
	}
	sort.Slice(out, func(i, j int) bool { return x.pos[out[i]] < x.pos[out[j]] })
	return out
}

// overrun is an integration whose timeout (ms) exceeds the idle timeout.
type overrun struct {
	timeout.Integration
	ms int
}
