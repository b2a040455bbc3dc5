// PAPI060: the custom domain the load balancer serves is created without a
// mapping (no `mapping` option, no addBasePathMapping).
'use strict';
const route53 = require('aws-cdk-lib/aws-route53');
const route53Targets = require('aws-cdk-lib/aws-route53-targets');
const { network, api, newApp, ENV, API_HOST, cdk, apigw } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
const net = network(stack);
api(stack, net, { noDomain: true });
new apigw.DomainName(stack, 'Domain', {
  domainName: API_HOST,
  certificate: net.cert,
  endpointType: apigw.EndpointType.REGIONAL,
  securityPolicy: apigw.SecurityPolicy.TLS_1_2,
});
new route53.ARecord(stack, 'Dns', {
  zone: net.zone,
  recordName: API_HOST,
  target: route53.RecordTarget.fromAlias(new route53Targets.LoadBalancerTarget(net.alb)),
});
app.synth();
