// Package cfn loads CloudFormation templates (YAML with short-form tags, and
// JSON) into the resource graph: parameters and their defaults, mappings,
// conditions, intrinsic functions, outputs and exports across templates,
// nested stacks with a local TemplateURL, and SAM's Serverless::Api.
package cfn

import (
	"bytes"
	"path/filepath"
	"strings"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/loader/cfn/syntax"
	"github.com/papilint/papilint/internal/source"
)

// Parse reads a file as YAML or JSON by its content: a file whose first
// non-blank byte is '{' is JSON, anything else YAML (JSON is also YAML, but
// the JSON reader gives better errors).
func Parse(f *source.File) (*syntax.Node, []*syntax.Error) {
	c := bytes.TrimLeft(bytes.TrimPrefix(f.Content, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(c) > 0 && c[0] == '{' {
		return syntax.ParseJSON(f, syntax.DefaultLimits)
	}
	return syntax.ParseYAML(f, syntax.DefaultLimits)
}

// IsTemplate reports whether a parsed document is a CloudFormation template:
// it has AWSTemplateFormatVersion, or a Resources map whose entries have a
// Type of the form AWS::… or Custom::… .
func IsTemplate(root *syntax.Node) bool {
	if root == nil || root.Kind != syntax.Mapping {
		return false
	}
	if root.Get("AWSTemplateFormatVersion") != nil {
		return true
	}
	res := root.Get("Resources")
	if res == nil || res.Kind != syntax.Mapping {
		return false
	}
	for _, p := range res.Pairs {
		t := p.Value.Get("Type")
		if t != nil && t.Kind == syntax.Scalar && (strings.HasPrefix(t.Value, "AWS::") || strings.HasPrefix(t.Value, "Custom::")) {
			return true
		}
	}
	return false
}

// LooksLikeTemplate is a cheap text test used to decide whether a file that
// fails to parse should be reported (it looks like a template) or skipped
// quietly (it is some other YAML or JSON).
func LooksLikeTemplate(content []byte) bool {
	if len(content) > 1<<20 {
		content = content[:1<<20]
	}
	if bytes.Contains(content, []byte("AWSTemplateFormatVersion")) {
		return true
	}
	return bytes.Contains(content, []byte("Resources")) &&
		(bytes.Contains(content, []byte("AWS::")) || bytes.Contains(content, []byte("Custom::")))
}

// Input is one template to load.
type Input struct {
	File *source.File
	Root *syntax.Node
	// Stack names the template in node IDs and messages; defaults to the
	// file's report path.
	Stack string
	// StackName is the deployed stack name when it is known (CDK), used for
	// AWS::StackName; empty otherwise.
	StackName string
	// Format is CloudFormation unless a CDK assembly supplied the template.
	Format graph.Format
	// Params are parameter values supplied for this template (CDK manifest
	// parameters); they win over defaults and lose to Options.Params.
	Params map[string]string
	// Account and Region are the environment the stack deploys to when it
	// is known (a CDK stack with an explicit env); the pseudo parameters
	// AWS::AccountId, AWS::Region, AWS::Partition and AWS::URLSuffix then
	// resolve. Nested stacks inherit them.
	Account, Region string
	// AssetFiles maps the S3 object key of a CDK file asset ("<hash>.json")
	// to the local file it was staged from, so a nested stack whose
	// TemplateURL points at the asset bucket is read from the assembly.
	// Nested stacks inherit it.
	AssetFiles map[string]string
	// Annotate, when set, is called for every resource of this template and
	// of its nested stacks before the resource is added to the graph.
	// nested lists the logical IDs of the AWS::CloudFormation::Stack
	// resources leading from this template to the resource's template (empty
	// for a resource of this template).
	Annotate func(n *graph.Node, nested []string)
}

// Options tune loading.
type Options struct {
	// Params override parameter values in every template (--param,
	// --param-file); they count as literal values.
	Params map[string]string
	// ReadFile reads a nested stack's template by path. It must refuse paths
	// outside the scanned tree. When nil, only templates among the inputs are
	// used as nested stacks.
	ReadFile func(path string) (*source.File, error)
}

// template is one template in the scan, or one instance of a nested
// template (the same file used twice as a nested stack is two instances).
type template struct {
	l         *loader
	file      *source.File
	root      *syntax.Node
	stack     string
	stackName string
	format    graph.Format
	parent    *template
	nestedAs  string                  // the logical ID of the Stack resource in parent
	inParams  map[string]*graph.Value // parameters passed in by a parent stack
	ovParams  map[string]string       // CDK manifest parameters
	account   string
	region    string
	assets    map[string]string
	annotate  func(n *graph.Node, nested []string)

	params     map[string]*syntax.Node
	mappings   *syntax.Node
	conditions map[string]*syntax.Node
	condVal    map[string]tri
	condDflt   map[string]*graph.Value // the parameter default a condition's outcome rests on
	condBusy   map[string]bool

	resOrder []string
	res      map[string]*syntax.Pair
	types    map[string]string
	refVal   map[string]*graph.Value
	refBusy  map[string]bool
	children map[string]*template
	// childBusy is set while a nested stack's parameters are evaluated.
	childBusy map[string]bool
	outputs   map[string]*syntax.Node
	outBusy   map[string]bool
	outVal    map[string]*graph.Value
	sam       bool
	// generates is set when a transform or module creates resources the
	// template refers to but does not declare (SAM, CloudFormation modules).
	generates bool
}

type tri uint8

const (
	triUnknown tri = iota
	triTrue
	triFalse
)

func newTemplate(l *loader, in Input, parent *template) *template {
	t := &template{
		l: l, file: in.File, root: in.Root, stack: in.Stack, stackName: in.StackName,
		format: in.Format, parent: parent, ovParams: in.Params,
		account: in.Account, region: in.Region, assets: in.AssetFiles, annotate: in.Annotate,
		params: map[string]*syntax.Node{}, conditions: map[string]*syntax.Node{},
		condVal: map[string]tri{}, condDflt: map[string]*graph.Value{}, condBusy: map[string]bool{},
		res: map[string]*syntax.Pair{}, types: map[string]string{},
		refVal: map[string]*graph.Value{}, refBusy: map[string]bool{},
		children: map[string]*template{}, childBusy: map[string]bool{}, outputs: map[string]*syntax.Node{},
		outBusy: map[string]bool{}, outVal: map[string]*graph.Value{},
	}
	if t.stack == "" {
		t.stack = in.File.Rel
	}
	if t.format == "" {
		t.format = graph.CloudFormation
	}
	root := in.Root
	if p := root.Get("Parameters"); p != nil && p.Kind == syntax.Mapping {
		for _, kv := range p.Pairs {
			t.params[kv.Key.Value] = kv.Value
		}
	}
	t.mappings = root.Get("Mappings")
	if c := root.Get("Conditions"); c != nil && c.Kind == syntax.Mapping {
		for _, kv := range c.Pairs {
			t.conditions[kv.Key.Value] = kv.Value
		}
	}
	if r := root.Get("Resources"); r != nil && r.Kind == syntax.Mapping {
		for _, kv := range r.Pairs {
			name := kv.Key.Value
			if _, dup := t.res[name]; dup {
				continue
			}
			t.resOrder = append(t.resOrder, name)
			t.res[name] = kv
			if typ := kv.Value.Get("Type"); typ != nil && typ.Kind == syntax.Scalar && typ.Tag == "" {
				t.types[name] = typ.Value
				if strings.HasSuffix(typ.Value, "::MODULE") {
					t.generates = true
				}
			}
		}
	}
	if o := root.Get("Outputs"); o != nil && o.Kind == syntax.Mapping {
		for _, kv := range o.Pairs {
			if strings.HasPrefix(kv.Key.Value, "Fn::ForEach::") {
				continue // language-extension loops are not expanded
			}
			t.outputs[kv.Key.Value] = kv.Value
		}
	}
	if tr := root.Get("Transform"); tr != nil {
		check := func(n *syntax.Node) {
			if n.Kind == syntax.Scalar && strings.HasPrefix(n.Value, "AWS::Serverless") {
				t.sam = true
			}
		}
		check(tr)
		for _, it := range tr.Items {
			check(it)
		}
	}
	if t.sam {
		t.generates = true
	}
	return t
}

func (t *template) nodeID(logical string) graph.NodeID {
	return graph.NodeID(t.stack + "#" + logical)
}

func (t *template) dir() string { return filepath.Dir(t.file.Path) }

// nestedChain returns the logical IDs of the Stack resources from the
// template that Build was given down to t.
func (t *template) nestedChain() []string {
	var out []string
	for c := t; c.parent != nil; c = c.parent {
		out = append([]string{c.nestedAs}, out...)
	}
	return out
}
