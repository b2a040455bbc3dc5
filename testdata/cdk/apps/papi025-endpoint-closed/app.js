// PAPI025: the endpoint's security group is narrowed to on-premises
// clients (192.168.0.0/16); the load balancer's subnets are not in it.
'use strict';
const { network, api, newApp, ENV, cdk } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
const net = network(stack);
api(stack, net);
const sg = net.endpoint.connections.securityGroups[0];
sg.node.defaultChild.addPropertyOverride('SecurityGroupIngress', [
  { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '192.168.0.0/16', Description: 'on-premises clients only' },
]);
app.synth();
