package graph

import "strings"

// Typed accessors for the properties rules read in more than one place.
// They hide where a setting may live (a property, an OpenAPI body, a
// separate policy resource) so every rule reads it the same way.

// PolicySource is one place an API's resource policy is defined.
type PolicySource struct {
	// Node is the resource that holds the policy: the API itself or a
	// separate policy resource (Terraform aws_api_gateway_rest_api_policy).
	Node *Node
	// Value is the policy document (a map, a JSON string, or unknown).
	Value *Value
	// Where says which property: "Policy", "Body.x-amazon-apigateway-policy".
	Where string
}

// APIPolicies returns every resource policy attached to a REST API, and
// whether the API's definition is only partly visible (BodyS3Location, or a
// Terraform module that was not loaded receives the API), in which case a
// missing policy cannot be concluded.
func (g *Graph) APIPolicies(api *Node) (srcs []PolicySource, hidden bool) {
	if p := api.Prop("Policy"); !p.IsAbsent() {
		srcs = append(srcs, PolicySource{Node: api, Value: p, Where: "Policy"})
	}
	for _, body := range []*Value{api.Prop("Body"), api.Prop("DefinitionBody")} {
		if body.IsAbsent() {
			continue
		}
		if body.Kind != KindMap {
			hidden = true // an OpenAPI body we cannot read (a string or unknown)
			continue
		}
		if p := body.Get("x-amazon-apigateway-policy"); !p.IsAbsent() {
			srcs = append(srcs, PolicySource{Node: api, Value: p, Where: "Body.x-amazon-apigateway-policy"})
		}
	}
	if !api.Prop("BodyS3Location").IsAbsent() || !api.Prop("DefinitionUri").IsAbsent() {
		hidden = true
	}
	for _, e := range g.EdgesTo(api.ID) {
		n := g.Node(e.From)
		if n != nil && n.Kind == RestAPIPolicy && len(e.Path) > 0 && e.Path[0] == "RestApiId" {
			srcs = append(srcs, PolicySource{Node: n, Value: n.Prop("Policy"), Where: "Policy"})
		}
		// A Terraform module papilint could not load receives the API: it
		// may attach the policy.
		if n != nil && n.Format == Terraform && n.Type == "module" {
			hidden = true
		}
	}
	return srcs, hidden
}

// EndpointTypes returns the value of a REST API's endpoint types
// (EndpointConfiguration.Types; an OpenAPI body cannot set the type). The
// value is nil when the endpoint type is not configured (AWS then uses
// EDGE).
func EndpointTypes(api *Node) *Value {
	if t := api.Prop("EndpointConfiguration", "Types"); t != nil {
		return t
	}
	return nil
}

// HasType reports whether a list-or-scalar value contains s in every
// branch (true), in no branch (false), or whether that is unknown.
func HasType(v *Value, s string) (has, known bool) {
	has, known = true, true
	first := true
	for _, b := range v.Branches() {
		list, ok := b.Strings()
		if !ok {
			return false, false
		}
		h := false
		for _, e := range list {
			if strings.EqualFold(e, s) {
				h = true
			}
		}
		if first {
			has, first = h, false
		} else if h != has {
			return false, false
		}
	}
	return has, known
}

// IsPrivateAPI reports whether a REST API's endpoint type is PRIVATE in
// every branch. known is false when the types cannot be resolved.
func IsPrivateAPI(api *Node) (private, known bool) {
	t := EndpointTypes(api)
	if t == nil {
		return false, true
	}
	return HasType(t, "PRIVATE")
}

// MayBePrivateAPI reports whether PRIVATE is among the endpoint types in at
// least one branch.
func MayBePrivateAPI(api *Node) bool {
	for _, b := range EndpointTypes(api).Branches() {
		list, _ := b.Strings()
		for _, e := range list {
			if strings.EqualFold(e, "PRIVATE") {
				return true
			}
		}
	}
	return false
}

// ForwardTargetGroups returns the target-group references in an ELB action
// list (DefaultActions or a rule's Actions): forward actions with
// TargetGroupArn or ForwardConfig.TargetGroups. Redirect and fixed-response
// actions forward nowhere.
func ForwardTargetGroups(actions *Value) []*Value {
	var out []*Value
	for _, b := range actions.Branches() {
		if b == nil || b.Kind != KindList {
			continue
		}
		for _, a := range b.List {
			if t, ok := a.Get("Type").String(); ok && !strings.EqualFold(t, "forward") {
				continue
			}
			if tg := a.Get("TargetGroupArn"); tg != nil {
				out = append(out, tg)
			}
			for _, tg := range a.Path("ForwardConfig", "TargetGroups").listOrNil() {
				if arn := tg.Get("TargetGroupArn"); arn != nil {
					out = append(out, arn)
				}
			}
		}
	}
	return out
}

func (v *Value) listOrNil() []*Value {
	if v == nil || v.Kind != KindList {
		return nil
	}
	return v.List
}

// Items returns the elements of a list value, or nil.
func (v *Value) Items() []*Value { return v.listOrNil() }
