package cdk

// Import paths of the packages the analyzers recognise. aws-cdk-go ships one
// Go package per aws-cdk-lib module inside the module
// github.com/aws/aws-cdk-go/awscdk/v2; the jsii pointer helpers live in
// github.com/aws/jsii-runtime-go.
const (
	PathCDK          = "github.com/aws/aws-cdk-go/awscdk/v2"
	PathAPIGateway   = PathCDK + "/awsapigateway"
	PathEC2          = PathCDK + "/awsec2"
	PathELBv2        = PathCDK + "/awselasticloadbalancingv2"
	PathELBv2Targets = PathCDK + "/awselasticloadbalancingv2targets"
	PathJSII         = "github.com/aws/jsii-runtime-go"
)

// cdkPrefixes are the import path prefixes of code that belongs to the CDK
// itself. A construct handed to a function outside them may be changed there.
var cdkPrefixes = []string{
	PathCDK,
	"github.com/aws/constructs-go/constructs/v10",
	PathJSII,
}
