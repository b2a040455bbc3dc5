# The ALB's subnets are in another VPC than its target group.

variable "certificate_arn" { type = string }

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}

resource "aws_subnet" "b" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.2.0/24"
}

resource "aws_vpc" "shared" {
  cidr_block = "10.1.0.0/16"
}

resource "aws_subnet" "shared_a" {
  vpc_id     = aws_vpc.shared.id
  cidr_block = "10.1.1.0/24"
}

resource "aws_subnet" "shared_b" {
  vpc_id     = aws_vpc.shared.id
  cidr_block = "10.1.2.0/24"
}

resource "aws_security_group" "alb" {
  vpc_id = aws_vpc.main.id
  egress {
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["10.0.0.0/16"]
  }
}

resource "aws_security_group" "vpce" {
  vpc_id = aws_vpc.main.id
  ingress {
    protocol        = "tcp"
    from_port       = 443
    to_port         = 443
    security_groups = [aws_security_group.alb.id]
  }
}

resource "aws_vpc_endpoint" "api" {
  vpc_id             = aws_vpc.main.id
  service_name       = "com.amazonaws.us-east-1.execute-api"
  vpc_endpoint_type  = "Interface"
  subnet_ids         = [aws_subnet.a.id, aws_subnet.b.id]
  security_group_ids = [aws_security_group.vpce.id]
}

data "aws_network_interface" "api" {
  count = 2
  id    = sort(tolist(aws_vpc_endpoint.api.network_interface_ids))[count.index]
}

resource "aws_lb" "api" {
  internal        = true
  subnets         = [aws_subnet.shared_a.id, aws_subnet.shared_b.id]
  security_groups = [aws_security_group.alb.id]
}

resource "aws_lb_target_group" "api" {
  vpc_id      = aws_vpc.main.id # want "target group \"aws_lb_target_group.api\" is in VPC \"aws_vpc.main\" but load balancer \"aws_lb.api\" is in VPC \"aws_vpc.shared\" \\(its subnet aws_subnet.shared_a\\)" at:"aws_vpc.main.id" sev:warning
  target_type = "ip"
  protocol    = "HTTPS"
  port        = 443
  health_check {
    protocol = "HTTPS"
    matcher  = "200,403"
  }
}

resource "aws_lb_target_group_attachment" "api" {
  count            = 2
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
