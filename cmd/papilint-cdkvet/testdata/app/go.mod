// A sample Go CDK app for the end-to-end test of papilint-cdkvet. The
// aws-cdk-go, constructs and jsii modules are replaced by the type-compatible
// stubs the analyzer tests use; the test rewrites the relative paths below to
// absolute ones when it copies the app to a temporary directory.
module example.com/cdkapp

go 1.22

require (
	github.com/aws/aws-cdk-go/awscdk/v2 v2.200.0
	github.com/aws/constructs-go/constructs/v10 v10.4.2
	github.com/aws/jsii-runtime-go v1.110.0
)

replace (
	github.com/aws/aws-cdk-go/awscdk/v2 => ../../../../cdkvet/testdata/src/github.com/aws/aws-cdk-go/awscdk/v2
	github.com/aws/constructs-go/constructs/v10 => ../../../../cdkvet/testdata/src/github.com/aws/constructs-go/constructs/v10
	github.com/aws/jsii-runtime-go => ../../../../cdkvet/testdata/src/github.com/aws/jsii-runtime-go
)
