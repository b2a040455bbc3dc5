// PAPI020: the execute-api endpoint is created for the apigateway service
// (API Gateway's management API) instead.
'use strict';
const { network, api, newApp, ENV, cdk, apigw } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
const net = network(stack);
const { restApi, domain } = api(stack, net);
net.endpoint.node.defaultChild.addPropertyOverride('ServiceName', 'com.amazonaws.eu-west-1.apigateway');
app.synth();
