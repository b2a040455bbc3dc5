package papilint.lib

# Integrations of REST API methods, wherever a format puts them: the
# Integration property of a CloudFormation AWS::ApiGateway::Method, or a
# Terraform aws_api_gateway_integration (its own resource, with the same
# property names at the top). Each element is {"node": n, "base": path}:
# the integration's properties are at base in n.
integrations contains {"node": m, "base": ["Integration"]} if {
	some m in of_kind("method")
	is_object(prop(m, ["Integration"]))
}

integrations contains {"node": n, "base": []} if {
	some n in input.nodes
	n.type == "aws_api_gateway_integration"
}

# api_of(n) is the id of the REST API a method, integration, stage or
# mapping belongs to (its RestApiId reference).
api_of(n) := id if some id in refs_at(n, ["RestApiId"])

# endpoint_type(d) is the endpoint type of a REST API or custom domain when
# every branch agrees on exactly one: "EDGE" when none is configured
# (AWS's default), else the one listed. Undefined when unknown.
endpoint_type(d) := "EDGE" if absent(d, ["EndpointConfiguration", "Types"])

endpoint_type(d) := t if {
	v := prop(d, ["EndpointConfiguration", "Types"])
	ts := {upper(x) |
		some b in branches(v)
		some x in _one_type(b)
	}
	count(ts) == 1
	every b in branches(v) {
		count(_one_type(b)) == 1
	}
	some t in ts
}

_one_type(b) := [x | some x in strings(b)] if count(strings(b)) == 1
