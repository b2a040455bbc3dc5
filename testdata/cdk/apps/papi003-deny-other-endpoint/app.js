// PAPI003: the policy's Deny admits a second execute-api endpoint, not the
// one whose ENI addresses are the ALB targets, so every request through the
// ALB is denied.
'use strict';
const { network, api, newApp, ENV, cdk, ec2 } = require('papilint-pattern');

const app = newApp({ cliContext: true });
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
const net = network(stack);
const other = net.vpc.addInterfaceEndpoint('OtherExecuteApi', {
  service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY,
  privateDnsEnabled: false,
});
api(stack, { ...net, endpoint: other });
app.synth();
