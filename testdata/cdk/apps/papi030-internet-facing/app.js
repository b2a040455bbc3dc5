// PAPI030: the load balancer in front of the endpoint is internet-facing.
// The stack is in a CDK Stage.
'use strict';
const { network, api, newApp, ENV, cdk } = require('papilint-pattern');

const app = newApp();
const stage = new cdk.Stage(app, 'Prod', { env: ENV });
const stack = new cdk.Stack(stage, 'PrivateApi');
api(stack, network(stack, { internetFacing: true }));
app.synth();
