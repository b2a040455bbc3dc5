# One API per entry of a map read from a data source, each with its own
# setting: unknown before apply, so silent.

variable "certificate_arn" { type = string }
variable "policy_json" { type = string }

data "aws_ssm_parameter" "apis" {
  name = "/platform/apis"
}

resource "aws_api_gateway_rest_api" "api" {
  for_each                     = jsondecode(data.aws_ssm_parameter.apis.value)
  name                         = each.key
  policy                       = var.policy_json
  disable_execute_api_endpoint = each.value.disable_default_endpoint
  endpoint_configuration {
    types = ["PRIVATE"]
  }
}

resource "aws_api_gateway_domain_name" "api" {
  for_each                 = aws_api_gateway_rest_api.api
  domain_name              = "${each.key}.internal.example.com"
  regional_certificate_arn = var.certificate_arn
  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

resource "aws_api_gateway_base_path_mapping" "api" {
  for_each    = aws_api_gateway_rest_api.api
  api_id      = each.value.id
  domain_name = aws_api_gateway_domain_name.api[each.key].domain_name
}
