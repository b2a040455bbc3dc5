# The API's id goes to a registry module that is not installed (no
# terraform init): the policy may be attached there, so silent.

resource "aws_api_gateway_rest_api" "api" {
  name = "orders"
  endpoint_configuration {
    types = ["PRIVATE"]
  }
}

module "api_policy" {
  source      = "example-org/api-gateway-policy/aws"
  version     = "1.0.0"
  rest_api_id = aws_api_gateway_rest_api.api.id
}
