// The private API pattern in one stack: clients in the VPC (or on networks
// routed to it) resolve inventory.internal.example.net to an internal Application Load
// Balancer; the load balancer terminates TLS and forwards to the private
// addresses of the execute-api interface endpoint; API Gateway picks the
// regional custom domain by the Host header, maps it to the stage of a
// PRIVATE REST API, and the API's resource policy admits only requests that
// came through that endpoint.
import * as cdk from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as elbv2Targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53Targets from 'aws-cdk-lib/aws-route53-targets';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

export interface PrivateApiStackProps extends cdk.StackProps {
  /** Prefix of resource names; the load balancer is "<name>-alb". */
  readonly name: string;
  /** The name clients dial. */
  readonly domainName: string;
  /** The Route 53 zone that gets the record for domainName. */
  readonly hostedZoneId: string;
  readonly hostedZoneName: string;
  /** The API stage the custom domain maps to. */
  readonly stageName: string;
  /** The existing VPC. */
  readonly vpcId: string;
  /** Its private subnets, one per availability zone (2 or 3). */
  readonly subnetIds: string[];
}

export class PrivateApiStack extends cdk.Stack {

  constructor(scope: Construct, id: string, props: PrivateApiStackProps) {
    super(scope, id, props);

    // The existing VPC, described rather than looked up, so synthesis needs
    // no AWS account. CDK wants a zone name per imported subnet only to keep
    // one subnet per zone; the labels below stand for the subnets' (distinct)
    // zones and appear nowhere in the template. The subnets are imported as
    // "isolated" only so that one selection below picks them all: CDK does
    // not look at their routes.
    const vpc = ec2.Vpc.fromVpcAttributes(this, 'Vpc', {
      vpcId: props.vpcId,
      availabilityZones: props.subnetIds.map((s) => `zone-of-${s}`),
      isolatedSubnetIds: props.subnetIds,
    });
    // Nothing here reads the subnets' route tables.
    cdk.Annotations.of(vpc).acknowledgeWarning('@aws-cdk/aws-ec2:noSubnetRouteTableId', 'route tables are not used');
    const zoneCount = props.subnetIds.length;
    const subnets: ec2.SubnetSelection = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };

    // The execute-api interface endpoint: one network interface per subnet.
    // Its security group admits nothing until the load balancer is allowed
    // in below. Private DNS stays off: the load balancer dials addresses, and
    // private DNS would send every *.execute-api name in the VPC here.
    const endpointSecurityGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc,
      description: 'execute-api endpoint: HTTPS from the load balancer only',
      allowAllOutbound: false,
    });
    const endpoint = new ec2.InterfaceVpcEndpoint(this, 'ExecuteApiEndpoint', {
      vpc,
      service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY,
      subnets,
      securityGroups: [endpointSecurityGroup],
      open: false,
      privateDnsEnabled: false,
    });

    // The PRIVATE REST API. Its resource policy allows invocation and then
    // denies every request that did not come through this endpoint; the
    // default execute-api URL is switched off, so the custom domain is the
    // only way in.
    const api = new apigw.RestApi(this, 'Api', {
      restApiName: props.name,
      description: `Private API served at https://${props.domainName}/`,
      endpointTypes: [apigw.EndpointType.PRIVATE],
      disableExecuteApiEndpoint: true,
      cloudWatchRole: false,
      deployOptions: { stageName: props.stageName },
      policy: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            effect: iam.Effect.ALLOW,
            principals: [new iam.AnyPrincipal()],
            actions: ['execute-api:Invoke'],
            resources: ['execute-api:/*'],
          }),
          new iam.PolicyStatement({
            effect: iam.Effect.DENY,
            principals: [new iam.AnyPrincipal()],
            actions: ['execute-api:Invoke'],
            resources: ['execute-api:/*'],
            conditions: { StringNotEquals: { 'aws:SourceVpce': endpoint.vpcEndpointId } },
          }),
        ],
      }),
    });
    // An example method: GET / answers 200 with a small JSON body, without
    // a backend. Replace it with your integrations.
    api.root.addMethod(
      'GET',
      new apigw.MockIntegration({
        requestTemplates: { 'application/json': '{"statusCode": 200}' },
        integrationResponses: [
          {
            statusCode: '200',
            responseTemplates: { 'application/json': JSON.stringify({ message: `hello from ${props.name}` }) },
          },
        ],
      }),
      { methodResponses: [{ statusCode: '200' }] },
    );

    // The certificate covers the domain on both hops: the load balancer's
    // listener and API Gateway's custom domain.
    const zone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', {
      hostedZoneId: props.hostedZoneId,
      zoneName: props.hostedZoneName,
    });
    const certificate = new acm.Certificate(this, 'Certificate', {
      domainName: props.domainName,
      validation: acm.CertificateValidation.fromDns(zone),
    });

    // The regional custom domain API Gateway matches on the Host header the
    // load balancer passes on, mapped (empty base path) to the stage, so
    // URLs carry no stage name.
    const domain = new apigw.DomainName(this, 'Domain', {
      domainName: props.domainName,
      certificate,
      endpointType: apigw.EndpointType.REGIONAL,
      securityPolicy: apigw.SecurityPolicy.TLS_1_2,
    });
    new apigw.BasePathMapping(this, 'Mapping', {
      domainName: domain,
      restApi: api,
      stage: api.deploymentStage,
    });

    // The endpoint's private addresses, read once its interfaces exist:
    // DescribeNetworkInterfaces over the endpoint's interface ids, answer N
    // being interface N. A new call runs whenever the ids change.
    const enis = new cr.AwsCustomResource(this, 'EndpointAddresses', {
      onUpdate: {
        service: 'EC2',
        action: 'describeNetworkInterfaces',
        parameters: { NetworkInterfaceIds: endpoint.vpcEndpointNetworkInterfaceIds },
        physicalResourceId: cr.PhysicalResourceId.of(endpoint.vpcEndpointId),
        // Only the addresses: a custom resource's answer is limited to 4 KB.
        outputPaths: Array.from({ length: zoneCount }, (_, i) => `NetworkInterfaces.${i}.PrivateIpAddress`),
      },
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
      installLatestAwsSdk: false,
    });

    // The internal load balancer and its target group: HTTPS to port 443 of
    // each endpoint address. Health checks reach the endpoint without the
    // custom domain's Host header, and API Gateway answers them 403: that
    // answer means the endpoint is up.
    const alb = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc,
      vpcSubnets: subnets,
      internetFacing: false,
      loadBalancerName: `${props.name}-alb`,
    });
    alb.connections.allowTo(endpoint, ec2.Port.tcp(443), 'HTTPS to the execute-api endpoint');
    const targetGroup = new elbv2.ApplicationTargetGroup(this, 'EndpointTargets', {
      vpc,
      targetGroupName: `${props.name}-tg`,
      targetType: elbv2.TargetType.IP,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      port: 443,
      healthCheck: { protocol: elbv2.Protocol.HTTPS, healthyHttpCodes: '200,403' },
      targets: Array.from(
        { length: zoneCount },
        (_, i) => new elbv2Targets.IpTarget(enis.getResponseField(`NetworkInterfaces.${i}.PrivateIpAddress`), 443),
      ),
    });
    alb.addListener('Https', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [elbv2.ListenerCertificate.fromCertificateManager(certificate)],
      sslPolicy: elbv2.SslPolicy.TLS13_RES,
      defaultTargetGroups: [targetGroup],
    });
    // Plain HTTP only redirects to HTTPS.
    alb.addRedirect({
      sourceProtocol: elbv2.ApplicationProtocol.HTTP,
      sourcePort: 80,
      targetProtocol: elbv2.ApplicationProtocol.HTTPS,
      targetPort: 443,
    });

    // The name clients dial points at the load balancer.
    new route53.ARecord(this, 'Record', {
      zone,
      recordName: `${props.domainName}.`,
      target: route53.RecordTarget.fromAlias(new route53Targets.LoadBalancerTarget(alb)),
    });

    cdk.Tags.of(this).add('papilint:stack', props.name);
    new cdk.CfnOutput(this, 'Url', { value: `https://${props.domainName}/` });
    new cdk.CfnOutput(this, 'LoadBalancerDnsName', { value: alb.loadBalancerDnsName });
    new cdk.CfnOutput(this, 'EndpointId', { value: endpoint.vpcEndpointId });
    new cdk.CfnOutput(this, 'RestApiId', { value: api.restApiId });
  }
}
