# terraform plan made after the endpoint exists (applied against the moto
# AWS emulator): the ENI lookups are read, so the plan knows the target
# addresses, and they still lead back to the endpoint. The ALB is
# internet-facing; the finding points at this file.

variable "certificate_arn" { type = string }

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "us-east-1a"
}

resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.2.0/24"
  availability_zone = "us-east-1b"
}

locals {
  subnet_ids = [aws_subnet.a.id, aws_subnet.b.id]
}

resource "aws_vpc_endpoint" "api" {
  vpc_id            = aws_vpc.main.id
  service_name      = "com.amazonaws.us-east-1.execute-api"
  vpc_endpoint_type = "Interface"
  subnet_ids        = local.subnet_ids
}

data "aws_network_interface" "api" {
  count = length(local.subnet_ids)
  id    = sort(tolist(aws_vpc_endpoint.api.network_interface_ids))[count.index]
}

resource "aws_lb" "api" {
  internal = false # want "load balancer \"aws_lb.api\" forwards to the execute-api endpoint but its Scheme is internet-facing, not internal" at:"false"
  subnets  = local.subnet_ids
}

resource "aws_lb_target_group" "api" {
  vpc_id      = aws_vpc.main.id
  target_type = "ip"
  protocol    = "HTTPS"
  port        = 443
}

resource "aws_lb_target_group_attachment" "api" {
  count            = length(local.subnet_ids)
  target_group_arn = aws_lb_target_group.api.arn
  target_id        = data.aws_network_interface.api[count.index].private_ip
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
