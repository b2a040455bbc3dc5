# The endpoint's group is handed to a registry module that is not installed, which may add rules to it: no finding.

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
}

module "vpce_rules" {
  source            = "terraform-aws-modules/security-group/aws"
  version           = "5.1.0"
  create_sg         = false
  security_group_id = aws_security_group.vpce.id
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

resource "aws_lb" "api" {
  internal        = true
  subnets         = var.subnet_ids
  security_groups = [aws_security_group.alb.id]
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
