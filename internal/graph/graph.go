// Package graph is the one resource graph that every loader writes and every
// rule reads. Loaders build it with a Builder; after Build it is immutable and
// safe for concurrent readers.
//
// The graph speaks CloudFormation's vocabulary: property names, Ref and
// Fn::GetAtt attribute names are CloudFormation's. Loaders for other formats
// translate into it, so a rule is written once.
package graph

import (
	"sort"

	"github.com/papilint/papilint/internal/source"
)

// NodeID identifies a resource across the whole scan. For CloudFormation it
// is "<stack>#<logical ID>", for Terraform the module address.
type NodeID string

// Format is the input format a resource was read from.
type Format string

const (
	CloudFormation Format = "cloudformation"
	Terraform      Format = "terraform"
	CDK            Format = "cdk"
)

// Formats lists the input formats this build of papilint reads. A rule
// whose Formats field is empty supports all of them.
var Formats = []Format{CloudFormation, Terraform, CDK}

// Node is one resource.
type Node struct {
	ID     NodeID
	Kind   Kind
	Type   string // the resource type as written: AWS::ApiGateway::RestApi, aws_lb
	Name   string // logical ID or Terraform address
	Format Format
	// Stack is the template (or Terraform module) the resource belongs to;
	// resources are looked up by name within their stack.
	Stack string
	File  *source.File
	// Header is the tight range to report a missing property at: the logical
	// ID key, or the Terraform block labels.
	Header source.Range
	// Range covers the whole resource.
	Range source.Range
	// Props are the resource's properties, always a map (possibly empty).
	Props *Value
	// Metadata is the resource's Metadata section, if any.
	Metadata *Value
	// ConstructPath is the CDK construct path (aws:cdk:path), if any.
	ConstructPath string
	// Created is where the user's code created the resource: for CDK, the
	// innermost frame of the construct's creation stack trace that lies in
	// the scanned tree. Invalid when unknown. Findings on the resource point
	// there, with the template range as a related location.
	Created source.Range
	// Condition is the name of the CloudFormation condition guarding the
	// resource, when it could not be decided; resources whose condition is
	// known to be false are not in the graph at all.
	Condition string
	// DependsOn lists explicit dependencies.
	DependsOn []NodeID
}

// Prop returns a property by path (see Value.Path).
func (n *Node) Prop(path ...string) *Value { return n.Props.Path(path...) }

// Display is the resource's name for messages: the logical ID or address,
// with the construct path for CDK resources.
func (n *Node) Display() string {
	if n.ConstructPath != "" {
		return n.Name + " (" + n.ConstructPath + ")"
	}
	return n.Name
}

// Edge is a reference from a property of one resource to another resource.
type Edge struct {
	From  NodeID
	To    NodeID
	Attr  string       // the referenced attribute ("Ref", "Arn", ...)
	Path  []string     // property path in From where the reference appears
	Range source.Range // where the reference is written
}

// Output is a stack output (CloudFormation Outputs, Terraform output).
type Output struct {
	Stack  string
	Name   string
	Value  *Value
	Export string // export name, if known
	Range  source.Range
}

// Graph is the immutable result of loading.
type Graph struct {
	nodes   []*Node
	byID    map[NodeID]*Node
	byKind  map[Kind][]*Node
	out     map[NodeID][]Edge
	in      map[NodeID][]Edge
	outputs []*Output
	files   []*source.File
}

// Nodes returns every node, ordered by ID.
func (g *Graph) Nodes() []*Node { return g.nodes }

// Node returns the node with the given ID, or nil.
func (g *Graph) Node(id NodeID) *Node { return g.byID[id] }

// OfKind returns the nodes of a kind, ordered by ID.
func (g *Graph) OfKind(k Kind) []*Node { return g.byKind[k] }

// EdgesFrom returns the references a node makes.
func (g *Graph) EdgesFrom(id NodeID) []Edge { return g.out[id] }

// EdgesTo returns the references made to a node.
func (g *Graph) EdgesTo(id NodeID) []Edge { return g.in[id] }

// Outputs returns every stack output.
func (g *Graph) Outputs() []*Output { return g.outputs }

// Files returns the files the graph was built from.
func (g *Graph) Files() []*source.File { return g.files }

// Resolve returns the node a reference value points at, or nil.
func (g *Graph) Resolve(v *Value) *Node {
	if v == nil || v.Ref == nil || v.Ref.Node == "" {
		return nil
	}
	return g.byID[v.Ref.Node]
}

// RefersTo reports whether v is (in any branch) a reference to node id's
// attribute attr ("" matches any attribute).
func RefersTo(v *Value, id NodeID, attr string) bool {
	for _, b := range v.Branches() {
		if b != nil && b.Ref != nil && b.Ref.Node == id && (attr == "" || b.Ref.Attr == attr) {
			return true
		}
	}
	return false
}

// Builder collects nodes and outputs and produces a Graph.
type Builder struct {
	nodes   []*Node
	outputs []*Output
	files   []*source.File
}

// AddFile records a file read for the graph.
func (b *Builder) AddFile(f *source.File) { b.files = append(b.files, f) }

// AddNode adds a resource. Its Props must be a map value.
func (b *Builder) AddNode(n *Node) {
	if n.Props == nil {
		n.Props = &Value{Kind: KindMap, Prov: Literal, Range: n.Range}
	}
	b.nodes = append(b.nodes, n)
}

// AddOutput adds a stack output.
func (b *Builder) AddOutput(o *Output) { b.outputs = append(b.outputs, o) }

// Build indexes the nodes and derives an edge from every reference found in
// their properties.
func (b *Builder) Build() *Graph {
	g := &Graph{
		byID:   map[NodeID]*Node{},
		byKind: map[Kind][]*Node{},
		out:    map[NodeID][]Edge{},
		in:     map[NodeID][]Edge{},
	}
	nodes := append([]*Node(nil), b.nodes...)
	sort.SliceStable(nodes, func(i, j int) bool { return nodes[i].ID < nodes[j].ID })
	for _, n := range nodes {
		if _, dup := g.byID[n.ID]; dup {
			continue // loaders report duplicates; the first one wins
		}
		g.nodes = append(g.nodes, n)
		g.byID[n.ID] = n
		g.byKind[n.Kind] = append(g.byKind[n.Kind], n)
	}
	for _, n := range g.nodes {
		var walk func(v *Value, path []string)
		walk = func(v *Value, path []string) {
			if v == nil {
				return
			}
			if v.Ref != nil && v.Ref.Node != "" {
				if _, ok := g.byID[v.Ref.Node]; ok {
					e := Edge{From: n.ID, To: v.Ref.Node, Attr: v.Ref.Attr, Path: append([]string(nil), path...), Range: v.Range}
					g.out[n.ID] = append(g.out[n.ID], e)
					g.in[v.Ref.Node] = append(g.in[v.Ref.Node], e)
				}
			}
			for i, e := range v.List {
				walk(e, append(path, itoa(i)))
			}
			for _, f := range v.Fields {
				walk(f.Value, append(path, f.Key))
			}
			for _, p := range v.Parts {
				walk(p, path)
			}
			for _, a := range v.Alts {
				walk(a, path)
			}
		}
		walk(n.Props, nil)
	}
	g.outputs = append(g.outputs, b.outputs...)
	sort.SliceStable(g.outputs, func(i, j int) bool {
		if g.outputs[i].Stack != g.outputs[j].Stack {
			return g.outputs[i].Stack < g.outputs[j].Stack
		}
		return g.outputs[i].Name < g.outputs[j].Name
	})
	g.files = append(g.files, b.files...)
	sort.Slice(g.files, func(i, j int) bool { return g.files[i].Rel < g.files[j].Rel })
	return g
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}
