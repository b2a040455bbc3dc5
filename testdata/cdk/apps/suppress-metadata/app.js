// Suppressions in a CDK app: the internet-facing load balancer (PAPI030) is
// suppressed with a reason through the resource's Metadata, set with
// addMetadata; the private API's default endpoint (PAPI010) is "suppressed"
// without a reason, which must not suppress it.
'use strict';
const { network, api, newApp, ENV, cdk } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApi', { env: ENV });
const net = network(stack, { internetFacing: true });
const { restApi } = api(stack, net, { keepExecuteApiEndpoint: true });
net.alb.node.defaultChild.addMetadata('papilint', {
  ignore: [{ id: 'PAPI030', reason: 'fronted by CloudFront and WAF (NET-42)', until: '2099-12-31' }],
});
restApi.node.defaultChild.addMetadata('papilint', { ignore: ['PAPI010'] });
app.synth();
