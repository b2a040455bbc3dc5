package cdk

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"
)

// A Mark is one sign, at one place, that a unit builds part of the pattern.
type Mark struct {
	Pos  token.Pos
	What string
}

// Evidence is what a unit shows of the private API pattern: its endpoint
// side (an execute-api interface VPC endpoint, or a custom resource that
// looks up the endpoint's network interfaces) and its API side (a PRIVATE
// endpoint type, or a REST API whose policy names aws:SourceVpce or
// aws:SourceVpc). Either may be nil.
type Evidence struct {
	Endpoint *Mark
	API      *Mark
}

// Pattern reports whether the unit shows both sides, the sign that it builds
// the ALB-in-front-of-a-private-API pattern and that a load balancer or
// target group written in it belongs to the pattern.
func (e Evidence) Pattern() bool { return e.Endpoint != nil && e.API != nil }

// Describe says, for a message, where the unit shows the pattern.
func (ix *Index) Describe(e Evidence) string {
	var parts []string
	for _, m := range []*Mark{e.Endpoint, e.API} {
		if m != nil {
			parts = append(parts, fmt.Sprintf("%s at line %d", m.What, ix.Line(m.Pos)))
		}
	}
	return strings.Join(parts, " and ")
}

// VPCConditionKeys are the condition keys that API Gateway sets only for
// calls through an interface VPC endpoint, which is to say only for private
// APIs.
var VPCConditionKeys = []string{"aws:SourceVpce", "aws:SourceVpc"}

func (u *Unit) evidence() Evidence {
	ix := u.ix
	var ev Evidence
	var condKey *Mark
	restAPI := false
	ast.Inspect(u.Decl, func(n ast.Node) bool {
		e, ok := n.(ast.Expr)
		if !ok {
			return true
		}
		if call, ok := e.(*ast.CallExpr); ok {
			switch {
			case ix.IsFunc(call, PathEC2, "InterfaceVpcEndpointAwsService_APIGATEWAY"):
				setMark(&ev.Endpoint, call.Pos(), "execute-api interface endpoint")
			case ix.IsFunc(call, PathEC2, "NewInterfaceVpcEndpointAwsService") && len(call.Args) > 0:
				if s, ok := ix.String(call.Args[0]); ok && s == "execute-api" {
					setMark(&ev.Endpoint, call.Pos(), "execute-api interface endpoint")
				}
			case ix.IsFunc(call, PathAPIGateway, "NewRestApi", "NewLambdaRestApi", "NewSpecRestApi"):
				restAPI = true
			}
		}
		if v, ok := ix.Enum(e, PathAPIGateway, "EndpointType"); ok && v == "PRIVATE" {
			setMark(&ev.API, e.Pos(), "PRIVATE endpoint type")
		}
		if s, ok := ix.IsConditionKey(e, VPCConditionKeys...); ok {
			setMark(&condKey, e.Pos(), s+" policy condition")
		}
		if s, ok := ix.IsConditionKey(e, "describeNetworkInterfaces"); ok {
			setMark(&ev.Endpoint, e.Pos(), s+" lookup of the endpoint's addresses")
		}
		return true
	})
	if ev.API == nil && condKey != nil && restAPI {
		ev.API = condKey
	}
	return ev
}

func setMark(m **Mark, pos token.Pos, what string) {
	if *m == nil {
		*m = &Mark{Pos: pos, What: what}
	}
}
