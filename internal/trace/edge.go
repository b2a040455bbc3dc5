package trace

import (
	"sort"
	"strconv"
	"strings"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/iam"
	"github.com/papilint/papilint/internal/model/netpath"
	"github.com/papilint/papilint/internal/model/pattern"
	"github.com/papilint/papilint/internal/model/tlscert"
	"github.com/papilint/papilint/internal/requestpath"
	"github.com/papilint/papilint/internal/source"
)

// The part of the trace before API Gateway: DNS, the load balancer and
// what it forwards to.

// nameMatch compares a name value with the request's host: yes, no, or
// unknown (a branch that is not a known string).
func nameMatch(v *graph.Value, host string, wildcard bool) (match, known bool) {
	if v.IsAbsent() {
		return false, true
	}
	known = true
	for _, b := range v.Branches() {
		s, ok := b.String()
		if !ok || b.Kind != graph.KindString {
			known = false
			continue
		}
		n := tlscert.Normalize(s)
		if n == host || (wildcard && tlscert.Covers(n, host)) {
			return true, true
		}
	}
	return false, known
}

func (t *tracer) customDomain() {
	host := t.req.Host
	// DNS: the record sets named for the host.
	var matched, unsure []pattern.RecordSet
	for _, rs := range pattern.RecordSets(t.g) {
		m, known := nameMatch(rs.Name(), host, true)
		switch {
		case m:
			matched = append(matched, rs)
		case !known:
			unsure = append(unsure, rs)
		}
	}
	// An exact name wins over a wildcard record.
	sort.SliceStable(matched, func(i, j int) bool {
		ei, _ := nameMatch(matched[i].Name(), host, false)
		ej, _ := nameMatch(matched[j].Name(), host, false)
		return ei && !ej
	})
	var lb *graph.Node
	switch {
	case len(matched) > 0:
		rs := matched[0]
		for _, v := range rs.Targets() {
			if n := pattern.NamesLoadBalancer(t.g, v); n != nil {
				lb = n
			}
		}
		if lb == nil {
			for _, v := range rs.Targets() {
				if d := t.regionalDomainOf(v); d != nil {
					t.fail(requestpath.DNSRecord, rs.Node, at(rs.Node, v), Outcome{Kind: Undecided,
						Summary: "the record sends " + host + " to API Gateway's regional front end of custom domain " + d.Display() + ", not through the load balancer and the VPC endpoint; what that front end answers for a private API is not documented (pattern.md §6.4)"},
						"record %s points %s at the regional domain name of %s, bypassing the load balancer", rs.Node.Display(), host, d.Display())
					return
				}
			}
			where := rs.Node.Header
			if ts := rs.Targets(); len(ts) > 0 {
				where = at(rs.Node, ts[0])
			}
			t.fail(requestpath.DNSRecord, rs.Node, where, Outcome{Kind: Undecided,
				Summary: "record " + rs.Node.Display() + " does not point " + host + " at a load balancer of the scan"},
				"record %s points %s at something other than a load balancer of the scan", rs.Node.Display(), host)
			return
		}
		t.ok(requestpath.DNSRecord, rs.Node, at(rs.Node, rs.Name()), "%s resolves to load balancer %s%s", host, lb.Display(), fromDefault(rs.Name()))
	case len(unsure) > 0:
		rs := unsure[0]
		for _, v := range rs.Targets() {
			if n := pattern.NamesLoadBalancer(t.g, v); n != nil {
				lb = n
			}
		}
		t.unknown(requestpath.DNSRecord, rs.Node, at(rs.Node, rs.Name()), "whether record %s is named %s depends on %s", rs.Node.Display(), host, describe(rs.Name()))
		if lb == nil {
			return
		}
	default:
		// No record in the scan: the name may be managed elsewhere. Follow
		// the load balancer that serves a custom domain of that name, when
		// exactly one does.
		lbs := t.servingLoadBalancers()
		switch len(lbs) {
		case 0:
			t.unknown(requestpath.DNSRecord, nil, source.Range{}, "no DNS record for %s and no load balancer serving a custom domain of that name in the scan", host)
			return
		case 1:
			lb = lbs[0]
			t.note(requestpath.DNSRecord, nil, source.Range{}, "no DNS record for %s in the scan; following load balancer %s, the one that serves a custom domain of that name", host, lb.Display())
		default:
			t.unknown(requestpath.DNSRecord, nil, source.Range{}, "no DNS record for %s in the scan, and %d load balancers serve a custom domain of that name", host, len(lbs))
			return
		}
	}
	t.loadBalancer(lb)
}

// regionalDomainOf returns the custom domain whose RegionalDomainName (or
// distribution name) a record target refers to.
func (t *tracer) regionalDomainOf(v *graph.Value) *graph.Node {
	var found *graph.Node
	v.Walk(func(x *graph.Value) {
		if found == nil && x.Ref != nil && (x.Ref.Attr == "RegionalDomainName" || x.Ref.Attr == "DistributionDomainName") {
			if n := t.g.Resolve(x); n != nil && (n.Kind == graph.DomainName || n.Kind == graph.DomainNameHTTP) {
				found = n
			}
		}
	})
	return found
}

// servingLoadBalancers returns the load balancers of pattern instances
// that serve a custom domain named like the request's host.
func (t *tracer) servingLoadBalancers() []*graph.Node {
	seen := map[graph.NodeID]bool{}
	var out []*graph.Node
	for _, inst := range t.m.Instances {
		for _, d := range t.m.ServedDomains(t.g, inst) {
			if m, _ := nameMatch(d.Name, t.req.Host, false); m && !seen[inst.LoadBalancer.ID] {
				seen[inst.LoadBalancer.ID] = true
				out = append(out, inst.LoadBalancer)
			}
		}
	}
	return out
}

func (t *tracer) loadBalancer(lb *graph.Node) {
	t.lb = lb
	scheme := lb.Prop("Scheme")
	s, ok := scheme.String()
	switch {
	case ok && strings.EqualFold(s, "internal"):
		t.ok(requestpath.LoadBalancer, lb, at(lb, scheme), "load balancer %s is internal%s", lb.Display(), fromDefault(scheme))
	case ok || scheme.IsAbsent():
		t.note(requestpath.LoadBalancer, lb, at(lb, scheme), "load balancer %s is internet-facing, so the private API answers the internet too (PAPI030)", lb.Display())
	default:
		t.note(requestpath.LoadBalancer, lb, at(lb, scheme), "load balancer %s: whether it is internal depends on %s", lb.Display(), describe(scheme))
	}
	if typ, ok := lb.Prop("Type").String(); ok && !strings.EqualFold(typ, "application") {
		t.unknown(requestpath.LoadBalancer, lb, at(lb, lb.Prop("Type")), "load balancer %s is a %s load balancer; papilint traces application load balancers only", lb.Display(), typ)
		return
	}

	// The listener on the request's port.
	var listeners []*graph.Node
	var unsure *graph.Node
	for _, e := range t.g.EdgesTo(lb.ID) {
		l := t.g.Node(e.From)
		if l == nil || l.Kind != graph.Listener || len(e.Path) == 0 || e.Path[0] != "LoadBalancerArn" {
			continue
		}
		p, ok := l.Prop("Port").Int()
		switch {
		case !ok:
			if unsure == nil {
				unsure = l
			}
		case p == t.req.Port:
			listeners = append(listeners, l)
		}
	}
	sort.Slice(listeners, func(i, j int) bool { return listeners[i].ID < listeners[j].ID })
	if len(listeners) == 0 {
		if unsure != nil {
			t.unknown(requestpath.Listener, unsure, at(unsure, unsure.Prop("Port")), "whether listener %s listens on port %d depends on %s", unsure.Display(), t.req.Port, describe(unsure.Prop("Port")))
			return
		}
		t.fail(requestpath.Listener, lb, lb.Header, Outcome{Kind: ClientError, Summary: "no listener of " + lb.Display() + " listens on port " + strconv.Itoa(t.req.Port),
			Body: "the connection to port " + strconv.Itoa(t.req.Port) + " is refused or times out (no listener)"},
			"load balancer %s has no listener on port %d", lb.Display(), t.req.Port)
		return
	}
	l := listeners[0]
	if !t.listener(lb, l) {
		return
	}
	t.rules(lb, l)
}

// listener checks the listener's protocol against the URL's scheme and its
// certificates against the host; false when the trace cannot go on.
func (t *tracer) listener(lb, l *graph.Node) bool {
	proto := l.Prop("Protocol")
	p, ok := proto.String()
	p = strings.ToUpper(p)
	switch {
	case !ok && proto.IsAbsent():
		t.unknown(requestpath.Listener, l, l.Header, "listener %s sets no Protocol", l.Display())
		return false
	case !ok:
		t.unknown(requestpath.Listener, l, at(l, proto), "the protocol of listener %s depends on %s", l.Display(), describe(proto))
		return false
	case t.req.Scheme == "https" && p == "HTTP":
		t.fail(requestpath.Listener, l, at(l, proto), Outcome{Kind: ClientError, Summary: "the client opens TLS to a listener that speaks plain HTTP",
			Body: "TLS handshake fails at the client: listener " + l.Display() + " on port " + strconv.Itoa(t.req.Port) + " speaks plain HTTP"},
			"listener %s speaks HTTP, the URL asks for https", l.Display())
		return false
	case t.req.Scheme == "http" && p == "HTTPS":
		t.fail(requestpath.Listener, l, at(l, proto), Outcome{Kind: ClientError, Summary: "the client sends plain HTTP to a listener that expects TLS",
			Body: "the request fails: listener " + l.Display() + " on port " + strconv.Itoa(t.req.Port) + " expects TLS"},
			"listener %s speaks HTTPS, the URL asks for http", l.Display())
		return false
	case p != "HTTPS" && p != "HTTP":
		t.unknown(requestpath.Listener, l, at(l, proto), "listener %s speaks %s; papilint traces HTTP and HTTPS listeners", l.Display(), p)
		return false
	}
	if p == "HTTPS" {
		certs := pattern.ListenerCertificates(t.g, l)
		hostValue := graph.NewString(t.req.Host, graph.Literal, source.Range{})
		res := tlscert.Check(t.g, certs, hostValue)
		where := at(l, l.Prop("Certificates"))
		var certNode *graph.Node = l
		if len(res.Certs) > 0 {
			certNode = res.Certs[0]
			where = at(certNode, certNode.Prop("DomainName"))
		}
		switch res.Verdict {
		case tlscert.Covered:
			t.ok(requestpath.Listener, l, at(l, proto), "listener %s: HTTPS on port %d, certificate %s covers %s%s", l.Display(), t.req.Port, certNode.Display(), t.req.Host, fromDefault(res.Values...))
		case tlscert.NotCovered:
			t.fail(requestpath.Listener, certNode, where, Outcome{Kind: ClientError,
				Summary: "no certificate of listener " + l.Display() + " covers " + t.req.Host + " (names: " + strings.Join(res.Names, ", ") + ")" + fromDefault(res.Values...),
				Body:    "TLS name mismatch at the client, e.g. curl: SSL: no alternative certificate subject name matches target host name '" + t.req.Host + "'"},
				"the certificates of listener %s (%s) do not cover %s%s", l.Display(), strings.Join(res.Names, ", "), t.req.Host, fromDefault(res.Values...))
			return false
		default:
			// What is not known: a name of a certificate of the scan, or
			// an ARN that names no certificate of the scan.
			var v *graph.Value
			what := "a certificate papilint cannot read"
			for _, x := range res.Values[1:] {
				if tlscert.Resolve(t.g, x) == nil && !x.IsKnown() {
					v, what = x, describe(x)
					break
				}
			}
			if v == nil {
				for _, x := range res.Values[1:] {
					if s, ok := x.String(); ok && tlscert.Resolve(t.g, x) == nil && strings.HasPrefix(s, "arn:") {
						v, what = x, "certificate "+s+", which is not in the scan"
						break
					}
				}
			}
			if v != nil && v.Range.IsValid() {
				where = v.Range
			}
			t.unknown(requestpath.Listener, l, where, "whether the certificate of listener %s covers %s depends on %s", l.Display(), t.req.Host, what)
		}
	} else {
		t.note(requestpath.Listener, l, at(l, proto), "listener %s: plain HTTP on port %d", l.Display(), t.req.Port)
	}
	if t.req.Port != 443 && t.req.Port != 80 {
		if v, _ := lbAttribute(lb, "routing.http.preserve_host_header.enabled").BoolValue(); !v {
			t.unknown(requestpath.Listener, l, at(l, l.Prop("Port")), "listener %s is on port %d, so the load balancer sends Host: %s:%d; whether API Gateway matches a custom domain then is not documented (pattern.md §15)", l.Display(), t.req.Port, t.req.Host, t.req.Port)
		}
	}
	return true
}

// lbAttribute returns a load balancer attribute's value, or nil.
func lbAttribute(lb *graph.Node, key string) *graph.Value {
	for _, a := range lb.Prop("LoadBalancerAttributes").Items() {
		if k, _ := a.Get("Key").String(); k == key {
			return a.Get("Value")
		}
	}
	return nil
}

// rules picks the listener rule (or default action) the request matches.
func (t *tracer) rules(lb, l *graph.Node) {
	type ruled struct {
		n   *graph.Node
		pri int
	}
	var rs []ruled
	for _, e := range t.g.EdgesTo(l.ID) {
		n := t.g.Node(e.From)
		if n == nil || n.Kind != graph.ListenerRule || len(e.Path) == 0 || e.Path[0] != "ListenerArn" {
			continue
		}
		p, ok := n.Prop("Priority").Int()
		if !ok {
			t.unknown(requestpath.ListenerRule, n, at(n, n.Prop("Priority")), "the priority of listener rule %s depends on %s", n.Display(), describe(n.Prop("Priority")))
			return
		}
		rs = append(rs, ruled{n, p})
	}
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].pri < rs[j].pri })
	for _, r := range rs {
		match, why, v := t.ruleMatches(r.n)
		switch match {
		case yes:
			t.ok(requestpath.ListenerRule, r.n, r.n.Header, "listener rule %s (priority %d) matches %s %s", r.n.Display(), r.pri, t.req.Host, t.req.Path)
			t.actions(lb, r.n, r.n.Prop("Actions"))
			return
		case maybe:
			t.unknown(requestpath.ListenerRule, r.n, at(r.n, v), "whether listener rule %s matches depends on %s", r.n.Display(), why)
			return
		}
	}
	t.ok(requestpath.ListenerRule, l, at(l, l.Prop("DefaultActions")), "no listener rule matches; the default action of listener %s applies", l.Display())
	t.actions(lb, l, l.Prop("DefaultActions"))
}

type tri uint8

const (
	no tri = iota
	yes
	maybe
)

// ruleMatches evaluates a rule's conditions on the request.
func (t *tracer) ruleMatches(rule *graph.Node) (tri, string, *graph.Value) {
	rp := pattern.ListenerRulePaths(rule)
	if rp.Rewrites {
		return maybe, "its transforms, which rewrite the request", rule.Prop("Transforms")
	}
	conds := rule.Prop("Conditions")
	if rp.Unreadable {
		return maybe, describe(conds), conds
	}
	for _, c := range conds.Items() {
		field, _ := c.Get("Field").String()
		switch strings.ToLower(field) {
		case "host-header", "path-pattern":
		case "http-request-method":
			vals := c.Path("HttpRequestMethodConfig", "Values")
			list, ok := vals.Strings()
			if !ok {
				return maybe, describe(vals), vals
			}
			hit := false
			for _, m := range list {
				hit = hit || strings.EqualFold(m, t.req.Method)
			}
			if !hit {
				return no, "", nil
			}
		default:
			return maybe, "its " + field + " condition, which papilint does not evaluate", c
		}
	}
	if m, known := rp.MatchesHost(t.req.Host); !known {
		return maybe, "a host-header value that is not known before deploy", conds
	} else if !m {
		return no, "", nil
	}
	if len(rp.Paths) == 0 {
		return yes, "", nil
	}
	for _, p := range rp.Paths {
		for _, b := range p.Branches() {
			s, ok := b.String()
			if !ok {
				return maybe, describe(p), p
			}
			if albPathMatch(s, t.req.Path) {
				return yes, "", nil
			}
		}
	}
	return no, "", nil
}

// albPathMatch matches an ALB path pattern: case-sensitive, "*" any run of
// characters, "?" one character.
func albPathMatch(pat, s string) bool {
	if pat == "" {
		return s == ""
	}
	switch pat[0] {
	case '*':
		for i := 0; i <= len(s); i++ {
			if albPathMatch(pat[1:], s[i:]) {
				return true
			}
		}
		return false
	case '?':
		return s != "" && albPathMatch(pat[1:], s[1:])
	}
	return s != "" && s[0] == pat[0] && albPathMatch(pat[1:], s[1:])
}

// actions follows the first action of a listener or rule.
func (t *tracer) actions(lb, owner *graph.Node, acts *graph.Value) {
	if acts.Kind != graph.KindList || len(acts.List) == 0 {
		t.unknown(requestpath.ListenerRule, owner, at(owner, acts), "the actions of %s depend on %s", owner.Display(), describe(acts))
		return
	}
	// Authentication actions come first; the last action decides.
	act := acts.List[len(acts.List)-1]
	for _, a := range acts.List {
		if o, ok := a.Get("Order").Int(); ok {
			if lo, ok2 := act.Get("Order").Int(); !ok2 || o > lo {
				act = a
			}
		}
	}
	typ, ok := act.Get("Type").String()
	if !ok {
		t.unknown(requestpath.ListenerRule, owner, at(owner, act), "the action type of %s depends on %s", owner.Display(), describe(act.Get("Type")))
		return
	}
	for _, a := range acts.List {
		if at, _ := a.Get("Type").String(); strings.HasPrefix(strings.ToLower(at), "authenticate") {
			t.unknown(requestpath.ListenerRule, owner, a.Range, "%s authenticates the client first (%s); its answer depends on the client", owner.Display(), at)
			return
		}
	}
	switch strings.ToLower(typ) {
	case "fixed-response":
		code, _ := act.Path("FixedResponseConfig", "StatusCode").Int()
		body, _ := act.Path("FixedResponseConfig", "MessageBody").String()
		t.fail(requestpath.ListenerRule, owner, at(owner, act), Outcome{Kind: ErrorResponse, Status: code, Body: body,
			Summary: "the load balancer answers itself with a fixed response"}, "%s answers with a fixed response", owner.Display())
		return
	case "redirect":
		code := 302
		if s, _ := act.Path("RedirectConfig", "StatusCode").String(); strings.HasSuffix(s, "301") {
			code = 301
		}
		t.fail(requestpath.ListenerRule, owner, at(owner, act), Outcome{Kind: ErrorResponse, Status: code, Summary: "the load balancer redirects the request"},
			"%s redirects the request", owner.Display())
		return
	case "forward":
	default:
		t.unknown(requestpath.ListenerRule, owner, at(owner, act), "%s has a %s action, which papilint does not follow", owner.Display(), typ)
		return
	}
	tgs := graph.ForwardTargetGroups(acts)
	if len(tgs) != 1 {
		t.unknown(requestpath.ListenerRule, owner, at(owner, act), "%s forwards to %d target groups; which one gets the request is decided by weights", owner.Display(), len(tgs))
		return
	}
	tg := t.g.Resolve(tgs[0])
	if tg == nil || tg.Kind != graph.TargetGroup {
		t.unknown(requestpath.TargetGroup, owner, at(owner, tgs[0]), "%s forwards to %s, which is not in the scan", owner.Display(), describe(tgs[0]))
		return
	}
	t.targetGroup(lb, tg)
}

func (t *tracer) targetGroup(lb, tg *graph.Node) {
	var inst *pattern.Instance
	for _, in := range t.m.Instances {
		if in.TargetGroup == tg && in.LoadBalancer == lb {
			inst = in
		}
	}
	proto, port := tg.Prop("Protocol"), tg.Prop("Port")
	ps, pok := proto.String()
	pn, nok := port.Int()
	switch {
	case !pok:
		t.unknown(requestpath.TargetGroup, tg, at(tg, proto), "the protocol of target group %s depends on %s", tg.Display(), describe(proto))
	case !nok:
		t.unknown(requestpath.TargetGroup, tg, at(tg, port), "the port of target group %s depends on %s", tg.Display(), describe(port))
	case inst == nil:
		t.fail(requestpath.TargetGroup, tg, tg.Header, Outcome{Kind: Undecided, Summary: "target group " + tg.Display() + " is not an execute-api endpoint's: the request goes to a backend papilint does not trace"},
			"target group %s: its targets are not the addresses of an execute-api endpoint", tg.Display())
		return
	case !strings.EqualFold(ps, "HTTPS"):
		t.fail(requestpath.TargetGroup, tg, at(tg, proto), Outcome{Kind: ErrorResponse, Status: 502, Body: "Bad Gateway (the load balancer's error page)",
			Summary: "the load balancer speaks " + ps + " to the endpoint, which accepts only HTTPS on 443 (pattern.md §7)" + fromDefault(proto)},
			"target group %s uses %s; the execute-api endpoint accepts only HTTPS", tg.Display(), ps)
		return
	case pn != 443:
		t.fail(requestpath.TargetGroup, tg, at(tg, port), Outcome{Kind: ErrorResponse, Status: 502, Body: "Bad Gateway, or Gateway Time-out with status 504 (the load balancer's error page)",
			Summary: "the load balancer connects to port " + strconv.Itoa(pn) + " of the endpoint, which listens on 443 only (pattern.md §7)" + fromDefault(port)},
			"target group %s sends to port %d; the execute-api endpoint listens on 443 only", tg.Display(), pn)
		return
	default:
		t.ok(requestpath.TargetGroup, tg, at(tg, proto), "target group %s: HTTPS to port 443", tg.Display())
	}
	if inst == nil {
		return
	}
	// Health checks: the endpoint answers them with 403.
	hcProto := tg.Prop("HealthCheckProtocol")
	matcher := tg.Prop("Matcher", "HttpCode")
	if s, ok := hcProto.String(); ok && !strings.EqualFold(s, "HTTPS") {
		t.note(requestpath.TargetGroup, tg, at(tg, hcProto), "health checks use %s, which the endpoint does not answer: every target is unhealthy, and the load balancer, failing open, still forwards to all of them", s)
	} else if codes, ok := matcher.String(); ok || matcher.IsAbsent() {
		if matcher.IsAbsent() {
			codes = "200"
		}
		if !matcherHas(codes, 403) {
			t.note(requestpath.TargetGroup, tg, at(tg, matcher), "health-check matcher %q leaves out the 403 the endpoint answers health checks with: every target is unhealthy, and the load balancer, failing open, still forwards to all of them", codes)
		}
	}
	t.targets(lb, tg, inst)
}

// matcherHas reports whether an HttpCode matcher ("200,403", "200-499")
// admits code.
func matcherHas(codes string, code int) bool {
	for _, part := range strings.Split(codes, ",") {
		part = strings.TrimSpace(part)
		if lo, hi, ok := strings.Cut(part, "-"); ok {
			a, e1 := strconv.Atoi(strings.TrimSpace(lo))
			b, e2 := strconv.Atoi(strings.TrimSpace(hi))
			if e1 == nil && e2 == nil && a <= code && code <= b {
				return true
			}
			continue
		}
		if n, err := strconv.Atoi(part); err == nil && n == code {
			return true
		}
	}
	return false
}

func (t *tracer) targets(lb, tg *graph.Node, inst *pattern.Instance) {
	if !inst.Strong || inst.Endpoint == nil {
		var v *graph.Value
		for _, x := range tg.Prop("Targets").Items() {
			v = x.Get("Id")
			break
		}
		t.unknown(Targets, tg, at(tg, v), "the targets of %s are addresses given as values (%s); whether they are the execute-api endpoint's ENIs is decided at deploy time", tg.Display(), describe(v))
		t.apiGateway(nil, inst)
		return
	}
	ep := inst.Endpoint
	where := tg.Header
	if len(inst.ENITargets) > 0 {
		where = at(tg, inst.ENITargets[0].Id)
	}
	t.ok(Targets, tg, where, "the targets are the ENI addresses of execute-api endpoint %s", ep.Display())
	if !t.endpoint(lb, ep) {
		return
	}
	t.apiGateway(ep, inst)
}

// endpoint checks the endpoint's service and security groups; false when
// the request ends there.
func (t *tracer) endpoint(lb, ep *graph.Node) bool {
	svc := ep.Prop("ServiceName")
	if _, suf, _ := svc.Affix(); suf != "" && !strings.HasSuffix(strings.ToLower(suf), "execute-api") {
		t.fail(requestpath.VPCEndpoint, ep, at(ep, svc), Outcome{Kind: Undecided, Summary: "endpoint " + ep.Display() + " is for " + svc.Display() + ", not execute-api"},
			"endpoint %s is not an execute-api endpoint (%s)", ep.Display(), svc.Display())
		return false
	}
	ids := ep.Prop("SecurityGroupIds")
	peer := t.np.PeerOf(lb)
	if ids.IsAbsent() || (ids.Kind == graph.KindList && len(ids.List) == 0) {
		t.unknown(requestpath.VPCEndpoint, ep, ep.Header, "endpoint %s is in its VPC's default security group, whose rules papilint does not trace", ep.Display())
		return true
	}
	if peer.NoSGs && !peer.Network {
		t.unknown(requestpath.VPCEndpoint, ep, lb.Header, "load balancer %s sets no security groups, so it is in its VPC's default group, whose membership papilint does not trace", lb.Display())
		return true
	}
	if !peer.NoSGs && !peer.SGsKnown {
		t.unknown(requestpath.VPCEndpoint, ep, at(lb, lb.Prop("SecurityGroups")), "whether endpoint %s admits load balancer %s depends on the load balancer's security groups, %s", ep.Display(), lb.Display(), describe(lb.Prop("SecurityGroups")))
		return true
	}
	verdict := netpath.Yes
	why := ""
	for _, b := range ids.Branches() {
		sgs, ok := t.np.SecurityGroupRefs(b)
		if !ok {
			verdict, why = netpath.Unknown, describe(ids)
			break
		}
		adm := t.np.GroupsAdmit(sgs, peer, 443)
		if adm.Verdict == netpath.No && verdict == netpath.Yes {
			verdict = netpath.No
		}
		if adm.Verdict == netpath.Unknown {
			verdict, why = netpath.Unknown, adm.Why
			break
		}
	}
	switch verdict {
	case netpath.No:
		t.fail(requestpath.VPCEndpoint, ep, at(ep, ids), Outcome{Kind: ErrorResponse, Status: 504, Body: "Gateway Time-out (the load balancer's error page)",
			Summary: "the security groups of endpoint " + ep.Display() + " admit no TCP 443 from load balancer " + lb.Display() + ": its connections time out (pattern.md §4, §7)"},
			"the security groups of endpoint %s admit no TCP 443 from load balancer %s", ep.Display(), lb.Display())
		return false
	case netpath.Unknown:
		t.unknown(requestpath.VPCEndpoint, ep, at(ep, ids), "whether the security groups of endpoint %s admit load balancer %s is not known: %s", ep.Display(), lb.Display(), why)
	default:
		t.ok(requestpath.VPCEndpoint, ep, at(ep, ids), "execute-api endpoint %s admits TCP 443 from load balancer %s", ep.Display(), lb.Display())
	}
	return true
}

// caller is the aws:SourceVpce and aws:SourceVpc the API sees: those of
// the endpoint when it is known.
func caller(ep *graph.Node) iam.Request {
	req := iam.Request{Action: iam.ActionInvoke, Anonymous: true,
		SourceVpce: iam.Operand{Kind: iam.OperandUnknown}, SourceVpc: iam.Operand{Kind: iam.OperandUnknown}}
	if ep != nil {
		req.SourceVpce = iam.RefTo(&graph.Ref{Node: ep.ID, Attr: "Ref"})
		if v := ep.Prop("VpcId"); !v.IsAbsent() {
			req.SourceVpc = iam.OperandOf(v)
		}
	}
	return req
}
