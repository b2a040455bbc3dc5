// Package baseline records the findings a project has accepted for now, so
// that only new ones count: `papilint scan --write-baseline FILE` writes
// them, `--baseline FILE` marks the findings it lists as suppressed (kind
// "external", justification "in baseline FILE"), which keeps them in SARIF
// and JSON and out of the text output and the exit code.
//
// A finding is matched by its identity fingerprint (report.Fingerprint: the
// rule, the resource's identity and the message, no line or column), so it
// survives moving the resource within its file and reformatting the file.
// When a fingerprint occurs several times, the baseline holds its count and
// covers that many findings; one more is new.
package baseline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/driver"
	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/report"
)

// Version is the version of the file format.
const Version = 1

// Code is the notification code of messages about the baseline.
const Code = "papilint-baseline"

// File is a baseline file:
//
//	{
//	  "version": 1,
//	  "tool": "papilint",
//	  "findings": [
//	    {"fingerprint": "3f0c…", "rule": "PAPI030", "resource": "Alb",
//	     "file": "templates/api.yaml", "message": "load balancer …"}
//	  ]
//	}
//
// Only fingerprint (and count, when above 1) decides matching; rule,
// resource, file and message are there for people reviewing the file and
// for telling which entries went stale.
type File struct {
	Version  int     `json:"version"`
	Tool     string  `json:"tool"`
	Findings []Entry `json:"findings"`
}

// Entry is one accepted finding.
type Entry struct {
	Fingerprint string `json:"fingerprint"`
	Rule        string `json:"rule"`
	Resource    string `json:"resource,omitempty"`
	File        string `json:"file,omitempty"`
	Message     string `json:"message"`
	// Count is how many findings share the fingerprint; omitted when 1.
	Count int `json:"count,omitempty"`
}

func (e Entry) count() int { return max(e.Count, 1) }

// FromResult makes a baseline of the active (not suppressed) findings of
// res, sorted by file, rule, resource and fingerprint so that the file
// changes only when the findings do.
func FromResult(res *driver.Result) *File {
	byFP := map[string]*Entry{}
	var order []string
	for i := range res.Findings {
		f := &res.Findings[i]
		if f.Suppression != nil || f.Rule == nil {
			continue
		}
		fp := report.Fingerprint(f)
		if e := byFP[fp]; e != nil {
			e.Count = e.count() + 1
			continue
		}
		e := &Entry{Fingerprint: fp, Rule: f.Rule.ID, Message: f.Message}
		if f.Resource != nil {
			e.Resource = f.Resource.Name
			if f.Resource.ConstructPath != "" {
				e.Resource = f.Resource.ConstructPath
			}
		}
		if f.Range.IsValid() {
			e.File = f.Range.File.Rel
		} else if f.Resource != nil && f.Resource.File != nil {
			e.File = f.Resource.File.Rel
		}
		byFP[fp] = e
		order = append(order, fp)
	}
	b := &File{Version: Version, Tool: report.ToolName, Findings: []Entry{}}
	for _, fp := range order {
		b.Findings = append(b.Findings, *byFP[fp])
	}
	sort.SliceStable(b.Findings, func(i, j int) bool {
		x, y := b.Findings[i], b.Findings[j]
		switch {
		case x.File != y.File:
			return x.File < y.File
		case x.Rule != y.Rule:
			return x.Rule < y.Rule
		case x.Resource != y.Resource:
			return x.Resource < y.Resource
		}
		return x.Fingerprint < y.Fingerprint
	})
	return b
}

// Len is the number of findings the baseline covers.
func (b *File) Len() int {
	n := 0
	for _, e := range b.Findings {
		n += e.count()
	}
	return n
}

// Encode returns the file's JSON, indented, with a final newline.
func (b *File) Encode() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(b); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

var fingerprintRe = regexp.MustCompile(`^[0-9a-f]{32}$`)

// Read reads and checks a baseline file. Unknown keys, another version and
// malformed fingerprints are errors.
func Read(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	return Parse(path, data)
}

// Parse decodes a baseline file's content; name is used in errors.
func Parse(name string, data []byte) (*File, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var b File
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("baseline %s: %v", name, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("baseline %s: unexpected data after the JSON object", name)
	}
	if b.Version != Version {
		return nil, fmt.Errorf("baseline %s: version %d, want %d (write it again with --write-baseline)", name, b.Version, Version)
	}
	for i, e := range b.Findings {
		if !fingerprintRe.MatchString(e.Fingerprint) {
			return nil, fmt.Errorf("baseline %s: finding %d: fingerprint %q is not 32 lower-case hex digits", name, i+1, e.Fingerprint)
		}
		if e.Count < 0 {
			return nil, fmt.Errorf("baseline %s: finding %d: negative count", name, i+1)
		}
	}
	return &b, nil
}

// Apply marks the findings of res that the baseline covers as suppressed
// (kind "external", justification "in baseline " + name) and returns how
// many it marked. Findings already suppressed another way keep that
// suppression but still use up their baseline entry.
//
// Entries that match nothing although their file was scanned (scanned
// reports whether a report path was part of this scan) are stale: the
// finding was fixed or changed. They are reported together in one note.
func (b *File) Apply(res *driver.Result, name string, scanned func(rel string) bool) int {
	left := map[string]int{}
	for _, e := range b.Findings {
		left[e.Fingerprint] += e.count()
	}
	marked := 0
	for i := range res.Findings {
		f := &res.Findings[i]
		if f.Rule == nil {
			continue
		}
		fp := report.Fingerprint(f)
		if left[fp] == 0 {
			continue
		}
		left[fp]--
		if f.Suppression == nil {
			f.Suppression = &driver.Suppression{Kind: "external", Justification: "in baseline " + name}
			marked++
		}
	}
	stale := 0
	for _, e := range b.Findings {
		if n := left[e.Fingerprint]; n > 0 && e.File != "" && scanned != nil && scanned(e.File) {
			stale += min(n, e.count())
			left[e.Fingerprint] = 0
		}
	}
	if stale > 0 {
		res.Notifications = append(res.Notifications, driver.Notification{
			Code: Code, Severity: analysis.Note, File: name,
			Message: fmt.Sprintf("baseline %s: %s (their findings were fixed or changed); run with --write-baseline %s to drop them",
				name, plural(stale, "stale entry", "stale entries"), name),
		})
	}
	return marked
}

// ScannedFiles returns a lookup of the report paths of a graph's files.
func ScannedFiles(g *graph.Graph) func(rel string) bool {
	set := map[string]bool{}
	if g != nil {
		for _, f := range g.Files() {
			set[f.Rel] = true
		}
	}
	return func(rel string) bool { return set[rel] }
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprint(n) + " " + many
}
