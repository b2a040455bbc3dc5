# The for_each form of wiring the endpoint's ENIs: the ENI ids are known
# only after apply, so each data source and attachment is one instance of
# unknown count, and the ALB still forwards to them. It is internet-facing.

variable "vpc_id" { type = string }
variable "subnet_ids" { type = list(string) }
variable "certificate_arn" { type = string }

resource "aws_vpc_endpoint" "api" {
  vpc_id            = var.vpc_id
  service_name      = "com.amazonaws.us-east-1.execute-api"
  vpc_endpoint_type = "Interface"
  subnet_ids        = var.subnet_ids
}

data "aws_network_interface" "api" {
  for_each = toset(aws_vpc_endpoint.api.network_interface_ids)
  id       = each.value
}

resource "aws_lb" "api" {
  load_balancer_type = "application"
  internal           = false # want "Scheme is internet-facing, not internal" at:"false"
  subnets            = var.subnet_ids
}

resource "aws_lb_target_group" "api" {
  vpc_id      = var.vpc_id
  target_type = "ip"
  protocol    = "HTTPS"
  port        = 443
}

resource "aws_lb_target_group_attachment" "api" {
  for_each         = data.aws_network_interface.api
  target_group_arn = aws_lb_target_group.api.arn
  target_id        = each.value.private_ip
  port             = 443
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.api.arn
  port              = 443
  protocol          = "HTTPS"
  certificate_arn   = var.certificate_arn
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.api.arn
  }
}
