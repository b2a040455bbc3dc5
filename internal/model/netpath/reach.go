package netpath

import (
	"net/netip"
	"strings"

	"github.com/papilint/papilint/internal/graph"
)

// Peer is a load balancer seen as the source of the connections its nodes
// open to targets: its security groups and the subnets its nodes live in.
type Peer struct {
	LB *graph.Node
	// Network is true for a Network Load Balancer.
	Network bool
	// TypeKnown is false when the load balancer's type cannot be resolved.
	TypeKnown bool
	// SGs are the load balancer's security groups that are resources of the
	// scan; SGsKnown is true when every one of them is (and SecurityGroups
	// is set).
	SGs      map[graph.NodeID]bool
	SGsKnown bool
	// NoSGs is true when SecurityGroups is not set: an ALB then gets its
	// VPC's default security group, an NLB has none at all.
	NoSGs bool
	// SGValues is SecurityGroups as written.
	SGValues *graph.Value
	// Subnets are the subnet references of Subnets or SubnetMappings;
	// SubnetsKnown is false when the list itself is not known (a list
	// parameter, an import).
	Subnets      []*graph.Value
	SubnetsKnown bool
}

// PeerOf describes a load balancer as a traffic source.
func (r *Result) PeerOf(lb *graph.Node) *Peer {
	p := &Peer{LB: lb, SGs: map[graph.NodeID]bool{}}
	if t := lb.Prop("Type"); t.IsAbsent() {
		p.TypeKnown = true
	} else if s, ok := t.String(); ok {
		p.TypeKnown = true
		p.Network = strings.EqualFold(s, "network")
	}
	sgs := lb.Prop("SecurityGroups")
	p.SGValues = sgs
	switch {
	case sgs.IsAbsent():
		p.NoSGs = true
	case sgs.Kind == graph.KindList && len(sgs.List) == 0:
		p.NoSGs = true
	default:
		p.SGsKnown = true
		for _, b := range sgs.Branches() {
			if b == nil || b.Kind != graph.KindList {
				p.SGsKnown = false
				continue
			}
			if sgs.Kind == graph.KindChoice {
				p.SGsKnown = false
			}
			for _, e := range b.List {
				if n := r.g.Resolve(e); n != nil && n.Kind == graph.SecurityGroup && e.Kind != graph.KindChoice {
					p.SGs[n.ID] = true
				} else {
					p.SGsKnown = false
				}
			}
		}
	}
	if s := lb.Prop("Subnets"); !s.IsAbsent() {
		if s.Kind == graph.KindList {
			p.Subnets, p.SubnetsKnown = s.List, true
		}
	} else if m := lb.Prop("SubnetMappings"); !m.IsAbsent() {
		if m.Kind == graph.KindList {
			p.SubnetsKnown = true
			for _, e := range m.List {
				p.Subnets = append(p.Subnets, e.Get("SubnetId"))
			}
		}
	}
	if len(p.Subnets) == 0 {
		p.SubnetsKnown = false
	}
	return p
}

// Admission is the answer to "do these security groups admit the load
// balancer on a TCP port".
type Admission struct {
	Verdict Verdict
	// Used are the values the answer rests on (for parameter defaults).
	Used []*graph.Value
	// Why says what could not be resolved when the verdict is Unknown.
	Why string
}

// GroupsAdmit reports whether any ingress rule of the security groups
// admits TCP connections on port from the peer: a rule for tcp (6) or all
// protocols (-1) whose port range holds the port, from one of the peer's
// security groups or from a CIDR that contains every subnet of the peer.
func (r *Result) GroupsAdmit(sgs []*graph.Node, p *Peer, port int) Admission {
	ev := &evaluator{r: r, p: p, port: port}
	var vs []Verdict
	for _, sg := range sgs {
		rules, known, open := r.IngressRules(sg)
		if open != "" {
			ev.unknown("rules may be added to security group " + sg.Name + " outside the scan: " + open)
			vs = append(vs, Unknown)
		}
		if !known {
			ev.unknown("the inline ingress rules of security group " + sg.Name + " are not known")
			vs = append(vs, Unknown)
		}
		ev.used = append(ev.used, sg.Prop("SecurityGroupIngress"))
		for _, rl := range rules {
			vs = append(vs, ev.rule(rl))
		}
	}
	return Admission{Verdict: anyOf(vs...), Used: ev.used, Why: ev.why}
}

type evaluator struct {
	r    *Result
	p    *Peer
	port int
	used []*graph.Value
	why  string
}

func (ev *evaluator) unknown(why string) {
	if ev.why == "" {
		ev.why = why
	}
}

// rule evaluates one rule.
func (ev *evaluator) rule(rl *Rule) Verdict {
	v := rl.Value
	if v == nil || v.Kind != graph.KindMap {
		if v != nil && v.Kind == graph.KindNull {
			return No // an entry removed by AWS::NoValue
		}
		ev.unknown("an ingress rule of " + rl.Node.Name + " is not known")
		return Unknown
	}
	ev.used = append(ev.used, v)
	proto, all := ev.protocol(v.Get("IpProtocol"))
	ports := Yes
	if !all {
		ports = ev.ports(v.Get("FromPort"), v.Get("ToPort"))
	}
	return allOf(proto, ports, ev.sources(v))
}

// protocol: tcp, 6, -1 and "all" admit TCP; all is true when every
// admitting alternative is "all protocols", so ports do not matter.
func (ev *evaluator) protocol(v *graph.Value) (Verdict, bool) {
	if v.IsAbsent() {
		return Unknown, false
	}
	var vs []Verdict
	all := true
	for _, b := range v.Branches() {
		s, ok := b.String()
		if !ok {
			ev.unknown("a rule's protocol is not known")
			vs = append(vs, Unknown)
			all = false
			continue
		}
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "-1", "all":
			vs = append(vs, Yes)
		case "tcp", "6":
			vs = append(vs, Yes)
			all = false
		default:
			vs = append(vs, No)
		}
	}
	out := anyOf(vs...)
	return out, out == Yes && all
}

// ports: FromPort <= port <= ToPort; -1 stands for every port.
func (ev *evaluator) ports(from, to *graph.Value) Verdict {
	check := func(v *graph.Value, ok func(int) bool) Verdict {
		if v.IsAbsent() {
			ev.unknown("a rule has no port range")
			return Unknown
		}
		var vs []Verdict
		for _, b := range v.Branches() {
			n, isInt := b.Int()
			switch {
			case !isInt:
				ev.unknown("a rule's port range is not known")
				vs = append(vs, Unknown)
			case n == -1 || ok(n):
				vs = append(vs, Yes)
			default:
				vs = append(vs, No)
			}
		}
		return anyOf(vs...)
	}
	return allOf(check(from, func(n int) bool { return n <= ev.port }), check(to, func(n int) bool { return n >= ev.port }))
}

// sources: one of the rule's peers must be the load balancer.
func (ev *evaluator) sources(v *graph.Value) Verdict {
	var vs []Verdict
	n := 0
	for _, f := range v.Fields {
		switch f.Key {
		case "CidrIp":
			n++
			vs = append(vs, ev.cidr(f.Value))
		case "CidrIps":
			n++
			if f.Value == nil || f.Value.Kind != graph.KindList {
				ev.unknown("a rule's CIDR blocks are not known")
				vs = append(vs, Unknown)
				continue
			}
			for _, e := range f.Value.List {
				vs = append(vs, ev.cidr(e))
			}
		case "CidrIpv6", "CidrIpv6s":
			// The load balancer reaches the endpoint's IPv4 addresses.
			n++
			vs = append(vs, No)
		case "SourceSecurityGroupId":
			n++
			vs = append(vs, ev.group(f.Value))
		case "SourceSecurityGroupName", "SourcePrefixListId", "SourcePrefixListIds":
			n++
			ev.unknown("a rule admits a prefix list or a security group by name")
			vs = append(vs, Unknown)
		}
	}
	if n == 0 {
		ev.unknown("a rule names no source")
		return Unknown
	}
	return anyOf(vs...)
}

// group: the rule's source group is one of the load balancer's.
func (ev *evaluator) group(v *graph.Value) Verdict {
	ev.used = append(ev.used, v)
	p := ev.p
	var vs []Verdict
	for _, b := range v.Branches() {
		if b.IsAbsent() {
			vs = append(vs, No)
			continue
		}
		n := ev.r.g.Resolve(b)
		switch {
		case n != nil && n.Kind == graph.SecurityGroup:
			switch {
			case p.SGs[n.ID]:
				vs = append(vs, Yes)
			case p.SGsKnown:
				vs = append(vs, No)
			case p.NoSGs && p.TypeKnown:
				// An NLB without groups matches none; an ALB without
				// groups is in its VPC's default group, which is never a
				// group the scan creates.
				vs = append(vs, No)
			default:
				ev.unknown("the load balancer's security groups are not all in the scan")
				vs = append(vs, Unknown)
			}
		case p.NoSGs && p.TypeKnown && p.Network:
			vs = append(vs, No)
		default:
			ev.unknown("a rule's source security group is not a group of the scan")
			vs = append(vs, Unknown)
		}
	}
	return anyOf(vs...)
}

// cidr: the block contains every subnet of the load balancer.
func (ev *evaluator) cidr(v *graph.Value) Verdict {
	ev.used = append(ev.used, v)
	var vs []Verdict
	for _, b := range v.Branches() {
		vs = append(vs, ev.cidrBranch(b))
	}
	return anyOf(vs...)
}

func (ev *evaluator) cidrBranch(b *graph.Value) Verdict {
	if b.IsAbsent() {
		return No
	}
	if s, ok := b.String(); ok && b.Kind == graph.KindString {
		pfx, err := netip.ParsePrefix(strings.TrimSpace(s))
		if err != nil {
			ev.unknown("CIDR block " + s + " cannot be read")
			return Unknown
		}
		if !pfx.Addr().Is4() {
			return No
		}
		if pfx.Bits() == 0 {
			return Yes
		}
		out := ev.eachSubnet(func(sub *graph.Node) Verdict { return ev.subnetInPrefix(sub, pfx) })
		if out != Unknown || b.Ref == nil {
			return out
		}
	}
	// A VPC's CidrBlock by reference covers the subnets of that VPC.
	if b.Ref != nil && b.Ref.Attr == "CidrBlock" {
		if vpc := ev.r.g.Node(b.Ref.Node); vpc != nil && vpc.Kind == graph.VPC {
			return ev.eachSubnet(func(sub *graph.Node) Verdict {
				if v := ev.r.VPCNode(sub.Prop("VpcId")); v != nil && v.ID == vpc.ID {
					return Yes
				}
				if s, ok := vpc.Prop("CidrBlock").String(); ok {
					if pfx, err := netip.ParsePrefix(strings.TrimSpace(s)); err == nil {
						ev.used = append(ev.used, vpc.Prop("CidrBlock"))
						return ev.subnetInPrefix(sub, pfx)
					}
				}
				ev.unknown("the VPC of subnet " + sub.Name + " is not known")
				return Unknown
			})
		}
	}
	ev.unknown("a rule's CIDR block is not known before deploy")
	return Unknown
}

// eachSubnet requires fn to hold for every subnet of the load balancer.
func (ev *evaluator) eachSubnet(fn func(*graph.Node) Verdict) Verdict {
	p := ev.p
	if !p.SubnetsKnown {
		ev.unknown("the load balancer's subnets are not known")
		return Unknown
	}
	var vs []Verdict
	for _, s := range p.Subnets {
		ev.used = append(ev.used, s)
		n := ev.r.g.Resolve(s)
		if n == nil || n.Kind != graph.Subnet || s.Kind == graph.KindChoice {
			ev.unknown("a subnet of the load balancer is not a subnet of the scan")
			vs = append(vs, Unknown)
			continue
		}
		vs = append(vs, fn(n))
	}
	return allOf(vs...)
}

// subnetInPrefix: the subnet's CIDR block (or, when that is not known, its
// VPC's primary block) lies inside pfx.
func (ev *evaluator) subnetInPrefix(sub *graph.Node, pfx netip.Prefix) Verdict {
	if c := sub.Prop("CidrBlock"); c != nil {
		ev.used = append(ev.used, c)
		if s, ok := c.String(); ok && c.Kind == graph.KindString {
			sp, err := netip.ParsePrefix(strings.TrimSpace(s))
			if err != nil {
				ev.unknown("the CIDR block of subnet " + sub.Name + " cannot be read")
				return Unknown
			}
			if pfx.Bits() <= sp.Bits() && pfx.Contains(sp.Masked().Addr()) {
				return Yes
			}
			return No
		}
	}
	if vpc := ev.r.VPCNode(sub.Prop("VpcId")); vpc != nil {
		if c := vpc.Prop("CidrBlock"); c != nil {
			if s, ok := c.String(); ok && c.Kind == graph.KindString {
				if vp, err := netip.ParsePrefix(strings.TrimSpace(s)); err == nil && pfx.Bits() <= vp.Bits() && pfx.Contains(vp.Masked().Addr()) {
					ev.used = append(ev.used, c)
					return Yes
				}
			}
		}
	}
	ev.unknown("the CIDR block of subnet " + sub.Name + " is not known")
	return Unknown
}
