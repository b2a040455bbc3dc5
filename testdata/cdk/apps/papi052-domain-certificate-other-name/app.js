// PAPI052: the custom domain presents a certificate of its own, issued for
// another name, so API Gateway cannot create the domain. The listener keeps
// the certificate that covers the name.
'use strict';
const acm = require('aws-cdk-lib/aws-certificatemanager');
const { network, api, newApp, ENV, cdk } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
const net = network(stack);
const { domain } = api(stack, net);
const other = new acm.Certificate(stack, 'DomainCert', {
  domainName: 'www.internal.example.com',
  validation: acm.CertificateValidation.fromDns(net.zone),
});
domain.node.defaultChild.addPropertyOverride('RegionalCertificateArn', other.certificateArn);
app.synth();
