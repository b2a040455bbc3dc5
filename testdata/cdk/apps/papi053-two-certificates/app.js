// PAPI053: the custom domain presents a certificate of its own, which also
// covers the name; the listener keeps the shared one. Only a note.
'use strict';
const acm = require('aws-cdk-lib/aws-certificatemanager');
const { network, api, newApp, ENV, API_HOST, cdk } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
const net = network(stack);
const { domain } = api(stack, net);
const own = new acm.Certificate(stack, 'DomainCert', {
  domainName: API_HOST,
  validation: acm.CertificateValidation.fromDns(net.zone),
});
domain.node.defaultChild.addPropertyOverride('RegionalCertificateArn', own.certificateArn);
app.synth();
