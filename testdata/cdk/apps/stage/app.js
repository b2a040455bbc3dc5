// The pattern inside a CDK Stage (a nested cloud assembly), its API in a
// nested stack found through the stack's asset manifest (plain `node app.js`
// writes no aws:asset:path).
'use strict';
const { network, api, newApp, ENV, cdk } = require('papilint-pattern');

const app = newApp();
const stage = new cdk.Stage(app, 'Prod', { env: ENV });
const stack = new cdk.Stack(stage, 'PrivateApi');
api(new cdk.NestedStack(stack, 'Api'), network(stack));
app.synth();
