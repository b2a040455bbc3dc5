# Two copies of one root module scanned together (benchgen once linked
# them): both name the same certificate ARN literally, but each load
# balancer serves only its own API, whose policy admits its own endpoint.
# The private API pattern split into a root module and three local child
# modules, with its inputs in terraform.tfvars and the resource policy
# written as a heredoc. papilint follows the values through the module
# calls and reports nothing here.

module "network" {
  source              = "./modules/network"
  vpc_id              = var.vpc_id
  vpc_cidr            = var.vpc_cidr
  endpoint_subnet_ids = var.endpoint_subnet_ids
}

module "api" {
  source          = "./modules/api"
  api_host        = var.api_host
  certificate_arn = var.certificate_arn
  vpce_id         = module.network.endpoint_id
}

module "alb" {
  source          = "./modules/alb"
  vpc_id          = var.vpc_id
  vpc_cidr        = var.vpc_cidr
  subnet_ids      = var.alb_subnet_ids
  api_host        = var.api_host
  zone_id         = var.zone_id
  certificate_arn = var.certificate_arn
  target_ips      = module.network.endpoint_ips
}

output "api_url" {
  value = "https://${var.api_host}/"
}
