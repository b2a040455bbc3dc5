// PAPI090: a REST API VPC link (version 1) targets the Application Load
// Balancer.
'use strict';
const { network, api, newApp, ENV, cdk, apigw } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
const net = network(stack);
const { restApi, domain } = api(stack, net);
new apigw.CfnVpcLink(stack, 'BackendLink', { name: 'backend', targetArns: [net.alb.loadBalancerArn] });
app.synth();
