// PAPI003 stays silent: the policy restricts callers by aws:SourceVpc, and
// the VPC it names is the VPC of the endpoint the ALB forwards to (compared
// by reference, across two stacks).
'use strict';
const { network, api, newApp, ENV, cdk } = require('papilint-pattern');

const app = newApp();
const networkStack = new cdk.Stack(app, 'Network', { env: ENV });
const apiStack = new cdk.Stack(app, 'Api', { env: ENV });
api(apiStack, network(networkStack), { denyBySourceVpc: true });
app.synth();
