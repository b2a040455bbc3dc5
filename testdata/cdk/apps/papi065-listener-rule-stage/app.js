// PAPI065: the domain's mapping selects the deployment stage (v1), and a
// listener rule routes /v1/* to the endpoint, repeating the stage.
'use strict';
const { network, api, newApp, ENV, cdk, elbv2 } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
const net = network(stack);
api(stack, net);
net.alb.listeners[0].addTargetGroups('V1', {
  priority: 10,
  conditions: [elbv2.ListenerCondition.pathPatterns(['/v1/*'])],
  targetGroups: [net.tg],
});
app.synth();
