# A private API that no custom domain maps keeps its default endpoint:
# that is how clients reach it, so silent.

variable "vpce_id" { type = string }

resource "aws_api_gateway_rest_api" "api" {
  name = "orders"
  endpoint_configuration {
    types = ["PRIVATE"]
  }
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Principal = "*", Action = "execute-api:Invoke", Resource = "execute-api:/*" },
      { Effect    = "Deny", Principal = "*", Action = "execute-api:Invoke", Resource = "execute-api:/*",
        Condition = { StringNotEquals = { "aws:SourceVpce" = var.vpce_id } } },
    ]
  })
}
