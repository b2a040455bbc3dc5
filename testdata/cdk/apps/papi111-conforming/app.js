// PAPI111 (off by default, enabled in its tests): the conforming pattern
// gives the private API a custom domain through the load balancer, which a
// private custom domain name could replace.
'use strict';
const { network, api, newApp, ENV, cdk } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
api(stack, network(stack));
app.synth();
