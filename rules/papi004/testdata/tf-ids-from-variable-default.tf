# Split Denies whose ids come from variable defaults: a warning naming the
# variable.

variable "allowed_vpce_a" {
  type    = string
  default = "vpce-0aaaaaaaaaaaaaaaa"
}

variable "allowed_vpce_b" {
  type    = string
  default = "vpce-0bbbbbbbbbbbbbbbb"
}

resource "aws_api_gateway_rest_api" "api" {
  name = "orders"
  endpoint_configuration {
    types = ["PRIVATE"]
  }
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Principal = "*", Action = "execute-api:Invoke", Resource = "execute-api:/*" },
      { Effect = "Deny", Principal = "*", Action = "execute-api:Invoke", Resource = "execute-api:/*",
      Condition = { StringNotEquals = { "aws:SourceVpce" = var.allowed_vpce_a } } }, # want "together they deny every caller.*default of parameter var.allowed_vpce_a" at:"var.allowed_vpce_a" sev:warning
      { Effect = "Deny", Principal = "*", Action = "execute-api:Invoke", Resource = "execute-api:/*",
      Condition = { StringNotEquals = { "aws:SourceVpce" = var.allowed_vpce_b } } },
    ]
  })
}
