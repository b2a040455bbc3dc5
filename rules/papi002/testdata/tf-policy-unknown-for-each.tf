# The policy resource is created for each API id a data source lists: its
# instances are known only after apply, so the API may well have a policy.

variable "policy_json" { type = string }

data "aws_ssm_parameter" "api_ids" {
  name = "/platform/private-api-ids"
}

resource "aws_api_gateway_rest_api" "api" {
  name = "orders"
  endpoint_configuration {
    types = ["PRIVATE"]
  }
}

resource "aws_api_gateway_rest_api_policy" "api" {
  for_each    = toset(concat([aws_api_gateway_rest_api.api.id], split(",", data.aws_ssm_parameter.api_ids.value)))
  rest_api_id = each.value
  policy      = var.policy_json
}
