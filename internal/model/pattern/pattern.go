// Package pattern is the helper model that finds instances of the private
// API pattern in the graph, so rules lint only resources that take part in
// it (RULES.md "Scope", pattern.md §13.1). It reports nothing.
package pattern

import (
	"sort"
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
}

// Result is the model's output.
type Result struct {
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
		for _, lb := range lbOrder {
			inst := &Instance{LoadBalancer: lb, TargetGroup: tg, Endpoint: ep, Strong: strong}
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
				if s, ok := dv.String(); ok && len(domainsByName[normName(s)]) == 1 {
					d = domainsByName[normName(s)][0]
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

// endpointOfTargets finds the execute-api endpoint whose ENI addresses the
// target group's targets are derived from.
func endpointOfTargets(g *graph.Graph, tg *graph.Node) (*graph.Node, bool) {
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
			// CDK passes the ids through Custom::AWSCDKCfnJsonStringify.
			if to.Kind == graph.CustomResource && !seen[to.ID] {
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
	names := map[string]bool{}
	for _, k := range []graph.Kind{graph.DNSRecord, graph.DNSRecordGroup} {
		for _, rec := range g.OfKind(k) {
			for _, rs := range recordSets(rec) {
				if pointsAt(rs, inst.LoadBalancer) {
					if s, ok := rs.Get("Name").String(); ok {
						names[normName(s)] = true
					}
				}
			}
		}
	}
	var certs []*graph.Value
	for _, l := range inst.Listeners {
		for _, c := range l.Prop("Certificates").Items() {
			certs = append(certs, c.Get("CertificateArn"))
		}
	}
	var out []*graph.Node
	for _, d := range g.OfKind(graph.DomainName) {
		match := false
		if s, ok := d.Prop("DomainName").String(); ok && names[normName(s)] {
			match = true
		}
		for _, prop := range []string{"RegionalCertificateArn", "CertificateArn"} {
			dc := d.Prop(prop)
			for _, c := range certs {
				if dc != nil && dc.Ref != nil && c != nil && c.Ref != nil && dc.Ref.Same(c.Ref) {
					match = true
				}
				if a, ok := dc.String(); ok {
					if b, ok := c.String(); ok && a == b {
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

// pointsAt reports whether a record set aliases or CNAMEs the load balancer.
func pointsAt(rs *graph.Value, lb *graph.Node) bool {
	if graph.RefersTo(rs.Path("AliasTarget", "DNSName"), lb.ID, "DNSName") {
		return true
	}
	for _, v := range rs.Get("ResourceRecords").Items() {
		if graph.RefersTo(v, lb.ID, "DNSName") {
			return true
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
