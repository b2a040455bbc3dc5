// PAPI041: the target group in front of the endpoint speaks HTTP.
'use strict';
const { network, api, newApp, ENV, cdk, apigw } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
const net = network(stack);
const { restApi, domain } = api(stack, net);
net.tg.node.defaultChild.addPropertyOverride('Protocol', 'HTTP');
app.synth();
