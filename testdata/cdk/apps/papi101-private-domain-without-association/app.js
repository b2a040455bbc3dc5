// PAPI101: a private custom domain that no access association names.
'use strict';
const { network, api, newApp, ENV, cdk, apigw } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
const net = network(stack);
const { restApi, domain } = api(stack, net);
new apigw.CfnDomainNameV2(stack, 'PrivateDomain', {
  domainName: 'private.internal.example.com',
  certificateArn: net.cert.certificateArn,
  endpointConfiguration: { types: ['PRIVATE'] },
  securityPolicy: 'TLS_1_2',
});
app.synth();
