# A data "aws_iam_policy_document" with one deny statement only; the method
# has no authorization.

data "aws_iam_policy_document" "api" {
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
      variable = "aws:SourceVpc"
      values   = [var.vpc_id]
    }
  }
}

resource "aws_api_gateway_rest_api" "api" {
  name = "orders"
  # want +1 "has no Allow for anonymous callers" at:"policy"
  policy = data.aws_iam_policy_document.api.json
  endpoint_configuration {
    types = ["PRIVATE"]
  }
}

resource "aws_api_gateway_method" "root_get" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_rest_api.api.root_resource_id
  http_method   = "GET"
  authorization = "NONE"
}

variable "vpc_id" { type = string }
