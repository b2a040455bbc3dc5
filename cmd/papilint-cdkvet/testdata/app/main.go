// Command cdkapp synthesizes the sample stacks.
package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"example.com/cdkapp/broken"
	"example.com/cdkapp/good"
)

func main() {
	defer jsii.Close()
	app := awscdk.NewApp(nil)
	broken.NewPatternStack(app, "Broken", &awscdk.StackProps{})
	broken.NewLegacyApiStack(app, "Legacy", &awscdk.StackProps{})
	good.NewPatternStack(app, "Good", &awscdk.StackProps{})
	app.Synth(nil)
}
