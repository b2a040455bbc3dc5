// Package requestpath builds, for every instance of the private API pattern
// that internal/model/pattern detects, the path a request takes through it:
//
//	client → DNS record → load balancer → listener (→ listener rule) →
//	target group → execute-api VPC endpoint → custom domain →
//	base path mapping → REST API → stage
//
// Each hop is named by the resource that implements it. A hop the scan does
// not contain (no DNS record points at the load balancer, no domain is
// served, a mapping names an API outside the scan) is a placeholder marked
// Missing. Mark attaches the IDs of the rules whose findings are on a hop's
// resource, so a reader sees where the path is broken.
//
// The view is shared by `papilint graph` (Mermaid, DOT or JSON) and the
// Markdown report (one Mermaid flowchart per instance).
package requestpath

import (
	"sort"
	"strconv"
	"strings"

	"github.com/papilint/papilint/internal/driver"
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/model/pattern"
)

// Role is what a hop does for the request.
type Role string

// The roles, in the order a request meets them.
const (
	Client       Role = "client"
	DNSRecord    Role = "dns-record"
	LoadBalancer Role = "load-balancer"
	Listener     Role = "listener"
	ListenerRule Role = "listener-rule"
	TargetGroup  Role = "target-group"
	VPCEndpoint  Role = "vpc-endpoint"
	CustomDomain Role = "custom-domain"
	Mapping      Role = "base-path-mapping"
	API          Role = "rest-api"
	Stage        Role = "stage"
)

// Label is the role as people read it.
func (r Role) Label() string {
	switch r {
	case Client:
		return "client"
	case DNSRecord:
		return "DNS record"
	case LoadBalancer:
		return "load balancer"
	case Listener:
		return "listener"
	case ListenerRule:
		return "listener rule"
	case TargetGroup:
		return "target group"
	case VPCEndpoint:
		return "execute-api VPC endpoint"
	case CustomDomain:
		return "custom domain"
	case Mapping:
		return "base path mapping"
	case API:
		return "REST API"
	case Stage:
		return "stage"
	}
	return string(r)
}

// Hop is one step of a request path.
type Hop struct {
	// Key identifies the hop within its path: "h0", "h1", ...
	Key  string
	Role Role
	// Node is the resource that implements the hop; nil for the client,
	// for placeholders, and for a stage known only by name.
	Node *graph.Node
	// Name is the resource's logical ID or address (with the CDK construct
	// path), the stage name, or what is missing.
	Name string
	// Detail is a short fact about the hop: the DNS name, the listener's
	// protocol and port, the domain name, the base path.
	Detail string
	// Missing marks a placeholder for a hop the scan does not contain.
	Missing bool
	// Rules are the IDs of the rules with active findings on the hop's
	// resource, sorted; set by Mark.
	Rules []string
}

// Edge joins two hops of a path by their keys.
type Edge struct{ From, To string }

// Path is the request path through one pattern instance.
type Path struct {
	// Title names the instance: its load balancer and target group.
	Title string
	// File is the report path of the file that declares the load balancer.
	File  string
	Hops  []*Hop
	Edges []Edge
}

// Hop returns the hop with the given key, or nil.
func (p *Path) Hop(key string) *Hop {
	for _, h := range p.Hops {
		if h.Key == key {
			return h
		}
	}
	return nil
}

// Broken reports whether a finding is on any hop of the path.
func (p *Path) Broken() bool {
	for _, h := range p.Hops {
		if len(h.Rules) > 0 {
			return true
		}
	}
	return false
}

// Build returns the request path of every instance in m, in the model's
// order (by load balancer, then target group).
func Build(g *graph.Graph, m *pattern.Result) []*Path {
	if m == nil {
		return nil
	}
	var out []*Path
	for _, inst := range m.Instances {
		out = append(out, build(g, m, inst))
	}
	return out
}

// builder accumulates one path.
type builder struct {
	p     *Path
	byKey map[string]*Hop
	edges map[Edge]bool
}

// hop adds (once) the hop for a resource in a role, or a placeholder when n
// is nil; key distinguishes placeholders and stages known only by name.
func (b *builder) hop(role Role, n *graph.Node, name, detail, key string, missing bool) *Hop {
	id := string(role) + "\x00" + key
	if n != nil {
		id = string(role) + "\x00" + string(n.ID)
	}
	if h := b.byKey[id]; h != nil {
		return h
	}
	h := &Hop{Key: "h" + strconv.Itoa(len(b.p.Hops)), Role: role, Node: n, Name: name, Detail: detail, Missing: missing}
	if n != nil && h.Name == "" {
		h.Name = n.Display()
	}
	b.byKey[id] = h
	b.p.Hops = append(b.p.Hops, h)
	return h
}

func (b *builder) node(role Role, n *graph.Node, detail string) *Hop {
	return b.hop(role, n, "", detail, "", false)
}

func (b *builder) missing(role Role, what, key string) *Hop {
	return b.hop(role, nil, what, "", key, true)
}

func (b *builder) edge(from, to *Hop) {
	e := Edge{From: from.Key, To: to.Key}
	if !b.edges[e] {
		b.edges[e] = true
		b.p.Edges = append(b.p.Edges, e)
	}
}

func build(g *graph.Graph, m *pattern.Result, inst *pattern.Instance) *Path {
	lb, tg := inst.LoadBalancer, inst.TargetGroup
	b := &builder{p: &Path{Title: lb.Display() + " → " + tg.Display()}, byKey: map[string]*Hop{}, edges: map[Edge]bool{}}
	if lb.File != nil {
		b.p.File = lb.File.Rel
	}

	client := b.hop(Client, nil, "client", "", "client", false)

	// DNS records that alias or CNAME the load balancer.
	var dns []*Hop
	for _, k := range []graph.Kind{graph.DNSRecord, graph.DNSRecordGroup} {
		for _, rec := range g.OfKind(k) {
			for _, rs := range recordSets(rec) {
				if pattern.PointsAt(rs, lb) {
					dns = append(dns, b.node(DNSRecord, rec, stringOf(rs.Get("Name"))))
				}
			}
		}
	}
	if len(dns) == 0 {
		dns = append(dns, b.missing(DNSRecord, "no DNS record for the load balancer in the scan", "dns"))
	}
	lbHop := b.node(LoadBalancer, lb, schemeOf(lb))
	for _, d := range dns {
		b.edge(client, d)
		b.edge(d, lbHop)
	}

	// Listeners, and the rules through which they forward. Hops are made in
	// the order a request meets them, then joined.
	type forward struct{ from, via *Hop }
	var forwards []forward
	for _, l := range inst.Listeners {
		lh := b.node(Listener, l, protoPort(l))
		b.edge(lbHop, lh)
		for _, v := range graph.ForwardTargetGroups(l.Prop("DefaultActions")) {
			if graph.RefersTo(v, tg.ID, "") {
				forwards = append(forwards, forward{from: lh})
				break
			}
		}
		for _, rl := range inst.Rules {
			if graph.RefersTo(rl.Prop("ListenerArn"), l.ID, "") {
				forwards = append(forwards, forward{from: lh, via: b.node(ListenerRule, rl, stringOf(rl.Prop("Priority")))})
			}
		}
	}
	if len(inst.Listeners) == 0 {
		lh := b.missing(Listener, "no listener forwards to the target group", "listener")
		b.edge(lbHop, lh)
		forwards = append(forwards, forward{from: lh})
	}
	tgHop := b.node(TargetGroup, tg, protoPort(tg))
	for _, fw := range forwards {
		if fw.via != nil {
			b.edge(fw.from, fw.via)
			b.edge(fw.via, tgHop)
		} else {
			b.edge(fw.from, tgHop)
		}
	}

	var ep *Hop
	if inst.Endpoint != nil {
		ep = b.node(VPCEndpoint, inst.Endpoint, "")
	} else {
		ep = b.missing(VPCEndpoint, "targets are addresses given as values, not derived from an endpoint", "endpoint")
	}
	b.edge(tgHop, ep)

	// Custom domains, their mappings, the APIs and stages they select.
	domains := inst.Domains
	if len(domains) == 0 {
		b.edge(ep, b.missing(CustomDomain, "no custom domain is served by the load balancer", "domain"))
	}
	for _, d := range domains {
		dh := b.node(CustomDomain, d, stringOf(d.Prop("DomainName")))
		b.edge(ep, dh)
		ms := mappingsOf(g, m, d)
		if len(ms) == 0 {
			b.edge(dh, b.missing(Mapping, "no mapping on the domain", "mapping "+string(d.ID)))
		}
		for _, mp := range ms {
			mh := b.node(Mapping, mp, basePath(mp))
			b.edge(dh, mh)
			apiProp := "RestApiId"
			if mp.Kind == graph.APIMapping {
				apiProp = "ApiId"
			}
			api := g.Resolve(mp.Prop(apiProp))
			var ah *Hop
			if api != nil {
				ah = b.node(API, api, stringOf(api.Prop("Name")))
			} else {
				ah = b.missing(API, "API not in the scan: "+mp.Prop(apiProp).Display(), "api "+string(mp.ID))
			}
			b.edge(mh, ah)
			if sh := stageHop(b, g, mp, api); sh != nil {
				b.edge(ah, sh)
			}
		}
	}
	return b.p
}

// stageHop is the stage a mapping selects: the stage resource when the
// mapping refers to one, a hop named after the stage otherwise, nil when
// the mapping names no stage.
func stageHop(b *builder, g *graph.Graph, mp *graph.Node, api *graph.Node) *Hop {
	v := mp.Prop("Stage")
	if v.IsAbsent() {
		return nil
	}
	if n := g.Resolve(v); n != nil && n.Kind == graph.Stage {
		return b.node(Stage, n, stringOf(n.Prop("StageName")))
	}
	name := v.Display()
	if s, ok := v.String(); ok {
		name = s
	}
	apiKey := ""
	if api != nil {
		apiKey = string(api.ID)
	}
	return b.hop(Stage, nil, name, "", "stage "+apiKey+"\x00"+name, false)
}

// mappingsOf returns the mappings whose domain is d, ordered by ID.
func mappingsOf(g *graph.Graph, m *pattern.Result, d *graph.Node) []*graph.Node {
	var out []*graph.Node
	for _, k := range []graph.Kind{graph.BasePathMapping, graph.BasePathMappingV2, graph.APIMapping} {
		for _, mp := range g.OfKind(k) {
			if m.DomainOf[mp.ID] == d {
				out = append(out, mp)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// recordSets returns a record's record-set maps: the record itself, or the
// RecordSets of a group.
func recordSets(rec *graph.Node) []*graph.Value {
	if rec.Kind == graph.DNSRecordGroup {
		return rec.Prop("RecordSets").Items()
	}
	return []*graph.Value{rec.Props}
}

// stringOf is a value for a label: the string when known, a short display
// otherwise, "" when absent.
func stringOf(v *graph.Value) string {
	if v.IsAbsent() {
		return ""
	}
	if s, ok := v.String(); ok {
		return s
	}
	if v.Param != "" {
		return "${" + v.Param + "}"
	}
	d := v.Display()
	if len(d) > 60 {
		d = d[:57] + "..."
	}
	return d
}

func schemeOf(lb *graph.Node) string {
	if s := stringOf(lb.Prop("Scheme")); s != "" {
		return s
	}
	return ""
}

// protoPort is "HTTPS :443" for a listener or target group.
func protoPort(n *graph.Node) string {
	proto, port := stringOf(n.Prop("Protocol")), stringOf(n.Prop("Port"))
	switch {
	case proto != "" && port != "":
		return proto + " :" + port
	case port != "":
		return ":" + port
	}
	return proto
}

func basePath(mp *graph.Node) string {
	prop := "BasePath"
	if mp.Kind == graph.APIMapping {
		prop = "ApiMappingKey"
	}
	s := stringOf(mp.Prop(prop))
	if s == "" || s == "(none)" {
		return "/"
	}
	return "/" + strings.TrimPrefix(s, "/")
}

// Mark records on each hop the rules whose active (not suppressed)
// findings are on its resource. A finding on a separate policy resource
// (Terraform's aws_api_gateway_rest_api_policy) marks the API it attaches
// to.
func Mark(paths []*Path, g *graph.Graph, findings []driver.Finding) {
	byNode := map[graph.NodeID]map[string]bool{}
	add := func(id graph.NodeID, rule string) {
		if byNode[id] == nil {
			byNode[id] = map[string]bool{}
		}
		byNode[id][rule] = true
	}
	for _, f := range findings {
		if f.Suppression != nil || f.Resource == nil || f.Rule == nil {
			continue
		}
		add(f.Resource.ID, f.Rule.ID)
		if f.Resource.Kind == graph.RestAPIPolicy && g != nil {
			if api := g.Resolve(f.Resource.Prop("RestApiId")); api != nil {
				add(api.ID, f.Rule.ID)
			}
		}
	}
	for _, p := range paths {
		for _, h := range p.Hops {
			if h.Node == nil {
				continue
			}
			h.Rules = nil
			for id := range byNode[h.Node.ID] {
				h.Rules = append(h.Rules, id)
			}
			sort.Strings(h.Rules)
		}
	}
}
