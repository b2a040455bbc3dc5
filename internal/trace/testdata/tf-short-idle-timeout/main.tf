# papilint trace: the conforming configuration with the load balancer's idle
# timeout lowered to 20 seconds in front of an HTTP integration that may wait
# the default 29 seconds: requests succeed, and a backend slower than 20 s
# gets 504 from the load balancer.

data "aws_region" "current" {} # .name on provider v5 (the mirror on these machines has 5.100.0); v6 adds .region and deprecates .name

resource "aws_vpc_endpoint" "execute_api" {
  vpc_id              = var.vpc_id
  service_name        = "com.amazonaws.${data.aws_region.current.name}.execute-api"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = var.endpoint_subnet_ids # two AZs
  security_group_ids  = [aws_security_group.vpce.id]
  private_dns_enabled = false
}

data "aws_network_interface" "vpce" {
  count = length(var.endpoint_subnet_ids)
  id    = sort(tolist(aws_vpc_endpoint.execute_api.network_interface_ids))[count.index]
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

resource "aws_api_gateway_domain_name" "api" {
  domain_name              = var.api_host
  regional_certificate_arn = aws_acm_certificate_validation.api.certificate_arn
  security_policy          = "TLS_1_2"
  endpoint_configuration { types = ["REGIONAL"] }
}

resource "aws_api_gateway_base_path_mapping" "api" {
  api_id      = aws_api_gateway_rest_api.api.id
  stage_name  = aws_api_gateway_stage.v1.stage_name
  domain_name = aws_api_gateway_domain_name.api.domain_name
}

resource "aws_lb" "internal" {
  internal           = true
  load_balancer_type = "application"
  idle_timeout       = 20
  subnets            = var.alb_subnet_ids
  security_groups    = [aws_security_group.alb.id]
}

resource "aws_lb_target_group" "vpce" {
  vpc_id      = var.vpc_id
  target_type = "ip"
  protocol    = "HTTPS"
  port        = 443
  health_check {
    protocol = "HTTPS"
    matcher  = "200,403"
  }
}

resource "aws_lb_target_group_attachment" "vpce" {
  count            = length(var.endpoint_subnet_ids)
  target_group_arn = aws_lb_target_group.vpce.arn
  target_id        = data.aws_network_interface.vpce[count.index].private_ip
  port             = 443
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.internal.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = aws_acm_certificate_validation.api.certificate_arn
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.vpce.arn
  }
}

resource "aws_route53_record" "api" {
  zone_id = var.zone_id
  name    = var.api_host
  type    = "A"
  alias {
    name                   = aws_lb.internal.dns_name
    zone_id                = aws_lb.internal.zone_id
    evaluate_target_health = false
  }
}

resource "aws_security_group" "alb" {
  vpc_id = var.vpc_id
  ingress {
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = [var.vpc_cidr]
  }
  egress { # Terraform removes AWS's default allow-all egress
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = [var.vpc_cidr]
  }
}

resource "aws_security_group" "vpce" {
  vpc_id = var.vpc_id
  ingress {
    protocol        = "tcp"
    from_port       = 443
    to_port         = 443
    security_groups = [aws_security_group.alb.id]
  }
}

resource "aws_acm_certificate" "api" {
  domain_name       = var.api_host
  validation_method = "DNS"
}

resource "aws_route53_record" "cert_validation" {
  for_each = { for o in aws_acm_certificate.api.domain_validation_options : o.domain_name => o }
  zone_id  = var.zone_id
  name     = each.value.resource_record_name
  type     = each.value.resource_record_type
  records  = [each.value.resource_record_value]
  ttl      = 60
}

resource "aws_acm_certificate_validation" "api" {
  certificate_arn         = aws_acm_certificate.api.arn
  validation_record_fqdns = [for r in aws_route53_record.cert_validation : r.fqdn]
}

resource "aws_api_gateway_method" "root_any" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_rest_api.api.root_resource_id
  http_method   = "ANY"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "root_any" {
  rest_api_id             = aws_api_gateway_rest_api.api.id
  resource_id             = aws_api_gateway_rest_api.api.root_resource_id
  http_method             = aws_api_gateway_method.root_any.http_method
  type                    = "HTTP_PROXY"
  integration_http_method = "ANY"
  uri                     = "https://backend.internal.example.com/"
}

variable "vpc_id" { type = string }
variable "vpc_cidr" { type = string }
variable "endpoint_subnet_ids" { type = list(string) } # one per AZ, two or more
variable "alb_subnet_ids" { type = list(string) }
variable "api_host" { type = string } # e.g. api.internal.example.com
variable "zone_id" { type = string }
