// PAPI100 stays silent: the private custom domain's policy admits the
// endpoint of its access association.
'use strict';
const { privateDomain, ENV, cdk } = require('papilint-private-domain');
const { newApp } = require('papilint-pattern');

const app = newApp();
privateDomain(new cdk.Stack(app, 'PrivateDomainStack', { env: ENV }));
app.synth();
