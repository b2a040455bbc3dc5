// The pattern split into a network stack and an API stack. The API stack
// reads the endpoint ID, the certificate and the load balancer's DNS name
// through strong references (Export / Fn::ImportValue). Synthesized with the
// context `cdk synth` passes, so the templates carry aws:cdk:path and CDK's
// version reporting (AWS::CDK::Metadata).
'use strict';
const { network, api, newApp, ENV, cdk } = require('papilint-pattern');

const app = newApp({ cliContext: true });
const networkStack = new cdk.Stack(app, 'Network', { env: ENV });
const apiStack = new cdk.Stack(app, 'Api', { env: ENV });
cdk.CrossStackReferences.of(apiStack).consume(cdk.ReferenceStrength.STRONG);
api(apiStack, network(networkStack));
// An environment-agnostic stack beside them: its AWS::CDK::Metadata resource
// depends on a condition on AWS::Region.
const shared = new cdk.Stack(app, 'Shared');
new cdk.aws_s3.Bucket(shared, 'Logs');
app.synth();
