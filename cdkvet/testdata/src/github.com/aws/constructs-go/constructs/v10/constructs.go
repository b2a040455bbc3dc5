// Package constructs is a test stub of github.com/aws/constructs-go/constructs/v10.
package constructs

// IConstruct is any construct.
type IConstruct interface {
	Node() Node
}

// Construct is the base of every construct.
type Construct interface {
	IConstruct
}

// Node is a construct's place in the tree.
type Node interface {
	Id() *string
	Path() *string
	DefaultChild() IConstruct
	AddMetadata(typ *string, data interface{}, options *MetadataOptions)
}

// MetadataOptions configures Node.AddMetadata.
type MetadataOptions struct {
	StackTrace *bool `field:"optional" json:"stackTrace" yaml:"stackTrace"`
}
