# The network: the existing VPC. Its CIDR is read to admit clients to the ALB and to
# let the ALB reach the endpoint.
data "aws_vpc" "this" {
  id = var.vpc_id
}
