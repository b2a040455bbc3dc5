package analysis

import (
	"errors"
	"strings"
)

// Doc is a rule's structured documentation, written once and rendered into
// `papilint explain`, the SARIF rule help and docs/rules/*.md.
type Doc struct {
	// Title is one line, no final period, at most 80 characters.
	Title string
	// Summary is a short paragraph (at most 1024 characters).
	Summary string
	// Confidence is the catalogue's tag for the facts behind the rule:
	// "[V]" verified, "[I]" inferred, "[U]" unconfirmed, possibly with a
	// qualifier ("[V] defaults, [I] consequence").
	Confidence string
	Tier       int
	// CFN and TF name the properties the rule reads, in each format.
	CFN, TF string
	// Scope narrows where the rule looks, when it narrows the default.
	Scope string
	// Trigger says exactly when the rule fires.
	Trigger string
	// Symptom is what users see when the mistake ships, with the exact AWS
	// error text where one is known.
	Symptom string
	Fix     string
	// Skip says what the rule deliberately does not report.
	Skip string
	// Bad and Good are minimal CloudFormation YAML examples.
	Bad, Good string
	// SecuritySeverity is a number in a string ("8.0") for rules whose
	// findings are security problems; empty otherwise.
	SecuritySeverity string
	Tags             []string
	References       []string
}

func (d *Doc) validate() error {
	switch {
	case d.Title == "":
		return errors.New("doc has no title")
	case len(d.Title) > 80:
		return errors.New("doc title longer than 80 characters")
	case strings.HasSuffix(d.Title, "."):
		return errors.New("doc title ends with a period")
	case d.Summary == "" || len(d.Summary) > 1024:
		return errors.New("doc summary empty or longer than 1024 characters")
	case d.Trigger == "" || d.Symptom == "" || d.Fix == "":
		return errors.New("doc lacks trigger, symptom or fix")
	case d.Confidence == "":
		return errors.New("doc has no confidence tag")
	case d.Bad == "" || d.Good == "":
		return errors.New("doc lacks a bad or a good example")
	case len(d.Tags) > 10:
		return errors.New("doc has more than 10 tags")
	}
	return nil
}
