# The private domain's record aliases a load balancer.

data "aws_region" "current" {}

resource "aws_vpc_endpoint" "execute_api" {
  vpc_id              = var.vpc_id
  service_name        = "com.amazonaws.${data.aws_region.current.name}.execute-api"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = var.endpoint_subnet_ids
  private_dns_enabled = false
}

resource "aws_api_gateway_rest_api" "api" {
  name                         = "private-api"
  disable_execute_api_endpoint = true
  endpoint_configuration { types = ["PRIVATE"] }
}

resource "aws_api_gateway_rest_api_policy" "api" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Principal = "*", Action = "execute-api:Invoke", Resource = "execute-api:/*" },
      { Effect = "Deny", Principal = "*", Action = "execute-api:Invoke", Resource = "execute-api:/*",
      Condition = { StringNotEquals = { "aws:SourceVpce" = aws_vpc_endpoint.execute_api.id } } }
    ]
  })
}

resource "aws_api_gateway_method" "root_any" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_rest_api.api.root_resource_id
  http_method   = "ANY"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "root_any" {
  rest_api_id       = aws_api_gateway_rest_api.api.id
  resource_id       = aws_api_gateway_rest_api.api.root_resource_id
  http_method       = aws_api_gateway_method.root_any.http_method
  type              = "MOCK"
  request_templates = { "application/json" = jsonencode({ statusCode = 200 }) }
}

resource "aws_api_gateway_deployment" "api" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  triggers = {
    redeploy = sha1(jsonencode([aws_api_gateway_method.root_any.id,
      aws_api_gateway_integration.root_any.id,
    aws_api_gateway_rest_api_policy.api.policy]))
  }
  depends_on = [aws_api_gateway_integration.root_any, aws_api_gateway_rest_api_policy.api]
  lifecycle { create_before_destroy = true }
}

resource "aws_api_gateway_stage" "v1" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  deployment_id = aws_api_gateway_deployment.api.id
  stage_name    = "v1"
}

resource "aws_acm_certificate" "api" {
  domain_name       = var.api_host
  validation_method = "DNS"
}

resource "aws_api_gateway_domain_name" "private" {
  domain_name     = var.api_host
  certificate_arn = aws_acm_certificate.api.arn
  security_policy = "TLS_1_2"
  endpoint_configuration { types = ["PRIVATE"] }
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Principal = "*", Action = "execute-api:Invoke", Resource = "execute-api:/*" },
      { Effect = "Deny", Principal = "*", Action = "execute-api:Invoke", Resource = "execute-api:/*",
      Condition = { StringNotEquals = { "aws:SourceVpce" = aws_vpc_endpoint.execute_api.id } } }
    ]
  })
}

resource "aws_api_gateway_base_path_mapping" "api" {
  api_id         = aws_api_gateway_rest_api.api.id
  stage_name     = aws_api_gateway_stage.v1.stage_name
  domain_name    = aws_api_gateway_domain_name.private.domain_name
  domain_name_id = aws_api_gateway_domain_name.private.domain_name_id
}

resource "aws_api_gateway_domain_name_access_association" "api" {
  access_association_source      = aws_vpc_endpoint.execute_api.id
  access_association_source_type = "VPCE"
  domain_name_arn                = aws_api_gateway_domain_name.private.arn
}

resource "aws_route53_record" "api" {
  zone_id = var.private_zone_id
  name    = var.api_host
  type    = "A"
  alias {
    name                   = aws_lb.internal.dns_name # want "DNS record \"aws_route53_record.api\" sends private custom domain .* to load balancer \"aws_lb.internal\", not to the execute-api VPC endpoint" at:"aws_lb.internal.dns_name" sev:warning
    zone_id                = aws_lb.internal.zone_id
    evaluate_target_health = false
  }
}

resource "aws_lb" "internal" {
  internal           = true
  load_balancer_type = "application"
  subnets            = var.endpoint_subnet_ids
}

variable "vpc_id" { type = string }
variable "endpoint_subnet_ids" { type = list(string) } # one per AZ, two or more
variable "api_host" { type = string }                  # e.g. api.internal.example.com
variable "private_zone_id" { type = string }
