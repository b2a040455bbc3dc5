// PAPI044 stays silent: one IpTarget per endpoint subnet (two), each a
// getResponseField of the describeNetworkInterfaces lookup.
'use strict';
const { network, api, newApp, ENV, cdk } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
api(stack, network(stack));
app.synth();
