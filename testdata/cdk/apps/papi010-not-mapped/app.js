// PAPI010 stays silent: the private API keeps its default endpoint, but no
// custom domain maps it, so that endpoint is the only way in.
'use strict';
const { network, api, newApp, ENV, cdk } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
api(stack, network(stack), { keepExecuteApiEndpoint: true, noDomain: true });
app.synth();
