# The policy is a data "aws_iam_policy_document" with only an Allow
# statement (whose effect is Allow by default).

data "aws_iam_policy_document" "api" {
  statement { # want "lets anonymous callers invoke it from any VPC endpoint in any AWS account"
    actions   = ["execute-api:Invoke"]
    resources = ["execute-api:/*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
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
