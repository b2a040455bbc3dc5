// papilint trace: the API's only method uses AWS_IAM authorization, so the
// unsigned request the ALB passes on is refused with "Missing Authentication
// Token".
'use strict';
const { network, api, newApp, ENV, cdk } = require('papilint-pattern');

const app = newApp({ cliContext: true });
const stack = new cdk.Stack(app, 'PrivateApiStack', { env: ENV });
const net = network(stack);
const { restApi } = api(stack, net);
const method = restApi.root.node.findChild('ANY');
method.node.defaultChild.addPropertyOverride('AuthorizationType', 'AWS_IAM');
app.synth();
