// papilint trace: the target group in front of the endpoint speaks HTTP, which
// the execute-api endpoint does not accept (502 from the ALB).
'use strict';
const { network, api, newApp, ENV, cdk } = require('papilint-pattern');

const app = newApp({ cliContext: true });
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
const net = network(stack);
api(stack, net);
net.tg.node.defaultChild.addPropertyOverride('Protocol', 'HTTP');
app.synth();
