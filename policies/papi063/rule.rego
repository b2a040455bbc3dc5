# METADATA
# title: Empty base path on a custom domain that has other mappings
# description: >-
#   A mapping with an empty base path takes the whole custom domain, so API
#   Gateway allows it only as the domain's single mapping. A second mapping
#   on the same domain, of any kind, makes the deployment fail.
# related_resources:
#   - https://docs.aws.amazon.com/apigateway/latest/api/API_CreateBasePathMapping.html
#   - https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-mappings.html
# custom:
#   id: PAPI063
#   name: empty-base-path-not-alone
#   severity: error
#   confidence: "[V]"
#   tier: 1
#   cfn: >-
#     AWS::ApiGateway::BasePathMapping.BasePath,
#     AWS::ApiGateway::BasePathMappingV2.BasePath,
#     AWS::ApiGatewayV2::ApiMapping.ApiMappingKey
#   tf: >-
#     aws_api_gateway_base_path_mapping.base_path,
#     aws_apigatewayv2_api_mapping.api_mapping_key
#   scope: >-
#     Mappings on a custom domain the load balancer serves, on a domain that
#     maps a private API, or on a private custom domain; domains not in the
#     scan are grouped by their literal name.
#   trigger: >-
#     More than one mapping on the same domain, and at least one of them has
#     an empty or absent base path (or "(none)").
#   symptom: >-
#     The deployment fails with `ConflictException: Only one base path
#     mapping is allowed if the base path is empty`.
#   fix: >-
#     Give every mapping its own base path, or keep only the mapping with
#     the empty one.
#   skip: >-
#     Base paths that cannot be resolved, Fn::If with a non-empty branch,
#     and mappings guarded by a condition that could not be decided (they
#     may never exist together).
#   bad: |
#     Mapping:
#       Type: AWS::ApiGateway::BasePathMapping
#       Properties:
#         DomainName: !Ref ApiDomain
#         RestApiId: !Ref Api
#         Stage: !Ref Stage
#     AdminMapping:
#       Type: AWS::ApiGateway::BasePathMapping
#       Properties:
#         DomainName: !Ref ApiDomain
#         RestApiId: !Ref AdminApi
#         BasePath: admin
#         Stage: !Ref AdminStage
#   good: |
#     Mapping:
#       Type: AWS::ApiGateway::BasePathMapping
#       Properties:
#         DomainName: !Ref ApiDomain
#         RestApiId: !Ref Api
#         BasePath: orders
#         Stage: !Ref Stage
#     AdminMapping:
#       Type: AWS::ApiGateway::BasePathMapping
#       Properties:
#         DomainName: !Ref ApiDomain
#         RestApiId: !Ref AdminApi
#         BasePath: admin
#         Stage: !Ref AdminStage
#   tags: [custom-domain, mapping, deploy-failure]
package papilint.rules.papi063

import data.papilint.lib

report contains lib.finding(m, path, msg) if {
	some key, group in _groups
	count(group) > 1
	some m in group
	prop := _base_path_prop(m)
	_empty(m, prop)
	path := _path(m, prop)
	msg := sprintf("mapping %s has an empty base path but custom domain %s has %d mappings; API Gateway allows only one when the base path is empty", [lib.name(m), _domain_name(key), count(group)])
}

# Mappings, unconditional ones only, grouped by domain: the domain's id, or
# "name:<domain name>" when the domain is not in the scan.
_groups[key] contains m if {
	some mp in input.scope.mappings
	m := lib.node(mp.id)
	m.condition == ""
	key := _key(mp, m)
	_in_scope(key, mp)
}

_key(mp, _) := mp.domain if mp.domain != ""

_key(mp, m) := concat("", ["name:", lower(trim_suffix(lib.text(lib.prop(m, ["DomainName"])), "."))]) if mp.domain == ""

_in_scope(key, _) if key in lib.scoped_domains

_in_scope(_, mp) if mp.api in lib.private_scoped_apis

_base_path_prop(m) := "ApiMappingKey" if m.kind == "api-mapping"

_base_path_prop(m) := "BasePath" if m.kind != "api-mapping"

_empty(m, prop) if lib.absent(m, [prop])

_empty(m, prop) if {
	v := lib.prop(m, [prop])
	every b in lib.branches(v) {
		trim_space(lib.text(b)) in {"", "(none)"}
	}
}

_path(m, prop) := [] if lib.absent(m, [prop])

_path(m, prop) := [prop] if lib.prop(m, [prop])

_domain_name(key) := lib.name(lib.node(key)) if not startswith(key, "name:")

_domain_name(key) := sprintf("%q", [substring(key, 5, -1)]) if startswith(key, "name:")
