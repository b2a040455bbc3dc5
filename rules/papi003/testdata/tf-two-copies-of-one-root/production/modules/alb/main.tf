# The internal ALB: an HTTPS listener forwarding to an IP target group whose
# targets are the endpoint's ENI addresses, and the DNS record of the
# custom domain.

variable "vpc_id" { type = string }
variable "vpc_cidr" { type = string }
variable "subnet_ids" { type = list(string) }
variable "api_host" { type = string }
variable "zone_id" { type = string }
variable "certificate_arn" { type = string }
variable "target_ips" { type = list(string) }

resource "aws_security_group" "alb" {
  vpc_id      = var.vpc_id
  description = "internal ALB"
  ingress {
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = [var.vpc_cidr]
  }
  egress {
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = [var.vpc_cidr]
  }
}

resource "aws_lb" "internal" {
  internal           = true
  load_balancer_type = "application"
  subnets            = var.subnet_ids
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
  count            = length(var.target_ips)
  target_group_arn = aws_lb_target_group.vpce.arn
  target_id        = var.target_ips[count.index]
  port             = 443
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.internal.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.certificate_arn
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
