// PAPI100: the private custom domain's own policy admits another endpoint
// than the one the access association connects.
'use strict';
const { privateDomain, ENV, cdk } = require('papilint-private-domain');
const { newApp } = require('papilint-pattern');

const app = newApp({ cliContext: true });
privateDomain(new cdk.Stack(app, 'PrivateDomainStack', { env: ENV }), { domainAdmits: 'other' });
app.synth();
