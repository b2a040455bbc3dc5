// PAPI061 stays silent on the conforming pattern: the mapping CDK creates for
// the domain's `mapping` option refers to the API's deployment stage.
'use strict';
const { network, api, newApp, ENV, cdk } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
api(stack, network(stack));
app.synth();
