# The endpoint type is a variable without a default: silent.

variable "endpoint_type" { type = string }

resource "aws_api_gateway_rest_api" "api" {
  name = "orders"
  endpoint_configuration {
    types = [var.endpoint_type]
  }
}
