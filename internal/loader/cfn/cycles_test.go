package cfn

import "testing"

// TestCircularDependencies: resources that depend on each other through
// Ref, Fn::GetAtt, Fn::Sub (short and long form) or DependsOn are one
// error at the first of them; ${!Literal}, Fn::Sub variables, parameters
// and templates with a Transform are not dependencies.
func TestCircularDependencies(t *testing.T) {
	_, diags := buildTexts([]string{"cycle.yaml"}, `Parameters:
  P: {Type: String}
Resources:
  A:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !Sub "${B.TopicName}-${P}-${!A}"
  B:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: {"Fn::Sub": ["${X}", {"X": {"Fn::GetAtt": ["C", "TopicName"]}}]}
  C:
    Type: AWS::SNS::Topic
    DependsOn: [A]
  Alone:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub "${Alone2}-${!Alone}"
  Alone2:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: {"Fn::Sub": ["${Alone}", {"Alone": "x"}]}
  Self:
    Type: AWS::SQS::Queue
    DependsOn: Self
`)
	checkDiags(t, diags,
		evDiag{"error", "A", "circular dependency between resources A, B, C"},
		evDiag{"error", "Self", "resource Self depends on itself"})

	_, diags = buildTexts([]string{"sam.yaml"}, `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      DefinitionBody: {"x": !Sub "${Fn.Arn}"}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Events: {E: {Type: Api, Properties: {RestApiId: !Ref Api}}}
`)
	for _, d := range diags {
		if d.Severity == "error" {
			t.Errorf("SAM template: unexpected %s", d.Message)
		}
	}
}
