# The pattern split into local child modules; terraform.tfvars turns the
# API's default endpoint back on, and the finding points where the module
# uses the value.

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

  disable_execute_api_endpoint = var.disable_execute_api_endpoint
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
