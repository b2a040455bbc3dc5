// PAPI045 stays silent: the targets are read from the endpoint's network
// interfaces by an AwsCustomResource (describeNetworkInterfaces).
'use strict';
const { network, api, newApp, ENV, cdk } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
api(stack, network(stack));
app.synth();
