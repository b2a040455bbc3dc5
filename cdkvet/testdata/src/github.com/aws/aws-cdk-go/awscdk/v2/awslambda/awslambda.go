// Package awslambda is a test stub of github.com/aws/aws-cdk-go/awscdk/v2/awslambda.
package awslambda

import (
	"github.com/aws/constructs-go/constructs/v10"
)

// IFunction is a Lambda function.
type IFunction interface {
	constructs.IConstruct
	FunctionArn() *string
}

// Function_FromFunctionArn imports a function.
func Function_FromFunctionArn(scope constructs.Construct, id *string, functionArn *string) IFunction {
	return nil
}
