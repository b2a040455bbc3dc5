// PAPI104: an escape hatch points the private custom domain's A record at a
// load balancer's DNS name, as the ALB pattern would, instead of the
// execute-api endpoint.
'use strict';
const { privateDomain, ENV, cdk } = require('papilint-private-domain');
const { newApp } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateDomainStack', { env: ENV });
privateDomain(stack);
const record = stack.node.findChild('Dns').node.defaultChild;
record.addPropertyOverride('AliasTarget.DNSName', 'internal-portal-1234567890.eu-west-1.elb.amazonaws.com');
record.addPropertyOverride('AliasTarget.HostedZoneId', 'Z32O12XQLNTSW2');
app.synth();
