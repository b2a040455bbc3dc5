// PAPI070: the A record aliases the custom domain's regional endpoint
// (ApiGatewayDomain target), as one does for a public API, instead of the
// load balancer.
'use strict';
const route53 = require('aws-cdk-lib/aws-route53');
const route53Targets = require('aws-cdk-lib/aws-route53-targets');
const { network, api, newApp, ENV, API_HOST, cdk, apigw } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
const net = network(stack);
const { restApi } = api(stack, net, { noDomain: true });
const domain = new apigw.DomainName(stack, 'Domain', {
  domainName: API_HOST,
  certificate: net.cert,
  endpointType: apigw.EndpointType.REGIONAL,
  securityPolicy: apigw.SecurityPolicy.TLS_1_2,
  mapping: restApi,
});
new route53.ARecord(stack, 'Dns', {
  zone: net.zone,
  recordName: API_HOST,
  target: route53.RecordTarget.fromAlias(new route53Targets.ApiGatewayDomain(domain)),
});
app.synth();
