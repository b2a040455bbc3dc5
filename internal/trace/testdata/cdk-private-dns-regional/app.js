// papilint trace: a REGIONAL API that keeps its default endpoint, and in the
// same VPC the execute-api endpoint CDK creates with private DNS on. From
// that VPC the API's default URL resolves to the endpoint, which answers
// 403 Forbidden.
'use strict';
const { network, api, newApp, ENV, cdk, apigw } = require('papilint-pattern');

const app = newApp();
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
api(stack, network(stack), { endpointType: apigw.EndpointType.REGIONAL, keepExecuteApiEndpoint: true });
app.synth();
