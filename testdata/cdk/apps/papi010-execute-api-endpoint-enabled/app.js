// PAPI010: the private API keeps its default execute-api endpoint. It is in
// the API stack of a weak-reference split, so the rule sees the custom
// domain only if Fn::GetStackOutput resolves.
'use strict';
const { network, api, newApp, ENV, cdk } = require('papilint-pattern');

const app = newApp();
const networkStack = new cdk.Stack(app, 'Network', { env: ENV });
const apiStack = new cdk.Stack(app, 'Api', { env: ENV });
cdk.CrossStackReferences.of(apiStack).consume(cdk.ReferenceStrength.WEAK);
api(apiStack, network(networkStack), { keepExecuteApiEndpoint: true });
app.synth();
