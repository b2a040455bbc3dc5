// papilint trace: the ALB listener presents a certificate for another name,
// so a client dialling api.internal.example.com fails the TLS name check.
'use strict';
const { network, api, newApp, ENV, cdk } = require('papilint-pattern');
const acm = require('aws-cdk-lib/aws-certificatemanager');

const app = newApp({ cliContext: true });
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
const net = network(stack);
api(stack, net);
const other = new acm.Certificate(stack, 'AlbCert', {
  domainName: 'alb.internal.example.com',
  validation: acm.CertificateValidation.fromDns(),
});
net.alb.node.findChild('Https').node.defaultChild.addPropertyOverride('Certificates', [{ CertificateArn: other.certificateArn }]);
app.synth();
