// PAPI004: the policy admits two execute-api endpoints with one Deny per
// endpoint, so each Deny refuses the other endpoint and nobody gets through.
'use strict';
const { network, newApp, ENV, cdk, ec2, apigw } = require('papilint-pattern');
const iam = require('aws-cdk-lib/aws-iam');

const app = newApp({ cliContext: true });
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
const net = network(stack);
const second = net.vpc.addInterfaceEndpoint('SecondExecuteApi', {
  service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY,
  privateDnsEnabled: false,
});
const any = [new iam.AnyPrincipal()];
const deny = (endpoint) =>
  new iam.PolicyStatement({
    effect: iam.Effect.DENY,
    principals: any,
    actions: ['execute-api:Invoke'],
    resources: ['execute-api:/*'],
    conditions: { StringNotEquals: { 'aws:SourceVpce': endpoint.vpcEndpointId } },
  });
const api = new apigw.RestApi(stack, 'PrivateApi', {
  restApiName: 'private-api',
  endpointTypes: [apigw.EndpointType.PRIVATE],
  disableExecuteApiEndpoint: true,
  deployOptions: { stageName: 'v1' },
  policy: new iam.PolicyDocument({
    statements: [
      new iam.PolicyStatement({ principals: any, actions: ['execute-api:Invoke'], resources: ['execute-api:/*'] }),
      deny(net.endpoint),
      deny(second),
    ],
  }),
});
api.root.addMethod('ANY', new apigw.MockIntegration());
app.synth();
