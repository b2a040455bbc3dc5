// Package pattern is the helper model that finds instances of the private
// API pattern in the graph, so rules lint only resources that take part in
// it (RULES.md "Scope", pattern.md §13.1). It reports nothing.
package pattern

import (
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/graph"
)

// Analyzer computes a *Result.
var Analyzer = &analysis.Analyzer{
	Name: "pattern",
	Run:  func(p *analysis.Pass) (any, error) { return Detect(p.Graph), nil },
}

// Instance is one ALB (or NLB) in front of an execute-api endpoint.
type Instance struct {
	LoadBalancer *graph.Node
	// Listeners are the listeners of the load balancer whose default action
	// or a rule forwards to the target group.
	Listeners []*graph.Node
	// Rules are the listener rules that forward to the target group.
	Rules       []*graph.Node
	TargetGroup *graph.Node
	// Endpoint is the execute-api endpoint whose ENI addresses are the
	// targets. It is nil for weak links (targets given as parameters or
	// literals; linking rule case (b)).
	Endpoint *graph.Node
	// Strong is true when the targets are derived from the endpoint's ENIs
	// (linking rule case (a)); weak links admit only single-resource rules.
	Strong bool
	// Domains are the custom domains whose name this load balancer serves.
	Domains []*graph.Node
	// ENITargets are the targets whose address is read from the endpoint's
	// ENIs, in the order the target group lists them (strong links only).
	ENITargets []ENITarget
}

// ENITarget is a target whose Id is the address of one of the endpoint's
// network interfaces.
type ENITarget struct {
	// Id is the target's Id value.
	Id *graph.Value
	// Index is the position of the ENI in the endpoint's
	// NetworkInterfaceIds, when the lookup says which (an AwsCustomResource
	// field "NetworkInterfaces.N.PrivateIpAddress" over the whole list);
	// -1 when it does not.
	Index int
}

// Result is the model's output.
type Result struct {
	// stacks groups the stacks (templates, Terraform configurations, CDK
	// stacks) that refer to each other; names link resources only within
	// one group.
	stacks    *stackGroups
	Instances []*Instance
	// MappedBy lists, per REST API, the mapping resources that map it on a
	// custom domain (any domain kind).
	MappedBy map[graph.NodeID][]*graph.Node
	// DomainOf gives the domain node of a mapping, when it resolves.
	DomainOf map[graph.NodeID]*graph.Node
	// PatternDomains are the domains an instance's load balancer serves.
	PatternDomains map[graph.NodeID]bool
	// InstanceTargetGroups marks the VPCE target groups.
	InstanceTargetGroups map[graph.NodeID]*Instance

	index index // lookups built on first use (index.go)
}

// Of returns the model's result from a pass (rules must Require Analyzer).
func Of(p *analysis.Pass) *Result { return p.ResultOf[Analyzer].(*Result) }

// Detect computes the model.
func Detect(g *graph.Graph) *Result {
	r := &Result{
		MappedBy:             map[graph.NodeID][]*graph.Node{},
		DomainOf:             map[graph.NodeID]*graph.Node{},
		PatternDomains:       map[graph.NodeID]bool{},
		InstanceTargetGroups: map[graph.NodeID]*Instance{},
	}
	r.stacks = groupStacks(g)
	r.mappings(g)
	for _, tg := range g.OfKind(graph.TargetGroup) {
		ep, strong := endpointOfTargets(g, tg)
		listeners, rules := forwardersOf(g, tg)
		lbs := map[graph.NodeID]*graph.Node{}
		var lbOrder []*graph.Node
		for _, l := range listeners {
			if lb := g.Resolve(l.Prop("LoadBalancerArn")); lb != nil && lb.Kind == graph.LoadBalancer {
				if lbs[lb.ID] == nil {
					lbs[lb.ID] = lb
					lbOrder = append(lbOrder, lb)
				}
			}
		}
		var eniTargets []ENITarget
		if strong {
			eniTargets = targetENIs(g, tg, ep)
		}
		for _, lb := range lbOrder {
			inst := &Instance{LoadBalancer: lb, TargetGroup: tg, Endpoint: ep, Strong: strong, ENITargets: eniTargets}
			for _, l := range listeners {
				if graph.RefersTo(l.Prop("LoadBalancerArn"), lb.ID, "") {
					inst.Listeners = append(inst.Listeners, l)
				}
			}
			for _, rl := range rules {
				if l := g.Resolve(rl.Prop("ListenerArn")); l != nil && graph.RefersTo(l.Prop("LoadBalancerArn"), lb.ID, "") {
					inst.Rules = append(inst.Rules, rl)
				}
			}
			inst.Domains = r.domainsServedBy(g, inst)
			if !strong {
				// Case (b): literal or parameter targets count only when the
				// load balancer's DNS name is a custom domain mapped to a
				// private API.
				if !r.servesPrivateAPI(g, inst) || !targetsAreOpaque(tg) {
					continue
				}
			}
			for _, d := range inst.Domains {
				r.PatternDomains[d.ID] = true
			}
			r.Instances = append(r.Instances, inst)
			r.InstanceTargetGroups[tg.ID] = inst
		}
	}
	sort.SliceStable(r.Instances, func(i, j int) bool {
		a, b := r.Instances[i], r.Instances[j]
		if a.LoadBalancer.ID != b.LoadBalancer.ID {
			return a.LoadBalancer.ID < b.LoadBalancer.ID
		}
		return a.TargetGroup.ID < b.TargetGroup.ID
	})
	return r
}

// mappings indexes base path mappings and API mappings.
func (r *Result) mappings(g *graph.Graph) {
	domainsByName := map[string][]*graph.Node{}
	for _, k := range []graph.Kind{graph.DomainName, graph.DomainNameV2, graph.DomainNameHTTP} {
		for _, d := range g.OfKind(k) {
			if s, ok := d.Prop("DomainName").String(); ok {
				key := normName(s)
				domainsByName[key] = append(domainsByName[key], d)
			}
		}
	}
	for _, k := range []graph.Kind{graph.BasePathMapping, graph.BasePathMappingV2, graph.APIMapping} {
		for _, m := range g.OfKind(k) {
			apiProp := "RestApiId"
			domProp := "DomainName"
			if k == graph.APIMapping {
				apiProp = "ApiId"
			}
			if k == graph.BasePathMappingV2 {
				domProp = "DomainNameArn"
			}
			dv := m.Prop(domProp)
			d := g.Resolve(dv)
			if d == nil {
				if s, ok := dv.String(); ok {
					var cands []*graph.Node
					for _, c := range domainsByName[normName(s)] {
						if r.stacks.connected(c.Stack, m.Stack) {
							cands = append(cands, c)
						}
					}
					if len(cands) == 1 {
						d = cands[0]
					}
				}
			}
			if d != nil {
				r.DomainOf[m.ID] = d
			}
			if api := g.Resolve(m.Prop(apiProp)); api != nil && api.Kind == graph.RestAPI {
				r.MappedBy[api.ID] = append(r.MappedBy[api.ID], m)
			}
		}
	}
}

func normName(s string) string { return strings.TrimSuffix(strings.ToLower(s), ".") }

// targetIDs returns the values that name a target group's targets: each
// target's Id, a whole target list produced by a custom resource, and the
// TargetId of Terraform attachments.
func targetIDs(g *graph.Graph, tg *graph.Node) []*graph.Value {
	var targets []*graph.Value
	for _, b := range tg.Prop("Targets").Branches() {
		if b == nil {
			continue
		}
		if b.Kind == graph.KindRef {
			targets = append(targets, b) // a whole target list from a custom resource
			continue
		}
		for _, t := range b.Items() {
			targets = append(targets, t.Get("Id"))
		}
	}
	// Terraform attachments point at the group.
	for _, e := range g.EdgesTo(tg.ID) {
		if n := g.Node(e.From); n != nil && n.Kind == graph.TargetAttachment {
			targets = append(targets, n.Prop("TargetId"))
		}
	}
	return targets
}

// targetENIs returns the targets of tg whose address comes from ep's ENIs.
func targetENIs(g *graph.Graph, tg *graph.Node, ep *graph.Node) []ENITarget {
	var out []ENITarget
	for _, t := range targetIDs(g, tg) {
		if t == nil || t.Kind == graph.KindChoice {
			continue
		}
		if e, idx := TargetENI(g, t); e == ep {
			out = append(out, ENITarget{Id: t, Index: idx})
		}
	}
	return out
}

// TargetENI says whether a target Id is the address of an execute-api
// endpoint's network interface: it returns that endpoint, or nil, and the
// index of the interface in the endpoint's NetworkInterfaceIds when it is
// known, else -1. A CDK AwsCustomResource that calls describeNetworkInterfaces
// with the endpoint's NetworkInterfaceIds answers "NetworkInterfaces.N.PrivateIpAddress"
// for ENI N.
func TargetENI(g *graph.Graph, id *graph.Value) (*graph.Node, int) {
	src := g.Resolve(id)
	if src == nil {
		return nil, -1
	}
	ep := eniSourceEndpoint(g, src)
	if ep == nil {
		return nil, -1
	}
	if src.Type == "Custom::AWS" && id.Ref != nil && wholeENIList(g, src, ep) {
		parts := strings.Split(id.Ref.Attr, ".")
		if len(parts) == 3 && parts[0] == "NetworkInterfaces" && parts[2] == "PrivateIpAddress" {
			if n, err := strconv.Atoi(parts[1]); err == nil && n >= 0 {
				return ep, n
			}
		}
	}
	return ep, -1
}

// wholeENIList reports whether a lookup is fed the endpoint's whole
// NetworkInterfaceIds list (directly or through CDK's JSON stringify
// resource), so its Nth answer is the endpoint's Nth ENI.
func wholeENIList(g *graph.Graph, lookup, ep *graph.Node) bool {
	for _, e := range g.EdgesFrom(lookup.ID) {
		if e.To == ep.ID && e.Attr == "NetworkInterfaceIds" {
			return true
		}
		if to := g.Node(e.To); to != nil && to.Type == "Custom::AWSCDKCfnJsonStringify" {
			for _, e2 := range g.EdgesFrom(to.ID) {
				if e2.To == ep.ID && e2.Attr == "NetworkInterfaceIds" && len(e2.Path) == 1 && e2.Path[0] == "Value" {
					return true
				}
			}
		}
	}
	return false
}

// sdkCall returns the service and action an AwsCustomResource (Custom::AWS)
// calls, read from the JSON of its Create or Update property (the literal
// parts of the Fn::Join CDK writes); ok is false when they cannot be read.
func sdkCall(n *graph.Node) (service, action string, ok bool) {
	for _, prop := range []string{"Create", "Update"} {
		text := literalText(n.Prop(prop))
		a := sdkField.FindStringSubmatch(text)
		sv := sdkService.FindStringSubmatch(text)
		if a != nil && sv != nil {
			return sv[1], a[1], true
		}
	}
	return "", "", false
}

var (
	sdkField   = regexp.MustCompile(`"action"\s*:\s*"([^"]*)"`)
	sdkService = regexp.MustCompile(`"service"\s*:\s*"([^"]*)"`)
)

// literalText joins the known parts of a string or concat value.
func literalText(v *graph.Value) string {
	if s, ok := v.String(); ok {
		return s
	}
	if v == nil || v.Kind != graph.KindConcat {
		return ""
	}
	var b strings.Builder
	for _, p := range v.Parts {
		if s, ok := p.String(); ok {
			b.WriteString(s)
		} else {
			b.WriteString("null")
		}
	}
	return b.String()
}

// isDescribeNetworkInterfaces reports whether an SDK call is EC2
// DescribeNetworkInterfaces, in any of the spellings AwsCustomResource
// accepts (SDK v2 and v3 names).
func isDescribeNetworkInterfaces(service, action string) bool {
	svc := strings.ToLower(strings.TrimPrefix(service, "@aws-sdk/client-"))
	act := strings.ToLower(strings.TrimSuffix(action, "Command"))
	return svc == "ec2" && act == "describenetworkinterfaces"
}

// endpointOfTargets finds the execute-api endpoint whose ENI addresses the
// target group's targets are derived from.
func endpointOfTargets(g *graph.Graph, tg *graph.Node) (*graph.Node, bool) {
	targets := targetIDs(g, tg)
	for _, t := range targets {
		for _, b := range t.Branches() {
			src := g.Resolve(b)
			if src == nil {
				continue
			}
			if ep := eniSourceEndpoint(g, src); ep != nil {
				return ep, true
			}
		}
	}
	return nil, false
}

// eniSourceEndpoint returns the endpoint whose NetworkInterfaceIds feed a
// lookup resource (a custom resource calling DescribeNetworkInterfaces, or a
// Terraform network-interface data source).
func eniSourceEndpoint(g *graph.Graph, n *graph.Node) *graph.Node {
	if n.Kind != graph.CustomResource && n.Kind != graph.NetworkInterfaceLookup {
		return nil
	}
	if n.Type == "Custom::AWS" {
		// An AwsCustomResource: it looks up ENIs only when it calls
		// DescribeNetworkInterfaces (its other calls answer other things).
		if svc, act, ok := sdkCall(n); ok && !isDescribeNetworkInterfaces(svc, act) {
			return nil
		}
	}
	var found *graph.Node
	seen := map[graph.NodeID]bool{n.ID: true}
	var visit func(x *graph.Node, depth int)
	visit = func(x *graph.Node, depth int) {
		if found != nil || depth > 3 {
			return
		}
		for _, e := range g.EdgesFrom(x.ID) {
			to := g.Node(e.To)
			if to == nil {
				continue
			}
			if to.Kind == graph.VPCEndpoint && strings.HasPrefix(e.Attr, "NetworkInterfaceIds") {
				found = to
				return
			}
			// Terraform: data "aws_network_interfaces" filtered on the
			// endpoint's id (vpc-endpoint-id).
			if to.Kind == graph.VPCEndpoint && x.Kind == graph.NetworkInterfaceLookup && e.Attr == "Ref" && len(e.Path) > 0 && e.Path[0] == "Filters" {
				found = to
				return
			}
			// CDK passes the ids through Custom::AWSCDKCfnJsonStringify;
			// Terraform through one lookup (aws_network_interfaces) into
			// another (aws_network_interface).
			if (to.Kind == graph.CustomResource || to.Kind == graph.NetworkInterfaceLookup) && !seen[to.ID] {
				seen[to.ID] = true
				visit(to, depth+1)
			}
		}
	}
	visit(n, 0)
	return found
}

// targetsAreOpaque reports whether a target group's targets are given as
// literals or parameters (not derived from anything in the scan).
func targetsAreOpaque(tg *graph.Node) bool {
	ts := tg.Prop("Targets")
	if ts == nil {
		return true
	}
	for _, t := range ts.Items() {
		id := t.Get("Id")
		if id != nil && id.Ref != nil && id.Ref.Node != "" {
			return false
		}
	}
	return true
}

// forwardersOf returns the listeners and listener rules that forward to tg.
func forwardersOf(g *graph.Graph, tg *graph.Node) (listeners, rules []*graph.Node) {
	seen := map[graph.NodeID]bool{}
	for _, e := range g.EdgesTo(tg.ID) {
		n := g.Node(e.From)
		if n == nil || seen[n.ID] {
			continue
		}
		switch n.Kind {
		case graph.Listener:
			for _, v := range graph.ForwardTargetGroups(n.Prop("DefaultActions")) {
				if graph.RefersTo(v, tg.ID, "") {
					listeners = append(listeners, n)
					seen[n.ID] = true
					break
				}
			}
		case graph.ListenerRule:
			for _, v := range graph.ForwardTargetGroups(n.Prop("Actions")) {
				if graph.RefersTo(v, tg.ID, "") {
					rules = append(rules, n)
					seen[n.ID] = true
					if l := g.Resolve(n.Prop("ListenerArn")); l != nil && l.Kind == graph.Listener && !seen[l.ID] {
						listeners = append(listeners, l)
						seen[l.ID] = true
					}
					break
				}
			}
		}
	}
	sort.Slice(listeners, func(i, j int) bool { return listeners[i].ID < listeners[j].ID })
	sort.Slice(rules, func(i, j int) bool { return rules[i].ID < rules[j].ID })
	return listeners, rules
}

// domainsServedBy returns the custom domains whose name the instance's load
// balancer serves: a DNS record for the domain's name points at the load
// balancer, or the domain uses the same certificate as a listener.
func (r *Result) domainsServedBy(g *graph.Graph, inst *Instance) []*graph.Node {
	x := r.idx(g)
	names := map[string]bool{}
	for _, rs := range x.recordsAt[inst.LoadBalancer.ID] {
		if s, ok := rs.Set.Get("Name").String(); ok {
			names[normName(s)] = true
		}
	}
	var certs []*graph.Value
	for _, l := range inst.Listeners {
		for _, c := range l.Prop("Certificates").Items() {
			certs = append(certs, c.Get("CertificateArn"))
		}
	}
	// Only the domains that share a name or a certificate key can match.
	cand := map[*graph.Node]bool{}
	grp := r.stacks.group(inst.LoadBalancer.Stack) + "\x00"
	for n := range names {
		for _, d := range x.dnByName[grp+n] {
			cand[d] = true
		}
	}
	for _, c := range certs {
		for _, k := range refOrText(c, r.stacks.group(inst.LoadBalancer.Stack)) {
			for _, d := range x.dnByCert[k] {
				cand[d] = true
			}
		}
	}
	domains := make([]*graph.Node, 0, len(cand))
	for d := range cand {
		domains = append(domains, d)
	}
	sort.Slice(domains, func(i, j int) bool { return x.dnPos[domains[i]] < x.dnPos[domains[j]] })
	var out []*graph.Node
	for _, d := range domains {
		match := false
		// A name links a domain to the load balancer only when their
		// stacks refer to each other: separate stacks that happen to use
		// the same host name (two environments, two examples) are not one
		// request path.
		if s, ok := d.Prop("DomainName").String(); ok && names[normName(s)] && r.stacks.connected(d.Stack, inst.LoadBalancer.Stack) {
			match = true
		}
		for _, prop := range []string{"RegionalCertificateArn", "CertificateArn"} {
			dc := d.Prop(prop)
			for _, c := range certs {
				if dc != nil && dc.Ref != nil && c != nil && c.Ref != nil && dc.Ref.Same(c.Ref) {
					match = true
				}
				// A certificate ARN written out links only connected stacks,
				// as names do: copies of one configuration (two
				// environments, a module's examples) share literal ARNs.
				if a, ok := dc.String(); ok {
					if b, ok := c.String(); ok && a == b && r.stacks.connected(d.Stack, inst.LoadBalancer.Stack) {
						match = true
					}
				}
			}
		}
		if match {
			out = append(out, d)
		}
	}
	return out
}

// recordSets returns a record's record-set maps (one for a RecordSet, the
// RecordSets list for a group).
func recordSets(rec *graph.Node) []*graph.Value {
	if rec.Kind == graph.DNSRecordGroup {
		return rec.Prop("RecordSets").Items()
	}
	return []*graph.Value{rec.Props}
}

// PointsAt reports whether a record set (a record's properties, or one
// entry of a group's RecordSets) aliases or CNAMEs the load balancer,
// directly or through a name built on its DNS name.
func PointsAt(rs *graph.Value, lb *graph.Node) bool { return pointsAt(rs, lb) }

// pointsAt reports whether a record set aliases or CNAMEs the load balancer.
func pointsAt(rs *graph.Value, lb *graph.Node) bool {
	if namesLB(rs.Path("AliasTarget", "DNSName"), lb) {
		return true
	}
	for _, v := range rs.Get("ResourceRecords").Items() {
		if namesLB(v, lb) {
			return true
		}
	}
	return false
}

// namesLB reports whether v is the load balancer's DNS name, or a name
// built on it: CDK's LoadBalancerTarget aliases "dualstack.<DNSName>".
func namesLB(v *graph.Value, lb *graph.Node) bool {
	if graph.RefersTo(v, lb.ID, "DNSName") {
		return true
	}
	for _, b := range v.Branches() {
		if b == nil || b.Kind != graph.KindConcat {
			continue
		}
		for _, p := range b.Parts {
			if graph.RefersTo(p, lb.ID, "DNSName") {
				return true
			}
		}
	}
	return false
}

// servesPrivateAPI reports whether one of the instance's domains is mapped
// to a private REST API.
func (r *Result) servesPrivateAPI(g *graph.Graph, inst *Instance) bool {
	for _, d := range inst.Domains {
		for apiID, ms := range r.MappedBy {
			for _, m := range ms {
				if r.DomainOf[m.ID] == d {
					if api := g.Node(apiID); api != nil && graph.MayBePrivateAPI(api) {
						return true
					}
				}
			}
		}
	}
	return false
}

// DomainsOf returns the domains that map an API.
func (r *Result) DomainsOf(api graph.NodeID) []*graph.Node {
	var out []*graph.Node
	seen := map[graph.NodeID]bool{}
	for _, m := range r.MappedBy[api] {
		if d := r.DomainOf[m.ID]; d != nil && !seen[d.ID] {
			seen[d.ID] = true
			out = append(out, d)
		}
	}
	return out
}

// MappedByPatternDomain reports whether an API is mapped by a domain that
// an instance's load balancer serves.
func (r *Result) MappedByPatternDomain(api graph.NodeID) bool {
	for _, d := range r.DomainsOf(api) {
		if r.PatternDomains[d.ID] {
			return true
		}
	}
	return false
}
