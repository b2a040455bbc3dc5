// PAPI004 stays silent: one Deny lists both execute-api endpoints (the fix).
'use strict';
const { network, newApp, ENV, cdk, ec2, apigw } = require('papilint-pattern');
const iam = require('aws-cdk-lib/aws-iam');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
const net = network(stack);
const second = net.vpc.addInterfaceEndpoint('SecondExecuteApi', {
  service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY,
  privateDnsEnabled: false,
});
const any = [new iam.AnyPrincipal()];
const deny = (...endpoints) =>
  new iam.PolicyStatement({
    effect: iam.Effect.DENY,
    principals: any,
    actions: ['execute-api:Invoke'],
    resources: ['execute-api:/*'],
    conditions: { StringNotEquals: { 'aws:SourceVpce': endpoints.map((e) => e.vpcEndpointId) } },
  });
const api = new apigw.RestApi(stack, 'PrivateApi', {
  restApiName: 'private-api',
  endpointTypes: [apigw.EndpointType.PRIVATE],
  disableExecuteApiEndpoint: true,
  deployOptions: { stageName: 'v1' },
  policy: new iam.PolicyDocument({
    statements: [
      new iam.PolicyStatement({ principals: any, actions: ['execute-api:Invoke'], resources: ['execute-api:/*'] }),
      deny(net.endpoint, second),
    ],
  }),
});
api.root.addMethod('ANY', new apigw.MockIntegration());
app.synth();
