package cdk

import (
	"go/ast"
	"strings"
)

// RestAPIProps are the props structs of the REST API constructors, and
// RestAPIConstructors the constructors (in the same order).
var (
	RestAPIProps        = []string{"RestApiProps", "LambdaRestApiProps", "SpecRestApiProps"}
	RestAPIConstructors = []string{"NewRestApi", "NewLambdaRestApi", "NewSpecRestApi"}
	RestAPITypes        = []string{"RestApi", "LambdaRestApi", "SpecRestApi", "IRestApi"}
)

// EndpointTypes reads the endpoint types a REST API props literal sets,
// through EndpointTypes or EndpointConfiguration.Types (CDK refuses both at
// once). at is the key-value pair that sets them, nil when the literal sets
// neither (API Gateway then creates an EDGE API). known is false when the
// types are not all constants written in place.
func (ix *Index) EndpointTypes(p *Props) (types []string, at *ast.KeyValueExpr, known bool) {
	if kv := p.Field("EndpointTypes"); kv != nil {
		v, ok := ix.EnumList(kv.Value, PathAPIGateway, "EndpointType")
		return v, kv, ok
	}
	if kv := p.Field("EndpointConfiguration"); kv != nil {
		ec := ix.PropsOf(kv.Value, PathAPIGateway, "EndpointConfiguration")
		if ec == nil {
			return nil, kv, false
		}
		t := ec.Field("Types")
		if t == nil {
			return nil, kv, false
		}
		v, ok := ix.EnumList(t.Value, PathAPIGateway, "EndpointType")
		return v, t, ok
	}
	return nil, nil, true
}

// OnlyPrivate reports whether types is exactly PRIVATE (repeats allowed).
func OnlyPrivate(types []string) bool {
	for _, t := range types {
		if t != "PRIVATE" {
			return false
		}
	}
	return len(types) > 0
}

// FormatTypes renders endpoint types for a message: [REGIONAL].
func FormatTypes(types []string) string { return "[" + strings.Join(types, ", ") + "]" }
