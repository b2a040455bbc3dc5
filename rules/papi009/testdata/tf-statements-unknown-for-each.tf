# The policy's statements come from a dynamic block over a data source:
# not known before apply, so silent.

data "aws_ssm_parameter" "statements" {
  name = "/platform/api-policy-statements"
}

data "aws_iam_policy_document" "api" {
  dynamic "statement" {
    for_each = jsondecode(data.aws_ssm_parameter.statements.value)
    content {
      effect    = statement.value.effect
      actions   = ["execute-api:Invoke"]
      resources = ["execute-api:/*"]
      principals {
        type        = "*"
        identifiers = ["*"]
      }
    }
  }
}

resource "aws_api_gateway_rest_api" "api" {
  name   = "orders"
  policy = data.aws_iam_policy_document.api.json
  endpoint_configuration {
    types = ["PRIVATE"]
  }
}
