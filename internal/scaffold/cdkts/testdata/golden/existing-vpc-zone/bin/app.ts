#!/usr/bin/env node
// Entry point of the CDK app: one stack holding the whole private API
// pattern. The settings below are the ones `papilint init` was given; edit
// them here rather than in the stack.
import * as cdk from 'aws-cdk-lib';
import { PrivateApiStack } from '../lib/inventory-stack';

const app = new cdk.App();

new PrivateApiStack(app, "inventory", {
  // The account is the one of the credentials `cdk deploy` runs with.
  env: { region: "us-west-2" },
  description: "Private REST API inventory.internal.example.net behind an internal ALB (papilint init)",
  name: "inventory",
  domainName: "inventory.internal.example.net",
  hostedZoneId: "Z2EXAMPLEZONE",
  // The zone's name is informational: records are written with full names.
  hostedZoneName: "internal.example.net",
  stageName: "prod",
  vpcId: "vpc-0a1b2c3d4e5f60718",
  subnetIds: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002", "subnet-0a1b2c3d4e5f60003"],
});
