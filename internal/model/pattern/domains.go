package pattern

import (
	"strings"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/model/tlscert"
	"github.com/papilint/papilint/internal/source"
)

// Custom domains as the domain, certificate and DNS rules read them
// (PAPI052, PAPI053, PAPI059, PAPI060, PAPI065, PAPI070): every kind of
// public custom domain, including the Domain of a SAM AWS::Serverless::Api
// (the loader keeps it on the API as x-papilint-domain, with SAM's defaults),
// the certificates a listener presents, and the Route 53 record sets that
// name a domain.

// samDomainProp and samStageProp are where the CloudFormation loader keeps a
// Serverless::Api's Domain and StageName.
const (
	samDomainProp = "x-papilint-domain"
	samStageProp  = "x-papilint-stage-name"
)

// CustomDomain is a public custom domain: an AWS::ApiGateway::DomainName
// (aws_api_gateway_domain_name), an AWS::ApiGatewayV2::DomainName
// (aws_apigatewayv2_domain_name), or the Domain of a SAM Serverless::Api,
// from which the SAM transform creates a DomainName and its base path
// mappings.
type CustomDomain struct {
	// Node is the domain resource, or the Serverless::Api for a SAM domain.
	Node *graph.Node
	// SAM is true when the domain is the Domain property of Node.
	SAM bool
	// Name is the domain name; nil when it is not set.
	Name *graph.Value
	// Cert is the ARN of the certificate the domain presents
	// (RegionalCertificateArn, else CertificateArn; the first
	// DomainNameConfigurations entry; SAM's CertificateArn); nil when none.
	Cert *graph.Value
	// CertPath is the property path of Cert in Node.
	CertPath []string
}

// Display names the domain in messages.
func (d *CustomDomain) Display() string {
	if d.SAM {
		return "Domain of " + d.Node.Display()
	}
	return d.Node.Display()
}

// NamePath is the property path of the domain name in Node.
func (d *CustomDomain) NamePath() []string {
	if d.SAM {
		return []string{samDomainProp, "DomainName"}
	}
	return []string{"DomainName"}
}

// Header is where to report something missing from the domain: the
// resource header, or SAM's Domain key.
func (d *CustomDomain) Header() source.Range {
	if d.SAM {
		if f := d.Node.Props.Field(samDomainProp); f != nil && f.KeyRange.IsValid() {
			return f.KeyRange
		}
	}
	return d.Node.Header
}

// PublicDomains returns every public custom domain of the scan in graph
// order: DomainName resources (except those whose endpoint type is
// PRIVATE), ApiGatewayV2 domains, and SAM APIs with a Domain. A SAM Domain
// papilint cannot read (an Fn::If, a parameter) is a domain whose name is
// unknown.
func PublicDomains(g *graph.Graph) []*CustomDomain {
	var out []*CustomDomain
	for _, d := range g.OfKind(graph.DomainName) {
		if t := d.Prop("EndpointConfiguration", "Types"); t != nil {
			if private, known := graph.HasType(t, "PRIVATE"); known && private {
				continue
			}
		}
		cd := &CustomDomain{Node: d, Name: d.Prop("DomainName")}
		for _, p := range []string{"RegionalCertificateArn", "CertificateArn"} {
			if v := d.Prop(p); !v.IsAbsent() {
				cd.Cert, cd.CertPath = v, []string{p}
				break
			}
		}
		out = append(out, cd)
	}
	for _, d := range g.OfKind(graph.DomainNameHTTP) {
		cd := &CustomDomain{Node: d, Name: d.Prop("DomainName")}
		if v := d.Prop("DomainNameConfigurations", "0", "CertificateArn"); !v.IsAbsent() {
			cd.Cert, cd.CertPath = v, []string{"DomainNameConfigurations", "0", "CertificateArn"}
		}
		out = append(out, cd)
	}
	for _, api := range g.OfKind(graph.RestAPI) {
		v := api.Prop(samDomainProp)
		if v.IsAbsent() {
			continue
		}
		cd := &CustomDomain{Node: api, SAM: true}
		if v.Kind != graph.KindMap {
			cd.Name = &graph.Value{Kind: graph.KindUnknown, Prov: graph.Unknown, Range: v.Range, Reason: "the API's Domain cannot be read before deploy"}
		} else {
			cd.Name = v.Get("DomainName")
			if c := v.Get("CertificateArn"); !c.IsAbsent() {
				cd.Cert, cd.CertPath = c, []string{samDomainProp, "CertificateArn"}
			}
		}
		out = append(out, cd)
	}
	return out
}

// Mapping is a base path mapping of a custom domain onto a REST API: a
// BasePathMapping, an ApiGatewayV2 ApiMapping, or one of the mappings SAM
// creates for its Domain (one per base path, onto the API's stage).
type Mapping struct {
	// Node is the mapping resource, or the Serverless::Api for SAM.
	Node *graph.Node
	SAM  bool
	// API is the mapped REST API, nil when it is not in the scan.
	API *graph.Node
	// BasePath is the base path (BasePath, ApiMappingKey); nil when empty
	// or absent.
	BasePath *graph.Value
	// Stage is the stage the mapping selects; nil when it names none.
	Stage *graph.Value
}

// MappingsOf returns the mappings of a custom domain, in graph order.
func (r *Result) MappingsOf(g *graph.Graph, d *CustomDomain) []Mapping {
	if d.SAM {
		dom := d.Node.Prop(samDomainProp)
		stage := d.Node.Prop(samStageProp)
		paths := dom.Get("BasePath").Items()
		if len(paths) == 0 {
			return []Mapping{{Node: d.Node, SAM: true, API: d.Node, Stage: stage}}
		}
		var out []Mapping
		for _, p := range paths {
			out = append(out, Mapping{Node: d.Node, SAM: true, API: d.Node, BasePath: p, Stage: stage})
		}
		return out
	}
	var out []Mapping
	for _, m := range r.idx(g).mappingsOn[d.Node] {
		out = append(out, mappingOf(g, m))
	}
	return out
}

// mappingOf reads a mapping resource.
func mappingOf(g *graph.Graph, m *graph.Node) Mapping {
	apiProp, pathProp := "RestApiId", "BasePath"
	if m.Kind == graph.APIMapping {
		apiProp, pathProp = "ApiId", "ApiMappingKey"
	}
	out := Mapping{Node: m, Stage: m.Prop("Stage")}
	if api := g.Resolve(m.Prop(apiProp)); api != nil && api.Kind == graph.RestAPI {
		out.API = api
	}
	if bp := m.Prop(pathProp); !bp.IsAbsent() {
		out.BasePath = bp
	}
	if out.Stage.IsAbsent() {
		out.Stage = nil
	}
	return out
}

// Connected reports whether two stacks are the same or refer to each other
// (imports, cross-stack references, module outputs, nesting). Names and
// parameters link resources only within connected stacks.
func (r *Result) Connected(a, b string) bool { return r.stacks.connected(a, b) }

// ListenerCertificates returns the certificate ARNs a listener presents:
// its Certificates (the default certificate) and those of every
// ListenerCertificate resource attached to it (certificates chosen by SNI).
// A certificate list papilint cannot read is returned as one value, which
// no certificate resource resolves.
func ListenerCertificates(g *graph.Graph, l *graph.Node) []*graph.Value {
	var out []*graph.Value
	add := func(certs *graph.Value) {
		if certs.IsAbsent() {
			return
		}
		for _, b := range certs.Branches() {
			if b.IsAbsent() {
				continue
			}
			if b.Kind != graph.KindList {
				out = append(out, b)
				continue
			}
			for _, c := range b.List {
				if arn := c.Get("CertificateArn"); arn != nil {
					out = append(out, arn)
				} else if c.Kind != graph.KindMap {
					out = append(out, c)
				}
			}
		}
	}
	add(l.Prop("Certificates"))
	for _, e := range g.EdgesTo(l.ID) {
		n := g.Node(e.From)
		if n != nil && n.Kind == graph.ListenerCertificate && len(e.Path) > 0 && e.Path[0] == "ListenerArn" {
			add(n.Prop("Certificates"))
		}
	}
	return out
}

// TerminatesTLS reports whether a listener decrypts client TLS with
// certificates of its own: an HTTPS (ALB) or TLS (NLB) listener, or a
// listener with certificates whose protocol is not known.
func TerminatesTLS(l *graph.Node) bool {
	p, ok := l.Prop("Protocol").String()
	if !ok {
		return !l.Prop("Certificates").IsAbsent()
	}
	return strings.EqualFold(p, "HTTPS") || strings.EqualFold(p, "TLS")
}

// SameCertificate says whether two certificate ARN values name the same
// certificate (same is meaningful only when known): the same resource, the
// same literal ARN, or the same parameter of one stack. A literal ARN
// compared with a certificate resource, or a value that cannot be resolved,
// is unknown. With Fn::If, same only when equal in every pair of branches,
// different only when different in every pair.
func SameCertificate(g *graph.Graph, a, b *graph.Value, sameStack bool) (same, known bool) {
	allSame, allDiff := true, true
	for _, x := range a.Branches() {
		for _, y := range b.Branches() {
			s, k := sameCert(g, x, y, sameStack)
			if !k {
				return false, false
			}
			if s {
				allDiff = false
			} else {
				allSame = false
			}
		}
	}
	switch {
	case allSame:
		return true, true
	case allDiff:
		return false, true
	}
	return false, false
}

func sameCert(g *graph.Graph, a, b *graph.Value, sameStack bool) (same, known bool) {
	if a.IsAbsent() || b.IsAbsent() {
		return false, false
	}
	if a.Ref != nil && b.Ref != nil && a.Ref.Node != "" && b.Ref.Node != "" {
		// A certificate and its Terraform validation are one certificate.
		ca, cb := tlscert.Resolve(g, a), tlscert.Resolve(g, b)
		if ca != nil && cb != nil {
			return ca == cb, true
		}
		return a.Ref.Node == b.Ref.Node, true
	}
	if sameStack && a.Param != "" && a.Param == b.Param {
		return true, true
	}
	if a.Ref != nil || b.Ref != nil {
		return false, false // a resource's ARN against a literal
	}
	sa, oka := a.String()
	sb, okb := b.String()
	if oka && okb && a.Kind == graph.KindString && b.Kind == graph.KindString {
		return sa == sb, true
	}
	return false, false
}

// ServedDomains returns the public custom domains whose name the
// instance's load balancer serves: a Route 53 record for the domain's name
// (in a connected stack) aliases or CNAMEs the load balancer, or the domain
// presents the same certificate as one of the instance's listeners. It
// extends Instance.Domains to ApiGatewayV2 and SAM domains.
func (r *Result) ServedDomains(g *graph.Graph, inst *Instance) []*CustomDomain {
	x := r.idx(g)
	x.mu.Lock()
	out, done := x.served[inst]
	x.mu.Unlock()
	if done {
		return out
	}
	out = r.servedDomains(g, x, inst)
	x.mu.Lock()
	x.served[inst] = out
	x.mu.Unlock()
	return out
}

func (r *Result) servedDomains(g *graph.Graph, x *index, inst *Instance) []*CustomDomain {
	var certs []*graph.Value
	for _, l := range inst.Listeners {
		certs = append(certs, ListenerCertificates(g, l)...)
	}
	var records []RecordSet
	var names []*graph.Value
	for _, rs := range x.recordsAt[inst.LoadBalancer.ID] {
		if r.Connected(rs.Node.Stack, inst.LoadBalancer.Stack) {
			records = append(records, rs)
			names = append(names, rs.Name())
		}
	}
	inInstance := map[graph.NodeID]bool{}
	for _, d := range inst.Domains {
		inInstance[d.ID] = true
	}
	var out []*CustomDomain
	for _, d := range x.candidates(g, r.stacks.group(inst.LoadBalancer.Stack), inst.LoadBalancer.Stack, names, certs, inInstance) {
		match := !d.SAM && inInstance[d.Node.ID]
		for _, rs := range records {
			if !match && r.Connected(d.Node.Stack, rs.Node.Stack) && NameIs(rs.Name(), d, rs.Node.Stack == d.Node.Stack) {
				match = true
			}
		}
		for _, c := range certs {
			if !match && d.Cert != nil {
				// Only within connected stacks, as for names (see domainsServedBy).
				if same, known := SameCertificate(g, c, d.Cert, d.Node.Stack == inst.LoadBalancer.Stack); same && known && r.Connected(d.Node.Stack, inst.LoadBalancer.Stack) {
					match = true
				}
			}
		}
		if match {
			out = append(out, d)
		}
	}
	return out
}

// RecordSet is one Route 53 record set: an AWS::Route53::RecordSet
// (aws_route53_record) or an entry of a RecordSetGroup.
type RecordSet struct {
	Node *graph.Node
	// Set holds the record set's properties: Node.Props, or the entry.
	Set *graph.Value
}

// RecordSets returns every record set of the scan, in graph order.
func RecordSets(g *graph.Graph) []RecordSet {
	var out []RecordSet
	for _, k := range []graph.Kind{graph.DNSRecord, graph.DNSRecordGroup} {
		for _, n := range g.OfKind(k) {
			for _, s := range recordSets(n) {
				out = append(out, RecordSet{Node: n, Set: s})
			}
		}
	}
	return out
}

// Name is the record's name.
func (rs RecordSet) Name() *graph.Value { return rs.Set.Get("Name") }

// Targets returns what the record points at: its alias target's DNSName,
// or else each of its ResourceRecords (a CNAME's target name).
func (rs RecordSet) Targets() []*graph.Value {
	if a := rs.Set.Path("AliasTarget", "DNSName"); !a.IsAbsent() {
		return []*graph.Value{a}
	}
	rr := rs.Set.Get("ResourceRecords")
	if rr.IsAbsent() {
		return nil
	}
	if rr.Kind != graph.KindList {
		return []*graph.Value{rr}
	}
	return rr.List
}

// Type is the record type, upper case, or "" when unknown.
func (rs RecordSet) Type() string {
	s, _ := rs.Set.Get("Type").String()
	return strings.ToUpper(s)
}

// PointsAt reports whether the record aliases or CNAMEs the load balancer
// (its DNS name, or a name built on it such as CDK's "dualstack." alias).
func (rs RecordSet) PointsAt(lb *graph.Node) bool { return pointsAt(rs.Set, lb) }

// NamesLoadBalancer reports whether a value is a load balancer's DNS name
// or a name built on it, and returns that load balancer.
func NamesLoadBalancer(g *graph.Graph, v *graph.Value) *graph.Node {
	var found *graph.Node
	v.Walk(func(x *graph.Value) {
		if found == nil && x.Ref != nil && x.Ref.Attr == "DNSName" {
			if n := g.Resolve(x); n != nil && n.Kind == graph.LoadBalancer {
				found = n
			}
		}
	})
	return found
}

// NameIs reports whether a name value (a record's Name, a URL's host) is
// the domain's name in every Fn::If branch: equal known names (case and a
// trailing dot aside), a reference to the domain (Ref of a DomainName, or
// Terraform's domain_name), or the same parameter of one stack when
// sameStack is set.
func NameIs(name *graph.Value, d *CustomDomain, sameStack bool) bool {
	if name.IsAbsent() || d.Name.IsAbsent() {
		return false
	}
	for _, b := range name.Branches() {
		if !nameIs(b, d, sameStack) {
			return false
		}
	}
	return true
}

func nameIs(b *graph.Value, d *CustomDomain, sameStack bool) bool {
	if b == nil {
		return false
	}
	if !d.SAM && b.Ref != nil && b.Ref.Node == d.Node.ID && (b.Ref.Attr == "Ref" || b.Ref.Attr == "DomainName") {
		return true
	}
	for _, db := range d.Name.Branches() {
		if db == nil {
			return false
		}
		// The same parameter without a value: the same name, whatever it is.
		if sameStack && b.Param != "" && b.Param == db.Param && b.Kind == graph.KindUnknown && db.Kind == graph.KindUnknown {
			continue
		}
		s1, ok1 := b.String()
		s2, ok2 := db.String()
		if !ok1 || !ok2 || b.Kind != graph.KindString || db.Kind != graph.KindString || normName(s1) != normName(s2) {
			return false
		}
	}
	return true
}

// VPCLinkTarget reports whether a load balancer (or one of its listeners)
// is the target of a VPC link (v1 TargetArns) or of an integration's
// IntegrationTarget (VPC link v2): API Gateway itself is then the client,
// calling with the integration's own host name.
func VPCLinkTarget(g *graph.Graph, lb *graph.Node) bool {
	targets := []graph.NodeID{lb.ID}
	for _, e := range g.EdgesTo(lb.ID) {
		if n := g.Node(e.From); n != nil && n.Kind == graph.Listener {
			targets = append(targets, n.ID)
		}
	}
	for _, id := range targets {
		for _, e := range g.EdgesTo(id) {
			n := g.Node(e.From)
			if n == nil {
				continue
			}
			if n.Kind == graph.VPCLink || n.Kind == graph.VPCLinkV2 {
				return true
			}
			for _, p := range e.Path {
				if p == "IntegrationTarget" || p == "integrationTarget" {
					return true
				}
			}
		}
	}
	return false
}

// PrivateAPIIn reports whether a REST API that may be private (PRIVATE
// among its endpoint types in some branch) is defined in a stack connected
// to stack, and returns the first one.
func (r *Result) PrivateAPIIn(g *graph.Graph, stack string) *graph.Node {
	for _, api := range g.OfKind(graph.RestAPI) {
		if graph.MayBePrivateAPI(api) && r.Connected(api.Stack, stack) {
			return api
		}
	}
	return nil
}
