// PAPI070 stays silent on the conforming pattern: the A record aliases the
// load balancer (LoadBalancerTarget, "dualstack.<ALB DNS name>").
'use strict';
const { network, api, newApp, ENV, cdk } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
api(stack, network(stack));
app.synth();
