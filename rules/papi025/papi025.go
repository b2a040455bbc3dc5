// Package papi025 reports an execute-api endpoint whose security groups do
// not let the pattern's load balancer connect on TCP 443.
package papi025

import (
	"strings"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/model/netpath"
	"github.com/papilint/papilint/internal/model/pattern"
)

// Analyzer is PAPI025.
var Analyzer = &analysis.Analyzer{
	ID:       "PAPI025",
	Name:     "vpce-sg-blocks-alb",
	Severity: analysis.Error,
	Engine:   analysis.EngineGo,
	Requires: []*analysis.Analyzer{pattern.Analyzer, netpath.Analyzer},
	Run:      run,
	Doc: &analysis.Doc{
		Title:      "Security groups of the execute-api endpoint refuse the load balancer",
		Summary:    "The load balancer reaches the API by opening TLS connections to the execute-api endpoint's network interfaces on port 443. Security groups deny by default, so one of the endpoint's groups needs an ingress rule for TCP 443 from the load balancer: from one of its security groups, or from a CIDR block that contains every subnet its nodes live in. Without one, nothing gets through. papilint merges every place a rule can be written: inline rules, separate ingress resources, Terraform ingress blocks, aws_security_group_rule and aws_vpc_security_group_ingress_rule, and the rules CDK synthesizes.",
		Confidence: "[V] security-group default-deny semantics, [I] consequence",
		Tier:       1,
		CFN:        "AWS::EC2::VPCEndpoint.SecurityGroupIds; AWS::EC2::SecurityGroup.SecurityGroupIngress and AWS::EC2::SecurityGroupIngress (IpProtocol, FromPort, ToPort, CidrIp, SourceSecurityGroupId); AWS::ElasticLoadBalancingV2::LoadBalancer.SecurityGroups, Subnets/SubnetMappings; AWS::EC2::Subnet.CidrBlock, AWS::EC2::VPC.CidrBlock",
		TF:         "aws_vpc_endpoint.security_group_ids; aws_security_group ingress blocks, aws_security_group_rule (type = \"ingress\"), aws_vpc_security_group_ingress_rule; aws_lb.security_groups, subnets/subnet_mapping; aws_subnet.cidr_block, aws_vpc.cidr_block",
		Scope:      "Pattern instances whose targets are derived from an endpoint in the scan (strong links): that endpoint and the load balancer forwarding to it. A Network Load Balancer without security groups connects from its own addresses, so only CIDR rules covering its subnets admit it.",
		Trigger:    "No ingress rule of the endpoint's security groups admits TCP 443 (IpProtocol tcp, 6 or -1, a port range holding 443) from one of the load balancer's security groups, from the endpoint's own group when the load balancer is a member of it, or from a CIDR block containing every load balancer subnet (the VPC's CidrBlock and 0.0.0.0/0 count). An endpoint without SecurityGroupIds gets its VPC's default group, which admits only its own members: a warning when the load balancer has groups of its own.",
		Symptom:    "No deploy error. The load balancer's connections to the endpoint time out, every target fails its health check, the load balancer fails open but still cannot connect, and clients get 502 Bad Gateway or 504 Gateway Timeout.",
		Fix:        "Allow TCP 443 from the load balancer's security group on the endpoint's group (`SourceSecurityGroupId: !GetAtt AlbSg.GroupId`), or from the VPC's CIDR block. CDK's InterfaceVpcEndpoint already does the latter unless `open: false`.",
		Skip:       "Any endpoint or load balancer security group that is not a resource of the scan (a literal id, a parameter, an import), groups handed to a module or nested stack that is not loaded or exported to other stacks (which may add rules), prefix-list and group-name sources, CIDR blocks or subnets that cannot be resolved, IPv6 target groups, target groups on a port other than 443 (PAPI041 reports those), and a Network Load Balancer without security groups whose target group may preserve client addresses (Terraform's preserve_client_ip is not read). With Fn::If, only when every alternative refuses the load balancer. A rule that rests on a parameter default makes the finding a warning.",
		Bad: `VpceSg:
  Type: AWS::EC2::SecurityGroup
  Properties:
    GroupDescription: execute-api endpoint
    VpcId: !Ref VpcId
    SecurityGroupIngress:
      - {IpProtocol: tcp, FromPort: 443, ToPort: 443, SourceSecurityGroupId: !Ref AppSg}  # not the ALB's group
ApiVpce:
  Type: AWS::EC2::VPCEndpoint
  Properties:
    SecurityGroupIds: [!Ref VpceSg]`,
		Good: `VpceSg:
  Type: AWS::EC2::SecurityGroup
  Properties:
    GroupDescription: execute-api endpoint
    VpcId: !Ref VpcId
    SecurityGroupIngress:
      - {IpProtocol: tcp, FromPort: 443, ToPort: 443, SourceSecurityGroupId: !Ref AlbSg}
ApiVpce:
  Type: AWS::EC2::VPCEndpoint
  Properties:
    SecurityGroupIds: [!Ref VpceSg]`,
		Tags: []string{"availability", "security-group", "vpc-endpoint", "alb"},
		References: []string{
			"https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html",
			"https://docs.aws.amazon.com/vpc/latest/privatelink/interface-endpoints.html",
			"https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-update-security-groups.html",
			"https://docs.aws.amazon.com/elasticloadbalancing/latest/network/edit-target-group-attributes.html#client-ip-preservation",
		},
	},
}

func run(pass *analysis.Pass) (any, error) {
	np := netpath.Of(pass)
	seen := map[string]bool{}
	for _, inst := range pattern.Of(pass).Instances {
		if !inst.Strong || inst.Endpoint == nil {
			continue
		}
		key := string(inst.Endpoint.ID) + "|" + string(inst.LoadBalancer.ID)
		if seen[key] {
			continue
		}
		seen[key] = true
		check(pass, np, inst)
	}
	return nil, nil
}

func check(pass *analysis.Pass, np *netpath.Result, inst *pattern.Instance) {
	ep, lb, tg := inst.Endpoint, inst.LoadBalancer, inst.TargetGroup
	if s, ok := tg.Prop("IpAddressType").String(); ok && strings.EqualFold(s, "ipv6") {
		return
	}
	if port, ok := tg.Prop("Port").Int(); ok && port != 443 {
		return // the load balancer does not connect to 443 at all (PAPI041)
	}
	peer := np.PeerOf(lb)
	if !peer.TypeKnown {
		return
	}
	if peer.NoSGs && peer.Network && !clientAddressesHidden(tg) {
		return // the endpoint sees the clients' addresses, not the NLB's
	}
	ids := ep.Prop("SecurityGroupIds")
	if ids.IsAbsent() || (ids.Kind == graph.KindList && len(ids.List) == 0) {
		defaultGroup(pass, np, inst, peer)
		return
	}
	if !peer.NoSGs && !peer.SGsKnown {
		return // a load balancer group outside the scan
	}
	if peer.NoSGs && !peer.Network {
		return // the ALB is in its VPC's default group, outside the scan
	}
	var used []*graph.Value
	var groups []*graph.Node
	for _, b := range ids.Branches() {
		sgs, ok := np.SecurityGroupRefs(b)
		if !ok {
			return
		}
		adm := np.GroupsAdmit(sgs, peer, 443)
		if adm.Verdict != netpath.No {
			return
		}
		used = append(used, adm.Used...)
		used = append(used, b)
		groups = append(groups, sgs...)
	}
	from := "from its security groups (" + names(pass.Graph, peer) + ") or from a CIDR block that covers its subnets"
	if peer.NoSGs {
		from = "from a CIDR block that covers its subnets (the load balancer has no security groups, so it connects from its own addresses)"
	}
	d := analysis.Diagnostic{
		Range:    analysis.At(ep, ids),
		Resource: ep,
		Severity: analysis.Error,
		Message: "security groups of execute-api endpoint " + analysis.Quote(ep.Display()) + " admit no TCP 443 from load balancer " +
			analysis.Quote(lb.Display()) + " " + from + ": its connections to the endpoint time out, every target fails its health check, and clients get 502 or 504",
	}
	related := map[graph.NodeID]bool{}
	for _, sg := range groups {
		if !related[sg.ID] {
			related[sg.ID] = true
			d.Related = append(d.Related, analysis.Related{Range: sg.Header, Message: "security group " + sg.Display() + " has no rule that admits the load balancer on 443"})
		}
	}
	capDefault(&d, used...)
	pass.Report(d)
}

// defaultGroup: an endpoint without SecurityGroupIds is in its VPC's
// default group, whose only ingress rule (by default) admits its own
// members. A load balancer with groups of its own is not one of them.
func defaultGroup(pass *analysis.Pass, np *netpath.Result, inst *pattern.Instance, peer *netpath.Peer) {
	ep, lb := inst.Endpoint, inst.LoadBalancer
	uses := "uses other groups (" + names(pass.Graph, peer) + ")"
	switch {
	case peer.NoSGs && peer.Network:
		uses = "has no security groups and connects from its own addresses"
	case peer.NoSGs || !peer.SGsKnown:
		return // an ALB without groups is in the default group too
	}
	if np.ManagesDefaultGroup(ep.Stack) || np.ManagesDefaultGroup(lb.Stack) {
		return
	}
	pass.Report(analysis.Diagnostic{
		Range:    ep.Header,
		Resource: ep,
		Severity: analysis.Warning,
		Message: "execute-api endpoint " + analysis.Quote(ep.Display()) + " has no SecurityGroupIds, so it gets its VPC's default security group, which admits only its own members; load balancer " +
			analysis.Quote(lb.Display()) + " " + uses + ", so its connections to the endpoint are likely to time out: give the endpoint a group that admits TCP 443 from the load balancer",
	})
}

// clientAddressesHidden reports whether a Network Load Balancer's target
// group makes connections come from the load balancer's own addresses:
// client IP preservation is off (the default for TCP and TLS target groups
// with IP targets). Terraform's preserve_client_ip is not in the graph, so
// Terraform target groups answer false.
func clientAddressesHidden(tg *graph.Node) bool {
	if tg.Format == graph.Terraform {
		return false
	}
	proto, ok := tg.Prop("Protocol").String()
	if !ok || !(strings.EqualFold(proto, "TCP") || strings.EqualFold(proto, "TLS")) {
		return false
	}
	attrs := tg.Prop("TargetGroupAttributes")
	if attrs.IsAbsent() {
		return true
	}
	if attrs.Kind != graph.KindList {
		return false
	}
	for _, a := range attrs.List {
		if k, ok := a.Get("Key").String(); ok && k == "preserve_client_ip.enabled" {
			b, ok := a.Get("Value").BoolValue()
			return ok && !b
		}
		if _, ok := a.Get("Key").String(); !ok {
			return false
		}
	}
	return true
}

// names lists the load balancer's security groups for messages.
func names(g *graph.Graph, p *netpath.Peer) string {
	var out []string
	for _, e := range p.SGValues.Items() {
		if n := g.Resolve(e); n != nil {
			out = append(out, n.Name)
		}
	}
	return strings.Join(out, ", ")
}

// capDefault lowers an error to a warning and names the parameter when a
// value the finding rests on comes from a parameter default.
func capDefault(d *analysis.Diagnostic, vals ...*graph.Value) {
	p := analysis.FromDefault(vals...)
	if p == "" {
		return
	}
	d.Severity = analysis.CapAtWarning(d.Severity)
	if p == "a default" {
		d.Message += " (a value comes from a default)"
	} else {
		d.Message += " (a value comes from the default of parameter " + p + ")"
	}
	d.Related = append(d.Related, analysis.DefaultRelated(vals...)...)
}
