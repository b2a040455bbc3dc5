# An internet-facing ALB whose target group holds instances, not the
# execute-api endpoint's ENIs: not part of the pattern, so silent.

variable "vpc_id" { type = string }
variable "subnet_ids" { type = list(string) }
variable "instance_id" { type = string }

resource "aws_lb" "web" {
  internal = false
  subnets  = var.subnet_ids
}

resource "aws_lb_target_group" "web" {
  vpc_id   = var.vpc_id
  protocol = "HTTP"
  port     = 80
}

resource "aws_lb_target_group_attachment" "web" {
  target_group_arn = aws_lb_target_group.web.arn
  target_id        = var.instance_id
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  protocol          = "HTTP"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}
