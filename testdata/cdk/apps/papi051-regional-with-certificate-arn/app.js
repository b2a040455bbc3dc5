// PAPI051: the REGIONAL custom domain gives its certificate as CertificateArn.
'use strict';
const { network, api, newApp, ENV, cdk, apigw } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
const net = network(stack);
const { restApi, domain } = api(stack, net);
const cfnDomain = domain.node.defaultChild;
cfnDomain.addPropertyOverride('CertificateArn', net.cert.certificateArn);
cfnDomain.addPropertyDeletionOverride('RegionalCertificateArn');
app.synth();
