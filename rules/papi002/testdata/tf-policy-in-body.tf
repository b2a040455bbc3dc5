# The policy is in the OpenAPI body (x-amazon-apigateway-policy): silent.

variable "vpce_id" { type = string }

resource "aws_api_gateway_rest_api" "api" {
  name = "orders"
  endpoint_configuration {
    types = ["PRIVATE"]
  }
  body = jsonencode({
    openapi = "3.0.1"
    info    = { title = "orders", version = "1" }
    paths   = {}
    "x-amazon-apigateway-policy" = {
      Version = "2012-10-17"
      Statement = [
        { Effect = "Allow", Principal = "*", Action = "execute-api:Invoke", Resource = "execute-api:/*" },
        { Effect    = "Deny", Principal = "*", Action = "execute-api:Invoke", Resource = "execute-api:/*",
          Condition = { StringNotEquals = { "aws:SourceVpce" = var.vpce_id } } },
      ]
    }
  })
}
