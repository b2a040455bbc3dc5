// PAPI065 stays silent: the domain maps the API's deployment stage (v1) and a
// listener rule routes /orders/* (no stage in the path) to the endpoint.
'use strict';
const { network, api, newApp, ENV, cdk, elbv2 } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
const net = network(stack);
api(stack, net);
net.alb.listeners[0].addTargetGroups('Orders', {
  priority: 10,
  conditions: [elbv2.ListenerCondition.pathPatterns(['/orders/*'])],
  targetGroups: [net.tg],
});
app.synth();
