// The private API pattern written the way a CDK user writes it: a VPC with an
// execute-api interface endpoint, an AwsCustomResource that reads the
// endpoint's ENI addresses (describeNetworkInterfaces), an internal ALB whose
// IP targets are those addresses, and a PRIVATE REST API whose resource
// policy admits only that endpoint, mapped on a regional custom domain that
// uses the listener's certificate.
//
// The test apps call network() and api(), in one stack or in two, and pass
// options that break one thing at a time. Every option defaults to the
// conforming choice.
'use strict';

const cdk = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');
const elbv2 = require('aws-cdk-lib/aws-elasticloadbalancingv2');
const elbTargets = require('aws-cdk-lib/aws-elasticloadbalancingv2-targets');
const apigw = require('aws-cdk-lib/aws-apigateway');
const iam = require('aws-cdk-lib/aws-iam');
const acm = require('aws-cdk-lib/aws-certificatemanager');
const route53 = require('aws-cdk-lib/aws-route53');
const route53Targets = require('aws-cdk-lib/aws-route53-targets');
const cr = require('aws-cdk-lib/custom-resources');

const ZONE_NAME = 'internal.example.com';
const API_HOST = 'api.' + ZONE_NAME;
const ENV = { account: '123456789012', region: 'eu-west-1' };

// network builds the VPC, the endpoint, the ENI lookup and the load balancer.
// Options: internetFacing (PAPI030); alb(scope, vpc), a function that makes
// the load balancer instead (so an app can create it in its own code).
function network(scope, opts = {}) {
  const vpc = new ec2.Vpc(scope, 'Vpc', {
    maxAzs: 2,
    natGateways: 0,
    restrictDefaultSecurityGroup: false,
    subnetConfiguration: [{ name: 'private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
  });
  const endpoint = vpc.addInterfaceEndpoint('ExecuteApi', {
    service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY,
  });
  const enis = new cr.AwsCustomResource(scope, 'EndpointEnis', {
    onUpdate: {
      service: 'EC2',
      action: 'describeNetworkInterfaces',
      parameters: { NetworkInterfaceIds: endpoint.vpcEndpointNetworkInterfaceIds },
      physicalResourceId: cr.PhysicalResourceId.of('execute-api-endpoint-enis'),
    },
    policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
    installLatestAwsSdk: false,
  });
  const zone = route53.HostedZone.fromHostedZoneAttributes(scope, 'Zone', {
    hostedZoneId: 'Z0123456789EXAMPLE',
    zoneName: ZONE_NAME,
  });
  const cert = new acm.Certificate(scope, 'Cert', {
    domainName: API_HOST,
    validation: acm.CertificateValidation.fromDns(zone),
  });
  const alb = opts.alb
    ? opts.alb(scope, vpc)
    : new elbv2.ApplicationLoadBalancer(scope, 'Alb', {
        vpc,
        internetFacing: opts.internetFacing === true,
        vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      });
  const tg = new elbv2.ApplicationTargetGroup(scope, 'ApiTargets', {
    vpc,
    targetType: elbv2.TargetType.IP,
    protocol: elbv2.ApplicationProtocol.HTTPS,
    port: 443,
    healthCheck: { protocol: elbv2.Protocol.HTTPS, healthyHttpCodes: '200,403' },
    targets: [0, 1].map(
      (i) => new elbTargets.IpTarget(enis.getResponseField(`NetworkInterfaces.${i}.PrivateIpAddress`), 443),
    ),
  });
  alb.addListener('Https', {
    port: 443,
    protocol: elbv2.ApplicationProtocol.HTTPS,
    certificates: [cert],
    sslPolicy: elbv2.SslPolicy.TLS13_RES,
    defaultTargetGroups: [tg],
  });
  return { vpc, endpoint, enis, zone, cert, alb, tg };
}

// api builds the REST API, its policy, the custom domain and the DNS record
// that sends the domain's name to the load balancer. net is what network()
// returned, possibly from another stack. Options: endpointType (PAPI001),
// noPolicy (PAPI002), policyInBody (an OpenAPI definition carrying
// x-amazon-apigateway-policy), allowEveryEndpoint (PAPI009), denyBySourceVpc
// (restrict callers by VPC rather than endpoint), keepExecuteApiEndpoint
// (PAPI010), noDomain (no custom domain and no DNS record).
function api(scope, net, opts = {}) {
  const statements = [
    new iam.PolicyStatement({
      effect: iam.Effect.ALLOW,
      principals: [new iam.AnyPrincipal()],
      actions: ['execute-api:Invoke'],
      resources: ['execute-api:/*'],
    }),
  ];
  if (!opts.allowEveryEndpoint) {
    const condition = opts.denyBySourceVpc
      ? { 'aws:SourceVpc': net.vpc.vpcId }
      : { 'aws:SourceVpce': net.endpoint.vpcEndpointId };
    statements.push(
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['execute-api:Invoke'],
        resources: ['execute-api:/*'],
        conditions: { StringNotEquals: condition },
      }),
    );
  }
  const policy = opts.noPolicy ? undefined : new iam.PolicyDocument({ statements });
  const common = {
    restApiName: 'private-api',
    endpointTypes: [opts.endpointType || apigw.EndpointType.PRIVATE],
    disableExecuteApiEndpoint: opts.keepExecuteApiEndpoint !== true,
    deployOptions: { stageName: 'v1' },
  };
  let restApi;
  if (opts.policyInBody) {
    restApi = new apigw.SpecRestApi(scope, 'PrivateApi', {
      ...common,
      apiDefinition: apigw.ApiDefinition.fromInline({
        openapi: '3.0.1',
        info: { title: 'private-api', version: '1' },
        paths: {
          '/': {
            get: {
              'x-amazon-apigateway-integration': {
                type: 'mock',
                requestTemplates: { 'application/json': '{"statusCode": 200}' },
                responses: { default: { statusCode: '200' } },
              },
            },
          },
        },
        'x-amazon-apigateway-policy': policy && policy.toJSON(),
      }),
    });
  } else {
    restApi = new apigw.RestApi(scope, 'PrivateApi', { ...common, policy });
    restApi.root.addMethod(
      'ANY',
      new apigw.MockIntegration({
        requestTemplates: { 'application/json': '{"statusCode": 200}' },
        integrationResponses: [{ statusCode: '200' }],
      }),
      { methodResponses: [{ statusCode: '200' }] },
    );
  }
  if (opts.noDomain) {
    return { restApi };
  }
  const domain = new apigw.DomainName(scope, 'Domain', {
    domainName: API_HOST,
    certificate: net.cert,
    endpointType: apigw.EndpointType.REGIONAL,
    securityPolicy: apigw.SecurityPolicy.TLS_1_2,
    mapping: restApi,
  });
  new route53.ARecord(scope, 'Dns', {
    zone: net.zone,
    recordName: API_HOST,
    target: route53.RecordTarget.fromAlias(new route53Targets.LoadBalancerTarget(net.alb)),
  });
  return { restApi, domain };
}

// newApp makes the app. Like the CDK CLI, scripts/cdk-synth-testdata tells
// it where to write the assembly through CDK_OUTDIR. Plain `node app.js`
// writes no aws:cdk:path or aws:asset:* metadata into the templates
// (construct paths are then only in <Stack>.metadata.json) and no
// AWS::CDK::Metadata resource; cliContext: true sets the context the CDK CLI
// passes to `cdk synth`, which writes them.
function newApp(opts = {}) {
  // What `cdk synth` would have looked up and saved in cdk.context.json.
  const context = {
    [`availability-zones:account=${ENV.account}:region=${ENV.region}`]: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
  };
  if (opts.cliContext) {
    context['aws:cdk:enable-path-metadata'] = true;
    context['aws:cdk:enable-asset-metadata'] = true;
  }
  return new cdk.App({
    outdir: process.env.CDK_OUTDIR || 'cdk.out',
    analyticsReporting: opts.cliContext === true,
    context,
  });
}

module.exports = { network, api, newApp, ENV, API_HOST, cdk, ec2, elbv2, apigw };
