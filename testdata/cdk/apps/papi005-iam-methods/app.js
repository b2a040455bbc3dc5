// PAPI005 stays silent: the policy has only a Deny, but every method uses
// AWS_IAM, so same-account callers are allowed by their identity policies.
'use strict';
const { network, newApp, ENV, cdk, apigw } = require('papilint-pattern');
const iam = require('aws-cdk-lib/aws-iam');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
const net = network(stack);
const api = new apigw.RestApi(stack, 'PrivateApi', {
  restApiName: 'private-api',
  endpointTypes: [apigw.EndpointType.PRIVATE],
  disableExecuteApiEndpoint: true,
  deployOptions: { stageName: 'v1' },
  policy: new iam.PolicyDocument({
    statements: [
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['execute-api:Invoke'],
        resources: ['execute-api:/*'],
        conditions: { StringNotEquals: { 'aws:SourceVpce': net.endpoint.vpcEndpointId } },
      }),
    ],
  }),
});
api.root.addMethod('GET', new apigw.MockIntegration(), { authorizationType: apigw.AuthorizationType.IAM });
app.synth();
