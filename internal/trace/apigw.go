package trace

import (
	"regexp"
	"sort"
	"strings"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/iam"
	"github.com/papilint/papilint/internal/model/pattern"
	"github.com/papilint/papilint/internal/model/timeout"
	"github.com/papilint/papilint/internal/requestpath"
	"github.com/papilint/papilint/internal/source"
)

// The part of the trace inside API Gateway: the custom domain the Host
// selects, its base path mapping, the stage, the API, the route and the
// resource policy.

var defaultHost = regexp.MustCompile(`^([a-z0-9]+)\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$`)

func isDefaultEndpoint(host string) bool { return defaultHost.MatchString(host) }

// segments splits a URL path into its non-empty segments.
func segments(path string) []string {
	var out []string
	for _, s := range strings.Split(path, "/") {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// apiGateway traces the request from the endpoint on (ep nil when the
// endpoint is not known).
func (t *tracer) apiGateway(ep *graph.Node, inst *pattern.Instance) {
	host := t.req.Host
	var found *pattern.CustomDomain
	var unsure *pattern.CustomDomain
	for _, d := range pattern.PublicDomains(t.g) {
		m, known := nameMatch(d.Name, host, false)
		if m {
			found = d
			break
		}
		if !known && unsure == nil && (inst == nil || t.m.Connected(d.Node.Stack, inst.LoadBalancer.Stack)) {
			unsure = d
		}
	}
	switch {
	case found == nil && unsure != nil:
		t.unknown(requestpath.CustomDomain, unsure.Node, at(unsure.Node, unsure.Name), "whether custom domain %s is named %s depends on %s", unsure.Display(), host, describe(unsure.Name))
		return
	case found == nil:
		t.fail(requestpath.CustomDomain, nil, source.Range{}, forbidden("API Gateway finds no custom domain named "+host+" (none in the scan has that name)"),
			"the Host header is %s, and no custom domain in the scan has that name", host)
		return
	}
	d := found
	t.ok(requestpath.CustomDomain, d.Node, at(d.Node, d.Name), "custom domain %s is named %s%s", d.Display(), host, fromDefault(d.Name))
	t.mapping(ep, d, segments(t.req.Path))
}

// mapping selects the base path mapping for the path.
func (t *tracer) mapping(ep *graph.Node, d *pattern.CustomDomain, segs []string) {
	maps := t.m.MappingsOf(t.g, d)
	if len(maps) == 0 {
		t.fail(requestpath.Mapping, d.Node, d.Header(), forbidden("custom domain "+d.Display()+" has no base path mapping"),
			"custom domain %s has no base path mapping", d.Display())
		return
	}
	var root *pattern.Mapping
	var best *pattern.Mapping
	bestLen := 0
	for i := range maps {
		mp := &maps[i]
		bp := mp.BasePath
		s, ok := bp.String()
		if bp != nil && !ok {
			t.unknown(requestpath.Mapping, mp.Node, at(mp.Node, bp), "the base path of mapping %s depends on %s", mp.Node.Display(), describe(bp))
			return
		}
		s = strings.Trim(s, "/")
		if s == "" || s == "(none)" {
			if root != nil {
				t.fail(requestpath.Mapping, mp.Node, mp.Node.Header, Outcome{Kind: DeployFailure,
					Body:    "ConflictException: Only one base path mapping is allowed if the base path is empty",
					Summary: "custom domain " + d.Display() + " has a mapping with an empty base path and other mappings"},
					"custom domain %s has more than one mapping and one of them has an empty base path", d.Display())
				return
			}
			root = mp
			continue
		}
		bs := strings.Split(s, "/")
		if len(bs) <= len(segs) && len(bs) > bestLen && strings.Join(segs[:len(bs)], "/") == strings.Join(bs, "/") {
			best, bestLen = mp, len(bs)
		}
	}
	if root != nil && len(maps) > 1 {
		t.fail(requestpath.Mapping, root.Node, root.Node.Header, Outcome{Kind: DeployFailure,
			Body:    "ConflictException: Only one base path mapping is allowed if the base path is empty",
			Summary: "custom domain " + d.Display() + " has a mapping with an empty base path and other mappings"},
			"custom domain %s has more than one mapping and one of them has an empty base path", d.Display())
		return
	}
	if best == nil {
		best = root
		bestLen = 0
	}
	if best == nil {
		var names []string
		for _, mp := range maps {
			s, _ := mp.BasePath.String()
			names = append(names, "/"+s)
		}
		t.fail(requestpath.Mapping, maps[0].Node, maps[0].Node.Header, forbidden("no base path mapping of "+d.Display()+" matches "+t.req.Path+" (base paths: "+strings.Join(names, ", ")+")"),
			"no base path mapping of %s matches %s (base paths: %s)", d.Display(), t.req.Path, strings.Join(names, ", "))
		return
	}
	mp := best
	rest := segs[bestLen:]
	bpText := "/"
	if bestLen > 0 {
		bpText = "/" + strings.Join(segs[:bestLen], "/")
	}
	if mp.API == nil {
		apiProp := "RestApiId"
		if mp.Node.Kind == graph.APIMapping {
			apiProp = "ApiId"
		}
		t.unknown(requestpath.Mapping, mp.Node, at(mp.Node, mp.Node.Prop(apiProp)), "mapping %s (base path %s) maps an API that is not in the scan: %s", mp.Node.Display(), bpText, describe(mp.Node.Prop(apiProp)))
		return
	}
	var stage string
	if mp.Stage == nil {
		if len(rest) == 0 {
			t.unknown(requestpath.Mapping, mp.Node, mp.Node.Header, "mapping %s names no stage, and the path has no segment after the base path to name one", mp.Node.Display())
			return
		}
		stage, rest = rest[0], rest[1:]
		t.ok(requestpath.Mapping, mp.Node, mp.Node.Header, "mapping %s (base path %s) names no stage: the next path segment, %q, selects it", mp.Node.Display(), bpText, stage)
	} else {
		s, ok := mp.Stage.String()
		if !ok {
			t.unknown(requestpath.Mapping, mp.Node, at(mp.Node, mp.Stage), "the stage of mapping %s depends on %s", mp.Node.Display(), describe(mp.Stage))
			return
		}
		stage = s
		t.ok(requestpath.Mapping, mp.Node, at(mp.Node, mp.Stage), "mapping %s (base path %s) selects stage %s of API %s%s", mp.Node.Display(), bpText, stage, mp.API.Display(), fromDefault(mp.Stage))
	}
	t.mappedStage = ""
	if mp.Stage != nil {
		t.mappedStage = stage
	}
	t.api(ep, mp.API, stage, rest, mp.Stage == nil)
}

// stageNode finds the stage of an API by name: a Stage resource, or a
// Deployment that creates the stage. known is false when some stage's name
// cannot be read.
func (t *tracer) stageNode(api *graph.Node, name string) (n *graph.Node, known bool, others int) {
	known = true
	if api.Type == "AWS::Serverless::Api" {
		v := api.Prop("StageName")
		if s, ok := v.String(); ok {
			if s == name {
				return api, true, 0
			}
			others++
		} else {
			known = false
		}
	}
	for _, e := range t.g.EdgesTo(api.ID) {
		x := t.g.Node(e.From)
		if x == nil || (x.Kind != graph.Stage && x.Kind != graph.Deployment) || len(e.Path) == 0 || e.Path[0] != "RestApiId" {
			continue
		}
		v := x.Prop("StageName")
		if v.IsAbsent() {
			continue
		}
		s, ok := v.String()
		if !ok {
			known = false
			continue
		}
		if s == name {
			return x, true, 0
		}
		others++
	}
	return nil, known, others
}

func (t *tracer) api(ep *graph.Node, api *graph.Node, stage string, rest []string, stageFromPath bool) {
	// Stage.
	sn, known, others := t.stageNode(api, stage)
	switch {
	case sn != nil:
		t.ok(requestpath.Stage, sn, at(sn, sn.Prop("StageName")), "stage %s of API %s", stage, api.Display())
	case !known:
		t.unknown(requestpath.Stage, api, api.Header, "whether API %s has a stage %q depends on a stage name that is not known before deploy", api.Display(), stage)
	case !stageFromPath && others > 0:
		t.fail(requestpath.Stage, api, api.Header, Outcome{Kind: DeployFailure, Body: "Invalid stage identifier specified",
			Summary: "the base path mapping names stage " + stage + ", which API " + api.Display() + " does not have (PAPI061)"},
			"the mapping selects stage %q, and API %s has no stage of that name", stage, api.Display())
		return
	case stageFromPath:
		t.unknown(requestpath.Stage, api, api.Header, "API %s has no stage %q in the scan; what API Gateway answers for a stage that does not exist is not in pattern.md §4", api.Display(), stage)
		return
	default:
		t.unknown(requestpath.Stage, api, api.Header, "no stage %q of API %s is in the scan (it may be created outside it)", stage, api.Display())
	}

	// The API: private, with a policy.
	private, pknown := graph.IsPrivateAPI(api)
	srcs, hidden := t.g.APIPolicies(api)
	switch {
	case !pknown:
		t.unknown(requestpath.API, api, at(api, graph.EndpointTypes(api)), "whether API %s is private depends on %s", api.Display(), describe(graph.EndpointTypes(api)))
	case !private:
		t.note(requestpath.API, api, at(api, graph.EndpointTypes(api)), "API %s is not PRIVATE: the aws:SourceVpce and aws:SourceVpc keys are absent from its requests (PAPI001)", api.Display())
	case len(srcs) == 0 && !hidden:
		t.fail(requestpath.API, api, api.Header, Outcome{Kind: DeployFailure,
			Body:    "BadRequestException: Private REST API doesn't have a resource policy attached to it",
			Summary: "private API " + api.Display() + " has no resource policy, so its deployment fails"},
			"private API %s has no resource policy", api.Display())
		return
	default:
		t.ok(requestpath.API, api, at(api, graph.EndpointTypes(api)), "API %s is PRIVATE", api.Display())
	}

	// Route and method.
	rt, ok := t.route(api, rest)
	if !ok {
		return
	}
	// Resource policy.
	t.policy(ep, api, private && pknown, stage, rest, srcs, hidden, rt)
}

// routeMatch is the method a request path and method select.
type routeMatch struct {
	method *graph.Node // nil for a method defined in an OpenAPI body
	greedy bool        // matched through a {proxy+} resource
	// authorizer is set when the method's authorization is not NONE (an
	// authorizer, or a value not known before deploy): an implicit deny of
	// the resource policy then does not decide alone.
	authorizer bool
}

func (t *tracer) route(api *graph.Node, rest []string) (routeMatch, bool) {
	tree, where, why := buildRoutes(t.g, api)
	path := "/" + strings.Join(rest, "/")
	r, greedyVia := tree.match(rest)
	if r == nil {
		if why != "" {
			t.unknown(Resource, api, where, "no resource of API %s in the scan matches %s, and the API's resources are not all known: %s", api.Display(), path, why)
			return routeMatch{}, false
		}
		t.fail(Resource, api, api.Header, missingToken("API "+api.Display()+" has no resource for "+path),
			"API %s has no resource that matches %s%s", api.Display(), path, stageHint(rest, t.mappedStage))
		return routeMatch{}, false
	}
	resNode := r.node
	if resNode == nil {
		resNode = api
	}
	if greedyVia && len(rest) > 0 && t.mappedStage != "" && rest[0] == t.mappedStage {
		t.note(Resource, resNode, resNode.Header, "%s matches the greedy resource %s of API %s, so the stage name in the path reaches the backend as part of the path (the mapping already selects stage %s)", path, r.template(), api.Display(), t.mappedStage)
	} else {
		t.ok(Resource, resNode, resNode.Header, "%s matches resource %s of API %s", path, r.template(), api.Display())
	}
	m := r.methods[t.req.Method]
	name := t.req.Method
	if m == nil {
		m, name = r.methods["ANY"], "ANY"
	}
	if m == nil {
		if why != "" {
			t.unknown(Method, resNode, resNode.Header, "resource %s has no %s or ANY method in the scan, and the API's methods are not all known: %s", r.template(), t.req.Method, why)
			return routeMatch{}, false
		}
		t.fail(Method, resNode, resNode.Header, missingToken("resource "+r.template()+" of API "+api.Display()+" has no "+t.req.Method+" or ANY method"),
			"resource %s has no %s or ANY method", r.template(), t.req.Method)
		return routeMatch{}, false
	}
	auth := m.auth
	s, aok := auth.String()
	switch {
	case auth.IsAbsent() || (aok && strings.EqualFold(s, "NONE")):
		t.ok(Method, m.node, at(m.node, auth), "method %s %s has no authorization%s", name, r.template(), fromDefault(auth))
	case aok && strings.EqualFold(s, "AWS_IAM"):
		t.fail(Method, m.node, at(m.node, auth), missingToken("method "+name+" "+r.template()+" uses AWS_IAM authorization and the request is not signed"+fromDefault(auth)),
			"method %s %s uses AWS_IAM authorization; an unsigned request is refused", name, r.template())
		return routeMatch{}, false
	case aok:
		t.unknown(Method, m.node, at(m.node, auth), "method %s %s uses %s authorization; the authorizer decides", name, r.template(), s)
	default:
		t.unknown(Method, m.node, at(m.node, auth), "the authorization of method %s %s depends on %s", name, r.template(), describe(auth))
	}
	if k, ok := m.apiKey.BoolValue(); ok && k {
		t.unknown(Method, m.node, at(m.node, m.apiKey), "method %s %s requires an API key; the answer depends on the x-api-key header the client sends", name, r.template())
	}
	return routeMatch{method: m.node, greedy: greedyVia, authorizer: !(auth.IsAbsent() || (aok && strings.EqualFold(s, "NONE")))}, true
}

// stageHint adds the stage-in-path explanation when the path's first
// segment looks like a stage name (PAPI065).
func stageHint(rest []string, mapped string) string {
	if len(rest) == 0 || mapped == "" || rest[0] != mapped {
		return ""
	}
	return " (when the mapping selects the stage, the stage name must not appear in the path)"
}

func (t *tracer) policy(ep, api *graph.Node, private bool, stage string, rest []string, srcs []graph.PolicySource, hidden bool, rt routeMatch) {
	req := caller(ep)
	if !private {
		req.SourceVpce, req.SourceVpc = iam.Operand{}, iam.Operand{}
	}
	req.Stage, req.Method, req.Path = stage, t.req.Method, strings.Join(rest, "/")
	arn := "arn:aws:execute-api:<region>:<account-id>:<api-id>/" + stage + "/" + t.req.Method + "/" + req.Path
	if len(srcs) == 0 {
		if hidden {
			t.unknown(Policy, api, api.Header, "the resource policy of API %s is not in the scan (an OpenAPI body held elsewhere, or a module that was not loaded)", api.Display())
		} else {
			t.ok(Policy, api, api.Header, "API %s has no resource policy, so nothing refuses the call", api.Display())
		}
		t.success(rt)
		return
	}
	for _, src := range srcs {
		pol, probs := iam.Parse(src.Value)
		if pol == nil {
			t.unknown(Policy, src.Node, at(src.Node, src.Value), "the resource policy of API %s depends on %s", api.Display(), describe(src.Value))
			continue
		}
		if len(probs) > 0 {
			// A policy IAM would not read as written: API Gateway may refuse
			// it, or read it otherwise than papilint.
			where := probs[0].Range
			if !where.IsValid() {
				where = at(src.Node, src.Value)
			}
			t.unknown(Policy, src.Node, where, "the resource policy of API %s is not a policy IAM reads as written (%s)", api.Display(), probs[0].Message)
			continue
		}
		res := pol.Evaluate(req)
		if res.Decision == iam.ExplicitDeny || res.Decision == iam.ImplicitDeny {
			if why, v := t.openDenial(pol, ep); why != "" {
				t.unknown(Policy, src.Node, at(src.Node, v), "whether the resource policy of API %s refuses the call depends on %s", api.Display(), why)
				continue
			}
		}
		switch res.Decision {
		case iam.Allow:
			t.ok(Policy, src.Node, stmtRange(src, res), "the resource policy of API %s allows the call: %s%s", api.Display(), res.Reason, callerText(ep))
		case iam.ExplicitDeny:
			t.fail(Policy, src.Node, stmtRange(src, res), Outcome{Kind: ErrorResponse, Status: 403,
				Body:    `{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: ` + arn + ` with an explicit deny"}`,
				Summary: "the resource policy of API " + api.Display() + " denies the call: " + res.Reason + callerText(ep) + fromDefault(src.Value)},
				"the resource policy of API %s denies the call: %s%s", api.Display(), res.Reason, callerText(ep))
			return
		case iam.ImplicitDeny:
			if rt.authorizer {
				t.unknown(Policy, src.Node, at(src.Node, src.Value), "the resource policy of API %s allows nothing that matches the call; with an authorizer on the method, the authorizer's answer decides together with it", api.Display())
				continue
			}
			t.fail(Policy, src.Node, at(src.Node, src.Value), Outcome{Kind: ErrorResponse, Status: 403,
				Body:    `{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: ` + arn + `"}`,
				Summary: "the resource policy of API " + api.Display() + " allows nothing that matches the call" + callerText(ep) + fromDefault(src.Value)},
				"the resource policy of API %s has no Allow for the call%s", api.Display(), callerText(ep))
			return
		default:
			where := at(src.Node, src.Value)
			if res.Value != nil && res.Value.Range.IsValid() {
				where = res.Value.Range
			}
			t.unknown(Policy, src.Node, where, "whether the resource policy of API %s admits the call is not known: %s", api.Display(), res.Reason)
		}
	}
	t.success(rt)
}

// openDenial looks for what makes a denial uncertain although the evaluator
// decided it: a condition on aws:SourceVpce/aws:SourceVpc that refers to
// something other than a VPC endpoint or VPC the scan creates (a data
// source, an import, a custom resource may be the caller's own endpoint).
// It returns the reason and the value.
func (t *tracer) openDenial(pol *iam.Policy, ep *graph.Node) (string, *graph.Value) {
	for _, s := range pol.Statements {
		for _, c := range s.Conditions {
			key := c.CanonicalKey()
			if key != iam.KeySourceVpce && key != iam.KeySourceVpc {
				continue
			}
			var found *graph.Value
			c.Value.Walk(func(v *graph.Value) {
				if found != nil || v.Ref == nil || v.Ref.Node == "" {
					return
				}
				if ep != nil && v.Ref.Node == ep.ID {
					return
				}
				n := t.g.Node(v.Ref.Node)
				if n != nil && (v.Ref.Attr == "Ref" || v.Ref.Attr == "") && (n.Kind == graph.VPCEndpoint || n.Kind == graph.VPC) {
					return
				}
				if n != nil && key == iam.KeySourceVpc && ep != nil && graph.RefersTo(ep.Prop("VpcId"), n.ID, "") {
					return
				}
				found = v
			})
			if found != nil {
				return "whether " + describe(found) + " is the endpoint's own id", found
			}
		}
	}
	return "", nil
}

func callerText(ep *graph.Node) string {
	if ep == nil {
		return ""
	}
	return " (the call comes through endpoint " + ep.Display() + ")"
}

func stmtRange(src graph.PolicySource, res iam.Result) source.Range {
	if len(res.Statements) > 0 && res.Statements[0].Value != nil && res.Statements[0].Value.Range.IsValid() {
		return res.Statements[0].Value.Range
	}
	return at(src.Node, src.Value)
}

func (t *tracer) success(rt routeMatch) {
	if t.decided {
		return
	}
	integ := ""
	var in timeout.Integration
	found := false
	if rt.method != nil {
		if in, found = timeout.OfMethod(t.g, rt.method); found {
			integ, _ = in.Type.String()
		}
	}
	out := Outcome{Kind: Success, Status: 200, Hop: -1, Summary: "API Gateway runs the method's integration"}
	if rt.greedy || strings.HasSuffix(strings.ToUpper(integ), "_PROXY") {
		out.Status = 0
		out.Body = "the backend answers"
		out.Summary = "API Gateway passes the request to the integration; the backend's answer is the response"
	}
	if len(t.res.Hops) > 0 {
		out.Hop = len(t.res.Hops) - 1
	}
	if found && !in.Mock {
		t.idleTimeoutNote(in)
	}
	t.res.Outcome = out
	t.decided = true
}

// idleTimeoutNote adds a note when the method's integration may wait
// longer than the load balancer's idle timeout: a backend that slow gets
// the client a 504 from the load balancer before API Gateway answers
// (pattern.md §4; PAPI080 reports it for the whole API).
func (t *tracer) idleTimeoutNote(in timeout.Integration) {
	if t.lb == nil || !timeout.IsALB(t.lb) {
		return
	}
	idle, idleVal, ok := timeout.Idle(t.lb)
	ms, known := in.Millis()
	if !ok || !known || ms <= idle*1000 {
		return
	}
	if in.Stream {
		return // a streamed response may send bytes before the idle timeout
	}
	t.note(Method, in.Node, at(in.Node, in.Timeout),
		"%s may wait %d ms, longer than the %d s idle timeout of load balancer %s: a backend slower than %d s gets 504 Gateway Time-out from the load balancer (PAPI080)%s",
		in.Label, ms, idle, t.lb.Display(), idle, fromDefault(idleVal, in.Timeout))
}

// defaultEndpoint traces a request to https://{api-id}.execute-api.{region}.amazonaws.com.
func (t *tracer) defaultEndpoint() {
	apis := t.g.OfKind(graph.RestAPI)
	if len(apis) == 0 {
		t.unknown(DefaultEndpoint, nil, source.Range{}, "no REST API in the scan")
		return
	}
	// When every API of the scan has its default endpoint disabled, the
	// call is refused whichever API the id names.
	allOff := true
	var on *graph.Node
	for _, api := range apis {
		v := disableDefault(api)
		if b, ok := v.BoolValue(); !ok || !b {
			allOff = false
			if on == nil {
				on = api
			}
		}
	}
	if allOff {
		api := apis[0]
		v := disableDefault(api)
		what := "API " + api.Display() + " disables"
		if len(apis) > 1 {
			what = "every API of the scan disables"
		}
		t.fail(DefaultEndpoint, api, at(api, v), forbidden(what+" its default execute-api endpoint (DisableExecuteApiEndpoint)"+fromDefault(v)),
			"%s its default execute-api endpoint%s", what, fromDefault(v))
		return
	}
	if len(apis) > 1 {
		t.unknown(DefaultEndpoint, on, on.Header, "the API id %q is assigned at deploy time; the scan has %d REST APIs", strings.SplitN(t.req.Host, ".", 2)[0], len(apis))
		return
	}
	api := apis[0]
	v := disableDefault(api)
	if _, ok := v.BoolValue(); !ok && !v.IsAbsent() {
		t.unknown(DefaultEndpoint, api, at(api, v), "whether API %s disables its default endpoint depends on %s", api.Display(), describe(v))
	} else {
		t.note(DefaultEndpoint, api, at(api, v), "API %s keeps its default endpoint (the only API of the scan; the id in the URL is taken to be its)", api.Display())
	}
	if t.privateDNSCapture(api) {
		return
	}
	segs := segments(t.req.Path)
	if len(segs) == 0 {
		t.unknown(requestpath.Stage, api, api.Header, "the path names no stage")
		return
	}
	t.unknown(requestpath.VPCEndpoint, nil, source.Range{}, "the request's VPC endpoint (aws:SourceVpce) is the client's, which the IaC does not say")
	t.api(nil, api, segs[0], segs[1:], true)
}

// privateDNSCapture handles a public API's default URL called where an
// execute-api interface endpoint has private DNS on: inside that VPC the
// name resolves to the endpoint, which serves only private APIs, so the
// call gets 403 Forbidden (pattern.md §4 and §6.1); outside it the public
// endpoint answers. Where the client is, the IaC does not say, so the
// outcome is unknown with the 403 as what a client in the VPC gets. It
// reports whether it decided the trace.
func (t *tracer) privateDNSCapture(api *graph.Node) bool {
	types := graph.EndpointTypes(api)
	typ := "EDGE" // no endpoint configuration: an edge-optimized API
	if !types.IsAbsent() {
		list, ok := types.Strings()
		if !ok || len(list) != 1 {
			return false
		}
		typ = strings.ToUpper(list[0])
	}
	if typ == "PRIVATE" {
		return false
	}
	for _, ep := range t.g.OfKind(graph.VPCEndpoint) {
		if _, suf, _ := ep.Prop("ServiceName").Affix(); !strings.HasSuffix(suf, ".execute-api") {
			continue
		}
		pd := ep.Prop("PrivateDnsEnabled")
		if b, ok := pd.BoolValue(); !ok || !b {
			continue
		}
		vpc := "the endpoint's VPC"
		if id, ok := ep.Prop("VpcId").String(); ok {
			vpc = "VPC " + id
		}
		t.unknown(requestpath.VPCEndpoint, ep, at(ep, pd),
			"the client's network decides: in %s the name resolves to execute-api endpoint %s (PrivateDnsEnabled), which serves only private APIs; elsewhere the %s endpoint of API %s answers",
			vpc, ep.Display(), strings.ToLower(typ), api.Display())
		t.fail(requestpath.VPCEndpoint, ep, at(ep, pd),
			forbidden("a client in "+vpc+" reaches execute-api endpoint "+ep.Display()+", which does not serve "+strings.ToLower(typ)+" API "+api.Display()),
			"from %s: execute-api endpoint %s answers for API %s, which is not PRIVATE", vpc, ep.Display(), api.Display())
		return true
	}
	return false
}

// disableDefault is where an API disables its default endpoint: the
// property, else the OpenAPI body's endpoint configuration.
func disableDefault(api *graph.Node) *graph.Value {
	if v := api.Prop("DisableExecuteApiEndpoint"); !v.IsAbsent() {
		return v
	}
	return api.Prop("Body", "x-amazon-apigateway-endpoint-configuration", "disableExecuteApiEndpoint")
}

// Routes.

// route is one resource of an API.
type route struct {
	part     string
	node     *graph.Node
	parent   *route
	children []*route
	methods  map[string]*methodDef
}

type methodDef struct {
	node   *graph.Node
	auth   *graph.Value
	apiKey *graph.Value
}

func (r *route) template() string {
	if r.parent == nil {
		return "/"
	}
	p := r.parent.template()
	if p == "/" {
		return "/" + r.part
	}
	return p + "/" + r.part
}

func (r *route) child(part string) *route {
	for _, c := range r.children {
		if c.part == part {
			return c
		}
	}
	c := &route{part: part, parent: r, methods: map[string]*methodDef{}}
	r.children = append(r.children, c)
	return c
}

// match finds the resource for the path segments: at each level a literal
// path part first, then a {param}, then a greedy {proxy+} that takes the
// rest. It reports whether a greedy resource matched.
func (r *route) match(segs []string) (*route, bool) {
	if len(segs) == 0 {
		return r, false
	}
	kids := append([]*route(nil), r.children...)
	sort.SliceStable(kids, func(i, j int) bool { return rank(kids[i].part) < rank(kids[j].part) })
	for _, c := range kids {
		switch rank(c.part) {
		case 0:
			if c.part == segs[0] {
				if m, g := c.match(segs[1:]); m != nil {
					return m, g
				}
			}
		case 1:
			if m, g := c.match(segs[1:]); m != nil {
				return m, g
			}
		case 2:
			return c, true
		}
	}
	return nil, false
}

func rank(part string) int {
	switch {
	case strings.HasPrefix(part, "{") && strings.HasSuffix(part, "+}"):
		return 2
	case strings.HasPrefix(part, "{") && strings.HasSuffix(part, "}"):
		return 1
	}
	return 0
}

var openAPIMethods = []string{"get", "put", "post", "delete", "options", "head", "patch"}

// buildRoutes reads an API's resources and methods: AWS::ApiGateway::Resource
// and Method resources (Terraform's aws_api_gateway_resource and _method),
// and the paths of an OpenAPI body. why is non-empty when some may be
// missing (a body held elsewhere, a path part or parent not known before
// deploy), with where it is.
func buildRoutes(g *graph.Graph, api *graph.Node) (root *route, where source.Range, why string) {
	root = &route{methods: map[string]*methodDef{}}
	incomplete := func(w source.Range, reason string) {
		if why == "" {
			where, why = w, reason
		}
	}
	if !api.Prop("BodyS3Location").IsAbsent() || !api.Prop("DefinitionUri").IsAbsent() {
		incomplete(api.Header, "its OpenAPI definition is held outside the template")
	}
	for _, prop := range []string{"Body", "DefinitionBody"} {
		body := api.Prop(prop)
		if body.IsAbsent() {
			continue
		}
		paths := body.Get("paths")
		if body.Kind != graph.KindMap || (paths != nil && paths.Kind != graph.KindMap) {
			incomplete(at(api, body), "its OpenAPI body is not known before deploy")
			continue
		}
		// A security requirement for the whole API applies to every
		// operation without one of its own.
		global := body.Get("security")
		for _, f := range pathFields(paths) {
			r := root
			for _, s := range segments(f.Key) {
				r = r.child(s)
			}
			for _, mf := range f.Value.Fields {
				k := strings.ToLower(mf.Key)
				name := strings.ToUpper(k)
				if k == "x-amazon-apigateway-any-method" {
					name = "ANY"
				} else if !contains(openAPIMethods, k) {
					continue
				}
				r.methods[name] = &methodDef{node: api}
				sec := mf.Value.Get("security")
				if sec.IsAbsent() {
					sec = global
				}
				if !sec.IsAbsent() && (sec.Kind != graph.KindList || len(sec.List) > 0) {
					r.methods[name].auth = graph.NewUnknown("an OpenAPI security requirement", sec.Range)
				}
			}
		}
	}
	if api.Type == "AWS::Serverless::Api" && api.Prop("DefinitionBody").IsAbsent() {
		incomplete(api.Header, "SAM builds its routes from the functions' events, which papilint does not trace")
	}
	// Resources.
	byNode := map[graph.NodeID]*route{}
	var res []*graph.Node
	var methods []*graph.Node
	for _, e := range g.EdgesTo(api.ID) {
		n := g.Node(e.From)
		if n == nil || len(e.Path) == 0 || e.Path[0] != "RestApiId" {
			continue
		}
		switch n.Kind {
		case graph.APIResource:
			res = append(res, n)
		case graph.Method:
			methods = append(methods, n)
		}
	}
	// Attach resources to their parents, repeatedly (parents first).
	pending := res
	for progress := true; progress && len(pending) > 0; {
		progress = false
		var next []*graph.Node
		for _, n := range pending {
			parent := n.Prop("ParentId")
			var pr *route
			if graph.RefersTo(parent, api.ID, "RootResourceId") {
				pr = root
			} else if p := g.Resolve(parent); p != nil && p.Kind == graph.APIResource {
				pr = byNode[p.ID]
				if pr == nil {
					next = append(next, n)
					continue
				}
			} else {
				incomplete(at(n, parent), "the parent of resource "+n.Display()+" is "+describe(parent))
				continue
			}
			part, ok := n.Prop("PathPart").String()
			if !ok {
				incomplete(at(n, n.Prop("PathPart")), "the path part of resource "+n.Display()+" is "+describe(n.Prop("PathPart")))
				continue
			}
			r := pr.child(part)
			r.node = n
			byNode[n.ID] = r
			progress = true
		}
		pending = next
	}
	for _, n := range pending {
		incomplete(n.Header, "resource "+n.Display()+" has a parent that could not be placed")
	}
	for _, m := range methods {
		rid := m.Prop("ResourceId")
		var r *route
		if graph.RefersTo(rid, api.ID, "RootResourceId") {
			r = root
		} else if p := g.Resolve(rid); p != nil && byNode[p.ID] != nil {
			r = byNode[p.ID]
		} else {
			incomplete(at(m, rid), "the resource of method "+m.Display()+" is "+describe(rid))
			continue
		}
		hm, ok := m.Prop("HttpMethod").String()
		if !ok {
			incomplete(at(m, m.Prop("HttpMethod")), "the HTTP method of "+m.Display()+" is "+describe(m.Prop("HttpMethod")))
			continue
		}
		r.methods[strings.ToUpper(hm)] = &methodDef{node: m, auth: m.Prop("AuthorizationType"), apiKey: m.Prop("ApiKeyRequired")}
	}
	return root, where, why
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func pathFields(v *graph.Value) []*graph.Field {
	if v == nil {
		return nil
	}
	return v.Fields
}
