// Package netpath is the helper model for the network between the pattern's
// load balancer and the execute-api endpoint: which security-group rules
// apply to a group (inline rules, separate ingress resources, Terraform
// ingress blocks and rule resources, CDK's synthesized rules, all merged),
// whether they admit the load balancer's connections on TCP 443, which VPC
// a resource is in, and what a target group's targets are. It reports
// nothing.
//
// Every answer is three-valued: Yes, No or Unknown. Rules fire only on a
// definite answer; Unknown makes them skip (RULES.md "Resolution and
// unknown values").
package netpath

import (
	"sort"
	"strings"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/graph"
)

// Analyzer computes a *Result.
var Analyzer = &analysis.Analyzer{
	Name: "netpath",
	Run:  func(p *analysis.Pass) (any, error) { return New(p.Graph), nil },
}

// Of returns the model's result from a pass (rules must Require Analyzer).
func Of(p *analysis.Pass) *Result { return p.ResultOf[Analyzer].(*Result) }

// Verdict is a three-valued answer.
type Verdict uint8

const (
	Unknown Verdict = iota
	Yes
	No
)

func (v Verdict) String() string {
	switch v {
	case Yes:
		return "yes"
	case No:
		return "no"
	}
	return "unknown"
}

// any combines alternatives of which one suffices (rules of a group, the
// sources of a rule): Yes if any is Yes, else Unknown if any is Unknown,
// else No. Over no alternatives it is No.
func anyOf(vs ...Verdict) Verdict {
	out := No
	for _, v := range vs {
		switch v {
		case Yes:
			return Yes
		case Unknown:
			out = Unknown
		}
	}
	return out
}

// all combines conditions that must all hold (protocol, ports and source
// of one rule): No if any is No, else Unknown if any is Unknown, else Yes.
func allOf(vs ...Verdict) Verdict {
	out := Yes
	for _, v := range vs {
		switch v {
		case No:
			return No
		case Unknown:
			out = Unknown
		}
	}
	return out
}

// Result is the model's output.
type Result struct {
	g *graph.Graph
	// ingress lists, per security group, the ingress rules written as
	// separate resources (AWS::EC2::SecurityGroupIngress,
	// aws_security_group_rule, aws_vpc_security_group_ingress_rule).
	ingress map[graph.NodeID][]*Rule
	// open marks security groups handed to something papilint cannot see
	// into (a nested stack or module that is not loaded), which may add
	// rules to them.
	open map[graph.NodeID]string
	// loadedStacks are the stack names present in the graph.
	loadedStacks map[string]bool
}

// New indexes the graph.
func New(g *graph.Graph) *Result {
	r := &Result{g: g, ingress: map[graph.NodeID][]*Rule{}, open: map[graph.NodeID]string{}, loadedStacks: map[string]bool{}}
	for _, n := range g.Nodes() {
		r.loadedStacks[n.Stack] = true
	}
	for _, n := range g.OfKind(graph.SecurityGroupIngress) {
		rule := newRule(n, n.Props)
		seen := map[graph.NodeID]bool{}
		for _, b := range n.Prop("GroupId").Branches() {
			if sg := g.Resolve(b); sg != nil && sg.Kind == graph.SecurityGroup && !seen[sg.ID] {
				seen[sg.ID] = true
				r.ingress[sg.ID] = append(r.ingress[sg.ID], rule)
			}
		}
	}
	for _, o := range g.Outputs() {
		if o.Export == "" {
			continue
		}
		o.Value.Walk(func(v *graph.Value) {
			if n := g.Resolve(v); n != nil && n.Kind == graph.SecurityGroup && r.open[n.ID] == "" {
				r.open[n.ID] = "its id is exported (" + o.Export + "), so stacks outside the scan may add rules to it"
			}
		})
	}
	for _, sg := range g.OfKind(graph.SecurityGroup) {
		if r.open[sg.ID] != "" {
			continue
		}
		for _, e := range g.EdgesTo(sg.ID) {
			from := g.Node(e.From)
			if from == nil {
				continue
			}
			if why := r.opaque(from); why != "" {
				r.open[sg.ID] = why
				break
			}
		}
	}
	return r
}

// opaque says why a resource that receives a security group may add rules
// papilint cannot see: a module or nested stack that is not in the scan.
func (r *Result) opaque(n *graph.Node) string {
	switch {
	case n.Format == graph.Terraform && n.Type == "module":
		return "it is passed to " + n.Name + ", a module that is not loaded"
	case n.Type == "AWS::Serverless::Application":
		return "it is passed to the nested application " + n.Name
	case n.Kind == graph.Nested:
		child := n.Stack + "/" + n.Name
		if !r.loadedStacks[child] {
			return "it is passed to the nested stack " + n.Name + ", whose template is not in the scan"
		}
	}
	return ""
}

// Rule is one security-group rule: an entry of a group's inline rules or a
// separate rule resource.
type Rule struct {
	// Node is the resource the rule is written in: the group for inline
	// rules, the rule resource otherwise.
	Node *graph.Node
	// Value is the rule's map (CloudFormation's vocabulary).
	Value *graph.Value
}

func newRule(n *graph.Node, v *graph.Value) *Rule { return &Rule{Node: n, Value: v} }

// IngressRules returns every ingress rule of a security group: its inline
// rules and the rule resources that name it. open is non-empty when rules
// may be added where papilint cannot see them, and says why; known is
// false when the inline rules themselves cannot be read.
func (r *Result) IngressRules(sg *graph.Node) (rules []*Rule, known bool, open string) {
	known = true
	inline := sg.Prop("SecurityGroupIngress")
	switch {
	case inline.IsAbsent():
	case inline.Kind == graph.KindList:
		for _, e := range inline.List {
			rules = append(rules, newRule(sg, e))
		}
	case inline.Kind == graph.KindChoice:
		// Fn::If between rule lists: every alternative's rules are
		// candidates; a rule admits when it admits in some alternative,
		// which is what a finding on "every branch" needs.
		for _, b := range inline.Branches() {
			if b == nil || b.Kind == graph.KindNull {
				continue
			}
			if b.Kind != graph.KindList {
				known = false
				continue
			}
			for _, e := range b.List {
				rules = append(rules, newRule(sg, e))
			}
		}
	default:
		known = false
	}
	rules = append(rules, r.ingress[sg.ID]...)
	return rules, known, r.open[sg.ID]
}

// SecurityGroupRefs resolves a list of security-group references (an
// endpoint's SecurityGroupIds, a load balancer's SecurityGroups) to the
// groups in the scan. ok is false when one of them is not a security group
// of the scan (a literal id, a parameter, an import, a default group).
func (r *Result) SecurityGroupRefs(list *graph.Value) (sgs []*graph.Node, ok bool) {
	if list == nil || list.Kind != graph.KindList {
		return nil, false
	}
	seen := map[graph.NodeID]bool{}
	for _, e := range list.List {
		n := r.g.Resolve(e)
		if n == nil || n.Kind != graph.SecurityGroup || e.Kind == graph.KindChoice {
			return nil, false
		}
		if !seen[n.ID] {
			seen[n.ID] = true
			sgs = append(sgs, n)
		}
	}
	sort.Slice(sgs, func(i, j int) bool { return sgs[i].ID < sgs[j].ID })
	return sgs, true
}

// ManagesDefaultGroup reports whether the scan writes rules into a VPC's
// default security group (Terraform aws_default_security_group, or a
// CloudFormation ingress resource whose GroupId is a VPC's
// DefaultSecurityGroup) in the given stack, so that what the default group
// admits is not simply "its own members".
func (r *Result) ManagesDefaultGroup(stack string) bool {
	for _, n := range r.g.Nodes() {
		if n.Stack != stack {
			continue
		}
		if n.Type == "aws_default_security_group" {
			return true
		}
		if n.Kind == graph.SecurityGroupIngress {
			for _, b := range n.Prop("GroupId").Branches() {
				if b != nil && b.Ref != nil && strings.EqualFold(b.Ref.Attr, "DefaultSecurityGroup") {
					return true
				}
			}
		}
	}
	return false
}
