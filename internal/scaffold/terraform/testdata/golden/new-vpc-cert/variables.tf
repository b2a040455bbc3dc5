variable "name" {
  description = "Prefix of every resource name (lower-case letters, digits and hyphens, at most 24 characters)."
  type        = string
  default     = "billing"
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,23}$", var.name))
    error_message = "Use 1 to 24 lower-case letters, digits and hyphens, starting with a letter."
  }
}

variable "region" {
  description = "AWS region of the stack; the certificate must be in this region too."
  type        = string
  default     = "us-east-1"
}

variable "domain_name" {
  description = "The name clients dial: the ALB's certificate, the API's custom domain and the DNS record all use it."
  type        = string
  default     = "billing.internal.example.net"
}

variable "stage_name" {
  description = "Stage of the REST API that the custom domain's base path mapping selects."
  type        = string
  default     = "prod"
}

variable "vpc_cidr" {
  description = "CIDR of the new VPC; the private subnets take its first quarters, one per availability zone."
  type        = string
  default     = "172.16.0.0/16"
}

variable "az_count" {
  description = "Number of availability zones: private subnets, endpoint ENIs and ALB targets."
  type        = number
  default     = 2
  validation {
    condition     = contains([2, 3], var.az_count)
    error_message = "az_count must be 2 or 3."
  }
}

variable "hosted_zone_id" {
  description = "Route 53 hosted zone that holds the record for domain_name."
  type        = string
}

variable "certificate_arn" {
  description = "Existing ACM certificate in var.region that covers domain_name; used by the ALB listener and the custom domain."
  type        = string
  default     = "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"
}
