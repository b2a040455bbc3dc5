// PAPI032: the HTTPS listener in front of the endpoint has no certificate.
'use strict';
const { network, api, newApp, ENV, cdk, apigw } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
const net = network(stack);
const { restApi, domain } = api(stack, net);
net.alb.listeners[0].node.defaultChild.addPropertyDeletionOverride('Certificates');
app.synth();
