// PAPI001 stays silent: a public REST API in the same stack has nothing to
// do with the pattern.
'use strict';
const { network, api, newApp, ENV, cdk, apigw } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
api(stack, network(stack));
const publicApi = new apigw.RestApi(stack, 'PublicApi', { endpointTypes: [apigw.EndpointType.REGIONAL] });
publicApi.root.addMethod('GET', new apigw.MockIntegration());
app.synth();
