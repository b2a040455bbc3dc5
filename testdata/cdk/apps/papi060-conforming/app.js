// PAPI060 stays silent on the conforming pattern: the custom domain maps the
// private API (DomainName's mapping option).
'use strict';
const { network, api, newApp, ENV, cdk } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
api(stack, network(stack));
app.synth();
