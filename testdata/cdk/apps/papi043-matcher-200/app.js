// PAPI043: the health check accepts only 200.
'use strict';
const { network, api, newApp, ENV, cdk, apigw } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
const net = network(stack);
const { restApi, domain } = api(stack, net);
net.tg.node.defaultChild.addPropertyOverride('Matcher.HttpCode', '200');
app.synth();
