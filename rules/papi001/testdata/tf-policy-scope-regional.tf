# No ALB here, but the policy restricts callers with aws:SourceVpce, which
# only a PRIVATE API ever sees.

variable "vpce_id" { type = string }

resource "aws_api_gateway_rest_api" "api" {
  name = "orders"
  endpoint_configuration {
    types = ["REGIONAL"] # want "has endpoint type \\[REGIONAL\\], not PRIVATE" at:"[\"REGIONAL\"]"
  }
}

resource "aws_api_gateway_rest_api_policy" "api" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "execute-api:Invoke"
      Resource  = "execute-api:/*"
      Condition = { StringNotEquals = { "aws:SourceVpce" = var.vpce_id } }
    }]
  })
}
