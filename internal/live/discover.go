package live

import (
	"context"
	"errors"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	agtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/aws/smithy-go"
)

// Discover reads the account. It never fails as a whole: a read that fails
// becomes a Problem and discovery goes on with what it has.
func Discover(ctx context.Context, c *Clients) *Inventory {
	d := &discovery{c: c, inv: &Inventory{Region: c.Region}}
	d.restAPIs(ctx)
	d.domains(ctx)
	d.endpoints(ctx)
	d.loadBalancers(ctx)
	d.securityGroups(ctx)
	d.certificates(ctx)
	d.records(ctx)
	d.keepRelevantAPIs(ctx)
	return d.inv
}

type discovery struct {
	c   *Clients
	inv *Inventory
	// allAPIs holds every REST API read, before keepRelevantAPIs narrows
	// them to the private ones and the ones a domain maps.
	allAPIs []RestAPI
}

// problem records a failed read; it returns true when err is not nil.
func (d *discovery) problem(service, op string, err error) bool {
	if err == nil {
		return false
	}
	p := Problem{Service: service, Operation: op, Message: err.Error()}
	var refused *RefusedError
	if errors.As(err, &refused) {
		p.Code = "Refused"
	}
	var ae smithy.APIError
	if errors.As(err, &ae) {
		p.Code = ae.ErrorCode()
		p.Message = ae.ErrorMessage()
		switch code := ae.ErrorCode(); {
		case strings.Contains(code, "AccessDenied"), code == "UnauthorizedOperation", code == "UnauthorizedException",
			code == "AuthorizationError", code == "Forbidden", code == "ForbiddenException":
			p.Denied = true
		}
	}
	d.inv.Problems = append(d.inv.Problems, p)
	return true
}

func str(s *string) string { return aws.ToString(s) }

func (d *discovery) restAPIs(ctx context.Context) {
	pg := apigateway.NewGetRestApisPaginator(d.c.APIGateway, &apigateway.GetRestApisInput{Limit: aws.Int32(500)})
	for pg.HasMorePages() {
		out, err := pg.NextPage(ctx)
		if d.problem("apigateway", "GetRestApis", err) {
			return
		}
		for _, a := range out.Items {
			api := RestAPI{ID: str(a.Id), Name: str(a.Name), RootResourceID: str(a.RootResourceId),
				Policy: unescapePolicy(str(a.Policy)), DisableExecuteAPI: a.DisableExecuteApiEndpoint}
			if a.CreatedDate != nil {
				api.Created = a.CreatedDate.UTC()
			}
			if ec := a.EndpointConfiguration; ec != nil {
				for _, t := range ec.Types {
					api.Types = append(api.Types, string(t))
				}
				api.VpcEndpointIDs = append(api.VpcEndpointIDs, ec.VpcEndpointIds...)
			}
			d.allAPIs = append(d.allAPIs, api)
		}
	}
	sort.Slice(d.allAPIs, func(i, j int) bool { return d.allAPIs[i].ID < d.allAPIs[j].ID })
}

// unescapePolicy undoes the escaping API Gateway applies to the policy it
// returns (quotes as \" inside the JSON string), when the result is the
// JSON document.
func unescapePolicy(p string) string {
	if strings.HasPrefix(p, "{\\\"") {
		return strings.ReplaceAll(strings.ReplaceAll(p, `\\`, `\`), `\"`, `"`)
	}
	return p
}

// apiDetails reads the stages, deployments and methods of one API.
func (d *discovery) apiDetails(ctx context.Context, api *RestAPI) {
	st, err := d.c.APIGateway.GetStages(ctx, &apigateway.GetStagesInput{RestApiId: aws.String(api.ID)})
	if d.problem("apigateway", "GetStages", err) {
		api.StagesUnread = true
	} else {
		for _, s := range st.Item {
			stage := Stage{Name: str(s.StageName), DeploymentID: str(s.DeploymentId)}
			if s.CreatedDate != nil {
				stage.Created = s.CreatedDate.UTC()
			}
			if s.LastUpdatedDate != nil {
				stage.Updated = s.LastUpdatedDate.UTC()
			}
			api.Stages = append(api.Stages, stage)
		}
		sort.Slice(api.Stages, func(i, j int) bool { return api.Stages[i].Name < api.Stages[j].Name })
	}
	dp := apigateway.NewGetDeploymentsPaginator(d.c.APIGateway, &apigateway.GetDeploymentsInput{RestApiId: aws.String(api.ID), Limit: aws.Int32(500)})
	for dp.HasMorePages() {
		out, err := dp.NextPage(ctx)
		if d.problem("apigateway", "GetDeployments", err) {
			break
		}
		for _, x := range out.Items {
			dep := Deployment{ID: str(x.Id)}
			if x.CreatedDate != nil {
				dep.Created = x.CreatedDate.UTC()
			}
			api.Deployments = append(api.Deployments, dep)
		}
	}
	sort.Slice(api.Deployments, func(i, j int) bool { return api.Deployments[i].ID < api.Deployments[j].ID })
	rp := apigateway.NewGetResourcesPaginator(d.c.APIGateway, &apigateway.GetResourcesInput{RestApiId: aws.String(api.ID), Embed: []string{"methods"}, Limit: aws.Int32(500)})
	for rp.HasMorePages() {
		out, err := rp.NextPage(ctx)
		if d.problem("apigateway", "GetResources", err) {
			break
		}
		for _, r := range out.Items {
			if str(r.Id) != api.RootResourceID && r.ParentId != nil {
				api.Resources = append(api.Resources, APIResource{ID: str(r.Id), ParentID: str(r.ParentId), PathPart: str(r.PathPart), Path: str(r.Path)})
			}
			for verb, m := range r.ResourceMethods {
				api.Methods = append(api.Methods, methodOf(str(r.Id), str(r.Path), verb, m))
			}
		}
	}
	// A parent's path is a prefix of its children's, so sorting by path
	// puts parents first.
	sort.Slice(api.Resources, func(i, j int) bool { return api.Resources[i].Path < api.Resources[j].Path })
	sort.Slice(api.Methods, func(i, j int) bool {
		a, b := api.Methods[i], api.Methods[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.HTTPMethod < b.HTTPMethod
	})
}

func methodOf(resID, path, verb string, m agtypes.Method) Method {
	out := Method{ResourceID: resID, Path: path, HTTPMethod: verb, AuthorizationType: str(m.AuthorizationType)}
	if m.HttpMethod != nil {
		out.HTTPMethod = *m.HttpMethod
	}
	if in := m.MethodIntegration; in != nil {
		out.IntegrationType = string(in.Type)
		out.ConnectionType = string(in.ConnectionType)
		out.TimeoutMillis = in.TimeoutInMillis
	}
	return out
}

func (d *discovery) domains(ctx context.Context) {
	pg := apigateway.NewGetDomainNamesPaginator(d.c.APIGateway, &apigateway.GetDomainNamesInput{Limit: aws.Int32(500)})
	for pg.HasMorePages() {
		out, err := pg.NextPage(ctx)
		if d.problem("apigateway", "GetDomainNames", err) {
			return
		}
		for _, x := range out.Items {
			dom := Domain{Name: str(x.DomainName), RegionalCertificateArn: str(x.RegionalCertificateArn),
				CertificateArn: str(x.CertificateArn), SecurityPolicy: string(x.SecurityPolicy),
				RegionalDomainName: str(x.RegionalDomainName), RegionalHostedZoneID: str(x.RegionalHostedZoneId),
				EndpointAccessMode: string(x.EndpointAccessMode)}
			if x.EndpointConfiguration != nil {
				for _, t := range x.EndpointConfiguration.Types {
					dom.Types = append(dom.Types, string(t))
				}
			}
			if containsStr(dom.Types, "PRIVATE") {
				continue // native private domains are another variant
			}
			mp := apigateway.NewGetBasePathMappingsPaginator(d.c.APIGateway, &apigateway.GetBasePathMappingsInput{DomainName: x.DomainName, Limit: aws.Int32(500)})
			for mp.HasMorePages() {
				mo, err := mp.NextPage(ctx)
				if d.problem("apigateway", "GetBasePathMappings", err) {
					dom.MappingsUnread = true
					break
				}
				for _, m := range mo.Items {
					dom.Mappings = append(dom.Mappings, Mapping{BasePath: str(m.BasePath), RestAPIID: str(m.RestApiId), Stage: str(m.Stage)})
				}
			}
			sort.Slice(dom.Mappings, func(i, j int) bool { return dom.Mappings[i].BasePath < dom.Mappings[j].BasePath })
			d.inv.Domains = append(d.inv.Domains, dom)
		}
	}
	sort.Slice(d.inv.Domains, func(i, j int) bool { return d.inv.Domains[i].Name < d.inv.Domains[j].Name })
}

// keepRelevantAPIs keeps the private APIs and the APIs a domain maps, and
// reads their details.
func (d *discovery) keepRelevantAPIs(ctx context.Context) {
	mapped := map[string]bool{}
	for _, dom := range d.inv.Domains {
		for _, m := range dom.Mappings {
			mapped[m.RestAPIID] = true
		}
	}
	for _, a := range d.allAPIs {
		if containsStr(a.Types, "PRIVATE") || mapped[a.ID] {
			d.apiDetails(ctx, &a)
			d.inv.RestAPIs = append(d.inv.RestAPIs, a)
		}
	}
}

func (d *discovery) endpoints(ctx context.Context) {
	svc := "com.amazonaws." + d.c.Region + ".execute-api"
	pg := ec2.NewDescribeVpcEndpointsPaginator(d.c.EC2, &ec2.DescribeVpcEndpointsInput{
		Filters: []ec2types.Filter{{Name: aws.String("service-name"), Values: []string{svc}}},
	})
	var eniIDs []string
	for pg.HasMorePages() {
		out, err := pg.NextPage(ctx)
		if d.problem("ec2", "DescribeVpcEndpoints", err) {
			return
		}
		for _, e := range out.VpcEndpoints {
			ep := Endpoint{ID: str(e.VpcEndpointId), VpcID: str(e.VpcId), ServiceName: str(e.ServiceName),
				Type: string(e.VpcEndpointType), PrivateDNS: aws.ToBool(e.PrivateDnsEnabled), State: string(e.State)}
			ep.SubnetIDs = append(ep.SubnetIDs, e.SubnetIds...)
			for _, g := range e.Groups {
				ep.SecurityGroupIDs = append(ep.SecurityGroupIDs, str(g.GroupId))
			}
			for _, id := range e.NetworkInterfaceIds {
				ep.ENIs = append(ep.ENIs, ENI{ID: id})
				eniIDs = append(eniIDs, id)
			}
			d.inv.Endpoints = append(d.inv.Endpoints, ep)
		}
	}
	sort.Slice(d.inv.Endpoints, func(i, j int) bool { return d.inv.Endpoints[i].ID < d.inv.Endpoints[j].ID })
	if len(eniIDs) == 0 {
		return
	}
	found := map[string]ENI{}
	for start := 0; start < len(eniIDs); start += 200 {
		batch := eniIDs[start:min(start+200, len(eniIDs))]
		np := ec2.NewDescribeNetworkInterfacesPaginator(d.c.EC2, &ec2.DescribeNetworkInterfacesInput{NetworkInterfaceIds: batch})
		for np.HasMorePages() {
			out, err := np.NextPage(ctx)
			if d.problem("ec2", "DescribeNetworkInterfaces", err) {
				break
			}
			for _, n := range out.NetworkInterfaces {
				found[str(n.NetworkInterfaceId)] = ENI{ID: str(n.NetworkInterfaceId), PrivateIP: str(n.PrivateIpAddress),
					SubnetID: str(n.SubnetId), AZ: str(n.AvailabilityZone)}
			}
		}
	}
	for i := range d.inv.Endpoints {
		for j, e := range d.inv.Endpoints[i].ENIs {
			if f, ok := found[e.ID]; ok {
				d.inv.Endpoints[i].ENIs[j] = f
			}
		}
	}
}

func (d *discovery) loadBalancers(ctx context.Context) {
	// Target groups first: only load balancers with an IP target group can
	// front an execute-api endpoint.
	tgs := map[string]*TargetGroup{}
	var order []string
	tp := elbv2.NewDescribeTargetGroupsPaginator(d.c.ELB, &elbv2.DescribeTargetGroupsInput{})
	for tp.HasMorePages() {
		out, err := tp.NextPage(ctx)
		if d.problem("elasticloadbalancing", "DescribeTargetGroups", err) {
			return
		}
		for _, t := range out.TargetGroups {
			if t.TargetType != elbtypes.TargetTypeEnumIp {
				continue
			}
			tg := &TargetGroup{Arn: str(t.TargetGroupArn), Name: str(t.TargetGroupName), Protocol: string(t.Protocol),
				ProtocolVersion: str(t.ProtocolVersion), TargetType: string(t.TargetType), VpcID: str(t.VpcId),
				Port: aws.ToInt32(t.Port), HealthCheckProtocol: string(t.HealthCheckProtocol),
				HealthCheckPath: str(t.HealthCheckPath), HealthCheckPort: str(t.HealthCheckPort)}
			if t.Matcher != nil {
				tg.Matcher = str(t.Matcher.HttpCode)
			}
			tgs[tg.Arn] = tg
			order = append(order, tg.Arn)
		}
	}
	lbUsed := map[string]bool{}
	var lbs []LoadBalancer
	lp := elbv2.NewDescribeLoadBalancersPaginator(d.c.ELB, &elbv2.DescribeLoadBalancersInput{})
	for lp.HasMorePages() {
		out, err := lp.NextPage(ctx)
		if d.problem("elasticloadbalancing", "DescribeLoadBalancers", err) {
			return
		}
		for _, l := range out.LoadBalancers {
			if l.Type == elbtypes.LoadBalancerTypeEnumGateway {
				continue
			}
			lb := LoadBalancer{Arn: str(l.LoadBalancerArn), Name: str(l.LoadBalancerName), Scheme: string(l.Scheme),
				Type: string(l.Type), VpcID: str(l.VpcId), DNSName: str(l.DNSName), CanonicalZoneID: str(l.CanonicalHostedZoneId)}
			for _, az := range l.AvailabilityZones {
				lb.Subnets = append(lb.Subnets, str(az.SubnetId))
			}
			lb.SecurityGroups = append(lb.SecurityGroups, l.SecurityGroups...)
			lbs = append(lbs, lb)
		}
	}
	for i := range lbs {
		lb := &lbs[i]
		forwardsToIP := false
		lsp := elbv2.NewDescribeListenersPaginator(d.c.ELB, &elbv2.DescribeListenersInput{LoadBalancerArn: aws.String(lb.Arn)})
		for lsp.HasMorePages() {
			out, err := lsp.NextPage(ctx)
			if d.problem("elasticloadbalancing", "DescribeListeners", err) {
				break
			}
			for _, l := range out.Listeners {
				ls := Listener{Arn: str(l.ListenerArn), Port: aws.ToInt32(l.Port), Protocol: string(l.Protocol), SslPolicy: str(l.SslPolicy)}
				ls.DefaultActions = actionsOf(l.DefaultActions)
				for _, a := range ls.DefaultActions {
					if tgs[a.TargetGroupArn] != nil {
						forwardsToIP = true
					}
				}
				lb.Listeners = append(lb.Listeners, ls)
			}
		}
		if !forwardsToIP {
			// Rules may still forward to an IP target group.
			for j := range lb.Listeners {
				d.listenerRules(ctx, &lb.Listeners[j])
				for _, r := range lb.Listeners[j].Rules {
					for _, a := range r.Actions {
						if tgs[a.TargetGroupArn] != nil {
							forwardsToIP = true
						}
					}
				}
			}
		} else {
			for j := range lb.Listeners {
				d.listenerRules(ctx, &lb.Listeners[j])
			}
		}
		if !forwardsToIP {
			continue
		}
		for j := range lb.Listeners {
			ls := &lb.Listeners[j]
			if ls.Protocol != "HTTPS" && ls.Protocol != "TLS" {
				continue
			}
			cp := elbv2.NewDescribeListenerCertificatesPaginator(d.c.ELB, &elbv2.DescribeListenerCertificatesInput{ListenerArn: aws.String(ls.Arn)})
			var def []string
			var extra []string
			for cp.HasMorePages() {
				out, err := cp.NextPage(ctx)
				if d.problem("elasticloadbalancing", "DescribeListenerCertificates", err) {
					ls.CertificatesUnread = true
					break
				}
				for _, c := range out.Certificates {
					if aws.ToBool(c.IsDefault) {
						def = append(def, str(c.CertificateArn))
					} else {
						extra = append(extra, str(c.CertificateArn))
					}
				}
			}
			sort.Strings(extra)
			ls.Certificates = append(def, extra...)
		}
		sort.Slice(lb.Listeners, func(a, b int) bool { return lb.Listeners[a].Port < lb.Listeners[b].Port })
		lbUsed[lb.Arn] = true
		d.inv.LoadBalancers = append(d.inv.LoadBalancers, *lb)
	}
	sort.Slice(d.inv.LoadBalancers, func(i, j int) bool { return d.inv.LoadBalancers[i].Name < d.inv.LoadBalancers[j].Name })
	// Target groups a kept load balancer forwards to, with their targets.
	used := map[string]bool{}
	for _, lb := range d.inv.LoadBalancers {
		for _, l := range lb.Listeners {
			for _, a := range l.DefaultActions {
				used[a.TargetGroupArn] = true
			}
			for _, r := range l.Rules {
				for _, a := range r.Actions {
					used[a.TargetGroupArn] = true
				}
			}
		}
	}
	for _, arn := range order {
		if !used[arn] {
			continue
		}
		tg := tgs[arn]
		out, err := d.c.ELB.DescribeTargetHealth(ctx, &elbv2.DescribeTargetHealthInput{TargetGroupArn: aws.String(arn)})
		if d.problem("elasticloadbalancing", "DescribeTargetHealth", err) {
			tg.TargetsUnread = true
		} else {
			for _, h := range out.TargetHealthDescriptions {
				t := Target{}
				if h.Target != nil {
					t.ID, t.Port, t.AZ = str(h.Target.Id), aws.ToInt32(h.Target.Port), str(h.Target.AvailabilityZone)
				}
				if h.TargetHealth != nil {
					t.State, t.Reason, t.Description = string(h.TargetHealth.State), string(h.TargetHealth.Reason), str(h.TargetHealth.Description)
				}
				tg.Targets = append(tg.Targets, t)
			}
			sort.Slice(tg.Targets, func(i, j int) bool {
				a, b := tg.Targets[i], tg.Targets[j]
				if a.ID != b.ID {
					return a.ID < b.ID
				}
				return a.Port < b.Port
			})
		}
		d.inv.TargetGroups = append(d.inv.TargetGroups, *tg)
	}
	sort.Slice(d.inv.TargetGroups, func(i, j int) bool { return d.inv.TargetGroups[i].Name < d.inv.TargetGroups[j].Name })
}

func (d *discovery) listenerRules(ctx context.Context, ls *Listener) {
	rp := elbv2.NewDescribeRulesPaginator(d.c.ELB, &elbv2.DescribeRulesInput{ListenerArn: aws.String(ls.Arn)})
	for rp.HasMorePages() {
		out, err := rp.NextPage(ctx)
		if d.problem("elasticloadbalancing", "DescribeRules", err) {
			return
		}
		for _, r := range out.Rules {
			if aws.ToBool(r.IsDefault) {
				continue
			}
			lr := ListenerRule{Arn: str(r.RuleArn), Priority: str(r.Priority), Actions: actionsOf(r.Actions)}
			for _, c := range r.Conditions {
				switch str(c.Field) {
				case "path-pattern":
					if c.PathPatternConfig != nil {
						lr.Paths = append(lr.Paths, c.PathPatternConfig.Values...)
					} else {
						lr.Paths = append(lr.Paths, c.Values...)
					}
				case "host-header":
					if c.HostHeaderConfig != nil {
						lr.Hosts = append(lr.Hosts, c.HostHeaderConfig.Values...)
					} else {
						lr.Hosts = append(lr.Hosts, c.Values...)
					}
				}
			}
			ls.Rules = append(ls.Rules, lr)
		}
	}
	sort.Slice(ls.Rules, func(i, j int) bool { return ls.Rules[i].Priority < ls.Rules[j].Priority })
}

func actionsOf(as []elbtypes.Action) []Action {
	var out []Action
	for _, a := range as {
		x := Action{Type: string(a.Type), TargetGroupArn: str(a.TargetGroupArn)}
		if x.TargetGroupArn == "" && a.ForwardConfig != nil && len(a.ForwardConfig.TargetGroups) > 0 {
			x.TargetGroupArn = str(a.ForwardConfig.TargetGroups[0].TargetGroupArn)
		}
		out = append(out, x)
	}
	return out
}

func (d *discovery) securityGroups(ctx context.Context) {
	want := map[string]bool{}
	for _, e := range d.inv.Endpoints {
		for _, g := range e.SecurityGroupIDs {
			want[g] = true
		}
	}
	for _, lb := range d.inv.LoadBalancers {
		for _, g := range lb.SecurityGroups {
			want[g] = true
		}
	}
	ids := sortedKeys(want)
	if len(ids) == 0 {
		return
	}
	pg := ec2.NewDescribeSecurityGroupsPaginator(d.c.EC2, &ec2.DescribeSecurityGroupsInput{GroupIds: ids})
	for pg.HasMorePages() {
		out, err := pg.NextPage(ctx)
		if d.problem("ec2", "DescribeSecurityGroups", err) {
			return
		}
		for _, g := range out.SecurityGroups {
			sg := SecurityGroup{ID: str(g.GroupId), VpcID: str(g.VpcId), Description: str(g.Description)}
			sg.Ingress = permissionsOf(g.IpPermissions)
			sg.Egress = permissionsOf(g.IpPermissionsEgress)
			d.inv.SecurityGroups = append(d.inv.SecurityGroups, sg)
		}
	}
	sort.Slice(d.inv.SecurityGroups, func(i, j int) bool { return d.inv.SecurityGroups[i].ID < d.inv.SecurityGroups[j].ID })
}

func permissionsOf(ps []ec2types.IpPermission) []Permission {
	var out []Permission
	for _, p := range ps {
		x := Permission{Protocol: str(p.IpProtocol), FromPort: aws.ToInt32(p.FromPort), ToPort: aws.ToInt32(p.ToPort)}
		for _, r := range p.IpRanges {
			x.CidrIPv4 = append(x.CidrIPv4, str(r.CidrIp))
		}
		for _, r := range p.Ipv6Ranges {
			x.CidrIPv6 = append(x.CidrIPv6, str(r.CidrIpv6))
		}
		for _, g := range p.UserIdGroupPairs {
			x.Groups = append(x.Groups, str(g.GroupId))
		}
		for _, pl := range p.PrefixListIds {
			x.PrefixLists = append(x.PrefixLists, str(pl.PrefixListId))
		}
		out = append(out, x)
	}
	return out
}

func (d *discovery) certificates(ctx context.Context) {
	want := map[string]bool{}
	for _, lb := range d.inv.LoadBalancers {
		for _, l := range lb.Listeners {
			for _, c := range l.Certificates {
				want[c] = true
			}
		}
	}
	for _, dom := range d.inv.Domains {
		if dom.RegionalCertificateArn != "" {
			want[dom.RegionalCertificateArn] = true
		}
	}
	for _, arn := range sortedKeys(want) {
		if !strings.HasPrefix(arn, "arn:") || !strings.Contains(arn, ":acm:") {
			continue // IAM server certificates are not ACM's
		}
		out, err := d.c.ACM.DescribeCertificate(ctx, &acm.DescribeCertificateInput{CertificateArn: aws.String(arn)})
		var ae smithy.APIError
		if err != nil && errors.As(err, &ae) && ae.ErrorCode() == "ResourceNotFoundException" {
			d.inv.Certificates = append(d.inv.Certificates, Certificate{Arn: arn, Missing: true})
			continue
		}
		if d.problem("acm", "DescribeCertificate", err) {
			if d.inv.Problems[len(d.inv.Problems)-1].Denied {
				return // one denial says it all
			}
			continue
		}
		c := out.Certificate
		cert := Certificate{Arn: arn, DomainName: str(c.DomainName), Status: string(c.Status), Type: string(c.Type)}
		cert.SANs = append(cert.SANs, c.SubjectAlternativeNames...)
		if c.NotAfter != nil {
			cert.NotAfter = c.NotAfter.UTC()
		}
		d.inv.Certificates = append(d.inv.Certificates, cert)
	}
}

// records reads the DNS records named like a custom domain, or aliased to a
// kept load balancer, from the hosted zones that could hold them.
func (d *discovery) records(ctx context.Context) {
	names := map[string]bool{}
	for _, dom := range d.inv.Domains {
		names[normDNS(dom.Name)] = true
	}
	// Zones that could hold a name a load balancer serves: the names of
	// its listener certificates (a wildcard's parent).
	zoneHints := map[string]bool{}
	for n := range names {
		zoneHints[n] = true
	}
	lbCerts := map[string]bool{}
	for _, lb := range d.inv.LoadBalancers {
		for _, l := range lb.Listeners {
			for _, c := range l.Certificates {
				lbCerts[c] = true
			}
		}
	}
	for _, c := range d.inv.Certificates {
		if lbCerts[c.Arn] {
			for _, n := range append([]string{c.DomainName}, c.SANs...) {
				if n != "" {
					zoneHints[normDNS(strings.TrimPrefix(n, "*."))] = true
				}
			}
		}
	}
	lbDNS := map[string]bool{}
	for _, lb := range d.inv.LoadBalancers {
		lbDNS[normDNS(lb.DNSName)] = true
	}
	if len(names) == 0 && len(lbDNS) == 0 {
		return
	}
	zp := route53.NewListHostedZonesPaginator(d.c.Route53, &route53.ListHostedZonesInput{})
	type zone struct {
		id, name string
		private  bool
	}
	var zones []zone
	for zp.HasMorePages() {
		out, err := zp.NextPage(ctx)
		if d.problem("route53", "ListHostedZones", err) {
			return
		}
		for _, z := range out.HostedZones {
			zn := normDNS(str(z.Name))
			relevant := false
			for n := range zoneHints {
				if n == zn || strings.HasSuffix(n, "."+zn) {
					relevant = true
				}
			}
			if relevant {
				priv := z.Config != nil && z.Config.PrivateZone
				zones = append(zones, zone{id: strings.TrimPrefix(str(z.Id), "/hostedzone/"), name: zn, private: priv})
			}
		}
	}
	sort.Slice(zones, func(i, j int) bool { return zones[i].id < zones[j].id })
	for _, z := range zones {
		rp := route53.NewListResourceRecordSetsPaginator(d.c.Route53, &route53.ListResourceRecordSetsInput{HostedZoneId: aws.String(z.id)})
		for rp.HasMorePages() {
			out, err := rp.NextPage(ctx)
			if d.problem("route53", "ListResourceRecordSets", err) {
				break
			}
			for _, r := range out.ResourceRecordSets {
				rec := Record{Zone: z.id, ZoneName: z.name, PrivateZone: z.private, Name: normDNS(str(r.Name)),
					Type: string(r.Type), SetIdentifier: str(r.SetIdentifier), TTL: aws.ToInt64(r.TTL)}
				if r.AliasTarget != nil {
					rec.AliasDNSName = normDNS(str(r.AliasTarget.DNSName))
					rec.AliasZoneID = str(r.AliasTarget.HostedZoneId)
				}
				for _, v := range r.ResourceRecords {
					rec.Values = append(rec.Values, str(v.Value))
				}
				if rec.Type != "A" && rec.Type != "AAAA" && rec.Type != "CNAME" {
					continue
				}
				toLB := lbDNS[strings.TrimPrefix(rec.AliasDNSName, "dualstack.")]
				for _, v := range rec.Values {
					toLB = toLB || lbDNS[strings.TrimPrefix(normDNS(v), "dualstack.")]
				}
				if !names[rec.Name] && !toLB {
					continue
				}
				d.inv.Records = append(d.inv.Records, rec)
			}
		}
	}
}

func normDNS(s string) string { return strings.TrimSuffix(strings.ToLower(s), ".") }

func containsStr(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func sortedKeys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
