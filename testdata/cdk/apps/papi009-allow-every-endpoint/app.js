// PAPI009: the policy of the private API (in a nested stack) allows every
// caller and has no Deny for other endpoints.
'use strict';
const { network, api, newApp, ENV, cdk } = require('papilint-pattern');

const app = newApp({ cliContext: true });
const stack = new cdk.Stack(app, 'Main', { env: ENV });
const net = network(new cdk.NestedStack(stack, 'Network'));
api(new cdk.NestedStack(stack, 'Api'), net, { allowEveryEndpoint: true });
app.synth();
