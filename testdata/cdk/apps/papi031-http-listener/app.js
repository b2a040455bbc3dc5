// PAPI031: the listener that forwards to the endpoint's target group speaks
// plain HTTP.
'use strict';
const { network, api, newApp, ENV, cdk, apigw } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
const net = network(stack);
const { restApi, domain } = api(stack, net);
const listener = net.alb.listeners[0].node.defaultChild;
listener.addPropertyOverride('Protocol', 'HTTP');
listener.addPropertyOverride('Port', 80);
listener.addPropertyDeletionOverride('Certificates');
listener.addPropertyDeletionOverride('SslPolicy');
app.synth();
