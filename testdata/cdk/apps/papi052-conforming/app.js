// PAPI052 stays silent on the conforming pattern: the listener and the custom
// domain share one certificate issued for the domain's name.
'use strict';
const { network, api, newApp, ENV, cdk } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
api(stack, network(stack));
app.synth();
