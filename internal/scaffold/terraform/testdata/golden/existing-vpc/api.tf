# Hops 8 and 9: the PRIVATE REST API with its default execute-api endpoint
# disabled, so the custom domain behind the ALB is the only way in.
resource "aws_api_gateway_rest_api" "this" {
  name                         = var.name
  description                  = "Private REST API reached through an internal ALB"
  disable_execute_api_endpoint = true
  endpoint_configuration {
    types = ["PRIVATE"]
  }
}

# Only requests that arrive through the endpoint the ALB forwards to are
# admitted: Allow everyone, then Deny every other source.
resource "aws_api_gateway_rest_api_policy" "this" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = "*"
        Action    = "execute-api:Invoke"
        Resource  = "execute-api:/*"
      },
      {
        Effect    = "Deny"
        Principal = "*"
        Action    = "execute-api:Invoke"
        Resource  = "execute-api:/*"
        Condition = {
          StringNotEquals = { "aws:SourceVpce" = aws_vpc_endpoint.execute_api.id }
        }
      },
    ]
  })
}

# An example method: GET / answers 200 with a fixed JSON body (a MOCK
# integration, no backend). Replace it with your own resources and methods.
resource "aws_api_gateway_method" "root_get" {
  rest_api_id   = aws_api_gateway_rest_api.this.id
  resource_id   = aws_api_gateway_rest_api.this.root_resource_id
  http_method   = "GET"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "root_get" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  resource_id = aws_api_gateway_rest_api.this.root_resource_id
  http_method = aws_api_gateway_method.root_get.http_method
  type        = "MOCK"
  request_templates = {
    "application/json" = jsonencode({ statusCode = 200 })
  }
}

resource "aws_api_gateway_method_response" "root_get_200" {
  rest_api_id     = aws_api_gateway_rest_api.this.id
  resource_id     = aws_api_gateway_rest_api.this.root_resource_id
  http_method     = aws_api_gateway_method.root_get.http_method
  status_code     = "200"
  response_models = { "application/json" = "Empty" }
}

resource "aws_api_gateway_integration_response" "root_get_200" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  resource_id = aws_api_gateway_rest_api.this.root_resource_id
  http_method = aws_api_gateway_method.root_get.http_method
  status_code = aws_api_gateway_method_response.root_get_200.status_code
  response_templates = {
    "application/json" = jsonencode({ message = "hello from the private API" })
  }
  depends_on = [aws_api_gateway_integration.root_get]
}

# A deployment is a snapshot: the triggers make a change to the methods or to
# the resource policy produce a new one (a policy change takes effect only
# after a redeployment). Add your own methods and integrations to the list.
resource "aws_api_gateway_deployment" "this" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  triggers = {
    redeployment = sha1(jsonencode([
      aws_api_gateway_method.root_get.id,
      aws_api_gateway_integration.root_get.id,
      aws_api_gateway_method_response.root_get_200.id,
      aws_api_gateway_integration_response.root_get_200.id,
      aws_api_gateway_rest_api_policy.this.policy,
    ]))
  }
  depends_on = [
    aws_api_gateway_integration.root_get,
    aws_api_gateway_integration_response.root_get_200,
    aws_api_gateway_rest_api_policy.this,
  ]
  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_api_gateway_stage" "this" {
  rest_api_id   = aws_api_gateway_rest_api.this.id
  deployment_id = aws_api_gateway_deployment.this.id
  stage_name    = var.stage_name
}
