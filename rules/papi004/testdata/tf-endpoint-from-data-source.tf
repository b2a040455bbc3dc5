# The second Deny names an endpoint read by a data source, which may be the
# endpoint the first Deny names. Silent.

resource "aws_vpc_endpoint" "a" {
  vpc_id            = var.vpc_id
  service_name      = "com.amazonaws.eu-west-1.execute-api"
  vpc_endpoint_type = "Interface"
  subnet_ids        = var.subnet_ids
}

data "aws_vpc_endpoint" "shared" {
  vpc_id       = var.vpc_id
  service_name = "com.amazonaws.eu-west-1.execute-api"
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
      Condition = { StringNotEquals = { "aws:SourceVpce" = aws_vpc_endpoint.a.id } } },
      { Effect = "Deny", Principal = "*", Action = "execute-api:Invoke", Resource = "execute-api:/*",
      Condition = { StringNotEquals = { "aws:SourceVpce" = data.aws_vpc_endpoint.shared.id } } },
    ]
  })
}

variable "vpc_id" { type = string }
variable "subnet_ids" { type = list(string) }
