output "url" {
  description = "Call this from inside the VPC."
  value       = "https://${var.domain_name}/"
}

output "alb_dns_name" {
  description = "DNS name of the internal ALB."
  value       = aws_lb.this.dns_name
}

output "vpc_endpoint_id" {
  description = "The execute-api endpoint the API's policy admits."
  value       = aws_vpc_endpoint.execute_api.id
}

output "endpoint_ips" {
  description = "Private addresses of the endpoint's ENIs: the ALB's targets."
  value       = data.aws_network_interface.endpoint[*].private_ip
}

output "rest_api_id" {
  description = "ID of the private REST API."
  value       = aws_api_gateway_rest_api.this.id
}

output "vpc_id" {
  description = "The VPC that holds the stack."
  value       = var.vpc_id
}
