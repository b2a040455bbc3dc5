// PAPI025 stays silent: InterfaceVpcEndpoint's default security group
// (open: true) admits 443 from the VPC's CIDR block, which holds the load
// balancer's subnets.
'use strict';
const { network, api, newApp, ENV, cdk } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
api(stack, network(stack));
app.synth();
