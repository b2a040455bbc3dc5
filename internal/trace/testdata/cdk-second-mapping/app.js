// papilint trace (the PAPI063 case): the API is mapped with an empty base path (mapping: restApi) and a
// second mapping is added on the same domain.
'use strict';
const { network, api, newApp, ENV, cdk, apigw } = require('papilint-pattern');

const app = newApp({ cliContext: true });
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
const net = network(stack);
const { restApi, domain } = api(stack, net);
new apigw.CfnBasePathMapping(stack, 'AdminMapping', {
  domainName: domain.domainName,
  restApiId: restApi.restApiId,
  basePath: 'admin',
  stage: restApi.deploymentStage.stageName,
});
app.synth();
