# The policy document is passed in as a variable without a default: not
# known before apply, silent.

variable "policy_json" { type = string }

resource "aws_api_gateway_rest_api" "api" {
  name   = "orders"
  policy = var.policy_json
  endpoint_configuration {
    types = ["PRIVATE"]
  }
}

resource "aws_api_gateway_method" "root_get" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_rest_api.api.root_resource_id
  http_method   = "GET"
  authorization = "NONE"
}
