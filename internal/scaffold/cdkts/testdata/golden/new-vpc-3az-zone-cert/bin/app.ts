#!/usr/bin/env node
// Entry point of the CDK app: one stack holding the whole private API
// pattern. The settings below are the ones `papilint init` was given; edit
// them here rather than in the stack.
import * as cdk from 'aws-cdk-lib';
import { PrivateApiStack } from '../lib/orders-api-stack';

const app = new cdk.App();

new PrivateApiStack(app, "orders-api", {
  // The account is the one of the credentials `cdk deploy` runs with.
  env: { region: "eu-west-1" },
  description: "Private REST API orders.corp.example.org behind an internal ALB (papilint init)",
  name: "orders-api",
  domainName: "orders.corp.example.org",
  hostedZoneId: "Z0ABCDEF1234567890XYZ",
  // The zone's name is informational: records are written with full names.
  hostedZoneName: "corp.example.org",
  stageName: "v1",
  certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/0e6b7a3c-1111-4222-8333-944455556666",
  vpcCidr: "10.20.0.0/20",
  azCount: 3,
});
