// PAPI002: the private API (in the second stack of a strong-reference split)
// has no resource policy.
'use strict';
const { network, api, newApp, ENV, cdk } = require('papilint-pattern');

const app = newApp({ cliContext: true });
const networkStack = new cdk.Stack(app, 'Network', { env: ENV });
const apiStack = new cdk.Stack(app, 'Api', { env: ENV });
cdk.CrossStackReferences.of(apiStack).consume(cdk.ReferenceStrength.STRONG);
api(apiStack, network(networkStack), { noPolicy: true });
app.synth();
