// Package timeout reads the two timeouts a request through the pattern
// meets: the load balancer's idle timeout and the API Gateway integration's
// TimeoutInMillis, wherever each format writes them. PAPI080 compares them
// across an API; papilint trace compares them for the one method a request
// reaches.
package timeout

import (
	"sort"
	"strings"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/graph"
)

const (
	// DefaultIdle is an ALB's idle timeout in seconds when none is set.
	DefaultIdle = 60
	// DefaultIntegration is an integration's timeout in milliseconds when
	// none is set.
	DefaultIntegration = 29000
	idleKey            = "idle_timeout.timeout_seconds"
)

// IsALB reports whether a load balancer is known to be an Application
// Load Balancer (Type absent or application).
func IsALB(lb *graph.Node) bool {
	t := lb.Prop("Type")
	if t.IsAbsent() {
		return true
	}
	s, ok := t.String()
	return ok && strings.EqualFold(s, "application")
}

// Idle returns the load balancer's idle timeout in seconds, the longest of
// the alternatives, and the value it is written in (nil when it is the
// default); ok is false when it is not known.
func Idle(lb *graph.Node) (secs int, where *graph.Value, ok bool) {
	attrs := lb.Prop("LoadBalancerAttributes")
	if attrs.IsAbsent() {
		return DefaultIdle, nil, true
	}
	best, found := -1, false
	for _, b := range attrs.Branches() {
		if b.IsAbsent() {
			best = max(best, DefaultIdle)
			continue
		}
		if b.Kind != graph.KindList {
			return 0, nil, false
		}
		set := false
		for _, a := range b.List {
			k, ok := a.Get("Key").String()
			if !ok {
				return 0, nil, false
			}
			if k != idleKey {
				continue
			}
			set, found = true, true
			v := a.Get("Value")
			for _, vb := range v.Branches() {
				n, ok := vb.Int()
				if !ok {
					return 0, nil, false
				}
				best = max(best, n)
			}
			where = v
		}
		if !set {
			best = max(best, DefaultIdle)
		}
	}
	if !found {
		where = nil
	}
	return best, where, best > 0
}

// Integration is one integration of an API, wherever it is written.
type Integration struct {
	// Node is the method, the Terraform integration resource, or the API
	// (for an OpenAPI body).
	Node *graph.Node
	// Label names the integration in messages.
	Label string
	// Type and Timeout are the integration's type and TimeoutInMillis.
	Type, Timeout *graph.Value
	// Mock: a MOCK integration in every alternative (it calls no backend).
	Mock bool
	// Stream: ResponseTransferMode STREAM in every alternative.
	Stream bool
}

// Millis is the shortest timeout of the alternatives (29000 when absent);
// ok is false when it is not known.
func (in Integration) Millis() (int, bool) {
	if in.Timeout.IsAbsent() {
		return DefaultIntegration, true
	}
	best := -1
	for _, b := range in.Timeout.Branches() {
		n := DefaultIntegration
		if !b.IsAbsent() {
			var ok bool
			if n, ok = b.Int(); !ok {
				return 0, false
			}
		}
		if best < 0 || n < best {
			best = n
		}
	}
	return best, best >= 0
}

// Integrations returns an API's integrations: methods' Integration
// properties, Terraform aws_api_gateway_integration resources, and
// x-amazon-apigateway-integration objects of an OpenAPI body.
func Integrations(g *graph.Graph, api *graph.Node) []Integration {
	var out []Integration
	for _, e := range g.EdgesTo(api.ID) {
		n := g.Node(e.From)
		if n == nil || len(e.Path) == 0 || e.Path[0] != "RestApiId" {
			continue
		}
		switch {
		case n.Kind == graph.Method:
			if in, ok := ofMethodProp(n); ok {
				out = append(out, in)
			}
		case n.Type == "aws_api_gateway_integration":
			out = append(out, ofTerraform(n))
		}
	}
	for _, prop := range []string{"Body", "DefinitionBody"} {
		paths := api.Prop(prop, "paths")
		if paths == nil || paths.Kind != graph.KindMap {
			continue
		}
		for _, p := range paths.Fields {
			if p.Value == nil || p.Value.Kind != graph.KindMap {
				continue
			}
			for _, m := range p.Value.Fields {
				iv := m.Value.Get("x-amazon-apigateway-integration")
				if iv == nil || iv.Kind != graph.KindMap {
					continue
				}
				out = append(out, newIntegration(api, "the integration of "+strings.ToUpper(m.Key)+" "+p.Key, iv.Get("type"), iv.Get("timeoutInMillis"), iv.Get("responseTransferMode")))
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Node.ID < out[j].Node.ID })
	return out
}

// OfMethod returns a method's integration: its Integration property, or
// the Terraform aws_api_gateway_integration for it (one that refers to the
// method, or names the same resource and HTTP method).
func OfMethod(g *graph.Graph, m *graph.Node) (Integration, bool) {
	if in, ok := ofMethodProp(m); ok {
		return in, true
	}
	for _, e := range g.EdgesTo(m.ID) {
		n := g.Node(e.From)
		if n != nil && n.Type == "aws_api_gateway_integration" {
			return ofTerraform(n), true
		}
	}
	// An integration that names the same resource and the method as text.
	res := refTarget(m.Prop("ResourceId"))
	if res == "" {
		return Integration{}, false
	}
	for _, e := range g.EdgesTo(res) {
		n := g.Node(e.From)
		if n == nil || n.Type != "aws_api_gateway_integration" {
			continue
		}
		if sameRef(n.Prop("ResourceId"), m.Prop("ResourceId")) && sameText(n.Prop("HttpMethod"), m.Prop("HttpMethod")) {
			return ofTerraform(n), true
		}
	}
	return Integration{}, false
}

func ofMethodProp(n *graph.Node) (Integration, bool) {
	iv := n.Prop("Integration")
	if iv == nil || iv.Kind != graph.KindMap {
		return Integration{}, false
	}
	return newIntegration(n, "the integration of method "+analysis.Quote(n.Display()), iv.Get("Type"), iv.Get("TimeoutInMillis"), iv.Get("ResponseTransferMode")), true
}

func ofTerraform(n *graph.Node) Integration {
	return newIntegration(n, "integration "+analysis.Quote(n.Display()), n.Prop("Type"), n.Prop("TimeoutInMillis"), n.Prop("ResponseTransferMode"))
}

func newIntegration(n *graph.Node, label string, typ, timeout, mode *graph.Value) Integration {
	in := Integration{Node: n, Label: label, Type: typ, Timeout: timeout}
	in.Mock = allAre(typ, "MOCK")
	in.Stream = allAre(mode, "STREAM")
	return in
}

// allAre reports whether every alternative of v is the string want (any
// case); false for an absent value.
func allAre(v *graph.Value, want string) bool {
	if v.IsAbsent() {
		return false
	}
	for _, b := range v.Branches() {
		if s, ok := b.String(); !ok || !strings.EqualFold(s, want) {
			return false
		}
	}
	return true
}

// refTarget is the node a reference value points at ("" when it is not a
// reference).
func refTarget(v *graph.Value) graph.NodeID {
	if v == nil || v.Ref == nil {
		return ""
	}
	return v.Ref.Node
}

func sameRef(a, b *graph.Value) bool {
	return a != nil && b != nil && a.Ref != nil && b.Ref != nil && a.Ref.Same(b.Ref)
}

func sameText(a, b *graph.Value) bool {
	x, ok1 := a.String()
	y, ok2 := b.String()
	return ok1 && ok2 && x == y
}
