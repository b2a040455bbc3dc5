# The private API is mapped with no base path and a second API on the same domain.

variable "vpc_id" { type = string }
variable "subnet_ids" { type = list(string) }
variable "certificate_arn" { type = string }
variable "zone_id" { type = string }

data "aws_region" "current" {}

resource "aws_vpc_endpoint" "api" {
  vpc_id            = var.vpc_id
  service_name      = "com.amazonaws.${data.aws_region.current.name}.execute-api"
  vpc_endpoint_type = "Interface"
  subnet_ids        = var.subnet_ids
}

data "aws_network_interface" "api" {
  count = length(var.subnet_ids)
  id    = sort(tolist(aws_vpc_endpoint.api.network_interface_ids))[count.index]
}

resource "aws_lb" "api" {
  internal = true
  subnets  = var.subnet_ids
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

resource "aws_api_gateway_rest_api" "api" {
  name                         = "private-api"
  disable_execute_api_endpoint = true
  endpoint_configuration { types = ["PRIVATE"] }
}

resource "aws_api_gateway_stage" "v1" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  deployment_id = "placeholder"
  stage_name    = "v1"
}

resource "aws_api_gateway_domain_name" "api" {
  domain_name              = "api.internal.example.com"
  regional_certificate_arn = var.certificate_arn
  security_policy          = "TLS_1_2"
  endpoint_configuration { types = ["REGIONAL"] }
}

resource "aws_api_gateway_base_path_mapping" "api" { # want "mapping \"aws_api_gateway_base_path_mapping\\.api\" has an empty base path but custom domain \"aws_api_gateway_domain_name\\.api\" has 2 mappings" at:"resource \"aws_api_gateway_base_path_mapping\" \"api\""
  api_id      = aws_api_gateway_rest_api.api.id
  stage_name  = aws_api_gateway_stage.v1.stage_name
  domain_name = aws_api_gateway_domain_name.api.domain_name
}

resource "aws_route53_record" "api" {
  zone_id = var.zone_id
  name    = "api.internal.example.com"
  type    = "A"
  alias {
    name                   = aws_lb.api.dns_name
    zone_id                = aws_lb.api.zone_id
    evaluate_target_health = false
  }
}

resource "aws_api_gateway_rest_api" "admin" {
  name = "admin-api"
  endpoint_configuration { types = ["PRIVATE"] }
}

resource "aws_api_gateway_base_path_mapping" "admin" {
  api_id      = aws_api_gateway_rest_api.admin.id
  stage_name  = "v1"
  domain_name = aws_api_gateway_domain_name.api.domain_name
  base_path   = "admin"
}
