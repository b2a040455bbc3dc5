# aws_iam_policy_document with an Allow and a Deny unless the request came
# through the endpoint: silent.

variable "vpce_id" { type = string }

data "aws_iam_policy_document" "api" {
  statement {
    actions   = ["execute-api:Invoke"]
    resources = ["execute-api:/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
  statement {
    effect    = "Deny"
    actions   = ["execute-api:Invoke"]
    resources = ["execute-api:/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "StringNotEquals"
      variable = "aws:SourceVpce"
      values   = [var.vpce_id]
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
