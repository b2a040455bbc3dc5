vpc_id              = "vpc-00000000000000006"
vpc_cidr            = "10.0.0.0/16"
endpoint_subnet_ids = ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"]
alb_subnet_ids      = ["subnet-0cccccccccccccccc", "subnet-0dddddddddddddddd"]
api_host            = "api6.internal.example.com"
zone_id             = "Z0123456789ABCDEFGHIJ"
certificate_arn     = "arn:aws:acm:us-east-1:111122223333:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
