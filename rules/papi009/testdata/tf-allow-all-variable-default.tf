# The policy comes from a local built from a variable default that only
# allows: a warning naming the variable.

variable "allowed_principal" {
  type    = string
  default = "*"
}

locals {
  policy = {
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Principal = var.allowed_principal, Action = "execute-api:Invoke", Resource = "execute-api:/*" }, # want "lets anonymous callers invoke it from any VPC endpoint in any AWS account.*\\(from the default of parameter var.allowed_principal\\)" sev:warning
    ]
  }
}

resource "aws_api_gateway_rest_api" "api" {
  name   = "orders"
  policy = jsonencode(local.policy)
  endpoint_configuration {
    types = ["PRIVATE"]
  }
}
