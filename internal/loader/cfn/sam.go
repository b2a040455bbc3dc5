package cfn

import (
	"strings"
	"unicode"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/loader/cfn/syntax"
	"github.com/papilint/papilint/internal/source"
)

// This file maps SAM's AWS::Serverless::Api onto what the SAM transform
// (aws-sam-translator) puts on the AWS::ApiGateway::RestApi it generates, for
// the properties the rules read:
//
//   - Globals.Api is merged into the resource's properties the way SAM merges
//     globals (maps key by key, lists concatenated, anything else: the
//     resource's own value wins; an intrinsic function counts as a scalar).
//   - EndpointConfiguration, in its string form (PRIVATE) and its map form
//     ({Type, VPCEndpointIds}), becomes {Types: [...], VpcEndpointIds: [...]}.
//   - Auth.ResourcePolicy (and Auth.ResourcePolicy on the Api events of
//     functions and state machines, where SAM honours them) becomes a policy
//     document with the statements SAM generates.
//   - StageName is repeated as x-papilint-stage-name, and Domain is recorded
//     as x-papilint-domain with SAM's defaults and base-path normalisation.
//
// scripts/sam-compare.py runs the real transform; sam_test.go checks that
// this mapping agrees with it on the corpus.

// samStageProp and samDomainProp are the synthetic properties a Serverless
// API carries for the rules.
const (
	samStageProp  = "x-papilint-stage-name"
	samDomainProp = "x-papilint-domain"
)

// samAPIGlobals are the properties Globals.Api may set (SAM rejects others).
var samAPIGlobals = map[string]bool{
	"Auth": true, "Name": true, "DefinitionUri": true, "CacheClusterEnabled": true,
	"CacheClusterSize": true, "MergeDefinitions": true, "Variables": true,
	"EndpointConfiguration": true, "MethodSettings": true, "BinaryMediaTypes": true,
	"MinimumCompressionSize": true, "Cors": true, "GatewayResponses": true,
	"AccessLogSetting": true, "CanarySetting": true, "TracingEnabled": true,
	"OpenApiVersion": true, "Domain": true, "AlwaysDeploy": true, "PropagateTags": true,
	"SecurityPolicy": true, "EndpointAccessMode": true,
}

// samAPI is one Serverless::Api being mapped.
type samAPI struct {
	t *template
	n *graph.Node
	// props is the Properties section as SAM sees it (Globals merged in),
	// used to tell how a value was written: a list, a scalar, an intrinsic.
	props *syntax.Node
}

// expandServerlessAPI maps the properties of an AWS::Serverless::Api onto
// the RestApi vocabulary the rules read.
func expandServerlessAPI(t *template, n *graph.Node, decl *syntax.Node) {
	s := &samAPI{t: t, n: n, props: decl.Get("Properties")}
	if merged := s.withGlobals(decl); merged != nil {
		s.props = merged
		if v := (&evalCtx{t: t}).eval(merged); v != nil && v.Kind == graph.KindMap {
			n.Props = v
		}
	}
	if n.Props == nil {
		n.Props = &graph.Value{Kind: graph.KindMap, Prov: graph.Literal, Range: n.Range}
	}
	s.endpointConfiguration()
	s.stageName()
	s.domain()
	s.resourcePolicy()
}

// ---------------------------------------------------------------------------
// Globals

// withGlobals returns the resource's properties with Globals.Api merged in,
// or nil when there is nothing to merge.
func (s *samAPI) withGlobals(decl *syntax.Node) *syntax.Node {
	g := s.t.root.Get("Globals").Get("Api")
	if g == nil || g.Kind != syntax.Mapping || g.Tag != "" {
		return nil
	}
	ignoreAll := false
	ignored := map[string]bool{}
	if ig := decl.Get("IgnoreGlobals"); ig != nil {
		switch ig.Kind {
		case syntax.Scalar:
			ignoreAll = ig.Value == "*"
		case syntax.Sequence:
			for _, it := range ig.Items {
				ignored[it.Value] = true
			}
		}
	}
	if ignoreAll {
		return nil
	}
	globals := &syntax.Node{Kind: syntax.Mapping, Range: g.Range}
	for _, p := range g.Pairs {
		if samAPIGlobals[p.Key.Value] && !ignored[p.Key.Value] {
			globals.Pairs = append(globals.Pairs, p)
		}
	}
	if len(globals.Pairs) == 0 {
		return nil
	}
	local := decl.Get("Properties")
	if local == nil || (local.Kind == syntax.Scalar && local.Type == syntax.Null) {
		local = &syntax.Node{Kind: syntax.Mapping, Range: decl.Range}
	}
	if local.Kind != syntax.Mapping || local.Tag != "" {
		return nil // not a map: the loader reports it
	}
	return samMergeGlobal(globals, local)
}

// samToken classifies a node the way SAM's globals merge does.
func samToken(n *syntax.Node) syntax.Kind {
	if fn, _ := intrinsicOf(n); fn != "" {
		return syntax.Scalar
	}
	if n.Tag != "" && !strings.HasPrefix(n.Tag, "!!") {
		return syntax.Scalar
	}
	return n.Kind
}

// samMergeGlobal merges a global value with a local one: maps key by key,
// lists concatenated (globals first), otherwise the local value.
func samMergeGlobal(g, l *syntax.Node) *syntax.Node {
	tg, tl := samToken(g), samToken(l)
	if tg != tl || tg == syntax.Scalar {
		return l
	}
	if tg == syntax.Sequence {
		out := &syntax.Node{Kind: syntax.Sequence, Range: l.Range}
		out.Items = append(append(out.Items, g.Items...), l.Items...)
		return out
	}
	out := &syntax.Node{Kind: syntax.Mapping, Range: l.Range}
	done := map[string]bool{}
	for _, gp := range g.Pairs {
		if done[gp.Key.Value] {
			continue
		}
		done[gp.Key.Value] = true
		if lp := l.GetPair(gp.Key.Value); lp != nil {
			out.Pairs = append(out.Pairs, &syntax.Pair{Key: lp.Key, Value: samMergeGlobal(gp.Value, lp.Value)})
			continue
		}
		out.Pairs = append(out.Pairs, gp)
	}
	for _, lp := range l.Pairs {
		if !done[lp.Key.Value] {
			done[lp.Key.Value] = true
			out.Pairs = append(out.Pairs, lp)
		}
	}
	return out
}

// ---------------------------------------------------------------------------
// EndpointConfiguration

// endpointConfiguration rewrites SAM's EndpointConfiguration into the
// RestApi's {Types, VpcEndpointIds, IpAddressType}.
func (s *samAPI) endpointConfiguration() {
	f := s.n.Props.Field("EndpointConfiguration")
	if f == nil {
		return
	}
	if !samTruthy(f.Value) {
		// SAM sets no endpoint configuration: API Gateway's default (EDGE).
		samRemoveField(s.n.Props, "EndpointConfiguration")
		return
	}
	f.Value = s.canonicalEndpoint(f.Value, s.props.Get("EndpointConfiguration"))
}

func (s *samAPI) canonicalEndpoint(v *graph.Value, syn *syntax.Node) *graph.Value {
	out := &graph.Value{Kind: graph.KindMap, Prov: graph.Derived, Range: v.Range}
	fn, _ := intrinsicOf(syn)
	if fn != "" || v.Kind != graph.KindMap {
		// The string form, or an intrinsic SAM copies as it is.
		out.Fields = []*graph.Field{{Key: "Types", KeyRange: v.Range, Value: samTypesOf(v)}}
		return out
	}
	typ := v.Field("Type")
	if typ == nil || !samTruthy(typ.Value) {
		s.t.l.warnf(v.Range, "EndpointConfiguration of %s has no Type; the SAM transform copies the whole map into Types, which API Gateway rejects", s.n.Name)
		out.Fields = []*graph.Field{{Key: "Types", KeyRange: v.Range, Value: samTypesOf(v)}}
		return out
	}
	out.Fields = append(out.Fields, &graph.Field{Key: "Types", KeyRange: typ.KeyRange, Value: samTypesOf(typ.Value)})
	upper, lower := v.Field("VPCEndpointIds"), v.Field("VpcEndpointIds")
	if upper != nil && lower != nil {
		s.t.l.warnf(lower.KeyRange, "EndpointConfiguration of %s sets both VPCEndpointIds and VpcEndpointIds; the SAM transform rejects this", s.n.Name)
	}
	if upper != nil || lower != nil {
		// SAM takes VPCEndpointIds unless it is empty, then VpcEndpointIds.
		pick := upper
		if pick == nil || (!samTruthy(pick.Value) && lower != nil) {
			pick = lower
		}
		out.Fields = append(out.Fields, &graph.Field{Key: "VpcEndpointIds", KeyRange: pick.KeyRange, Value: pick.Value})
	}
	if ip := v.Field("IpAddressType"); ip != nil {
		out.Fields = append(out.Fields, ip)
	}
	return out
}

// samTypesOf wraps an endpoint type into the Types list. An undecided Fn::If
// becomes a choice between lists, so rules can look at every branch.
func samTypesOf(v *graph.Value) *graph.Value {
	if v.Kind == graph.KindChoice {
		c := *v
		c.Alts = make([]*graph.Value, len(v.Alts))
		for i, a := range v.Alts {
			c.Alts[i] = samTypesOf(a)
		}
		return &c
	}
	return &graph.Value{Kind: graph.KindList, Prov: graph.Derived, Range: v.Range, List: []*graph.Value{v}}
}

// ---------------------------------------------------------------------------
// StageName and Domain

func (s *samAPI) stageName() {
	f := s.n.Props.Field("StageName")
	if f == nil || f.Value.IsAbsent() {
		return
	}
	cp := *f.Value
	samSetField(s.n.Props, samStageProp, f.KeyRange, &cp)
}

// stage returns the stage name when it is a known string.
func (s *samAPI) stage() (string, bool) {
	return s.n.Props.Get("StageName").String()
}

// domain records SAM's Domain as x-papilint-domain: the properties as
// written, with the endpoint type SAM defaults to (REGIONAL) and the base
// paths as SAM maps them (a list, reduced to letters and digits unless
// NormalizeBasePath is false).
func (s *samAPI) domain() {
	f := s.n.Props.Field("Domain")
	if f == nil || f.Value.IsAbsent() {
		return
	}
	d := f.Value
	if d.Kind != graph.KindMap {
		cp := *d
		samSetField(s.n.Props, samDomainProp, f.KeyRange, &cp)
		return
	}
	out := &graph.Value{Kind: graph.KindMap, Prov: d.Prov, Range: d.Range}
	normalize := true
	if b, ok := d.Get("NormalizeBasePath").BoolValue(); ok {
		normalize = b
	}
	for _, df := range d.Fields {
		switch df.Key {
		case "BasePath":
			if bp := samBasePaths(df.Value, normalize); bp != nil {
				out.Fields = append(out.Fields, &graph.Field{Key: "BasePath", KeyRange: df.KeyRange, Value: bp})
			}
			// Otherwise SAM creates one mapping without a base path.
		default:
			out.Fields = append(out.Fields, df)
		}
	}
	if ep := d.Get("EndpointConfiguration"); ep.IsAbsent() {
		samRemoveField(out, "EndpointConfiguration")
		out.Fields = append(out.Fields, &graph.Field{Key: "EndpointConfiguration", KeyRange: f.KeyRange,
			Value: graph.NewString("REGIONAL", graph.Derived, samEntryRange(f))})
	}
	samSetField(s.n.Props, samDomainProp, f.KeyRange, out)
}

// samBasePaths returns the base paths SAM maps, as a list, or nil when SAM
// maps the API without a base path (BasePath absent, empty, or an
// intrinsic function SAM cannot read).
func samBasePaths(v *graph.Value, normalize bool) *graph.Value {
	if !samTruthy(v) {
		return nil
	}
	norm := func(e *graph.Value) *graph.Value {
		str, ok := e.String()
		if !ok || !normalize || e.Kind != graph.KindString {
			return e
		}
		var b strings.Builder
		for _, r := range str {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				b.WriteRune(r)
			}
		}
		if b.String() == str {
			return e
		}
		cp := *e
		cp.Str = b.String()
		cp.Prov = graph.Derived
		if e.Prov == graph.Default {
			cp.Prov = graph.Default
		}
		return &cp
	}
	switch v.Kind {
	case graph.KindString:
		return &graph.Value{Kind: graph.KindList, Prov: graph.Derived, Range: v.Range, List: []*graph.Value{norm(v)}}
	case graph.KindList:
		cp := *v
		cp.List = make([]*graph.Value, len(v.List))
		for i, e := range v.List {
			cp.List[i] = norm(e)
		}
		return &cp
	case graph.KindUnknown:
		if v.Param != "" {
			// A parameter without default: a string SAM reads at deploy.
			return &graph.Value{Kind: graph.KindList, Prov: graph.Derived, Range: v.Range, List: []*graph.Value{v}}
		}
	}
	return nil
}

// ---------------------------------------------------------------------------
// Auth.ResourcePolicy

// samEvent is an Api event of a function or state machine that targets this
// API.
type samEvent struct {
	path     *graph.Value
	rp       *graph.Field // Auth.ResourcePolicy
	rpSyn    *syntax.Node
	override bool // Auth.OverrideApiAuth
	function bool // a Serverless::Function (not a state machine)
}

// events returns the Api events that name this API in RestApiId. unsure is
// true when some event could not be read (so the API may have paths that
// are not listed).
func (s *samAPI) events() (evs []samEvent, unsure bool) {
	t := s.t
	for _, name := range t.resOrder {
		typ := t.types[name]
		if typ != "AWS::Serverless::Function" && typ != "AWS::Serverless::StateMachine" {
			continue
		}
		decl := t.res[name].Value
		if cn := decl.Get("Condition"); cn != nil && cn.Kind == syntax.Scalar {
			if t.conditionByName(cn.Value, cn.Range, 0) == triFalse {
				continue
			}
		}
		events := decl.Get("Properties").Get("Events")
		if events == nil {
			continue
		}
		if events.Kind != syntax.Mapping || events.Tag != "" {
			unsure = true
			continue
		}
		for _, p := range events.Pairs {
			ev := p.Value
			if ty := ev.Get("Type"); ty == nil || ty.Kind != syntax.Scalar || ty.Value != "Api" {
				continue
			}
			props := ev.Get("Properties")
			rid := props.Get("RestApiId")
			if rid == nil {
				continue // the implicit API
			}
			if fn, arg := intrinsicOf(rid); fn == "Ref" && arg.Kind == syntax.Scalar {
				if arg.Value != s.n.Name {
					continue
				}
			} else if fn != "" || rid.Kind != syntax.Scalar || rid.Value != s.n.Name {
				continue
			}
			ctx := &evalCtx{t: t}
			e := samEvent{path: ctx.eval(props.Get("Path")), function: typ == "AWS::Serverless::Function"}
			if auth := props.Get("Auth"); auth != nil {
				av := ctx.eval(auth)
				e.rp = av.Field("ResourcePolicy")
				e.rpSyn = auth.Get("ResourcePolicy")
				e.override, _ = av.Get("OverrideApiAuth").BoolValue()
			}
			evs = append(evs, e)
		}
	}
	return evs, unsure
}

// resourcePolicy generates the policy SAM builds from Auth.ResourcePolicy.
//
// SAM writes the statements once per path of the API's OpenAPI definition,
// with resources execute-api:/<stage>/<METHOD>/<path>. The statements are
// the same for every path, so papilint writes them once, for
// execute-api:/*, which has the same meaning for every method the API has
// (statements from an event's own ResourcePolicy keep the event's path).
// An API with no path at all gets no generated statements, as with SAM (a
// deploy then fails:
// https://github.com/aws/serverless-application-model/issues/3764).
func (s *samAPI) resourcePolicy() {
	props := s.n.Props
	auth := props.Field("Auth")
	authSyn := s.props.Get("Auth")
	body := props.Get("DefinitionBody")
	uri := props.Get("DefinitionUri")
	managed := !samTruthy(body) && !samTruthy(uri)
	var rp *graph.Field
	var rpSyn *syntax.Node
	if auth != nil && samTruthy(auth.Value) {
		rp = auth.Value.Field("ResourcePolicy")
		rpSyn = authSyn.Get("ResourcePolicy")
	}
	if rp != nil && !samTruthy(rp.Value) {
		rp = nil
	}
	if !managed && !samTruthy(body) {
		// DefinitionUri: the definition is not inline, and SAM refuses Auth.
		if rp != nil {
			s.t.l.warnf(samEntryRange(rp), "Auth.ResourcePolicy of %s has no effect with DefinitionUri; the SAM transform rejects Auth without an inline DefinitionBody", s.n.Name)
		}
		return
	}
	evs, unsure := s.events()
	g := &samPolicyGen{s: s}

	// Events first: SAM translates the functions before the API.
	for _, e := range evs {
		if e.rp == nil || !samTruthy(e.rp.Value) {
			continue
		}
		if !managed && !(e.function && e.override) {
			continue // SAM ignores event auth on an API with its own DefinitionBody
		}
		g.fromResourcePolicy(e.rp, e.rpSyn, s.pathResource(e.path))
		g.custom(e.rp)
	}

	if rp != nil {
		hasPaths := true
		switch {
		case managed:
			hasPaths = len(evs) > 0 || unsure
		case body.Kind == graph.KindMap:
			paths := body.Get("paths")
			if paths.IsAbsent() {
				s.t.l.warnf(samEntryRange(rp), "DefinitionBody of %s has no paths; the SAM transform rejects Auth on it", s.n.Name)
				return
			}
			if paths.Kind == graph.KindMap {
				hasPaths = len(paths.Fields) > 0
			}
		}
		if fn, _ := intrinsicOf(rpSyn); fn != "" {
			// SAM reads the entries of the map it is given; an intrinsic
			// function has none.
			s.t.l.warnf(samEntryRange(rp), "Auth.ResourcePolicy of %s is an intrinsic function (%s); the SAM transform reads no entries from it", s.n.Name, fn)
		} else if rp.Value.Kind != graph.KindMap {
			s.t.l.warnf(samEntryRange(rp), "Auth.ResourcePolicy of %s is not a map; the SAM transform rejects it", s.n.Name)
		} else {
			if hasPaths {
				g.fromResourcePolicy(rp, rpSyn, s.stageResource)
			} else if g.wouldGenerate(rp) {
				s.t.l.warnf(samEntryRange(rp), "%s has no methods, so the SAM transform attaches no statements from Auth.ResourcePolicy to it (a private API then fails to deploy)", s.n.Name)
			}
			g.custom(rp)
		}
	}
	if len(g.stmts) == 0 && g.single == nil {
		return
	}
	s.attach(g)
}

// stageResource is the resource of API-level statements: every method and
// path of the API. SAM writes them for every path of its one stage; the
// wildcard over stages means the same for that stage, and keeps an Allow and
// the Deny that goes with it over the same requests for any stage a rule
// asks about.
func (s *samAPI) stageResource(r source.Range) *graph.Value {
	return graph.NewString("execute-api:/*", graph.Derived, r)
}

// pathResource is the resource of an event's statements: every method of
// the event's path, path parameters read as wildcards (as SAM does).
func (s *samAPI) pathResource(path *graph.Value) func(source.Range) *graph.Value {
	return func(r source.Range) *graph.Value {
		st, ok := s.stage()
		p, okp := path.String()
		if !ok || !okp || st == "" {
			return graph.NewString("execute-api:/*", graph.Derived, r)
		}
		return graph.NewString("execute-api:/"+st+"/*"+samPathPattern(p), graph.Derived, r)
	}
}

// samPathPattern replaces path parameters ({id}, {proxy+}) by "*".
func samPathPattern(p string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(p, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(p[i:], '}')
		if j < 0 {
			break
		}
		b.WriteString(p[:i])
		b.WriteByte('*')
		p = p[i+j+1:]
	}
	b.WriteString(p)
	return b.String()
}

// samPolicyGen collects generated statements.
type samPolicyGen struct {
	s     *samAPI
	stmts []*graph.Value
	// single is a lone CustomStatements map SAM uses as the Statement
	// element itself when nothing else was generated.
	single *graph.Value
	docAt  source.Range
}

// wouldGenerate reports whether a ResourcePolicy has entries that generate
// statements (other than CustomStatements).
func (g *samPolicyGen) wouldGenerate(rp *graph.Field) bool {
	for _, k := range []string{"AwsAccountWhitelist", "AwsAccountBlacklist", "IpRangeWhitelist", "IpRangeBlacklist",
		"SourceVpcWhitelist", "SourceVpcBlacklist", "IntrinsicVpcWhitelist", "IntrinsicVpcBlacklist",
		"IntrinsicVpceWhitelist", "IntrinsicVpceBlacklist"} {
		if f := rp.Value.Field(k); f != nil && samTruthy(f.Value) {
			return true
		}
	}
	return false
}

// fromResourcePolicy adds the statements for one ResourcePolicy map, in the
// order SAM adds them.
func (g *samPolicyGen) fromResourcePolicy(rp *graph.Field, rpSyn *syntax.Node, resource func(source.Range) *graph.Value) {
	if !g.docAt.IsValid() {
		g.docAt = samEntryRange(rp)
	}
	m := rp.Value
	if m.Kind != graph.KindMap {
		return
	}
	entry := func(k string) (*graph.Field, *syntax.Node) {
		f := m.Field(k)
		if f == nil || f.Value.IsAbsent() {
			return nil, nil
		}
		return f, rpSyn.Get(k)
	}
	for _, acct := range []struct{ key, effect string }{{"AwsAccountWhitelist", "Allow"}, {"AwsAccountBlacklist", "Deny"}} {
		f, _ := entry(acct.key)
		if f == nil || !samTruthy(f.Value) {
			continue
		}
		r := samEntryRange(f)
		var list *graph.Value
		switch f.Value.Kind {
		case graph.KindList:
			list = f.Value
		case graph.KindString, graph.KindNumber, graph.KindBool:
			g.s.t.l.warnf(f.Value.Range, "%s must be a list; the SAM transform rejects a single value", acct.key)
			continue
		default:
			list = samDerivedList(f.Value.Range, f.Value)
		}
		principal := samDerivedMap(r, &graph.Field{Key: "AWS", KeyRange: f.KeyRange, Value: list})
		g.stmts = append(g.stmts, g.statement(r, acct.effect, principal, resource(r), nil))
	}
	for _, ip := range []struct{ key, op string }{{"IpRangeWhitelist", "NotIpAddress"}, {"IpRangeBlacklist", "IpAddress"}} {
		f, _ := entry(ip.key)
		if f == nil || !samTruthy(f.Value) {
			continue
		}
		r := samEntryRange(f)
		list := f.Value
		if list.Kind != graph.KindList {
			list = samDerivedList(f.Value.Range, f.Value)
		}
		cond := samDerivedMap(r, &graph.Field{Key: ip.op, KeyRange: f.KeyRange,
			Value: samDerivedMap(r, &graph.Field{Key: "aws:SourceIp", KeyRange: f.KeyRange, Value: list})})
		g.allowDeny(r, resource, cond)
	}
	for _, vpc := range []struct{ src, vpcKey, vpceKey, op string }{
		{"SourceVpcBlacklist", "IntrinsicVpcBlacklist", "IntrinsicVpceBlacklist", "StringEquals"},
		{"SourceVpcWhitelist", "IntrinsicVpcWhitelist", "IntrinsicVpceWhitelist", "StringNotEquals"},
	} {
		var vpcs, vpces []*graph.Value
		var hasVpc, hasVpce bool
		var r source.Range
		var keyAt source.Range
		note := func(f *graph.Field) {
			if !r.IsValid() {
				r, keyAt = samEntryRange(f), f.KeyRange
			}
		}
		if f, syn := entry(vpc.src); f != nil {
			note(f)
			ok := true
			vals := g.s.samList(f.Value, syn, vpc.src)
			for i, e := range vals {
				if syn != nil && syn.Kind == syntax.Sequence && len(syn.Items) == len(vals) && !g.s.isParamRef(syn.Items[i]) {
					if fn, _ := intrinsicOf(syn.Items[i]); fn != "" {
						// SAM resolves only parameter references here; any
						// other function is a map to it, which it rejects.
						ok = false
						g.s.t.l.warnf(e.Range, "%s must be a list of strings (use IntrinsicVpcWhitelist or IntrinsicVpceWhitelist for intrinsic functions); the SAM transform rejects %s", vpc.src, fn)
						continue
					}
				}
				if str, known := e.String(); known && e.Kind == graph.KindString {
					switch {
					case strings.HasPrefix(str, "vpce-"):
						vpces, hasVpce = append(vpces, e), true
					case strings.HasPrefix(str, "vpc-"):
						vpcs, hasVpc = append(vpcs, e), true
					case e.Prov == graph.Default && e.Param != "":
						// Only the parameter's default is not an id (often a
						// placeholder such as "<VPC ID here>"); the value
						// given at deploy is unknown, so treat it as such.
						g.s.t.l.warnf(e.Range, "%s entry %q (the default of parameter %s) is neither a vpc- nor a vpce- id; papilint treats the parameter's deployed value as unknown", vpc.src, str, e.Param)
						u := &graph.Value{Kind: graph.KindUnknown, Prov: graph.Unknown, Range: e.Range, Param: e.Param,
							Reason: "the default of parameter " + e.Param + " is not a VPC or endpoint id"}
						vpcs, vpces, hasVpc, hasVpce = append(vpcs, u), append(vpces, u), true, true
					case syn == nil || syn.Kind == syntax.Sequence:
						g.s.t.l.warnf(e.Range, "%s entry %q is neither a vpc- nor a vpce- id; the SAM transform leaves it out of the policy", vpc.src, str)
					}
					continue
				}
				if e.Kind == graph.KindUnknown && e.Param != "" {
					// A parameter without default: SAM sees its value at
					// deploy and files it under one key by its prefix. A
					// vpc- id never matches aws:SourceVpce and a vpce- id
					// never matches aws:SourceVpc, so listing it under both
					// keys means the same.
					vpcs, vpces, hasVpc, hasVpce = append(vpcs, e), append(vpces, e), true, true
					continue
				}
				ok = false
				g.s.t.l.warnf(e.Range, "%s must be a list of strings (use IntrinsicVpcWhitelist or IntrinsicVpceWhitelist for intrinsic functions); the SAM transform rejects %s", vpc.src, e.Display())
			}
			if !ok {
				vpcs, vpces, hasVpc, hasVpce = nil, nil, false, false
			}
		}
		if f, syn := entry(vpc.vpcKey); f != nil {
			note(f)
			vpcs = append(vpcs, g.s.samList(f.Value, syn, vpc.vpcKey)...)
			hasVpc = true
		}
		if f, syn := entry(vpc.vpceKey); f != nil {
			note(f)
			vpces = append(vpces, g.s.samList(f.Value, syn, vpc.vpceKey)...)
			hasVpce = true
		}
		if len(vpcs) == 0 && len(vpces) == 0 {
			continue
		}
		keys := samDerivedMap(r)
		if hasVpc {
			keys.Fields = append(keys.Fields, &graph.Field{Key: "aws:SourceVpc", KeyRange: keyAt, Value: samDerivedList(r, vpcs...)})
		}
		if hasVpce {
			keys.Fields = append(keys.Fields, &graph.Field{Key: "aws:SourceVpce", KeyRange: keyAt, Value: samDerivedList(r, vpces...)})
		}
		cond := samDerivedMap(r, &graph.Field{Key: vpc.op, KeyRange: keyAt, Value: keys})
		g.allowDeny(r, resource, cond)
	}
}

// samList returns the elements SAM reads from a VPC or VPC-endpoint list.
// SAM extends a Python list with the value, so a list gives its elements, a
// string its single characters, and an intrinsic function (a map to SAM)
// its function name: IntrinsicVpceWhitelist: !Ref Endpoint yields the
// value "Ref", which matches no endpoint
// (https://github.com/aws/serverless-application-model/issues/3764).
func (s *samAPI) samList(v *graph.Value, syn *syntax.Node, key string) []*graph.Value {
	if v.Kind == graph.KindList {
		return v.List
	}
	fn, _ := intrinsicOf(syn)
	if fn != "" && !s.isParamRef(syn) {
		s.t.l.warnf(v.Range, "%s is a single %s, not a list; the SAM transform then uses the function name %q as the value, which matches nothing", key, fn, fn)
		return []*graph.Value{graph.NewString(fn, graph.Derived, v.Range)}
	}
	if syn != nil && syn.Kind == syntax.Mapping && fn == "" {
		var out []*graph.Value
		for _, f := range v.Fields {
			out = append(out, graph.NewString(f.Key, graph.Derived, f.KeyRange))
		}
		s.t.l.warnf(v.Range, "%s is a map, not a list; the SAM transform uses its keys as the values", key)
		return out
	}
	if v.Kind == graph.KindString {
		s.t.l.warnf(v.Range, "%s is a single string, not a list; the SAM transform splits it into single characters, which match nothing", key)
		var out []*graph.Value
		for _, r := range v.Str {
			c := &graph.Value{Kind: graph.KindString, Str: string(r), Prov: graph.Derived, Range: v.Range, Param: v.Param}
			if v.Prov == graph.Default {
				c.Prov = graph.Default
			}
			out = append(out, c)
		}
		return out
	}
	if v.Kind == graph.KindNumber || v.Kind == graph.KindBool {
		s.t.l.warnf(v.Range, "%s is a single %s, not a list; the SAM transform fails on it", key, v.Kind)
		return nil
	}
	// Unknown (a parameter without default, an undecided condition): SAM
	// splits a string value into characters and takes a list as it is, so
	// the elements are not known.
	return []*graph.Value{v}
}

// isParamRef reports whether a node is a Ref to a parameter (or to a pseudo
// parameter SAM knows), which SAM replaces by the parameter's value before
// reading Auth and Domain.
func (s *samAPI) isParamRef(n *syntax.Node) bool {
	fn, arg := intrinsicOf(n)
	if fn != "Ref" || arg == nil || arg.Kind != syntax.Scalar {
		return false
	}
	_, isParam := s.t.params[arg.Value]
	return isParam || arg.Value == "AWS::Region" || arg.Value == "AWS::Partition"
}

// allowDeny adds SAM's pair of statements: allow everyone, deny unless the
// condition says otherwise. Identical statements are added once.
func (g *samPolicyGen) allowDeny(r source.Range, resource func(source.Range) *graph.Value, cond *graph.Value) {
	star := func() *graph.Value { return graph.NewString("*", graph.Derived, r) }
	for _, st := range []*graph.Value{
		g.statement(r, "Allow", star(), resource(r), nil),
		g.statement(r, "Deny", star(), resource(r), cond),
	} {
		if !samContains(g.stmts, st) {
			g.stmts = append(g.stmts, st)
		}
	}
}

func (g *samPolicyGen) statement(r source.Range, effect string, principal, resource, cond *graph.Value) *graph.Value {
	st := samDerivedMap(r,
		&graph.Field{Key: "Effect", KeyRange: r, Value: graph.NewString(effect, graph.Derived, r)},
		&graph.Field{Key: "Principal", KeyRange: r, Value: principal},
		&graph.Field{Key: "Action", KeyRange: r, Value: graph.NewString("execute-api:Invoke", graph.Derived, r)},
		&graph.Field{Key: "Resource", KeyRange: r, Value: samDerivedList(r, resource)},
	)
	if cond != nil {
		st.Fields = append(st.Fields, &graph.Field{Key: "Condition", KeyRange: r, Value: cond})
	}
	return st
}

// custom adds CustomStatements as written.
func (g *samPolicyGen) custom(rp *graph.Field) {
	if rp.Value.Kind != graph.KindMap {
		return
	}
	f := rp.Value.Field("CustomStatements")
	if f == nil || !samTruthy(f.Value) {
		return
	}
	if !g.docAt.IsValid() {
		g.docAt = samEntryRange(rp)
	}
	cs := f.Value
	if len(g.stmts) == 0 && g.single == nil && cs.Kind != graph.KindList {
		g.single = cs
		return
	}
	if g.single != nil {
		g.stmts = append(g.stmts, g.single)
		g.single = nil
	}
	items := []*graph.Value{cs}
	if cs.Kind == graph.KindList {
		items = cs.List
	}
	for _, st := range items {
		if !samContains(g.stmts, st) {
			g.stmts = append(g.stmts, st)
		}
	}
}

// attach puts the generated statements where the rules read policies. SAM
// writes them into the definition's x-amazon-apigateway-policy, merged
// with a policy already there; papilint does the same when the inline
// definition has a policy, and otherwise sets the RestApi's Policy.
func (s *samAPI) attach(g *samPolicyGen) {
	props := s.n.Props
	r := g.docAt
	stmts := g.stmts
	var statement *graph.Value
	if g.single != nil {
		statement = g.single
	} else {
		statement = samDerivedList(r, stmts...)
	}
	newDoc := func() *graph.Value {
		return samDerivedMap(r,
			&graph.Field{Key: "Version", KeyRange: r, Value: graph.NewString("2012-10-17", graph.Derived, r)},
			&graph.Field{Key: "Statement", KeyRange: r, Value: statement})
	}
	body := props.Field("DefinitionBody")
	if body != nil && body.Value.Kind == graph.KindMap {
		if pf := body.Value.Field("x-amazon-apigateway-policy"); pf != nil && pf.Value.Kind == graph.KindMap {
			pf.Value = samMergeStatements(pf.Value, g, r)
			return
		}
	}
	if props.Get("Policy").IsAbsent() {
		samSetField(props, "Policy", r, newDoc())
		return
	}
	if body != nil && body.Value.Kind == graph.KindMap {
		samSetField(body.Value, "x-amazon-apigateway-policy", r, newDoc())
		return
	}
	if pf := props.Field("Policy"); pf.Value.Kind == graph.KindMap {
		// SAM would write a second policy into the definition it generates;
		// papilint has no definition to hold it and adds the statements to
		// Policy instead.
		pf.Value = samMergeStatements(pf.Value, g, r)
		return
	}
	s.t.l.warnf(r, "the policy SAM generates from Auth.ResourcePolicy of %s cannot be combined with its Policy; it is not checked", s.n.Name)
}

// samMergeStatements returns a copy of a policy document with the generated
// statements added after its own.
func samMergeStatements(doc *graph.Value, g *samPolicyGen, r source.Range) *graph.Value {
	cp := *doc
	cp.Fields = append([]*graph.Field(nil), doc.Fields...)
	var existing []*graph.Value
	sf := cp.Field("Statement")
	if sf != nil {
		if sf.Value.Kind == graph.KindList {
			existing = sf.Value.List
		} else if !sf.Value.IsAbsent() {
			existing = []*graph.Value{sf.Value}
		}
	}
	add := g.stmts
	if g.single != nil {
		add = append(add, g.single)
	}
	list := &graph.Value{Kind: graph.KindList, Prov: graph.Derived, Range: r, List: append([]*graph.Value(nil), existing...)}
	if sf != nil && sf.Value.Kind == graph.KindList {
		list.Range, list.Prov = sf.Value.Range, sf.Value.Prov
	}
	for _, st := range add {
		if !samContains(list.List, st) {
			list.List = append(list.List, st)
		}
	}
	if cp.Get("Version").IsAbsent() {
		samSetField(&cp, "Version", r, graph.NewString("2012-10-17", graph.Derived, r))
	}
	key := r
	if sf != nil {
		key = sf.KeyRange
	}
	samSetField(&cp, "Statement", key, list)
	return &cp
}

// ---------------------------------------------------------------------------
// helpers

// samTruthy is Python truthiness, which SAM uses to decide whether a
// property is set: empty strings, lists and maps, false, 0 and null are
// not.
func samTruthy(v *graph.Value) bool {
	if v == nil {
		return false
	}
	switch v.Kind {
	case graph.KindNull:
		return false
	case graph.KindString:
		return v.Str != ""
	case graph.KindBool:
		return v.Bool
	case graph.KindNumber:
		return v.Number() != 0
	case graph.KindList:
		return len(v.List) > 0
	case graph.KindMap:
		return len(v.Fields) > 0
	}
	return true
}

// samEntryRange covers a map entry from its key to the end of its value.
func samEntryRange(f *graph.Field) source.Range {
	vr := f.Value.Range
	kr := f.KeyRange
	if kr.IsValid() && vr.IsValid() && kr.File == vr.File && kr.Start.Offset <= vr.Start.Offset {
		return kr.File.Range(int(kr.Start.Offset), int(vr.End.Offset))
	}
	if vr.IsValid() {
		return vr
	}
	return kr
}

func samDerivedList(r source.Range, items ...*graph.Value) *graph.Value {
	return &graph.Value{Kind: graph.KindList, Prov: graph.Derived, Range: r, List: items}
}

func samDerivedMap(r source.Range, fields ...*graph.Field) *graph.Value {
	return &graph.Value{Kind: graph.KindMap, Prov: graph.Derived, Range: r, Fields: fields}
}

func samSetField(m *graph.Value, key string, keyRange source.Range, v *graph.Value) {
	if f := m.Field(key); f != nil {
		f.Value = v
		return
	}
	m.Fields = append(m.Fields, &graph.Field{Key: key, KeyRange: keyRange, Value: v})
}

func samRemoveField(m *graph.Value, key string) {
	out := m.Fields[:0]
	for _, f := range m.Fields {
		if f.Key != key {
			out = append(out, f)
		}
	}
	m.Fields = out
}

func samContains(list []*graph.Value, v *graph.Value) bool {
	for _, e := range list {
		if samSameValue(e, v) {
			return true
		}
	}
	return false
}

// samSameValue compares two values by content, ignoring ranges and provenance
// (maps regardless of key order, as Python compares dicts).
func samSameValue(a, b *graph.Value) bool {
	if a == b {
		return true
	}
	if a == nil || b == nil || a.Kind != b.Kind {
		return false
	}
	switch a.Kind {
	case graph.KindNull:
		return true
	case graph.KindString, graph.KindNumber:
		return a.Str == b.Str
	case graph.KindBool:
		return a.Bool == b.Bool
	case graph.KindRef:
		return a.Ref.Same(b.Ref)
	case graph.KindList:
		return samSameValues(a.List, b.List)
	case graph.KindConcat:
		return samSameValues(a.Parts, b.Parts)
	case graph.KindChoice:
		return samSameValues(a.Alts, b.Alts)
	case graph.KindMap:
		if len(a.Fields) != len(b.Fields) {
			return false
		}
		for _, f := range a.Fields {
			o := b.Field(f.Key)
			if o == nil || !samSameValue(f.Value, o.Value) {
				return false
			}
		}
		return true
	}
	return false
}

func samSameValues(a, b []*graph.Value) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !samSameValue(a[i], b[i]) {
			return false
		}
	}
	return true
}
