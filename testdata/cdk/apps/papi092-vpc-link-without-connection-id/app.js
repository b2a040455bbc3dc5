// PAPI092: an integration uses VPC_LINK but names no link.
'use strict';
const { network, api, newApp, ENV, cdk, apigw } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
const net = network(stack);
const { restApi, domain } = api(stack, net);
const orders = restApi.root.addResource('orders');
const m = orders.addMethod('ANY', new apigw.HttpIntegration('http://backend.internal.example.com/orders', { proxy: true, httpMethod: 'ANY' }));
m.node.defaultChild.addPropertyOverride('Integration.ConnectionType', 'VPC_LINK');
app.synth();
