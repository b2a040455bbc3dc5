variable "vpc_id" { type = string }
variable "vpc_cidr" { type = string }
variable "endpoint_subnet_ids" { type = list(string) }
variable "alb_subnet_ids" { type = list(string) }
variable "api_host" { type = string }
variable "zone_id" { type = string }
variable "certificate_arn" { type = string }
