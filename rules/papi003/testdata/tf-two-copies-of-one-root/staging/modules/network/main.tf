# The execute-api interface endpoint and the addresses of its ENIs.

variable "vpc_id" { type = string }
variable "vpc_cidr" { type = string }
variable "endpoint_subnet_ids" { type = list(string) }

data "aws_region" "current" {}

resource "aws_security_group" "vpce" {
  vpc_id      = var.vpc_id
  description = "execute-api endpoint"
  ingress {
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = [var.vpc_cidr]
  }
}

resource "aws_vpc_endpoint" "execute_api" {
  vpc_id              = var.vpc_id
  service_name        = "com.amazonaws.${data.aws_region.current.name}.execute-api"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = var.endpoint_subnet_ids
  security_group_ids  = [aws_security_group.vpce.id]
  private_dns_enabled = false
}

data "aws_network_interface" "vpce" {
  count = length(var.endpoint_subnet_ids)
  id    = sort(tolist(aws_vpc_endpoint.execute_api.network_interface_ids))[count.index]
}

output "endpoint_id" {
  value = aws_vpc_endpoint.execute_api.id
}

output "endpoint_ips" {
  value = data.aws_network_interface.vpce[*].private_ip
}
