# The ALB's idle_timeout is a variable without default: no finding.

variable "vpc_id" { type = string }
variable "subnet_ids" { type = list(string) }
variable "certificate_arn" { type = string }

resource "aws_security_group" "alb" {
  vpc_id = var.vpc_id
  egress {
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["10.0.0.0/16"]
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

resource "aws_vpc_endpoint" "api" {
  vpc_id             = var.vpc_id
  service_name       = "com.amazonaws.us-east-1.execute-api"
  vpc_endpoint_type  = "Interface"
  subnet_ids         = var.subnet_ids
  security_group_ids = [aws_security_group.vpce.id]
}

data "aws_network_interface" "api" {
  count = length(var.subnet_ids)
  id    = sort(tolist(aws_vpc_endpoint.api.network_interface_ids))[count.index]
}

variable "idle_timeout" { type = number }

resource "aws_lb" "api" {
  internal        = true
  subnets         = var.subnet_ids
  security_groups = [aws_security_group.alb.id]
  idle_timeout    = var.idle_timeout
}

resource "aws_lb_target_group" "api" {
  vpc_id      = var.vpc_id
  target_type = "ip"
  protocol    = "HTTPS"
  port        = 443
  health_check {
    protocol = "HTTPS"
    matcher  = "200,403"
  }
}

resource "aws_lb_target_group_attachment" "api" {
  count            = length(var.subnet_ids)
  target_group_arn = aws_lb_target_group.api.arn
  target_id        = data.aws_network_interface.api[count.index].private_ip
  port             = 443
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.api.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.certificate_arn
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.api.arn
  }
}

variable "api_host" {
  type    = string
  default = "api.internal.example.com"
}
variable "zone_id" { type = string }

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
      Condition = { StringNotEquals = { "aws:SourceVpce" = aws_vpc_endpoint.api.id } } }
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
  type                    = "HTTP_PROXY"
  integration_http_method = "ANY"
  uri                     = "https://backend.internal.example.com/"
}

resource "aws_api_gateway_deployment" "api" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  triggers = {
    redeploy = sha1(jsonencode([aws_api_gateway_integration.root_any.id, aws_api_gateway_rest_api_policy.api.policy]))
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
  regional_certificate_arn = var.certificate_arn
  security_policy          = "TLS_1_2"
  endpoint_configuration { types = ["REGIONAL"] }
}

resource "aws_api_gateway_base_path_mapping" "api" {
  api_id      = aws_api_gateway_rest_api.api.id
  stage_name  = aws_api_gateway_stage.v1.stage_name
  domain_name = aws_api_gateway_domain_name.api.domain_name
}

resource "aws_route53_record" "api" {
  zone_id = var.zone_id
  name    = var.api_host
  type    = "A"
  alias {
    name                   = aws_lb.api.dns_name
    zone_id                = aws_lb.api.zone_id
    evaluate_target_health = false
  }
}
