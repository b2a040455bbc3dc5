package trace

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// JSON is the stable shape of `papilint trace --format json`
// (docs/trace.md). Fields are only ever added.
type JSON struct {
	Version int         `json:"version"`
	Request JSONRequest `json:"request"`
	Hops    []JSONHop   `json:"hops"`
	Outcome JSONOutcome `json:"outcome"`
}

type JSONRequest struct {
	Method string `json:"method"`
	URL    string `json:"url"`
	Host   string `json:"host"`
	Port   int    `json:"port"`
	Path   string `json:"path"`
}

type JSONHop struct {
	Role        string `json:"role"`
	Label       string `json:"label"`
	Verdict     string `json:"verdict"`
	Resource    string `json:"resource,omitempty"`
	Type        string `json:"type,omitempty"`
	Construct   string `json:"construct,omitempty"`
	File        string `json:"file,omitempty"`
	Line        int    `json:"line,omitempty"`
	Column      int    `json:"column,omitempty"`
	Explanation string `json:"explanation"`
}

type JSONOutcome struct {
	Kind    string `json:"kind"`
	Status  int    `json:"status,omitempty"`
	Body    string `json:"body,omitempty"`
	Summary string `json:"summary"`
	Hop     int    `json:"hop"`
	Then    string `json:"then,omitempty"`
	Text    string `json:"text"`
}

// ToJSON converts a result to its JSON shape.
func (r Result) ToJSON() JSON {
	out := JSON{Version: 1, Request: JSONRequest{Method: r.Request.Method, URL: r.Request.URL, Host: r.Request.Host, Port: r.Request.Port, Path: r.Request.Path}, Hops: []JSONHop{}}
	for _, h := range r.Hops {
		jh := JSONHop{Role: string(h.Role), Label: Label(h.Role), Verdict: string(h.Verdict), Explanation: h.Explanation}
		if h.Node != nil {
			jh.Resource, jh.Type, jh.Construct = h.Node.Name, h.Node.Type, h.Node.ConstructPath
		}
		if h.At.IsValid() {
			jh.File, jh.Line, jh.Column = h.At.File.Rel, int(h.At.Start.Line), int(h.At.Start.Col)
		}
		out.Hops = append(out.Hops, jh)
	}
	o := r.Outcome
	out.Outcome = JSONOutcome{Kind: string(o.Kind), Status: o.Status, Body: o.Body, Summary: o.Summary, Hop: o.Hop, Then: o.Then, Text: o.Text()}
	return out
}

// WriteJSON writes the result as indented JSON.
func WriteJSON(w io.Writer, r Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r.ToJSON())
}

// Marker is the one-character mark of a verdict in the text output.
func Marker(v Verdict) string {
	switch v {
	case OK:
		return "✓"
	case Fails:
		return "✗"
	case Unknown:
		return "?"
	}
	return "!"
}

// WriteText writes one line per hop (marker, role, file:line, explanation)
// and then the outcome. With color, markers are coloured with ANSI codes.
func WriteText(w io.Writer, r Result, color bool) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\n", r.Request.Method, r.Request.URL)
	paint := func(v Verdict, s string) string {
		if !color {
			return s
		}
		code := map[Verdict]string{OK: "32", Fails: "31", Unknown: "33", Note: "36"}[v]
		return "\x1b[" + code + "m" + s + "\x1b[0m"
	}
	width := 0
	for _, h := range r.Hops {
		if n := len([]rune(Label(h.Role))); n > width {
			width = n
		}
	}
	for _, h := range r.Hops {
		label := Label(h.Role)
		pad := strings.Repeat(" ", width-len([]rune(label)))
		loc := "-"
		if h.At.IsValid() {
			loc = h.At.File.Rel + ":" + strconv.Itoa(int(h.At.Start.Line))
		}
		fmt.Fprintf(&b, "  %s %s%s  %s  %s", paint(h.Verdict, Marker(h.Verdict)), label, pad, loc, h.Explanation)
		if h.Node != nil && h.Node.Created.IsValid() {
			fmt.Fprintf(&b, " [created at %s:%d]", h.Node.Created.File.Rel, h.Node.Created.Start.Line)
		}
		b.WriteString("\n")
	}
	o := r.Outcome
	fmt.Fprintf(&b, "=> %s\n", outcomeLine(o))
	if o.Kind != Undecided && o.Summary != "" && o.Body != "" {
		fmt.Fprintf(&b, "   because %s\n", o.Summary)
	}
	if o.Then != "" {
		fmt.Fprintf(&b, "   if that turns out right, then: %s\n", o.Then)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func outcomeLine(o Outcome) string {
	switch o.Kind {
	case Undecided:
		return "unknown: " + o.Summary
	case DeployFailure:
		return "deploy fails: " + o.Body
	case ClientError:
		return "no response: " + o.Body
	case Success:
		if o.Status != 0 {
			return strconv.Itoa(o.Status) + " (" + o.Summary + ")"
		}
		return o.Body + " (" + o.Summary + ")"
	}
	return o.Text()
}
