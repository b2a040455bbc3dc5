// PAPI058: the custom domain the ALB serves accepts TLS 1.0.
'use strict';
const { network, api, newApp, ENV, cdk, apigw } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
const net = network(stack);
const { restApi, domain } = api(stack, net);
domain.node.defaultChild.addPropertyOverride('SecurityPolicy', 'TLS_1_0');
app.synth();
