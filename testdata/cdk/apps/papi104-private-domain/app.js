// PAPI104 stays silent on a private custom domain whose record in the private
// zone aliases the execute-api endpoint (InterfaceVpcEndpointTarget).
'use strict';
const { privateDomain, ENV, cdk } = require('papilint-private-domain');
const { newApp } = require('papilint-pattern');

const app = newApp();
privateDomain(new cdk.Stack(app, 'PrivateDomainStack', { env: ENV }));
app.synth();
