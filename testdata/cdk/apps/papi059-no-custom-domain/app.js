// PAPI059: the load balancer forwards to the endpoint and the private API is
// in the stack, but there is no custom domain (nor a DNS record): API Gateway
// cannot route the requests the load balancer sends.
'use strict';
const { network, api, newApp, ENV, cdk } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
api(stack, network(stack), { noDomain: true });
app.synth();
