# PRIVATE comes from a variable default: at most a warning naming it.

variable "endpoint_type" {
  type    = string
  default = "PRIVATE"
}

resource "aws_api_gateway_rest_api" "api" { # want "has no resource policy; API Gateway will refuse to deploy it \\(PRIVATE comes from the default of parameter var.endpoint_type\\)" sev:warning
  name = "orders"
  endpoint_configuration {
    types = [var.endpoint_type]
  }
}
