// Package report writes the result of a run in papilint's output formats:
// text for people (WriteText), papilint's own JSON (WriteJSON), SARIF 2.1.0
// for GitHub code scanning (WriteSARIF), Markdown for pull requests and job
// summaries (WriteMarkdown) and GitHub workflow-command annotations
// (WriteGitHub). It is the only package that imports
// github.com/owenrumney/go-sarif/v2.
//
// # JSON output (--format json)
//
// The JSON output is a stable interface for scripts. Its "version" changes
// only when an existing field changes meaning or goes away; new fields may
// be added at any time, so consumers should ignore fields they do not know.
// The document is one object, indented with two spaces, keys in the order
// shown:
//
//	{
//	  "version": 1,
//	  "tool": {"name": "papilint", "version": "0.1.0"},
//	  "findings": [
//	    {
//	      "rule": "PAPI001",
//	      "name": "rest-api-not-private",
//	      "severity": "error",
//	      "message": "REST API \"Api\" has endpoint type EDGE, not PRIVATE",
//	      "location": {
//	        "file": "templates/api.yaml",
//	        "startLine": 8, "startColumn": 16, "endLine": 8, "endColumn": 22
//	      },
//	      "resource": {
//	        "id": "templates/api.yaml#Api",
//	        "name": "Api",
//	        "type": "AWS::ApiGateway::RestApi",
//	        "format": "cloudformation",
//	        "stack": "templates/api.yaml",
//	        "constructPath": ""
//	      },
//	      "related": [
//	        {"message": "policy attached here", "location": {...}}
//	      ],
//	      "fingerprint": "3f0c…"
//	    }
//	  ],
//	  "notifications": [
//	    {
//	      "code": "papilint-syntax",
//	      "severity": "error",
//	      "message": "mapping values are not allowed in this context",
//	      "file": "templates/broken.yaml",
//	      "location": {...}
//	    }
//	  ],
//	  "summary": {"errors": 1, "warnings": 0, "notes": 0, "suppressed": 0, "files": 4}
//	}
//
// Fields:
//
//   - version: the version of this shape, 1.
//   - tool.name: always "papilint"; tool.version: papilint's version ("" when
//     unknown).
//   - findings: always an array, in a fixed order (file, position, rule,
//     message); [] when clean.
//   - findings[].rule: the rule ID, stable forever. name: the rule's
//     kebab-case name. severity: "error", "warning" or "note", after any
//     per-finding override (a value from a parameter default is reported at
//     most as a warning). message: one line.
//   - location: where the finding points; absent when it has no position.
//     For a CDK resource whose app source is in the scan, the line of the
//     app that created the construct (the template is then the first
//     related location).
//     file is the slash-separated path relative to the report root (--root).
//     Lines and columns are 1-based; columns count UTF-16 code units, the
//     same unit as the SARIF output (so "é🚀X" puts X at column 4), and
//     endColumn is the column just after the last character.
//   - resource: the resource the finding is about; absent for findings that
//     are not about one resource. id is papilint's node ID ("<stack>#<logical
//     ID>" for CloudFormation, the address for Terraform); name the logical
//     ID or Terraform address; type the resource type as written; format
//     "cloudformation", "terraform" or "cdk"; stack the template or module;
//     constructPath the CDK construct path (aws:cdk:path), "" if none. Every
//     key is present, "" when unknown.
//   - related: secondary places, always an array; each has a message and,
//     when known, a location of the same shape.
//   - fingerprint: 32 hex digits identifying the finding across runs without
//     using line numbers: a hash of the rule ID, the resource identity (stack
//     and logical ID or address; the construct path for CDK) and the message.
//     It equals partialFingerprints["papilint/v1"] in the SARIF output.
//   - suppression: present only on a finding the user suppressed (a
//     papilint:ignore comment or Metadata entry, a config-file ignore entry,
//     or a baseline): kind ("inSource" for comments and Metadata, "external"
//     for the config file and baselines), justification (the reason given;
//     "in baseline FILE" for a baseline) and until (the expiry date, when
//     there is one). Suppressed findings are not counted in the
//     summary's errors, warnings and notes, only in suppressed.
//   - notifications: problems with the scan itself, always an array. code is
//     a stable identifier ("papilint-syntax", "papilint-load",
//     "papilint-rule-failure", "papilint-policy-timeout"); severity as above; file the file concerned
//     ("" when none); location as above, absent when unknown.
//   - summary: errors, warnings and notes count findings by severity; files
//     is the number of files scanned.
package report

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/papilint/papilint/internal/driver"
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/source"
)

// JSONVersion is the version of the JSON shape WriteJSON writes.
const JSONVersion = 1

type jsonReport struct {
	Version       int                `json:"version"`
	Tool          jsonTool           `json:"tool"`
	Findings      []jsonFinding      `json:"findings"`
	Notifications []jsonNotification `json:"notifications"`
	Summary       jsonSummary        `json:"summary"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonFinding struct {
	Rule        string        `json:"rule"`
	Name        string        `json:"name"`
	Severity    string        `json:"severity"`
	Message     string        `json:"message"`
	Location    *jsonLocation `json:"location,omitempty"`
	Resource    *jsonResource `json:"resource,omitempty"`
	Related     []jsonRelated `json:"related"`
	Fingerprint string        `json:"fingerprint"`
	Suppression *jsonSuppress `json:"suppression,omitempty"`
}

// jsonSuppress says why a finding is suppressed.
type jsonSuppress struct {
	Kind          string `json:"kind"`
	Justification string `json:"justification"`
	Until         string `json:"until,omitempty"`
}

type jsonLocation struct {
	File        string `json:"file"`
	StartLine   int    `json:"startLine"`
	StartColumn int    `json:"startColumn"`
	EndLine     int    `json:"endLine"`
	EndColumn   int    `json:"endColumn"`
}

type jsonResource struct {
	ID            string `json:"id"`
	Name          string `json:"name"`
	Type          string `json:"type"`
	Format        string `json:"format"`
	Stack         string `json:"stack"`
	ConstructPath string `json:"constructPath"`
}

type jsonRelated struct {
	Message  string        `json:"message"`
	Location *jsonLocation `json:"location,omitempty"`
}

type jsonNotification struct {
	Code     string        `json:"code"`
	Severity string        `json:"severity"`
	Message  string        `json:"message"`
	File     string        `json:"file"`
	Location *jsonLocation `json:"location,omitempty"`
}

type jsonSummary struct {
	Errors     int `json:"errors"`
	Warnings   int `json:"warnings"`
	Notes      int `json:"notes"`
	Suppressed int `json:"suppressed"`
	Files      int `json:"files"`
}

// WriteJSON writes res in papilint's own JSON shape, documented in the
// package comment.
func WriteJSON(w io.Writer, res *driver.Result, meta Meta) error {
	out := jsonReport{
		Version:       JSONVersion,
		Tool:          jsonTool{Name: ToolName, Version: meta.Version},
		Findings:      []jsonFinding{},
		Notifications: []jsonNotification{},
	}
	for i := range res.Findings {
		f := &res.Findings[i]
		jf := jsonFinding{
			Rule:        ruleID(*f),
			Severity:    level(*f).String(),
			Message:     f.Message,
			Location:    jsonLoc(f.Range),
			Resource:    jsonRes(f.Resource),
			Related:     []jsonRelated{},
			Fingerprint: identityFingerprint(f),
		}
		if f.Rule != nil {
			jf.Name = f.Rule.Name
		}
		for _, r := range f.Related {
			jf.Related = append(jf.Related, jsonRelated{Message: r.Message, Location: jsonLoc(r.Range)})
		}
		if sp := f.Suppression; sp != nil {
			jf.Suppression = &jsonSuppress{Kind: sp.Kind, Justification: sp.Justification}
			if !sp.Until.IsZero() {
				jf.Suppression.Until = sp.Until.Format("2006-01-02")
			}
		}
		out.Findings = append(out.Findings, jf)
	}
	for _, n := range res.Notifications {
		out.Notifications = append(out.Notifications, jsonNotification{
			Code:     n.Code,
			Severity: notificationLevel(n).String(),
			Message:  n.Message,
			File:     notificationFile(n),
			Location: jsonLoc(n.Range),
		})
	}
	c := countFindings(res)
	out.Summary = jsonSummary{Errors: c.errors, Warnings: c.warnings, Notes: c.notes, Suppressed: c.suppressed, Files: meta.Files}

	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

func jsonLoc(r source.Range) *jsonLocation {
	if !r.IsValid() {
		return nil
	}
	end := endPos(r)
	return &jsonLocation{
		File:        r.File.Rel,
		StartLine:   int(r.Start.Line),
		StartColumn: r.File.UTF16Col(r.Start),
		EndLine:     int(end.Line),
		EndColumn:   r.File.UTF16Col(end),
	}
}

func jsonRes(n *graph.Node) *jsonResource {
	if n == nil {
		return nil
	}
	return &jsonResource{
		ID:            string(n.ID),
		Name:          n.Name,
		Type:          n.Type,
		Format:        string(n.Format),
		Stack:         n.Stack,
		ConstructPath: n.ConstructPath,
	}
}
