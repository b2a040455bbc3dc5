// PAPI111 stays silent: the load balancer forwards to the endpoint but
// serves no custom domain (no DomainName, no DNS record).
'use strict';
const { network, api, newApp, ENV, cdk } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
api(stack, network(stack), { noDomain: true });
app.synth();
