// PAPI061: an escape hatch makes the mapping select stage "prod", which the
// API does not have (its stage is v1).
'use strict';
const { network, api, newApp, ENV, cdk, apigw } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
const { domain } = api(stack, network(stack));
const mapping = domain.node.children.find((c) => c instanceof apigw.BasePathMapping);
mapping.node.defaultChild.addPropertyOverride('Stage', 'prod');
app.synth();
