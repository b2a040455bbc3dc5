variable "name" {
  description = "Prefix of every resource name (lower-case letters, digits and hyphens, at most 24 characters)."
  type        = string
  default     = "orders"
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,23}$", var.name))
    error_message = "Use 1 to 24 lower-case letters, digits and hyphens, starting with a letter."
  }
}

variable "region" {
  description = "AWS region of the stack; the certificate must be in this region too."
  type        = string
  default     = "eu-west-1"
}

variable "domain_name" {
  description = "The name clients dial: the ALB's certificate, the API's custom domain and the DNS record all use it."
  type        = string
  default     = "orders.api.corp.example.org"
}

variable "stage_name" {
  description = "Stage of the REST API that the custom domain's base path mapping selects."
  type        = string
  default     = "v1"
}

variable "vpc_cidr" {
  description = "CIDR of the new VPC; the private subnets take its first quarters, one per availability zone."
  type        = string
  default     = "10.20.0.0/20"
}

variable "az_count" {
  description = "Number of availability zones: private subnets, endpoint ENIs and ALB targets."
  type        = number
  default     = 3
  validation {
    condition     = contains([2, 3], var.az_count)
    error_message = "az_count must be 2 or 3."
  }
}

variable "hosted_zone_id" {
  description = "Route 53 hosted zone that holds the record for domain_name and the certificate's DNS validation record."
  type        = string
  default     = "Z0123456789ABCDEFGHIJ"
}
