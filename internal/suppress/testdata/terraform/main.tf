# The ALB in front of the execute-api endpoint's ENIs (count form) is
# internet-facing.

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
  count = length(var.subnet_ids)
  id    = sort(tolist(aws_vpc_endpoint.api.network_interface_ids))[count.index]
}

resource "aws_lb" "api" { // papilint:ignore PAPI059 reason="the domain lives in the platform stack"
  # papilint:ignore PAPI030 reason="fronted by CloudFront and WAF" until=2099-12-31
  internal = false
  subnets  = var.subnet_ids
}

# papilint:ignore PAPI043 until=2099-12-31
resource "aws_lb_target_group" "api" {
  vpc_id      = var.vpc_id
  target_type = "ip"
  protocol    = "HTTPS"
  port        = 443
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
  certificate_arn   = var.certificate_arn
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.api.arn
  }
}
