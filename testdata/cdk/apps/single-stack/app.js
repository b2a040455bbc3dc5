// The whole pattern in one stack, synthesized with plain `node app.js`.
// papilint finds nothing to report.
'use strict';
const { network, api, newApp, ENV, cdk } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
api(stack, network(stack));
app.synth();
