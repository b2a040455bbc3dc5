// papilint trace: the policy only allows a second execute-api endpoint and
// denies nothing, so a call through the ALB's endpoint matches no Allow
// (implicit deny).
'use strict';
const { network, api, newApp, ENV, cdk, ec2 } = require('papilint-pattern');
const iam = require('aws-cdk-lib/aws-iam');

const app = newApp({ cliContext: true });
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
const net = network(stack);
const other = net.vpc.addInterfaceEndpoint('OtherExecuteApi', {
  service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY,
  privateDnsEnabled: false,
});
const { restApi } = api(stack, net);
const onlyOther = new iam.PolicyDocument({
  statements: [
    new iam.PolicyStatement({
      effect: iam.Effect.ALLOW,
      principals: [new iam.AnyPrincipal()],
      actions: ['execute-api:Invoke'],
      resources: ['execute-api:/*'],
      conditions: { StringEquals: { 'aws:SourceVpce': other.vpcEndpointId } },
    }),
  ],
});
restApi.node.defaultChild.addPropertyOverride('Policy', onlyOther.toJSON());
app.synth();
