// PAPI001: the REST API behind the load balancer is REGIONAL, not PRIVATE.
'use strict';
const { network, api, newApp, ENV, cdk, apigw } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
api(stack, network(stack), { endpointType: apigw.EndpointType.REGIONAL });
app.synth();
