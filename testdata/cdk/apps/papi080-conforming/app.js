// PAPI080 stays silent: an HTTP integration with the default 29-second
// timeout behind a load balancer with the default 60-second idle timeout.
'use strict';
const { network, api, newApp, ENV, cdk, apigw } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
const { restApi } = api(stack, network(stack));
restApi.root.addResource('orders').addMethod('GET', new apigw.HttpIntegration('https://backend.internal.example.com/orders'));
app.synth();
