# The same mistake in a data "aws_iam_policy_document": two deny statements,
# one per VPC.

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
      variable = "aws:SourceVpc"
      values   = ["vpc-0aaaaaaaaaaaaaaaa"] # want "splits its aws:SourceVpc allow-list.*together they deny every caller" at:"[\"vpc-0aaaaaaaaaaaaaaaa\"]"
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
      variable = "aws:SourceVpc"
      values   = ["vpc-0bbbbbbbbbbbbbbbb"]
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
