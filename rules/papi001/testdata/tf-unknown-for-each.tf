# One API per endpoint type read from a data source: the for_each is known
# only after apply, and so are the types. Silent.

variable "vpce_id" { type = string }

data "aws_ssm_parameter" "types" {
  name = "/platform/api-endpoint-types"
}

resource "aws_api_gateway_rest_api" "api" {
  for_each = toset(split(",", data.aws_ssm_parameter.types.value))
  name     = "orders-${lower(each.key)}"
  endpoint_configuration {
    types = [each.value]
  }
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
