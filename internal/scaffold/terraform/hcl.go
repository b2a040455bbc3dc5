package terraform

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// file builds one .tf file with hclwrite. Expressions are written as
// Terraform source and parsed into tokens by hclwrite itself, so a typo in
// the generator shows up as a parse error rather than as a broken file; user
// input never enters an expression, only literal values (cty) such as
// variable defaults.
type file struct {
	f   *hclwrite.File
	err error
	// started is set once anything was written; commented once a comment
	// was written directly above the next block.
	started, commented bool
}

func newFile() *file { return &file{f: hclwrite.NewEmptyFile()} }

// block is one block being filled.
type block struct {
	file *file
	body *hclwrite.Body
}

// comment appends "# ..." lines (one per line of text) to the file.
func (f *file) comment(text string) {
	if f.started && !f.commented {
		f.f.Body().AppendNewline()
	}
	appendComment(f.f.Body(), text)
	f.started, f.commented = true, true
}

func appendComment(b *hclwrite.Body, text string) {
	for _, line := range strings.Split(text, "\n") {
		s := "#"
		if line != "" {
			s += " " + line
		}
		b.AppendUnstructuredTokens(hclwrite.Tokens{
			{Type: hclsyntax.TokenComment, Bytes: []byte(s + "\n")},
		})
	}
}

// block appends a top-level block, preceded by a blank line when the file
// already has content.
func (f *file) block(typ string, labels ...string) *block {
	b := f.f.Body()
	if f.started && !f.commented {
		b.AppendNewline()
	}
	f.started, f.commented = true, false
	return &block{file: f, body: b.AppendNewBlock(typ, labels).Body()}
}

// blank starts a new paragraph inside a block.
func (b *block) blank() *block {
	b.body.AppendNewline()
	return b
}

// comment appends comment lines inside a block.
func (b *block) comment(text string) *block {
	appendComment(b.body, text)
	return b
}

// expr sets an attribute to a Terraform expression given as source text.
func (b *block) expr(name, src string) *block {
	toks, err := exprTokens(src)
	if err != nil {
		if b.file.err == nil {
			b.file.err = fmt.Errorf("attribute %s: %w", name, err)
		}
		return b
	}
	b.body.SetAttributeRaw(name, toks)
	return b
}

// str sets an attribute to a literal string.
func (b *block) str(name, v string) *block {
	b.body.SetAttributeValue(name, cty.StringVal(v))
	return b
}

// num sets an attribute to a literal number.
func (b *block) num(name string, v int) *block {
	b.body.SetAttributeValue(name, cty.NumberIntVal(int64(v)))
	return b
}

// boolean sets an attribute to a literal bool.
func (b *block) boolean(name string, v bool) *block {
	b.body.SetAttributeValue(name, cty.BoolVal(v))
	return b
}

// value sets an attribute to any literal value.
func (b *block) value(name string, v cty.Value) *block {
	b.body.SetAttributeValue(name, v)
	return b
}

// nested appends a nested block.
func (b *block) nested(typ string, labels ...string) *block {
	return &block{file: b.file, body: b.body.AppendNewBlock(typ, labels).Body()}
}

// exprTokens parses src as one expression and returns its tokens.
func exprTokens(src string) (hclwrite.Tokens, error) {
	cfg := []byte("x = " + src + "\n")
	if _, diags := hclsyntax.ParseConfig(cfg, "expr", hcl.InitialPos); diags.HasErrors() {
		return nil, fmt.Errorf("generator bug: %s: %s", src, diags.Error())
	}
	f, diags := hclwrite.ParseConfig(cfg, "expr", hcl.InitialPos)
	if diags.HasErrors() {
		return nil, fmt.Errorf("generator bug: %s: %s", src, diags.Error())
	}
	a := f.Body().GetAttribute("x")
	if a == nil {
		return nil, fmt.Errorf("generator bug: %s: not one expression", src)
	}
	return a.Expr().BuildTokens(nil), nil
}

// bytes returns the formatted file.
func (f *file) bytes() ([]byte, error) {
	if f.err != nil {
		return nil, f.err
	}
	return hclwrite.Format(f.f.Bytes()), nil
}
