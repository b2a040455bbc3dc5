// PAPI045: next to the two targets read from the endpoint, an IpTarget
// with an address typed in (10.0.0.99), although the endpoint is created
// in the same stack.
'use strict';
const { network, api, newApp, ENV, cdk } = require('papilint-pattern');
const elbTargets = require('aws-cdk-lib/aws-elasticloadbalancingv2-targets');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
const net = network(stack);
api(stack, net);
net.tg.addTarget(new elbTargets.IpTarget('10.0.0.99', 443));
app.synth();
