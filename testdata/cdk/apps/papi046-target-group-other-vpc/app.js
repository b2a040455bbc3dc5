// PAPI046: the target group is put in a second VPC of the stack, while the
// endpoint whose addresses it registers and the load balancer are in the
// first one.
'use strict';
const { network, api, newApp, ENV, cdk, ec2 } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
const net = network(stack);
api(stack, net);
const shared = new ec2.Vpc(stack, 'SharedVpc', {
  ipAddresses: ec2.IpAddresses.cidr('10.1.0.0/16'),
  maxAzs: 2,
  natGateways: 0,
  restrictDefaultSecurityGroup: false,
  subnetConfiguration: [{ name: 'private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
});
net.tg.node.defaultChild.addPropertyOverride('VpcId', shared.vpcId);
app.synth();
