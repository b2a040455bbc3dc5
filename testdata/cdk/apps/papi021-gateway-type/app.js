// PAPI021: the execute-api endpoint is declared as a Gateway endpoint.
'use strict';
const { network, api, newApp, ENV, cdk, apigw } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
const net = network(stack);
const { restApi, domain } = api(stack, net);
net.endpoint.node.defaultChild.addPropertyOverride('VpcEndpointType', 'Gateway');
app.synth();
