# Hop 5: the execute-api interface endpoint. It has one ENI per subnet; the
# ALB sends requests to their addresses (alb.tf). Its security group admits
# HTTPS from the ALB's security group and nothing else.
resource "aws_security_group" "endpoint" {
  name        = "${var.name}-execute-api-endpoint"
  description = "execute-api endpoint: HTTPS from the ALB only"
  vpc_id      = var.vpc_id
  ingress {
    description     = "HTTPS from the ALB"
    protocol        = "tcp"
    from_port       = 443
    to_port         = 443
    security_groups = [aws_security_group.alb.id]
  }
}

resource "aws_vpc_endpoint" "execute_api" {
  vpc_id             = var.vpc_id
  service_name       = "com.amazonaws.${var.region}.execute-api"
  vpc_endpoint_type  = "Interface"
  subnet_ids         = var.subnet_ids
  security_group_ids = [aws_security_group.endpoint.id]
  # Private DNS would send every *.execute-api name in this VPC to the endpoint;
  # the ALB pattern does not need it.
  private_dns_enabled = false
  tags                = { Name = "${var.name}-execute-api" }
}
