# for_each over the endpoint's interface ids, known only after apply: the number of attachments is unknown, so no finding (PAPI047 is about the plan failure).

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
  for_each = toset(aws_vpc_endpoint.api.network_interface_ids)
  id       = each.value
}

resource "aws_lb" "api" {
  internal        = true
  subnets         = [aws_subnet.a.id, aws_subnet.b.id]
  security_groups = [aws_security_group.alb.id]
}

resource "aws_lb_target_group" "api" {
  vpc_id      = aws_vpc.main.id
  target_type = "ip"
  protocol    = "HTTPS"
  port        = 443
  health_check {
    protocol = "HTTPS"
    matcher  = "200,403"
  }
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
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.certificate_arn
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.api.arn
  }
}
