// PAPI050: the custom domain the ALB serves is EDGE.
'use strict';
const { network, api, newApp, ENV, cdk, apigw } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
const net = network(stack);
const { restApi, domain } = api(stack, net);
domain.node.defaultChild.addPropertyOverride('EndpointConfiguration.Types', ['EDGE']);
app.synth();
