vpc_id              = "vpc-0123456789abcdef0"
vpc_cidr            = "10.0.0.0/16"
endpoint_subnet_ids = ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"]
alb_subnet_ids      = ["subnet-0cccccccccccccccc", "subnet-0dddddddddddddddd"]
api_host            = "api.internal.example.com"
zone_id             = "Z0123456789ABCDEFGHIJ"
