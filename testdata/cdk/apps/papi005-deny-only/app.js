// PAPI005: the policy has only the Deny that restricts callers to the
// execute-api endpoint, and the method uses no authorization, so every call
// is implicitly denied.
'use strict';
const { network, newApp, ENV, cdk, apigw } = require('papilint-pattern');
const iam = require('aws-cdk-lib/aws-iam');

const app = newApp({ cliContext: true });
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
api.root.addMethod('GET', new apigw.MockIntegration(), { authorizationType: apigw.AuthorizationType.NONE });
app.synth();
