// PAPI080: the load balancer's idle timeout is lowered to 20 seconds while
// an HTTP integration may wait the default 29 seconds.
'use strict';
const { network, api, newApp, ENV, cdk, apigw } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
const net = network(stack);
const { restApi } = api(stack, net);
restApi.root.addResource('orders').addMethod('GET', new apigw.HttpIntegration('https://backend.internal.example.com/orders'));
net.alb.setAttribute('idle_timeout.timeout_seconds', '20');
app.synth();
