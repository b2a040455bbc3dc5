// Package policyrule holds what the resource-policy rules (PAPI003,
// PAPI004, PAPI005, PAPI100, PAPI103) share: how an API's methods are
// authorized, the request an execute-api endpoint makes, how an evaluation
// result reads as a denial, where to point at a policy, and the reading of a
// private custom domain's policy.
package policyrule

import (
	"strings"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/graph"
)

// AuthClass is how a method authorizes callers, as far as the resource
// policy is concerned.
type AuthClass uint8

const (
	// AuthUnknown: not known before deploy, or different in different
	// Fn::If alternatives in a way that matters.
	AuthUnknown AuthClass = iota
	// AuthNone: no authorization (NONE, absent, or an API key only); the
	// caller is anonymous and needs an Allow in the resource policy.
	AuthNone
	// AuthCustom: a Lambda (CUSTOM) or Cognito (COGNITO_USER_POOLS)
	// authorizer; the catalogue does not document how it combines with the
	// resource policy, so findings that rest on it are warnings.
	AuthCustom
	// AuthIAM: AWS_IAM; same-account callers can be allowed by their
	// identity policies when the resource policy says nothing.
	AuthIAM
)

// Auth summarizes how the methods of an API are authorized.
type Auth struct {
	// Methods counts the methods found (Method resources, operations of an
	// inline OpenAPI body, Api events of SAM functions).
	Methods                    int
	None, Custom, IAM, Unknown int
	// NoneFrom holds the AuthorizationType values that made methods
	// anonymous, for parameter defaults.
	NoneFrom []*graph.Value
}

// Anonymous says how sure a finding that needs anonymous callers may be:
// Error when some method has no authorization, Warning when none has but
// some use a Lambda or Cognito authorizer, and 0 (do not report) when every
// method uses AWS_IAM or nothing is known. With no method in sight the
// answer is ifNoMethods.
func (a Auth) Anonymous(ifNoMethods analysis.Severity) analysis.Severity {
	switch {
	case a.Methods == 0:
		return ifNoMethods
	case a.None > 0:
		return analysis.Error
	case a.Custom > 0:
		return analysis.Warning
	}
	return 0
}

// MethodAuth classifies the methods of a REST API: AWS::ApiGateway::Method
// resources (and Terraform aws_api_gateway_method) of the API, the
// operations of its inline OpenAPI body, and the Api events of SAM
// functions that name a Serverless API.
func MethodAuth(g *graph.Graph, api *graph.Node) Auth {
	var a Auth
	add := func(c AuthClass, v *graph.Value) {
		a.Methods++
		switch c {
		case AuthNone:
			a.None++
			if v != nil {
				a.NoneFrom = append(a.NoneFrom, v)
			}
		case AuthCustom:
			a.Custom++
		case AuthIAM:
			a.IAM++
		default:
			a.Unknown++
		}
	}
	seen := map[graph.NodeID]bool{}
	for _, e := range g.EdgesTo(api.ID) {
		n := g.Node(e.From)
		if n == nil || seen[n.ID] || len(e.Path) == 0 {
			continue
		}
		switch {
		case n.Kind == graph.Method && e.Path[0] == "RestApiId":
			seen[n.ID] = true
			v := n.Prop("AuthorizationType")
			add(classOf(v), v)
		case (n.Type == "AWS::Serverless::Function" || n.Type == "AWS::Serverless::StateMachine") &&
			len(e.Path) == 4 && e.Path[0] == "Events" && e.Path[2] == "Properties" && e.Path[3] == "RestApiId":
			ev := n.Prop("Events", e.Path[1])
			if t, ok := ev.Get("Type").String(); !ok || t != "Api" {
				continue
			}
			c, v := samEventAuth(api, ev.Path("Properties", "Auth", "Authorizer"))
			add(c, v)
		}
	}
	for _, prop := range []string{"Body", "DefinitionBody"} {
		body := api.Prop(prop)
		if body == nil || body.Kind != graph.KindMap {
			continue
		}
		for _, c := range openAPIAuth(body) {
			add(c, nil)
		}
	}
	return a
}

// classOf classifies an AuthorizationType value over its Fn::If
// alternatives: the same class in every alternative, or AuthCustom when
// alternatives mix NONE and an authorizer; otherwise unknown.
func classOf(v *graph.Value) AuthClass {
	if v.IsAbsent() {
		return AuthNone
	}
	var out AuthClass
	for i, b := range v.Branches() {
		c := AuthUnknown
		if b.IsAbsent() {
			c = AuthNone
		} else if s, ok := b.String(); ok {
			switch strings.ToUpper(s) {
			case "NONE":
				c = AuthNone
			case "AWS_IAM":
				c = AuthIAM
			case "CUSTOM", "COGNITO_USER_POOLS":
				c = AuthCustom
			}
		}
		out = merge(out, c, i == 0)
	}
	return out
}

func merge(acc, c AuthClass, first bool) AuthClass {
	switch {
	case first || acc == c:
		return c
	case (acc == AuthNone && c == AuthCustom) || (acc == AuthCustom && c == AuthNone):
		return AuthCustom
	}
	return AuthUnknown
}

// samEventAuth classifies the authorizer of a SAM Api event: its own
// Auth.Authorizer, else the API's Auth.DefaultAuthorizer, else none.
func samEventAuth(api *graph.Node, own *graph.Value) (AuthClass, *graph.Value) {
	v := own
	if v.IsAbsent() {
		v = api.Prop("Auth", "DefaultAuthorizer")
	}
	if v.IsAbsent() {
		return AuthNone, nil
	}
	s, ok := v.String()
	if !ok {
		return AuthUnknown, v
	}
	switch strings.ToUpper(s) {
	case "NONE":
		return AuthNone, v
	case "AWS_IAM":
		return AuthIAM, v
	}
	return AuthCustom, v // a named Lambda or Cognito authorizer
}

var openAPIMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "x-amazon-apigateway-any-method"}

// openAPIAuth classifies the operations of an OpenAPI (2 or 3) body by
// their security requirements and the API Gateway extensions of the
// schemes they name.
func openAPIAuth(body *graph.Value) []AuthClass {
	paths := body.Get("paths")
	if paths == nil || paths.Kind != graph.KindMap {
		return nil
	}
	schemes := body.Path("components", "securitySchemes")
	if schemes == nil {
		schemes = body.Get("securityDefinitions")
	}
	var out []AuthClass
	for _, p := range paths.Fields {
		if p.Value == nil || p.Value.Kind != graph.KindMap {
			continue
		}
		for _, m := range openAPIMethods {
			op := p.Value.Get(m)
			if op == nil {
				continue
			}
			if op.Kind != graph.KindMap {
				out = append(out, AuthUnknown)
				continue
			}
			sec := op.Get("security")
			if sec == nil {
				sec = body.Get("security")
			}
			out = append(out, securityClass(sec, schemes))
		}
	}
	return out
}

// securityClass classifies a security requirement list: any requirement
// may be met (OR), all schemes of one requirement are needed (AND).
func securityClass(sec, schemes *graph.Value) AuthClass {
	if sec.IsAbsent() {
		return AuthNone
	}
	if sec.Kind != graph.KindList {
		return AuthUnknown
	}
	if len(sec.List) == 0 {
		return AuthNone
	}
	var out AuthClass
	for i, req := range sec.List {
		c := AuthUnknown
		if req != nil && req.Kind == graph.KindMap {
			c = AuthNone // an empty requirement: anonymous
			for _, f := range req.Fields {
				switch sc := schemeClass(schemes.Get(f.Key)); {
				case sc == AuthIAM || c == AuthIAM:
					c = AuthIAM
				case sc == AuthUnknown || c == AuthUnknown:
					c = AuthUnknown
				case sc == AuthCustom:
					c = AuthCustom
				}
			}
		}
		out = merge(out, c, i == 0)
	}
	return out
}

// schemeClass classifies one security scheme: x-amazon-apigateway-authtype
// awsSigv4 is IAM, cognito_user_pools or an x-amazon-apigateway-authorizer
// is an authorizer, a plain apiKey scheme is an API key (no authorization).
func schemeClass(s *graph.Value) AuthClass {
	if s == nil || s.Kind != graph.KindMap {
		return AuthUnknown
	}
	if t, ok := s.Get("x-amazon-apigateway-authtype").String(); ok {
		switch strings.ToLower(t) {
		case "awssigv4":
			return AuthIAM
		case "cognito_user_pools", "custom":
			return AuthCustom
		}
		return AuthUnknown
	}
	if s.Get("x-amazon-apigateway-authorizer") != nil {
		return AuthCustom
	}
	if t, ok := s.Get("type").String(); ok && strings.EqualFold(t, "apiKey") {
		return AuthNone
	}
	return AuthUnknown
}
