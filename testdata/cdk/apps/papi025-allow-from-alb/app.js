// PAPI025 stays silent: the endpoint's own rules admit only on-premises
// clients, but endpoint.connections.allowFrom(alb, 443) adds a separate
// AWS::EC2::SecurityGroupIngress from the load balancer's security group.
'use strict';
const { network, api, newApp, ENV, cdk, ec2 } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
const net = network(stack);
api(stack, net);
const sg = net.endpoint.connections.securityGroups[0];
sg.node.defaultChild.addPropertyOverride('SecurityGroupIngress', [
  { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '192.168.0.0/16', Description: 'on-premises clients' },
]);
net.endpoint.connections.allowFrom(net.alb, ec2.Port.tcp(443), 'the load balancer');
app.synth();
