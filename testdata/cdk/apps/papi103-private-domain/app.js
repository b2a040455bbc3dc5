// PAPI103 stays silent: the REST API behind the private custom domain admits
// the endpoint of the access association.
'use strict';
const { privateDomain, ENV, cdk } = require('papilint-private-domain');
const { newApp } = require('papilint-pattern');

const app = newApp();
privateDomain(new cdk.Stack(app, 'PrivateDomainStack', { env: ENV }));
app.synth();
