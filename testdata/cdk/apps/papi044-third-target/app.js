// PAPI044: a third IpTarget (NetworkInterfaces.2) for an endpoint whose VPC
// has two subnets, so two network interfaces.
'use strict';
const { network, api, newApp, ENV, cdk } = require('papilint-pattern');
const elbTargets = require('aws-cdk-lib/aws-elasticloadbalancingv2-targets');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
const net = network(stack);
api(stack, net);
net.tg.addTarget(new elbTargets.IpTarget(net.enis.getResponseField('NetworkInterfaces.2.PrivateIpAddress'), 443));
app.synth();
