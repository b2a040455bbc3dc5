# The policy is read from an existing IAM policy: not known before apply,
# so silent.

data "aws_iam_policy" "shared" {
  name = "private-api-access"
}

resource "aws_api_gateway_rest_api" "api" {
  name   = "orders"
  policy = data.aws_iam_policy.shared.policy
  endpoint_configuration {
    types = ["PRIVATE"]
  }
}
