// PAPI002 stays silent: a SpecRestApi whose OpenAPI definition carries the
// resource policy (x-amazon-apigateway-policy).
'use strict';
const { network, api, newApp, ENV, cdk } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
api(stack, network(stack), { policyInBody: true });
app.synth();
