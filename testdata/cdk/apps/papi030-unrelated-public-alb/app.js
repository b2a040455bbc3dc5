// PAPI030 stays silent: an internet-facing load balancer in the same stack
// answers with a fixed response and forwards nothing to the endpoint.
'use strict';
const { network, api, newApp, ENV, cdk, ec2, elbv2 } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
const net = network(stack);
api(stack, net);
const web = new elbv2.ApplicationLoadBalancer(stack, 'WebAlb', {
  vpc: net.vpc,
  internetFacing: true,
  vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
});
web.addListener('Http', {
  port: 80,
  defaultAction: elbv2.ListenerAction.fixedResponse(200, { messageBody: 'ok' }),
});
app.synth();
