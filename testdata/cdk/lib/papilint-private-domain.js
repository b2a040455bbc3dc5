// A private REST API behind a native private custom domain (pattern.md
// §14.3) written the way a CDK user writes it today, with the L1 constructs
// (CfnDomainNameV2, CfnBasePathMappingV2, CfnDomainNameAccessAssociation):
// a VPC with an execute-api interface endpoint, a PRIVATE REST API whose
// policy admits that endpoint, a private custom domain whose own policy
// admits it too, the mapping, the access association, and a private hosted
// zone record that aliases the endpoint.
//
// Options break one thing at a time; every option defaults to the
// conforming choice: domainAdmits / apiAdmits ('own' or 'other': which
// endpoint the domain's / the API's Deny lets through), noDomainPolicy.
'use strict';

const { cdk, ec2, apigw, ENV } = require('papilint-pattern');
const iam = require('aws-cdk-lib/aws-iam');
const acm = require('aws-cdk-lib/aws-certificatemanager');
const route53 = require('aws-cdk-lib/aws-route53');
const route53Targets = require('aws-cdk-lib/aws-route53-targets');

const API_HOST = 'api.internal.example.com';

function policy(endpoint) {
  const any = [new iam.AnyPrincipal()];
  return new iam.PolicyDocument({
    statements: [
      new iam.PolicyStatement({ principals: any, actions: ['execute-api:Invoke'], resources: ['execute-api:/*'] }),
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        principals: any,
        actions: ['execute-api:Invoke'],
        resources: ['execute-api:/*'],
        conditions: { StringNotEquals: { 'aws:SourceVpce': endpoint.vpcEndpointId } },
      }),
    ],
  });
}

function privateDomain(scope, opts = {}) {
  const vpc = new ec2.Vpc(scope, 'Vpc', {
    maxAzs: 2,
    natGateways: 0,
    restrictDefaultSecurityGroup: false,
    subnetConfiguration: [{ name: 'private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
  });
  const endpoint = vpc.addInterfaceEndpoint('ExecuteApi', {
    service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY,
    privateDnsEnabled: false,
  });
  const other = vpc.addInterfaceEndpoint('OtherExecuteApi', {
    service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY,
    privateDnsEnabled: false,
  });
  const pick = (which) => (which === 'other' ? other : endpoint);

  const restApi = new apigw.RestApi(scope, 'PrivateApi', {
    restApiName: 'private-api',
    endpointTypes: [apigw.EndpointType.PRIVATE],
    disableExecuteApiEndpoint: true,
    deployOptions: { stageName: 'v1' },
    policy: policy(pick(opts.apiAdmits)),
  });
  restApi.root.addMethod(
    'ANY',
    new apigw.MockIntegration({
      requestTemplates: { 'application/json': '{"statusCode": 200}' },
      integrationResponses: [{ statusCode: '200' }],
    }),
    { methodResponses: [{ statusCode: '200' }] },
  );

  const publicZone = route53.HostedZone.fromHostedZoneAttributes(scope, 'PublicZone', {
    hostedZoneId: 'Z0123456789EXAMPLE',
    zoneName: 'internal.example.com',
  });
  const cert = new acm.Certificate(scope, 'Cert', {
    domainName: API_HOST,
    validation: acm.CertificateValidation.fromDns(publicZone),
  });
  const domain = new apigw.CfnDomainNameV2(scope, 'Domain', {
    domainName: API_HOST,
    certificateArn: cert.certificateArn,
    endpointConfiguration: { types: ['PRIVATE'] },
    securityPolicy: 'TLS_1_2',
    policy: opts.noDomainPolicy ? undefined : policy(pick(opts.domainAdmits)),
  });
  new apigw.CfnBasePathMappingV2(scope, 'Mapping', {
    domainNameArn: domain.attrDomainNameArn,
    restApiId: restApi.restApiId,
    stage: restApi.deploymentStage.stageName,
  });
  new apigw.CfnDomainNameAccessAssociation(scope, 'Association', {
    domainNameArn: domain.attrDomainNameArn,
    accessAssociationSource: endpoint.vpcEndpointId,
    accessAssociationSourceType: 'VPCE',
  });
  const privateZone = new route53.PrivateHostedZone(scope, 'PrivateZone', { zoneName: 'internal.example.com', vpc });
  new route53.ARecord(scope, 'Dns', {
    zone: privateZone,
    recordName: API_HOST,
    target: route53.RecordTarget.fromAlias(new route53Targets.InterfaceVpcEndpointTarget(endpoint)),
  });
  return { vpc, endpoint, other, restApi, domain };
}

module.exports = { privateDomain, API_HOST, ENV, cdk };
