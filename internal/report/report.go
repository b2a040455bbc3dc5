package report

import (
	"strings"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/driver"
	"github.com/papilint/papilint/internal/source"
)

// ToolName is the name every output gives the tool.
const ToolName = "papilint"

// DefaultInformationURI is the tool's home page, used when Meta leaves it
// empty.
const DefaultInformationURI = "https://github.com/papilint/papilint"

// Meta describes the run for the JSON and SARIF writers.
type Meta struct {
	// Version is papilint's version ("0.1.0"); empty leaves it out of SARIF
	// and writes "" in JSON.
	Version string
	// InformationURI is the tool's home page; DefaultInformationURI if empty.
	InformationURI string
	// Category, when set, becomes SARIF runs[0].automationDetails.id =
	// Category + "/" (--sarif-category). Empty writes no automationDetails,
	// so the upload action's own category input applies.
	Category string
	// Files is the number of files scanned, for the summaries.
	Files int
}

func (m Meta) informationURI() string {
	if m.InformationURI != "" {
		return m.InformationURI
	}
	return DefaultInformationURI
}

// counts tallies findings by level.
type counts struct{ errors, warnings, notes, suppressed int }

func countFindings(res *driver.Result) counts {
	var c counts
	for _, f := range res.Findings {
		if f.Suppression != nil {
			c.suppressed++
			continue
		}
		switch level(f) {
		case analysis.Error:
			c.errors++
		case analysis.Warning:
			c.warnings++
		default:
			c.notes++
		}
	}
	return c
}

// level is a finding's final level, falling back to the rule's default and
// then to warning when the driver left it unset.
func level(f driver.Finding) analysis.Severity {
	switch {
	case validSeverity(f.Severity):
		return f.Severity
	case f.Rule != nil && validSeverity(f.Rule.Severity):
		return f.Rule.Severity
	}
	return analysis.Warning
}

// notificationLevel is a notification's level, error when unset.
func notificationLevel(n driver.Notification) analysis.Severity {
	if validSeverity(n.Severity) {
		return n.Severity
	}
	return analysis.Error
}

func validSeverity(s analysis.Severity) bool {
	return s == analysis.Error || s == analysis.Warning || s == analysis.Note
}

// ruleID is the ID a finding is reported under.
func ruleID(f driver.Finding) string {
	if f.Rule == nil {
		return ""
	}
	return f.Rule.ID
}

// notificationFile is the report path of the file a notification is about,
// or "".
func notificationFile(n driver.Notification) string {
	if n.Range.IsValid() {
		return n.Range.File.Rel
	}
	return n.File
}

// PascalCase turns a kebab-case rule name into the SARIF rule name:
// "rest-api-not-private" becomes "RestApiNotPrivate".
func PascalCase(kebab string) string {
	var b strings.Builder
	for _, part := range strings.Split(kebab, "-") {
		if part == "" {
			continue
		}
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

// endPos returns the end of a range, never before its start.
func endPos(r source.Range) source.Pos {
	if !r.End.IsValid() || r.End.Offset < r.Start.Offset {
		return r.Start
	}
	return r.End
}
