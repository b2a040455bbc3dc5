package pattern

import (
	"github.com/papilint/papilint/internal/graph"
)

// Native private custom domains (pattern.md §12): an
// AWS::ApiGateway::DomainNameV2 (Terraform aws_api_gateway_domain_name with
// PRIVATE types) is linked to the APIs it serves by BasePathMappingV2
// resources (DomainNameArn: !GetAtt Dn.DomainNameArn; Terraform
// domain_name_id) and to the VPC endpoints that may call it by
// DomainNameAccessAssociation resources (DomainNameArn, and
// AccessAssociationSource: the endpoint id).

// PrivateDomain is a native private custom domain and what links to it.
type PrivateDomain struct {
	Domain *graph.Node
	// Mappings are the BasePathMappingV2 resources that map an API on the
	// domain, in graph order.
	Mappings []*graph.Node
	// Associations are the access associations whose DomainNameArn is the
	// domain, in graph order.
	Associations []*graph.Node
}

// AccessSource is the endpoint an access association lets call a private
// domain.
type AccessSource struct {
	Association *graph.Node
	// Value is the AccessAssociationSource value as written.
	Value *graph.Value
	// Endpoint is the VPC endpoint resource the value refers to, when it is
	// in the scan.
	Endpoint *graph.Node
}

// PrivateDomains returns every private custom domain in the graph with its
// mappings and access associations. A domain whose endpoint types are known
// and not PRIVATE is left out.
func (r *Result) PrivateDomains(g *graph.Graph) []*PrivateDomain {
	var out []*PrivateDomain
	byID := map[graph.NodeID]*PrivateDomain{}
	for _, d := range g.OfKind(graph.DomainNameV2) {
		if t := d.Prop("EndpointConfiguration", "Types"); t != nil {
			if private, known := graph.HasType(t, "PRIVATE"); known && !private {
				continue
			}
		}
		pd := &PrivateDomain{Domain: d}
		byID[d.ID] = pd
		out = append(out, pd)
	}
	for _, m := range g.OfKind(graph.BasePathMappingV2) {
		if d := r.DomainOf[m.ID]; d != nil && byID[d.ID] != nil {
			byID[d.ID].Mappings = append(byID[d.ID].Mappings, m)
		}
	}
	for _, a := range g.OfKind(graph.AccessAssociation) {
		for _, b := range a.Prop("DomainNameArn").Branches() {
			if d := g.Resolve(b); d != nil && byID[d.ID] != nil {
				byID[d.ID].Associations = append(byID[d.ID].Associations, a)
				break
			}
		}
	}
	return out
}

// Sources returns the endpoints the domain's access associations name.
// Associations whose source type is known and not VPCE are left out.
func (pd *PrivateDomain) Sources(g *graph.Graph) []AccessSource {
	var out []AccessSource
	for _, a := range pd.Associations {
		if s, ok := a.Prop("AccessAssociationSourceType").String(); ok && s != "VPCE" {
			continue
		}
		v := a.Prop("AccessAssociationSource")
		src := AccessSource{Association: a, Value: v}
		if ep := g.Resolve(v); ep != nil && ep.Kind == graph.VPCEndpoint {
			src.Endpoint = ep
		}
		out = append(out, src)
	}
	return out
}
