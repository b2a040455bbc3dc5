// PAPI009 stays silent: the policy denies callers outside the VPC
// (aws:SourceVpc), whose ID comes from the network stack through a weak
// reference.
'use strict';
const { network, api, newApp, ENV, cdk } = require('papilint-pattern');

const app = newApp();
const networkStack = new cdk.Stack(app, 'Network', { env: ENV });
const apiStack = new cdk.Stack(app, 'Api', { env: ENV });
cdk.CrossStackReferences.of(apiStack).consume(cdk.ReferenceStrength.WEAK);
api(apiStack, network(networkStack), { denyBySourceVpc: true });
app.synth();
