# Hop 2: the internal ALB. Clients in the VPC reach it on 443 (and on 80,
# which only redirects); it reaches the endpoint's ENIs on 443.
resource "aws_security_group" "alb" {
  name        = "${var.name}-alb"
  description = "internal ALB: HTTPS and HTTP from the VPC, HTTPS to the execute-api endpoint"
  vpc_id      = aws_vpc.this.id
  ingress {
    description = "HTTPS from clients in the VPC"
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = [aws_vpc.this.cidr_block]
  }
  ingress {
    description = "HTTP from clients in the VPC (redirected to HTTPS)"
    protocol    = "tcp"
    from_port   = 80
    to_port     = 80
    cidr_blocks = [aws_vpc.this.cidr_block]
  }
  egress {
    # Terraform drops AWS's default allow-all egress; this is the one the ALB needs.
    description = "HTTPS to the ENIs of the execute-api endpoint"
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = [aws_vpc.this.cidr_block]
  }
}

resource "aws_lb" "this" {
  name                       = "${var.name}-alb"
  internal                   = true
  load_balancer_type         = "application"
  subnets                    = aws_subnet.private[*].id
  security_groups            = [aws_security_group.alb.id]
  drop_invalid_header_fields = true
}

# Hop 3: HTTPS listener with TLS 1.3, forwarding to the endpoint's ENIs;
# the HTTP listener only redirects to it.
resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.certificate_arn
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.endpoint.arn
  }
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"
  default_action {
    type = "redirect"
    redirect {
      protocol    = "HTTPS"
      port        = "443"
      status_code = "HTTP_301"
    }
  }
}

# Hop 4: the target group holds the endpoint's ENI addresses on HTTPS 443.
# Health checks carry no Host header the API knows, so the endpoint answers
# them with 403: 200 and 403 both mean healthy.
resource "aws_lb_target_group" "endpoint" {
  name        = "${var.name}-tg"
  target_type = "ip"
  protocol    = "HTTPS"
  port        = 443
  vpc_id      = aws_vpc.this.id
  health_check {
    protocol = "HTTPS"
    path     = "/"
    matcher  = "200,403"
  }
}

# The endpoint's ENI addresses. count is the number of subnets, which is
# known when Terraform plans, so the first apply works; a for_each over
# network_interface_ids would not (they are known only after apply). The IDs
# are sorted so that each index keeps its ENI across plans.
data "aws_network_interface" "endpoint" {
  count = var.az_count
  id    = sort(tolist(aws_vpc_endpoint.execute_api.network_interface_ids))[count.index]
}

resource "aws_lb_target_group_attachment" "endpoint" {
  count            = var.az_count
  target_group_arn = aws_lb_target_group.endpoint.arn
  target_id        = data.aws_network_interface.endpoint[count.index].private_ip
  port             = 443
}
