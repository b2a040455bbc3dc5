// The pattern split into a network stack and an API stack joined by weak
// references (Fn::GetStackOutput), the default for new CDK projects.
'use strict';
const { network, api, newApp, ENV, cdk } = require('papilint-pattern');

const app = newApp();
const networkStack = new cdk.Stack(app, 'Network', { env: ENV });
const apiStack = new cdk.Stack(app, 'Api', { env: ENV });
cdk.CrossStackReferences.of(apiStack).consume(cdk.ReferenceStrength.WEAK);
api(apiStack, network(networkStack));
app.synth();
