// Package syntax is the position-exact document tree that the CloudFormation
// loader reads YAML and JSON templates into, before intrinsic functions are
// evaluated. Both readers produce the same tree, so everything after parsing
// is format-agnostic.
package syntax

import (
	"fmt"

	"github.com/papilint/papilint/internal/source"
)

// Kind is the shape of a syntax node.
type Kind uint8

const (
	Scalar Kind = iota + 1
	Sequence
	Mapping
)

// ScalarType says how a scalar was written, which decides its value type.
type ScalarType uint8

const (
	String ScalarType = iota + 1 // quoted, block, or a plain scalar that is not one of the below
	Int                          // plain (YAML) or JSON number without fraction or exponent
	Float                        // plain (YAML) or JSON number with fraction or exponent
	Bool                         // true/false (YAML 1.2 core schema; also yes/no/on/off are NOT bools)
	Null                         // null, ~, or an empty plain value
)

// Node is one value in a template.
type Node struct {
	Kind Kind
	// Tag is a short-form intrinsic tag such as "!Ref" or "!GetAtt", or "" when
	// the node carries no tag (standard YAML tags such as !!str are resolved by
	// the reader and not kept here).
	Tag string
	// TagRange covers the tag itself ("!Ref"); zero when Tag is "".
	TagRange source.Range

	// Scalar fields.
	Value string     // decoded scalar text
	Type  ScalarType // only for Scalar

	// Items holds sequence elements.
	Items []*Node
	// Pairs holds mapping entries in source order. Duplicate keys are kept
	// (the reader also reports them as errors).
	Pairs []*Pair

	// Range covers the whole node as written, tag included: for a scalar its
	// text with quotes; for a flow collection the brackets; for a block
	// collection from its first key or dash to the end of its last value.
	Range source.Range
}

// Pair is one mapping entry.
type Pair struct {
	Key   *Node // always a Scalar
	Value *Node
}

// Get returns the value of the first pair whose key is k, or nil.
func (n *Node) Get(k string) *Node {
	if n == nil || n.Kind != Mapping {
		return nil
	}
	for _, p := range n.Pairs {
		if p.Key.Value == k {
			return p.Value
		}
	}
	return nil
}

// GetPair returns the first pair whose key is k, or nil.
func (n *Node) GetPair(k string) *Pair {
	if n == nil || n.Kind != Mapping {
		return nil
	}
	for _, p := range n.Pairs {
		if p.Key.Value == k {
			return p
		}
	}
	return nil
}

// Error is a problem found while reading a file, with its position.
type Error struct {
	Range   source.Range
	Message string
}

func (e *Error) Error() string {
	if e.Range.IsValid() {
		return fmt.Sprintf("%s:%d:%d: %s", e.Range.File.Rel, e.Range.Start.Line, e.Range.Start.Col, e.Message)
	}
	return e.Message
}

// Limits bound the work a reader does on hostile input.
type Limits struct {
	MaxDepth int // nesting depth of collections
	MaxNodes int // total nodes after alias expansion
}

// DefaultLimits are generous for real templates (the largest CloudFormation
// template is 1 MB) and small enough to stop bombs early.
var DefaultLimits = Limits{MaxDepth: 512, MaxNodes: 2_000_000}
