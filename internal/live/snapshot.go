package live

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// MetaKey is the Metadata entry of every snapshot resource that holds what
// papilint live read about the object and CloudFormation has no property for
// (its ARN or id, target health, certificate status and expiry).
const MetaKey = "papilint:live"

// obj is a JSON object that keeps its keys in insertion order.
type obj []kv

type kv struct {
	k string
	v any
}

func (o obj) set(k string, v any) obj { return append(o, kv{k, v}) }

func (o obj) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, e := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(e.k)
		b.Write(k)
		b.WriteByte(':')
		v, err := json.Marshal(e.v)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func ref(id string) obj              { return obj{{"Ref", id}} }
func getAtt(id, attr string) obj     { return obj{{"Fn::GetAtt", []string{id, attr}}} }
func timeText(t time.Time) string    { return t.UTC().Format(time.RFC3339) }
func strs(ss []string) []string      { return append([]string{}, ss...) }
func eniLookupID(vpce string) string { return vpce + "Enis" }

// NotRead is the parameter, without a value, that stands for what a failed
// read left unknown (the targets of a target group whose health could not
// be read, the mappings of a domain): the rules skip unknown values, so a
// failed read never becomes a finding.
const NotRead = "NotRead"

// renderer turns an inventory into a template.
type renderer struct {
	inv          *Inventory
	unreadUsed   bool
	stagesUnread map[string]bool // REST API ids
	resources    obj
	used         map[string]bool
	// by physical id or ARN: the logical ID of its resource
	endpoint map[string]string
	sg       map[string]string
	cert     map[string]string
	api      map[string]string
	stage    map[string]string // apiID + "/" + stage name
	domain   map[string]string
	lb       map[string]string // ARN
	lbDNS    map[string]string // DNS name
	tg       map[string]string
	// eniIP maps a current ENI address to its endpoint and index.
	eniIP map[string]eniAt
}

type eniAt struct {
	endpoint string // physical id
	index    int
}

// logicalID makes a unique CloudFormation logical ID from a prefix and a
// physical name: letters and digits only, words capitalised.
func (r *renderer) logicalID(prefix, name string) string {
	var b strings.Builder
	b.WriteString(prefix)
	up := true
	for _, c := range name {
		if c < unicode.MaxASCII && (unicode.IsLetter(c) || unicode.IsDigit(c)) {
			if up {
				c = unicode.ToUpper(c)
			}
			b.WriteRune(c)
			up = false
		} else {
			up = true
		}
	}
	id := b.String()
	if len(id) > 200 {
		id = id[:200]
	}
	base := id
	for n := 2; r.used[id]; n++ {
		id = base + strconv.Itoa(n)
	}
	r.used[id] = true
	return id
}

// unread is the stand-in for a value that could not be read.
func (r *renderer) unread() obj {
	r.unreadUsed = true
	return ref(NotRead)
}

func (r *renderer) add(id, typ string, props obj, meta obj) {
	res := obj{{"Type", typ}}
	if len(meta) > 0 {
		res = res.set("Metadata", obj{{MetaKey, meta}})
	}
	res = res.set("Properties", props)
	r.resources = r.resources.set(id, res)
}

// refOr is a Ref to the resource for a physical id when it is in the
// snapshot, else the id as a literal.
func refOr(m map[string]string, id string) any {
	if l, ok := m[id]; ok {
		return ref(l)
	}
	return id
}

// Render renders the inventory as a CloudFormation JSON template. The same
// inventory always gives the same bytes.
func Render(inv *Inventory) []byte {
	r := &renderer{inv: inv, used: map[string]bool{}, endpoint: map[string]string{}, sg: map[string]string{},
		cert: map[string]string{}, api: map[string]string{}, stage: map[string]string{}, domain: map[string]string{},
		lb: map[string]string{}, lbDNS: map[string]string{}, tg: map[string]string{}, eniIP: map[string]eniAt{},
		stagesUnread: map[string]bool{}}
	// Names first, so references can point forward.
	for _, e := range inv.Endpoints {
		r.endpoint[e.ID] = r.logicalID("Vpce", strings.TrimPrefix(e.ID, "vpce-"))
		r.used[eniLookupID(r.endpoint[e.ID])] = true
		for i, n := range e.ENIs {
			if n.PrivateIP != "" {
				r.eniIP[n.PrivateIP] = eniAt{endpoint: e.ID, index: i}
			}
		}
	}
	for _, g := range inv.SecurityGroups {
		r.sg[g.ID] = r.logicalID("SecurityGroup", strings.TrimPrefix(g.ID, "sg-"))
	}
	for _, c := range inv.Certificates {
		if !c.Missing {
			r.cert[c.Arn] = r.logicalID("Certificate", c.Arn[strings.LastIndex(c.Arn, "/")+1:])
		}
	}
	for _, a := range inv.RestAPIs {
		r.api[a.ID] = r.logicalID("Api", a.ID)
		r.stagesUnread[a.ID] = a.StagesUnread
	}
	for _, d := range inv.Domains {
		r.domain[d.Name] = r.logicalID("Domain", d.Name)
	}
	for _, lb := range inv.LoadBalancers {
		r.lb[lb.Arn] = r.logicalID("LoadBalancer", lb.Name)
		r.lbDNS[normDNS(lb.DNSName)] = r.lb[lb.Arn]
	}
	for _, tg := range inv.TargetGroups {
		r.tg[tg.Arn] = r.logicalID("TargetGroup", tg.Name)
	}

	r.securityGroups()
	r.endpoints()
	r.certificates()
	r.restAPIs()
	r.domains()
	r.loadBalancers()
	r.targetGroups()
	r.records()

	tmpl := obj{
		{"AWSTemplateFormatVersion", "2010-09-09"},
		{"Description", fmt.Sprintf("What papilint live read in %s. Generated; each resource's Metadata %q names the AWS object.", inv.Region, MetaKey)},
	}
	if r.unreadUsed {
		tmpl = tmpl.set("Parameters", obj{{NotRead, obj{{"Type", "String"}, {"Description", "stands for a value papilint live could not read (see the notifications); rules skip it"}}}})
	}
	tmpl = tmpl.set("Resources", r.resources)
	out, err := json.MarshalIndent(tmpl, "", "  ")
	if err != nil {
		panic(err) // only strings, numbers, booleans and lists of them
	}
	return append(out, '\n')
}

func (r *renderer) securityGroups() {
	for _, g := range r.inv.SecurityGroups {
		props := obj{{"GroupDescription", g.Description}, {"VpcId", g.VpcID}}
		if in := r.permissions(g.Ingress, "Source"); len(in) > 0 {
			props = props.set("SecurityGroupIngress", in)
		}
		// An empty egress list is "deny all" in EC2 but "allow all" in
		// CloudFormation; leaving it out can only hide a finding, never make one.
		if out := r.permissions(g.Egress, "Destination"); len(out) > 0 {
			props = props.set("SecurityGroupEgress", out)
		}
		r.add(r.sg[g.ID], "AWS::EC2::SecurityGroup", props, obj{{"GroupId", g.ID}})
	}
}

func (r *renderer) permissions(ps []Permission, dir string) []obj {
	var out []obj
	for _, p := range ps {
		base := obj{{"IpProtocol", p.Protocol}}
		if p.Protocol != "-1" {
			base = base.set("FromPort", p.FromPort).set("ToPort", p.ToPort)
		}
		one := func(k string, v any) { out = append(out, append(append(obj{}, base...), kv{k, v})) }
		for _, c := range p.CidrIPv4 {
			one("CidrIp", c)
		}
		for _, c := range p.CidrIPv6 {
			one("CidrIpv6", c)
		}
		for _, g := range p.Groups {
			one(dir+"SecurityGroupId", refOr(r.sg, g))
		}
		for _, pl := range p.PrefixLists {
			if dir == "Source" {
				one("SourcePrefixListId", pl)
			} else {
				one("DestinationPrefixListId", pl)
			}
		}
	}
	return out
}

func (r *renderer) endpoints() {
	for _, e := range r.inv.Endpoints {
		id := r.endpoint[e.ID]
		var sgs []any
		for _, g := range e.SecurityGroupIDs {
			sgs = append(sgs, refOr(r.sg, g))
		}
		props := obj{{"VpcId", e.VpcID}, {"ServiceName", e.ServiceName}, {"VpcEndpointType", e.Type},
			{"PrivateDnsEnabled", e.PrivateDNS}, {"SubnetIds", strs(e.SubnetIDs)}}
		if len(sgs) > 0 {
			props = props.set("SecurityGroupIds", sgs)
		}
		var enis []obj
		for _, n := range e.ENIs {
			enis = append(enis, obj{{"NetworkInterfaceId", n.ID}, {"PrivateIpAddress", n.PrivateIP}, {"SubnetId", n.SubnetID}, {"AvailabilityZone", n.AZ}})
		}
		r.add(id, "AWS::EC2::VPCEndpoint", props, obj{{"VpcEndpointId", e.ID}, {"State", e.State}, {"NetworkInterfaces", enis}})
		// The lookup the pattern model knows from CDK's AwsCustomResource:
		// targets that are the endpoint's current ENI addresses are written
		// as its NetworkInterfaces.N.PrivateIpAddress.
		r.add(eniLookupID(id), "Custom::AWS", obj{
			{"ServiceToken", "papilint-live"},
			{"Create", `{"service":"EC2","action":"describeNetworkInterfaces"}`},
			{"NetworkInterfaceIds", getAtt(id, "NetworkInterfaceIds")},
		}, obj{{"Note", "stands for ec2:DescribeNetworkInterfaces on the endpoint's current network interfaces"}})
	}
}

func (r *renderer) certificates() {
	for _, c := range r.inv.Certificates {
		if c.Missing {
			continue
		}
		props := obj{{"DomainName", c.DomainName}}
		var sans []string
		for _, s := range c.SANs {
			if s != c.DomainName {
				sans = append(sans, s)
			}
		}
		if len(sans) > 0 {
			props = props.set("SubjectAlternativeNames", sans)
		}
		meta := obj{{"CertificateArn", c.Arn}, {"Status", c.Status}, {"Type", c.Type}}
		if !c.NotAfter.IsZero() {
			meta = meta.set("NotAfter", timeText(c.NotAfter))
		}
		r.add(r.cert[c.Arn], "AWS::CertificateManager::Certificate", props, meta)
	}
}

func (r *renderer) restAPIs() {
	for _, a := range r.inv.RestAPIs {
		id := r.api[a.ID]
		ec := obj{{"Types", strs(a.Types)}}
		if len(a.VpcEndpointIDs) > 0 {
			var ids []any
			for _, v := range a.VpcEndpointIDs {
				ids = append(ids, refOr(r.endpoint, v))
			}
			ec = ec.set("VpcEndpointIds", ids)
		}
		props := obj{{"Name", a.Name}, {"EndpointConfiguration", ec}}
		if a.Policy != "" {
			var doc any
			if err := json.Unmarshal([]byte(a.Policy), &doc); err == nil {
				props = props.set("Policy", r.policyRefs(doc))
			} else {
				props = props.set("Policy", a.Policy)
			}
		}
		props = props.set("DisableExecuteApiEndpoint", a.DisableExecuteAPI)
		meta := obj{{"RestApiId", a.ID}}
		if !a.Created.IsZero() {
			meta = meta.set("CreatedDate", timeText(a.Created))
		}
		r.add(id, "AWS::ApiGateway::RestApi", props, meta)
		// The resource tree, so routes resolve to paths: the root is the
		// API's RootResourceId, every other resource a resource of its own.
		resRef := map[string]any{}
		if a.RootResourceID != "" {
			resRef[a.RootResourceID] = getAtt(id, "RootResourceId")
		}
		resLogical := map[string]string{}
		for _, res := range a.Resources {
			resLogical[res.ID] = r.logicalID(id+"Resource", res.Path)
			resRef[res.ID] = ref(resLogical[res.ID])
		}
		resourceRef := func(resID string) any {
			if v, ok := resRef[resID]; ok {
				return v
			}
			return resID
		}
		for _, res := range a.Resources {
			rp := obj{{"RestApiId", ref(id)}, {"ParentId", resourceRef(res.ParentID)}, {"PathPart", res.PathPart}}
			r.add(resLogical[res.ID], "AWS::ApiGateway::Resource", rp, obj{{"ResourceId", res.ID}, {"ResourcePath", res.Path}})
		}
		for _, m := range a.Methods {
			mp := obj{{"RestApiId", ref(id)}, {"ResourceId", resourceRef(m.ResourceID)}, {"HttpMethod", m.HTTPMethod}}
			if m.AuthorizationType != "" {
				mp = mp.set("AuthorizationType", m.AuthorizationType)
			}
			if m.IntegrationType != "" {
				in := obj{{"Type", m.IntegrationType}}
				if m.ConnectionType != "" {
					in = in.set("ConnectionType", m.ConnectionType)
				}
				if m.TimeoutMillis != 0 {
					in = in.set("TimeoutInMillis", m.TimeoutMillis)
				}
				mp = mp.set("Integration", in)
			}
			r.add(r.logicalID(id+"Method", m.Path+" "+m.HTTPMethod), "AWS::ApiGateway::Method", mp, obj{{"ResourcePath", m.Path}})
		}
		deps := map[string]string{}
		for _, d := range a.Deployments {
			deps[d.ID] = r.logicalID(id+"Deployment", d.ID)
			meta := obj{{"DeploymentId", d.ID}}
			if !d.Created.IsZero() {
				meta = meta.set("CreatedDate", timeText(d.Created))
			}
			r.add(deps[d.ID], "AWS::ApiGateway::Deployment", obj{{"RestApiId", ref(id)}}, meta)
		}
		for _, s := range a.Stages {
			sid := r.logicalID(id+"Stage", s.Name)
			r.stage[a.ID+"/"+s.Name] = sid
			sp := obj{{"RestApiId", ref(id)}, {"StageName", s.Name}}
			if s.DeploymentID != "" {
				sp = sp.set("DeploymentId", refOr(deps, s.DeploymentID))
			}
			meta := obj{{"StageName", s.Name}}
			if !s.Created.IsZero() {
				meta = meta.set("CreatedDate", timeText(s.Created))
			}
			if !s.Updated.IsZero() {
				meta = meta.set("LastUpdatedDate", timeText(s.Updated))
			}
			r.add(sid, "AWS::ApiGateway::Stage", sp, meta)
		}
	}
}

// policyRefs replaces, in a policy document, every string that is the id of
// an endpoint in the snapshot by a Ref to it, so the policy engine compares
// endpoints by identity as it does for templates.
func (r *renderer) policyRefs(v any) any {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sortPolicyKeys(keys)
		var o obj
		for _, k := range keys {
			o = o.set(k, r.policyRefs(x[k]))
		}
		return o
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = r.policyRefs(e)
		}
		return out
	case string:
		if l, ok := r.endpoint[x]; ok {
			return ref(l)
		}
	}
	return v
}

// sortPolicyKeys orders a policy object's keys the way people write them
// (Version before Statement, Sid and Effect first), the rest by name.
func sortPolicyKeys(keys []string) {
	rank := map[string]int{"Version": 0, "Id": 1, "Statement": 2, "Sid": 3, "Effect": 4, "Principal": 5, "NotPrincipal": 6,
		"Action": 7, "NotAction": 8, "Resource": 9, "NotResource": 10, "Condition": 11}
	less := func(a, b string) bool {
		ra, oka := rank[a]
		rb, okb := rank[b]
		switch {
		case oka && okb:
			return ra < rb
		case oka != okb:
			return oka
		}
		return a < b
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && less(keys[j], keys[j-1]); j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
}

func (r *renderer) domains() {
	for _, d := range r.inv.Domains {
		id := r.domain[d.Name]
		props := obj{{"DomainName", d.Name}}
		if d.RegionalCertificateArn != "" {
			props = props.set("RegionalCertificateArn", refOr(r.cert, d.RegionalCertificateArn))
		}
		if d.CertificateArn != "" {
			props = props.set("CertificateArn", refOr(r.cert, d.CertificateArn))
		}
		if len(d.Types) > 0 {
			props = props.set("EndpointConfiguration", obj{{"Types", strs(d.Types)}})
		}
		if d.SecurityPolicy != "" {
			props = props.set("SecurityPolicy", d.SecurityPolicy)
		}
		if d.EndpointAccessMode != "" {
			props = props.set("EndpointAccessMode", d.EndpointAccessMode)
		}
		r.add(id, "AWS::ApiGateway::DomainName", props, obj{{"RegionalDomainName", d.RegionalDomainName}, {"RegionalHostedZoneId", d.RegionalHostedZoneID}})
		if d.MappingsUnread {
			r.add(r.logicalID(id+"Mapping", "NotRead"), "AWS::ApiGateway::BasePathMapping",
				obj{{"DomainName", ref(id)}, {"BasePath", r.unread()}, {"RestApiId", r.unread()}, {"Stage", r.unread()}},
				obj{{"Note", "the mappings of this domain could not be read"}})
		}
		for _, m := range d.Mappings {
			base := m.BasePath
			if base == "(none)" {
				base = ""
			}
			mp := obj{{"DomainName", ref(id)}}
			if base != "" {
				mp = mp.set("BasePath", base)
			}
			mp = mp.set("RestApiId", refOr(r.api, m.RestAPIID))
			if m.Stage != "" {
				var stage any = m.Stage
				if sid, ok := r.stage[m.RestAPIID+"/"+m.Stage]; ok {
					stage = ref(sid)
				} else if r.stagesUnread[m.RestAPIID] {
					stage = r.unread()
				}
				mp = mp.set("Stage", stage)
			}
			name := base
			if name == "" {
				name = "Root"
			}
			r.add(r.logicalID(id+"Mapping", name), "AWS::ApiGateway::BasePathMapping", mp, obj{{"BasePath", m.BasePath}})
		}
	}
}

func (r *renderer) actions(as []Action) []obj {
	var out []obj
	for _, a := range as {
		x := obj{{"Type", a.Type}}
		if a.TargetGroupArn != "" {
			x = x.set("TargetGroupArn", refOr(r.tg, a.TargetGroupArn))
		}
		out = append(out, x)
	}
	return out
}

func (r *renderer) loadBalancers() {
	for _, lb := range r.inv.LoadBalancers {
		id := r.lb[lb.Arn]
		props := obj{{"Name", lb.Name}, {"Type", lb.Type}, {"Scheme", lb.Scheme}, {"Subnets", strs(lb.Subnets)}}
		if len(lb.SecurityGroups) > 0 {
			var sgs []any
			for _, g := range lb.SecurityGroups {
				sgs = append(sgs, refOr(r.sg, g))
			}
			props = props.set("SecurityGroups", sgs)
		}
		r.add(id, "AWS::ElasticLoadBalancingV2::LoadBalancer", props, obj{{"LoadBalancerArn", lb.Arn}, {"VpcId", lb.VpcID}, {"DNSName", lb.DNSName}, {"CanonicalHostedZoneID", lb.CanonicalZoneID}})
		for _, l := range lb.Listeners {
			lid := r.logicalID(id+"Listener", strconv.Itoa(int(l.Port)))
			props := obj{{"LoadBalancerArn", ref(id)}, {"Port", l.Port}, {"Protocol", l.Protocol}}
			if l.SslPolicy != "" {
				props = props.set("SslPolicy", l.SslPolicy)
			}
			switch {
			case l.CertificatesUnread:
				props = props.set("Certificates", []obj{{{"CertificateArn", r.unread()}}})
			case len(l.Certificates) > 0:
				props = props.set("Certificates", []obj{{{"CertificateArn", refOr(r.cert, l.Certificates[0])}}})
			}
			props = props.set("DefaultActions", r.actions(l.DefaultActions))
			r.add(lid, "AWS::ElasticLoadBalancingV2::Listener", props, obj{{"ListenerArn", l.Arn}})
			if len(l.Certificates) > 1 {
				var cs []obj
				for _, c := range l.Certificates[1:] {
					cs = append(cs, obj{{"CertificateArn", refOr(r.cert, c)}})
				}
				r.add(lid+"Certificates", "AWS::ElasticLoadBalancingV2::ListenerCertificate", obj{{"ListenerArn", ref(lid)}, {"Certificates", cs}}, nil)
			}
			for _, rl := range l.Rules {
				var conds []obj
				if len(rl.Hosts) > 0 {
					conds = append(conds, obj{{"Field", "host-header"}, {"HostHeaderConfig", obj{{"Values", strs(rl.Hosts)}}}})
				}
				if len(rl.Paths) > 0 {
					conds = append(conds, obj{{"Field", "path-pattern"}, {"PathPatternConfig", obj{{"Values", strs(rl.Paths)}}}})
				}
				prio, _ := strconv.Atoi(rl.Priority)
				rp := obj{{"ListenerArn", ref(lid)}, {"Priority", prio}, {"Conditions", conds}, {"Actions", r.actions(rl.Actions)}}
				r.add(r.logicalID(lid+"Rule", rl.Priority), "AWS::ElasticLoadBalancingV2::ListenerRule", rp, obj{{"RuleArn", rl.Arn}})
			}
		}
	}
}

func (r *renderer) targetGroups() {
	for _, tg := range r.inv.TargetGroups {
		props := obj{{"Name", tg.Name}, {"VpcId", tg.VpcID}, {"TargetType", tg.TargetType}, {"Protocol", tg.Protocol}, {"Port", tg.Port}}
		if tg.ProtocolVersion != "" {
			props = props.set("ProtocolVersion", tg.ProtocolVersion)
		}
		if tg.HealthCheckProtocol != "" {
			props = props.set("HealthCheckProtocol", tg.HealthCheckProtocol)
		}
		if tg.HealthCheckPath != "" {
			props = props.set("HealthCheckPath", tg.HealthCheckPath)
		}
		if tg.HealthCheckPort != "" {
			props = props.set("HealthCheckPort", tg.HealthCheckPort)
		}
		if tg.Matcher != "" {
			props = props.set("Matcher", obj{{"HttpCode", tg.Matcher}})
		}
		var targets []obj
		var health []obj
		for _, t := range tg.Targets {
			var id any = t.ID
			if at, ok := r.eniIP[t.ID]; ok {
				id = getAtt(eniLookupID(r.endpoint[at.endpoint]), "NetworkInterfaces."+strconv.Itoa(at.index)+".PrivateIpAddress")
			}
			x := obj{{"Id", id}, {"Port", t.Port}}
			if t.AZ != "" {
				x = x.set("AvailabilityZone", t.AZ)
			}
			targets = append(targets, x)
			h := obj{{"Id", t.ID}, {"State", t.State}}
			if t.Reason != "" {
				h = h.set("Reason", t.Reason)
			}
			if t.Description != "" {
				h = h.set("Description", t.Description)
			}
			health = append(health, h)
		}
		switch {
		case tg.TargetsUnread:
			props = props.set("Targets", r.unread())
		case len(targets) > 0:
			props = props.set("Targets", targets)
		}
		r.add(r.tg[tg.Arn], "AWS::ElasticLoadBalancingV2::TargetGroup", props, obj{{"TargetGroupArn", tg.Arn}, {"TargetHealth", health}})
	}
}

func (r *renderer) records() {
	for _, rec := range r.inv.Records {
		props := obj{{"HostedZoneId", rec.Zone}, {"Name", rec.Name}, {"Type", rec.Type}}
		if rec.SetIdentifier != "" {
			props = props.set("SetIdentifier", rec.SetIdentifier)
		}
		if rec.AliasDNSName != "" {
			if lb, ok := r.lbDNS[strings.TrimPrefix(rec.AliasDNSName, "dualstack.")]; ok {
				props = props.set("AliasTarget", obj{{"DNSName", getAtt(lb, "DNSName")}, {"HostedZoneId", getAtt(lb, "CanonicalHostedZoneID")}})
			} else {
				props = props.set("AliasTarget", obj{{"DNSName", rec.AliasDNSName}, {"HostedZoneId", rec.AliasZoneID}})
			}
		} else {
			props = props.set("TTL", strconv.FormatInt(rec.TTL, 10)).set("ResourceRecords", strs(rec.Values))
		}
		suffix := rec.Type
		if rec.SetIdentifier != "" {
			suffix += " " + rec.SetIdentifier
		}
		r.add(r.logicalID("Record", rec.Name+" "+suffix), "AWS::Route53::RecordSet", props, obj{{"HostedZoneName", rec.ZoneName}, {"PrivateZone", rec.PrivateZone}})
	}
}
