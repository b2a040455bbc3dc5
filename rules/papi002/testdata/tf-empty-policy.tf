# policy = "" is how modules say "no policy": Terraform sets none.

resource "aws_api_gateway_rest_api" "api" { # want "private REST API \"aws_api_gateway_rest_api.api\" has no resource policy" at:"resource \"aws_api_gateway_rest_api\" \"api\""
  name   = "orders"
  policy = ""
  endpoint_configuration {
    types = ["PRIVATE"]
  }
}
