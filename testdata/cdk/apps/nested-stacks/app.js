// The pattern in two nested stacks of one stack: the network's outputs reach
// the API's nested stack as parameters. Synthesized with the context
// `cdk synth` passes, so each AWS::CloudFormation::Stack names its template
// in aws:asset:path metadata.
'use strict';
const { network, api, newApp, ENV, cdk } = require('papilint-pattern');

const app = newApp({ cliContext: true });
const stack = new cdk.Stack(app, 'Main', { env: ENV });
const net = network(new cdk.NestedStack(stack, 'Network'));
api(new cdk.NestedStack(stack, 'Api'), net);
app.synth();
