package cfn

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"text/template"

	"github.com/papilint/papilint/internal/scaffold"
)

// readme explains the generated stack: each hop, how to deploy it and how
// to see it work.
func readme(o scaffold.Options) ([]byte, error) {
	var overrides []string
	if o.HostedZoneID == "" {
		overrides = append(overrides, pZone+"=Z0123456789EXAMPLE")
	}
	if !o.NewVPC() {
		overrides = append(overrides, pClientCidr+"=10.0.0.0/16")
	}
	data := struct {
		O         scaffold.Options
		Overrides string
		Hello     string
		NewVPC    bool
		LastIP    string
	}{LastIP: fmt.Sprintf("IP%d", o.AZCount-1), O: o, Overrides: strings.Join(overrides, " "), Hello: helloBody, NewVPC: o.NewVPC()}
	var b bytes.Buffer
	if err := readmeTmpl().Execute(&b, data); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// readmeTmpl is parsed on first use, not when papilint starts.
var readmeTmpl = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("README.md").Parse(readmeText))
})

const readmeText = `# {{.O.Name}}: a private REST API behind an internal load balancer

Written by ` + "`papilint init`" + `. ` + "`template.yaml`" + ` is one CloudFormation stack with the whole
pattern: clients inside the VPC call ` + "`https://{{.O.Domain}}/`" + `, an internal Application
Load Balancer forwards the request to the addresses of an ` + "`execute-api`" + ` interface VPC
endpoint, and API Gateway hands it, by its Host header, to a custom domain mapped onto a
PRIVATE REST API. ` + "`papilint scan .`" + ` reports nothing on it.

## The request path, hop by hop

| hop | resource | what it does |
| --- | --- | --- |
| DNS | ` + "`DnsRecord`" + ` | alias A record ` + "`{{.O.Domain}}`" + ` → the load balancer |
| load balancer | ` + "`Alb`, `AlbSecurityGroup`" + ` | internal ALB in the private subnets; admits 443 and 80 from {{if .NewVPC}}the VPC's range{{else}}the ` + "`ClientCidr`" + ` range{{end}} |
| listeners | ` + "`HttpsListener`, `HttpListener`" + ` | HTTPS on 443 with ` + "`" + listenerSSLPolicy + "`" + ` (TLS 1.3 and 1.2) and the certificate for the domain; HTTP on 80 only answers 301 to HTTPS |
| target group | ` + "`AlbTargetGroup`" + ` | IP targets, HTTPS on 443; health checks accept ` + "`200,403`" + ` because they carry the target's address as Host, which matches no custom domain, and API Gateway answers them 403 |
| targets | ` + "`EndpointIps`, `EniLookupFunction`, `EniLookupRole`" + ` | a custom resource whose inline Lambda function calls ` + "`ec2:DescribeNetworkInterfaces`" + ` on the endpoint's ` + "`NetworkInterfaceIds`" + ` and returns their addresses, sorted, as ` + "`IP0`" + ` to ` + "`{{.LastIP}}`" + `; it fails the deployment unless there are exactly {{.O.AZCount}} |
| VPC endpoint | ` + "`ApiEndpoint`, `EndpointSecurityGroup`" + ` | ` + "`execute-api`" + ` interface endpoint, one network interface per subnet; its security group admits 443 from the load balancer's security group only; private DNS is off (clients use the custom domain) |
| certificate | {{if .O.CertificateARN}}(given) | ` + "`{{.O.CertificateARN}}`" + `, used by the listener and the custom domain{{else}}` + "`Certificate`" + ` | ACM certificate for the domain, validated by a DNS record CloudFormation writes into the hosted zone; used by the listener and the custom domain{{end}} |
| custom domain | ` + "`ApiDomain`" + ` | REGIONAL custom domain ` + "`{{.O.Domain}}`" + ` with security policy ` + "`" + domainSecurityPolicy + "`" + `; API Gateway selects it by the Host header, which the ALB passes on unchanged |
| base path mapping | ` + "`ApiMapping`" + ` | empty base path → stage ` + "`{{.O.Stage}}`" + `: the stage is never part of the URL |
| REST API | ` + "`Api`" + ` | PRIVATE endpoint type, default ` + "`execute-api`" + ` endpoint disabled; the resource policy allows ` + "`execute-api:Invoke`" + ` and denies it unless ` + "`aws:SourceVpce`" + ` is ` + "`ApiEndpoint`" + ` |
| method, deployment, stage | ` + "`ApiRootGet`, `ApiDeployment`, `ApiStage`" + ` | ` + "`GET /`" + ` answers 200 with ` + "`{{.Hello}}`" + ` from a MOCK integration; replace it with your own resources and integrations |
{{if .NewVPC}}| network | ` + "`Vpc`, `PrivateSubnet1`…, `PrivateRouteTable`" + ` | a new VPC ` + "`{{.O.VPCCIDR}}`" + ` with {{.O.AZCount}} private subnets in distinct availability zones and no route to the internet |
{{else}}| network | (given) | VPC ` + "`{{.O.VPCID}}`" + ` and subnets {{range $i, $s := .O.SubnetIDs}}{{if $i}}, {{end}}` + "`{{$s}}`" + `{{end}} |
{{end}}
## Before you deploy

- The hosted zone{{if .O.HostedZoneID}} ` + "`{{.O.HostedZoneID}}`" + `{{else}} (parameter ` + "`HostedZoneId`" + `){{end}} must hold ` + "`{{.O.Domain}}`" + `{{if not .O.CertificateARN}}, and be a
  public zone: ACM validates the new certificate through a record in it{{end}}. The record points at
  private addresses, so the name works only inside the VPC (or networks routed to it).
{{if not .NewVPC}}- The subnets must be in distinct availability zones; the load balancer and the endpoint both use them.
  ` + "`ClientCidr`" + ` is the address range allowed to call the load balancer, usually the VPC's CIDR block.
{{end}}- The lookup function runs outside the VPC and needs no NAT gateway.
- Check the stack first: ` + "`papilint scan .`" + ` and, if you have it, ` + "`cfn-lint template.yaml`" + `.

## Deploy

` + "```sh" + `
aws cloudformation deploy \
  --region {{.O.Region}} \
  --stack-name {{.O.Name}} \
  --template-file template.yaml \
  --capabilities CAPABILITY_IAM{{if .Overrides}} \
  --parameter-overrides {{.Overrides}}{{end}}

aws cloudformation describe-stacks --region {{.O.Region}} --stack-name {{.O.Name}} \
  --query 'Stacks[0].Outputs' --output table
` + "```" + `

{{if .Overrides}}Replace the example parameter values with yours. {{end}}The IAM capability is for the lookup
function's role. {{if not .O.CertificateARN}}Creating the certificate waits until its DNS validation
succeeds, usually a few minutes. {{end}}When the stack is up, the target group's targets are the
endpoint's addresses (output ` + "`TargetIps`" + `) and become healthy within a minute or two:

` + "```sh" + `
aws elbv2 describe-target-health --region {{.O.Region}} \
  --target-group-arn "$(aws elbv2 describe-target-groups --region {{.O.Region}} --names {{.O.Name}}-tg \
    --query 'TargetGroups[0].TargetGroupArn' --output text)"
` + "```" + `

## Test from inside the VPC

Run these on a host in the VPC, for instance an AWS CloudShell VPC environment or an instance in
one of the subnets{{if .NewVPC}} (the new VPC has no internet access; CloudShell's VPC environment works without it){{end}}.

` + "```console" + `
$ curl -s -w ' %{http_code}\n' https://{{.O.Domain}}/
{{.Hello}} 200
` + "```" + `

The example method, through every hop. Then what the common mistakes look like:

` + "```console" + `
$ curl -s -w ' %{http_code}\n' https://{{.O.Domain}}/{{.O.Stage}}
{"message":"Missing Authentication Token"} 403
` + "```" + `

The mapping already selects stage ` + "`{{.O.Stage}}`" + `, so ` + "`/{{.O.Stage}}`" + ` is a path the API does not have.

` + "```console" + `
$ ALB=$(aws cloudformation describe-stacks --region {{.O.Region}} --stack-name {{.O.Name}} \
    --query "Stacks[0].Outputs[?OutputKey=='LoadBalancerDnsName'].OutputValue" --output text)
$ curl -s -k -w ' %{http_code}\n' "https://$ALB/"
{"message":"Forbidden"} 403
` + "```" + `

The Host header is the load balancer's own name, which no custom domain has (` + "`-k`" + ` because the
certificate is for ` + "`{{.O.Domain}}`" + `). The health checks get the same answer, which is why the
matcher accepts 403.

` + "```console" + `
$ curl -s -o /dev/null -w '%{http_code}\n' http://{{.O.Domain}}/
301
` + "```" + `

Plain HTTP is only redirected to HTTPS, never forwarded.

## Changing the API

` + "`ApiDeployment`" + ` is a snapshot: CloudFormation does not redeploy the API when you change methods or
the resource policy. Rename the deployment's logical ID (e.g. ` + "`ApiDeployment2`" + `, and the
` + "`DeploymentId`" + ` reference in ` + "`ApiStage`" + `) to publish a change. Run ` + "`papilint scan .`" + ` after each edit.

## Remove

` + "```sh" + `
aws cloudformation delete-stack --region {{.O.Region}} --stack-name {{.O.Name}}
` + "```" + `
`
