variable "name" {
  description = "Prefix of every resource name (lower-case letters, digits and hyphens, at most 24 characters)."
  type        = string
  default     = "inventory"
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,23}$", var.name))
    error_message = "Use 1 to 24 lower-case letters, digits and hyphens, starting with a letter."
  }
}

variable "region" {
  description = "AWS region of the stack; the certificate must be in this region too."
  type        = string
  default     = "eu-central-1"
}

variable "domain_name" {
  description = "The name clients dial: the ALB's certificate, the API's custom domain and the DNS record all use it."
  type        = string
  default     = "api.internal.example.com"
}

variable "stage_name" {
  description = "Stage of the REST API that the custom domain's base path mapping selects."
  type        = string
  default     = "prod"
}

variable "vpc_id" {
  description = "The existing VPC that holds the endpoint, the ALB and the clients."
  type        = string
  default     = "vpc-0a1b2c3d"
}

variable "subnet_ids" {
  description = "Private subnets of that VPC, one per availability zone (2 or 3): one endpoint ENI and one ALB node each."
  type        = list(string)
  default     = ["subnet-0a1b2c3d", "subnet-1a2b3c4d"]
  validation {
    condition     = length(var.subnet_ids) >= 2 && length(var.subnet_ids) <= 3
    error_message = "Give 2 or 3 subnets in distinct availability zones."
  }
}

variable "hosted_zone_id" {
  description = "Route 53 hosted zone that holds the record for domain_name."
  type        = string
  default     = "Z3AADJGX6KTTL2"
}

variable "certificate_arn" {
  description = "Existing ACM certificate in var.region that covers domain_name; used by the ALB listener and the custom domain."
  type        = string
  default     = "arn:aws:acm:eu-central-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
}
