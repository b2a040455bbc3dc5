# A listener rule with a transform block (AWS provider v6), which rewrites
# the path, and one without. Read by TestListenerRulePathsTerraform. The
# mirrored provider (v5) has no transform block, hence "invalid" in the name:
# scripts/terraform-validate-testdata leaves it out.

resource "aws_lb_listener_rule" "rewrite" {
  listener_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/a/b/c"
  priority     = 10
  condition {
    path_pattern { values = ["/v1/*"] }
  }
  condition {
    host_header { values = ["*.example.com"] }
  }
  transform {
    type = "url-rewrite"
    url_rewrite_config {
      rewrite {
        regex   = "^/v1/(.*)$"
        replace = "/$1"
      }
    }
  }
  action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/a/b"
  }
}

resource "aws_lb_listener_rule" "plain" {
  listener_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/a/b/c"
  priority     = 20
  condition {
    path_pattern { values = ["/v1/*"] }
  }
  condition {
    host_header { values = ["api.example.com"] }
  }
  action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/a/b"
  }
}
