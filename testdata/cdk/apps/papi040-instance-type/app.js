// PAPI040: the target group in front of the endpoint is of type instance.
'use strict';
const { network, api, newApp, ENV, cdk, apigw } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
const net = network(stack);
const { restApi, domain } = api(stack, net);
net.tg.node.defaultChild.addPropertyOverride('TargetType', 'instance');
app.synth();
