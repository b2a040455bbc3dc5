// Package view is the document Rego policies read as `input`: every
// resource of the scan with its properties, the stack outputs, and the
// pattern model's scope under a key of its own. It carries no source ranges;
// a policy names a resource and an attribute path, and Go turns that into
// the exact range (see internal/opa).
//
// The shape is defined by the Go types below. Schema derives a JSON schema
// from them; the committed copy, policies/input.schema.json, is what the
// policy compiler type-checks against, so a policy that reads a field the
// view does not have fails to compile. docs/rego.md describes the view for
// policy authors.
//
// Property values keep CloudFormation's vocabulary and are plain JSON when
// they are known. A value that is not known before deploy is an object with
// the reserved key "$papilint" saying what it is:
//
//	{"$papilint": "unknown", "reason": "..."}                   nothing is known
//	{"$papilint": "ref", "node": "...", "attr": "...", "pseudo": "..."}
//	                                                            another resource's attribute
//	{"$papilint": "concat", "parts": [VALUE, ...]}              a string with unknown parts
//	{"$papilint": "choice", "alts": [VALUE, ...]}               one of several branches (Fn::If)
//
// Which values came from a parameter or variable default is listed per node
// (Node.Defaults) rather than inside the values, so that policies read
// defaults like any other value and decide themselves how sure to be.
package view

import (
	"bytes"
	"encoding/json"
	"math"
	"regexp"
	"sort"
	"strconv"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/model/pattern"
)

// Marker is the reserved key of values that are not known.
const Marker = "$papilint"

// Input is the whole document.
type Input struct {
	Nodes   []Node   `json:"nodes" desc:"Every resource of the scan, ordered by id."`
	Outputs []Output `json:"outputs" desc:"Stack outputs (CloudFormation Outputs, Terraform output blocks), ordered by stack and name."`
	Scope   Scope    `json:"scope" desc:"The pattern model: which resources take part in an instance of the private API pattern."`
}

// Node is one resource.
type Node struct {
	ID            string    `json:"id" desc:"Identifies the resource across the scan: <stack>#<logical ID> for CloudFormation, the resource address for Terraform. Findings name it."`
	Kind          string    `json:"kind" desc:"The canonical kind, the same for every input format." enum:"kinds"`
	Type          string    `json:"type" desc:"The resource type as written: AWS::ApiGateway::RestApi, aws_lb."`
	Name          string    `json:"name" desc:"The logical ID or the Terraform address."`
	Format        string    `json:"format" desc:"The input format the resource was read from." enum:"formats"`
	Stack         string    `json:"stack" desc:"The template or Terraform module the resource belongs to."`
	Condition     string    `json:"condition" desc:"The CloudFormation condition guarding the resource when it could not be decided; empty otherwise."`
	ConstructPath string    `json:"construct_path" desc:"The CDK construct path (aws:cdk:path), or empty."`
	DependsOn     []string  `json:"depends_on" desc:"Ids of the resources this one explicitly depends on."`
	Props         *Value    `json:"props" desc:"The properties, in CloudFormation's vocabulary for every format; always an object."`
	Metadata      *Value    `json:"metadata" desc:"The resource's Metadata section, or null."`
	Refs          []Ref     `json:"refs" desc:"The references this resource's properties make to other resources of the scan, in property order."`
	Defaults      []Default `json:"defaults" desc:"The property values that came from a parameter or variable default, which the user can override at deploy time."`
}

// PathElem is one step of an attribute path: a property name, or a list
// index.
type PathElem = any

// Ref is one reference from a property to another resource.
type Ref struct {
	Path []PathElem `json:"path" desc:"Where the reference is written, as property names and list indexes." items:"pathelem"`
	Node string     `json:"node" desc:"The id of the resource referred to."`
	Attr string     `json:"attr" desc:"The attribute in CloudFormation's vocabulary: Ref for what Ref returns, else the Fn::GetAtt name (Arn, DNSName, NetworkInterfaceIds)."`
}

// Default is a value that came from a default.
type Default struct {
	Path  []PathElem `json:"path" desc:"Where the value is used, as property names and list indexes." items:"pathelem"`
	Param string     `json:"param" desc:"The parameter or variable whose default supplied the value (empty when it has no name)."`
}

// Output is one stack output.
type Output struct {
	Stack  string `json:"stack" desc:"The template or module the output belongs to."`
	Name   string `json:"name" desc:"The output's name."`
	Value  *Value `json:"value" desc:"The output's value."`
	Export string `json:"export" desc:"The export name, when the output is exported."`
}

// Scope is the pattern model's view of the scan.
type Scope struct {
	Instances []Instance `json:"instances" desc:"The instances of the pattern: a load balancer forwarding to a target group whose targets are an execute-api endpoint's addresses."`
	Mappings  []Mapping  `json:"mappings" desc:"Every base path mapping and API mapping, with the API and the custom domain it joins when they resolve."`
}

// Instance is one load balancer in front of an execute-api endpoint.
type Instance struct {
	LoadBalancer  string   `json:"load_balancer" desc:"Id of the load balancer (ALB, or NLB)."`
	Listeners     []string `json:"listeners" desc:"Ids of its listeners whose default action or a rule forwards to the target group."`
	ListenerRules []string `json:"listener_rules" desc:"Ids of the listener rules that forward to the target group."`
	TargetGroup   string   `json:"target_group" desc:"Id of the VPCE target group: the one whose targets are the endpoint's addresses."`
	Endpoint      string   `json:"endpoint" desc:"Id of the execute-api endpoint whose ENI addresses are the targets; empty for weak links (targets given as parameters or literals)."`
	Strong        bool     `json:"strong" desc:"True when the targets are derived from the endpoint's network interfaces; weak links admit only single-resource rules."`
	Domains       []string `json:"domains" desc:"Ids of the custom domains whose name the load balancer serves."`
}

// Mapping is one mapping of an API on a custom domain.
type Mapping struct {
	ID     string `json:"id" desc:"Id of the mapping resource (base path mapping, base path mapping V2 or API mapping)."`
	API    string `json:"api" desc:"Id of the REST API it maps, or empty when that API is not in the scan."`
	Domain string `json:"domain" desc:"Id of the custom domain, or empty when it does not resolve to one in the scan."`
}

// Value is a property value encoded for policies (see the package comment).
type Value struct{ v *graph.Value }

// NewValue wraps a graph value; nil stays absent (JSON null).
func NewValue(v *graph.Value) *Value {
	if v == nil {
		return nil
	}
	return &Value{v}
}

// MarshalJSON encodes the value.
func (v *Value) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	if v == nil {
		b.WriteString("null")
	} else {
		encode(&b, v.v)
	}
	return b.Bytes(), nil
}

var jsonNumber = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)

func encode(b *bytes.Buffer, v *graph.Value) {
	if v == nil {
		b.WriteString("null")
		return
	}
	switch v.Kind {
	case graph.KindNull:
		b.WriteString("null")
	case graph.KindBool:
		b.WriteString(strconv.FormatBool(v.Bool))
	case graph.KindNumber:
		switch {
		case jsonNumber.MatchString(v.Str):
			b.WriteString(v.Str)
		case !math.IsNaN(v.Number()) && !math.IsInf(v.Number(), 0):
			b.WriteString(strconv.FormatFloat(v.Number(), 'g', -1, 64))
		default:
			str(b, v.Str)
		}
	case graph.KindString:
		str(b, v.Str)
	case graph.KindList:
		b.WriteByte('[')
		for i, e := range v.List {
			if i > 0 {
				b.WriteByte(',')
			}
			encode(b, e)
		}
		b.WriteByte(']')
	case graph.KindMap:
		b.WriteByte('{')
		seen := map[string]bool{}
		first := true
		for _, f := range v.Fields {
			if seen[f.Key] {
				continue // the loader reports duplicates; the first one wins
			}
			seen[f.Key] = true
			if !first {
				b.WriteByte(',')
			}
			first = false
			str(b, f.Key)
			b.WriteByte(':')
			encode(b, f.Value)
		}
		b.WriteByte('}')
	case graph.KindRef:
		b.WriteString(`{"` + Marker + `":"ref","node":`)
		r := v.Ref
		if r == nil {
			r = &graph.Ref{}
		}
		str(b, string(r.Node))
		b.WriteString(`,"attr":`)
		str(b, r.Attr)
		b.WriteString(`,"pseudo":`)
		str(b, r.Pseudo)
		b.WriteByte('}')
	case graph.KindConcat:
		b.WriteString(`{"` + Marker + `":"concat","parts":[`)
		for i, p := range v.Parts {
			if i > 0 {
				b.WriteByte(',')
			}
			encode(b, p)
		}
		b.WriteString("]}")
	case graph.KindChoice:
		b.WriteString(`{"` + Marker + `":"choice","alts":[`)
		for i, a := range v.Alts {
			if i > 0 {
				b.WriteByte(',')
			}
			encode(b, a)
		}
		b.WriteString("]}")
	default:
		b.WriteString(`{"` + Marker + `":"unknown","reason":`)
		str(b, v.Reason)
		b.WriteByte('}')
	}
}

func str(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	b.Truncate(b.Len() - 1) // Encode ends with a newline
}

// Build makes the view of a graph and the pattern model's result over it.
func Build(g *graph.Graph, model *pattern.Result) *Input {
	in := &Input{Nodes: []Node{}, Outputs: []Output{}, Scope: Scope{Instances: []Instance{}, Mappings: []Mapping{}}}
	for _, n := range g.Nodes() {
		in.Nodes = append(in.Nodes, node(g, n))
	}
	for _, o := range g.Outputs() {
		in.Outputs = append(in.Outputs, Output{Stack: o.Stack, Name: o.Name, Value: NewValue(o.Value), Export: o.Export})
	}
	if model != nil {
		in.Scope = scope(g, model)
	}
	return in
}

func node(g *graph.Graph, n *graph.Node) Node {
	out := Node{
		ID: string(n.ID), Kind: n.Kind.String(), Type: n.Type, Name: n.Name, Format: string(n.Format),
		Stack: n.Stack, Condition: n.Condition, ConstructPath: n.ConstructPath,
		DependsOn: []string{}, Props: NewValue(n.Props), Metadata: NewValue(n.Metadata),
		Refs: []Ref{}, Defaults: []Default{},
	}
	if out.Props == nil {
		out.Props = &Value{&graph.Value{Kind: graph.KindMap}}
	}
	for _, d := range n.DependsOn {
		out.DependsOn = append(out.DependsOn, string(d))
	}
	var walk func(v *graph.Value, path []PathElem, underDefault string)
	walk = func(v *graph.Value, path []PathElem, underDefault string) {
		if v == nil {
			return
		}
		if v.Ref != nil && v.Ref.Node != "" && g.Node(v.Ref.Node) != nil {
			out.Refs = append(out.Refs, Ref{Path: clone(path), Node: string(v.Ref.Node), Attr: v.Ref.Attr})
		}
		if v.Prov == graph.Default && v.Param != underDefault {
			out.Defaults = append(out.Defaults, Default{Path: clone(path), Param: v.Param})
			underDefault = v.Param
		}
		for i, e := range v.List {
			walk(e, append(path, i), underDefault)
		}
		for _, f := range v.Fields {
			walk(f.Value, append(path, f.Key), underDefault)
		}
		for _, p := range v.Parts {
			walk(p, path, underDefault)
		}
		for _, a := range v.Alts {
			walk(a, path, underDefault)
		}
	}
	walk(n.Props, []PathElem{}, "\x00")
	return out
}

func clone(p []PathElem) []PathElem { return append([]PathElem{}, p...) }

func ids(ns []*graph.Node) []string {
	out := []string{}
	for _, n := range ns {
		out = append(out, string(n.ID))
	}
	return out
}

func scope(g *graph.Graph, r *pattern.Result) Scope {
	s := Scope{Instances: []Instance{}, Mappings: []Mapping{}}
	for _, inst := range r.Instances {
		i := Instance{
			LoadBalancer: string(inst.LoadBalancer.ID), Listeners: ids(inst.Listeners), ListenerRules: ids(inst.Rules),
			TargetGroup: string(inst.TargetGroup.ID), Strong: inst.Strong, Domains: ids(inst.Domains),
		}
		if inst.Endpoint != nil {
			i.Endpoint = string(inst.Endpoint.ID)
		}
		s.Instances = append(s.Instances, i)
	}
	apiOf := map[graph.NodeID]graph.NodeID{}
	for api, ms := range r.MappedBy {
		for _, m := range ms {
			apiOf[m.ID] = api
		}
	}
	for _, k := range []graph.Kind{graph.BasePathMapping, graph.BasePathMappingV2, graph.APIMapping} {
		for _, m := range g.OfKind(k) {
			mp := Mapping{ID: string(m.ID), API: string(apiOf[m.ID])}
			if d := r.DomainOf[m.ID]; d != nil {
				mp.Domain = string(d.ID)
			}
			s.Mappings = append(s.Mappings, mp)
		}
	}
	sort.Slice(s.Mappings, func(i, j int) bool { return s.Mappings[i].ID < s.Mappings[j].ID })
	return s
}

// Kinds lists the canonical kind names, for the schema.
func Kinds() []string {
	var out []string
	seen := map[string]bool{}
	for k := graph.Kind(0); k < 255; k++ {
		s := k.String()
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}
