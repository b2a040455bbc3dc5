#!/usr/bin/env node
// Entry point of the CDK app: one stack holding the whole private API
// pattern. The settings below are the ones `papilint init` was given; edit
// them here rather than in the stack.
import * as cdk from 'aws-cdk-lib';
import { PrivateApiStack } from '../lib/papi-demo-stack';

const app = new cdk.App();

// The Route 53 zone that holds api.internal.example.com (and the certificate's
// validation record) is chosen at deploy time:
//   npx cdk deploy -c hostedZoneId=Z0123456789ABCDEFGHIJ
const hostedZoneId: unknown = app.node.tryGetContext('hostedZoneId');
if (typeof hostedZoneId !== 'string' || !/^Z[0-9A-Z]{1,31}$/.test(hostedZoneId)) {
  throw new Error('set the Route 53 hosted zone of api.internal.example.com: cdk deploy -c hostedZoneId=Z...');
}

new PrivateApiStack(app, "papi-demo", {
  // The account is the one of the credentials `cdk deploy` runs with.
  env: { region: "us-east-1" },
  description: "Private REST API api.internal.example.com behind an internal ALB (papilint init)",
  name: "papi-demo",
  domainName: "api.internal.example.com",
  hostedZoneId: hostedZoneId,
  // The zone's name is informational: records are written with full names.
  hostedZoneName: "internal.example.com",
  stageName: "prod",
  vpcCidr: "10.0.0.0/16",
  azCount: 2,
});
