// PAPI030 on an assembly synthesized with CDK_DEBUG=true: the finding points
// at the line of this file that creates the internet-facing load balancer,
// with the synthesized template as a related location.
'use strict';
const { network, api, newApp, ENV, cdk, ec2, elbv2 } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
const net = network(stack, {
  alb: (scope, vpc) =>
    new elbv2.ApplicationLoadBalancer(scope, 'Alb', { // want "load balancer .Alb16C2F182 .PrivateApiStack/Alb/Resource.. .*Scheme is internet-facing" at:"new elbv2.ApplicationLoadBalancer"
      vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    }),
});
api(stack, net);
app.synth();
