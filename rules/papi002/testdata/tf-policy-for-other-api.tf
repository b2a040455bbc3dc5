# The only policy resource belongs to the other API.

variable "policy_json" { type = string }

resource "aws_api_gateway_rest_api" "orders" { # want "private REST API \"aws_api_gateway_rest_api.orders\" has no resource policy"
  name = "orders"
  endpoint_configuration {
    types = ["PRIVATE"]
  }
}

resource "aws_api_gateway_rest_api" "billing" {
  name = "billing"
  endpoint_configuration {
    types = ["PRIVATE"]
  }
}

resource "aws_api_gateway_rest_api_policy" "billing" {
  rest_api_id = aws_api_gateway_rest_api.billing.id
  policy      = var.policy_json
}
