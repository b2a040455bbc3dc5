// PAPI046 stays silent: the target group, the endpoint and the load
// balancer's subnets are all in the one VPC.
'use strict';
const { network, api, newApp, ENV, cdk } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
api(stack, network(stack));
app.synth();
