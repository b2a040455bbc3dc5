// PAPI103: the REST API behind the private custom domain admits another
// endpoint than the one the domain's access association connects.
'use strict';
const { privateDomain, ENV, cdk } = require('papilint-private-domain');
const { newApp } = require('papilint-pattern');

const app = newApp({ cliContext: true });
privateDomain(new cdk.Stack(app, 'PrivateDomainStack', { env: ENV }), { apiAdmits: 'other' });
app.synth();
