// Package awsiam is a test stub of github.com/aws/aws-cdk-go/awscdk/v2/awsiam.
package awsiam

// Effect is Allow or Deny.
type Effect string

const (
	Effect_ALLOW Effect = "ALLOW"
	Effect_DENY  Effect = "DENY"
)

// IPrincipal is who a statement is about.
type IPrincipal interface {
	PolicyFragment() PrincipalPolicyFragment
}

// PrincipalPolicyFragment is the JSON of a principal.
type PrincipalPolicyFragment interface {
	PrincipalJson() *map[string]*[]*string
}

// AnyPrincipal is "*".
type AnyPrincipal interface {
	IPrincipal
}

// NewAnyPrincipal creates an AnyPrincipal.
func NewAnyPrincipal() AnyPrincipal { return nil }

// PolicyStatement is one statement of a policy document.
type PolicyStatement interface {
	AddActions(actions ...*string)
	AddResources(arns ...*string)
	AddPrincipals(principals ...IPrincipal)
	AddCondition(key *string, value interface{})
	AddConditions(conditions *map[string]interface{})
	ToJSON() interface{}
}

// PolicyStatementProps configures NewPolicyStatement.
type PolicyStatementProps struct {
	Actions    *[]*string              `field:"optional" json:"actions" yaml:"actions"`
	Conditions *map[string]interface{} `field:"optional" json:"conditions" yaml:"conditions"`
	Effect     Effect                  `field:"optional" json:"effect" yaml:"effect"`
	Principals *[]IPrincipal           `field:"optional" json:"principals" yaml:"principals"`
	Resources  *[]*string              `field:"optional" json:"resources" yaml:"resources"`
	Sid        *string                 `field:"optional" json:"sid" yaml:"sid"`
}

// NewPolicyStatement creates a PolicyStatement.
func NewPolicyStatement(props *PolicyStatementProps) PolicyStatement { return nil }

// PolicyDocument is an IAM policy document.
type PolicyDocument interface {
	AddStatements(statement ...PolicyStatement)
	IsEmpty() *bool
}

// PolicyDocumentProps configures NewPolicyDocument.
type PolicyDocumentProps struct {
	AssignSids *bool              `field:"optional" json:"assignSids" yaml:"assignSids"`
	Minimize   *bool              `field:"optional" json:"minimize" yaml:"minimize"`
	Statements *[]PolicyStatement `field:"optional" json:"statements" yaml:"statements"`
}

// NewPolicyDocument creates a PolicyDocument.
func NewPolicyDocument(props *PolicyDocumentProps) PolicyDocument { return nil }

// PolicyDocument_FromJson creates a PolicyDocument from its JSON form.
func PolicyDocument_FromJson(obj interface{}) PolicyDocument { return nil }

// AddToResourcePolicyResult is what adding a statement to a resource policy returns.
type AddToResourcePolicyResult struct {
	StatementAdded   *bool       `field:"required" json:"statementAdded" yaml:"statementAdded"`
	PolicyDependable interface{} `field:"optional" json:"policyDependable" yaml:"policyDependable"`
}
