# The policy resource exists only when a variable without a default says so:
# whether it exists is not known before apply, so silent.

variable "attach_policy" { type = bool }
variable "policy_json" { type = string }

resource "aws_api_gateway_rest_api" "api" {
  name = "orders"
  endpoint_configuration {
    types = ["PRIVATE"]
  }
}

resource "aws_api_gateway_rest_api_policy" "api" {
  count       = var.attach_policy ? 1 : 0
  rest_api_id = aws_api_gateway_rest_api.api.id
  policy      = var.policy_json
}
