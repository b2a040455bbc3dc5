// PAPI081: the private API's integration waits 60 seconds.
'use strict';
const { network, api, newApp, ENV, cdk, apigw } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
const net = network(stack);
const { restApi, domain } = api(stack, net);
restApi.root.node.findChild('ANY').node.defaultChild.addPropertyOverride('Integration.TimeoutInMillis', 60000);
app.synth();
