# The endpoint type is read from a data source: silent.

data "aws_ssm_parameter" "endpoint_type" {
  name = "/platform/api-endpoint-type"
}

resource "aws_api_gateway_rest_api" "api" {
  name = "orders"
  endpoint_configuration {
    types = [data.aws_ssm_parameter.endpoint_type.value]
  }
}
