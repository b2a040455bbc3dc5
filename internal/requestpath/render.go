package requestpath

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// brokenMark precedes the rule IDs of a broken hop in diagram labels.
const brokenMark = "✖ "

// MermaidOptions tune WriteMermaid.
type MermaidOptions struct {
	// Subgraphs puts each path in its own titled subgraph (for several
	// paths in one diagram). Without it the paths share one flowchart.
	Subgraphs bool
}

// WriteMermaid writes one Mermaid flowchart holding the given paths. Hops
// with findings are drawn in red with their rule IDs; placeholders for
// missing hops are dashed. Every label is escaped, so resource names cannot
// break out of the diagram.
func WriteMermaid(w io.Writer, paths []*Path, opt MermaidOptions) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("flowchart TD\n")
	if len(paths) == 0 {
		bw.WriteString("  none[\"no private API request path found\"]\n")
	}
	var broken, missing []string
	for i, p := range paths {
		prefix := ""
		indent := "  "
		if opt.Subgraphs || len(paths) > 1 {
			prefix = "p" + strconv.Itoa(i+1) + "_"
			fmt.Fprintf(bw, "  subgraph p%d [\"%s\"]\n", i+1, mermaidText(pathTitle(p)))
			indent = "    "
		}
		for _, h := range p.Hops {
			id := prefix + h.Key
			open, closing := "[\"", "\"]"
			if h.Role == Client {
				open, closing = "([\"", "\"])"
			}
			fmt.Fprintf(bw, "%s%s%s%s%s\n", indent, id, open, mermaidLabel(h), closing)
			if len(h.Rules) > 0 {
				broken = append(broken, id)
			}
			if h.Missing {
				missing = append(missing, id)
			}
		}
		for _, e := range p.Edges {
			fmt.Fprintf(bw, "%s%s%s --> %s%s\n", indent, prefix, e.From, prefix, e.To)
		}
		if prefix != "" {
			bw.WriteString("  end\n")
		}
	}
	if len(broken) > 0 {
		bw.WriteString("  classDef broken fill:#ffebe9,stroke:#cf222e,stroke-width:3px,color:#1f2328\n")
		fmt.Fprintf(bw, "  class %s broken\n", strings.Join(broken, ","))
	}
	if len(missing) > 0 {
		bw.WriteString("  classDef missing fill:#f6f8fa,stroke:#8c959f,stroke-dasharray:5 5,color:#57606a\n")
		fmt.Fprintf(bw, "  class %s missing\n", strings.Join(missing, ","))
	}
	return bw.Flush()
}

func pathTitle(p *Path) string {
	if p.File != "" {
		return p.Title + " (" + p.File + ")"
	}
	return p.Title
}

// mermaidLabel is a hop's label: role, name, detail and the rules that
// fire on it, one per line.
func mermaidLabel(h *Hop) string {
	lines := labelLines(h)
	for i, l := range lines {
		lines[i] = mermaidText(l)
	}
	return strings.Join(lines, "<br/>")
}

// labelLines are the lines of a hop's label as plain text.
func labelLines(h *Hop) []string {
	if h.Role == Client {
		return []string{"client"}
	}
	lines := []string{h.Role.Label(), h.Name}
	if h.Missing {
		lines[1] = "(" + h.Name + ")"
	}
	if h.Detail != "" {
		lines = append(lines, h.Detail)
	}
	if len(h.Rules) > 0 {
		lines = append(lines, brokenMark+strings.Join(h.Rules, ", "))
	}
	return lines
}

// mermaidText escapes text for a double-quoted Mermaid label: quotes, angle
// brackets and the entity sigil become Mermaid entity codes, and line breaks
// become spaces.
func mermaidText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString("#quot;")
		case '#':
			b.WriteString("#35;")
		case '<':
			b.WriteString("#lt;")
		case '>':
			b.WriteString("#gt;")
		case '&':
			b.WriteString("#amp;")
		case '`':
			b.WriteString("#96;")
		case '\n', '\r', '\t':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// WriteDOT writes the paths as one Graphviz digraph, a cluster per path.
func WriteDOT(w io.Writer, paths []*Path) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("digraph papilint {\n")
	bw.WriteString("  rankdir=TB;\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n")
	for i, p := range paths {
		prefix := "p" + strconv.Itoa(i+1) + "_"
		fmt.Fprintf(bw, "  subgraph cluster_%d {\n    label=%s;\n", i+1, dotString(pathTitle(p)))
		for _, h := range p.Hops {
			attrs := []string{"label=" + dotString(strings.Join(labelLines(h), "\n"))}
			switch {
			case h.Role == Client:
				attrs = append(attrs, "shape=ellipse")
			case len(h.Rules) > 0:
				attrs = append(attrs, "color=\"#cf222e\"", "penwidth=2", "style=\"rounded,filled\"", "fillcolor=\"#ffebe9\"")
			case h.Missing:
				attrs = append(attrs, "style=\"rounded,dashed\"", "fontcolor=\"#57606a\"")
			}
			fmt.Fprintf(bw, "    %s [%s];\n", dotString(prefix+h.Key), strings.Join(attrs, ", "))
		}
		for _, e := range p.Edges {
			fmt.Fprintf(bw, "    %s -> %s;\n", dotString(prefix+e.From), dotString(prefix+e.To))
		}
		bw.WriteString("  }\n")
	}
	bw.WriteString("}\n")
	return bw.Flush()
}

// dotString quotes s as a DOT string: backslashes and quotes escaped, line
// breaks as \n.
func dotString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// JSONVersion is the version of the shape WriteJSON writes.
const JSONVersion = 1

type jsonDoc struct {
	Version int        `json:"version"`
	Paths   []jsonPath `json:"paths"`
}

type jsonPath struct {
	Title string     `json:"title"`
	File  string     `json:"file"`
	Hops  []jsonHop  `json:"hops"`
	Edges []jsonEdge `json:"edges"`
}

type jsonHop struct {
	ID       string        `json:"id"`
	Role     Role          `json:"role"`
	Name     string        `json:"name"`
	Detail   string        `json:"detail"`
	Missing  bool          `json:"missing"`
	Resource *jsonResource `json:"resource,omitempty"`
	Rules    []string      `json:"rules"`
}

type jsonResource struct {
	ID            string `json:"id"`
	Name          string `json:"name"`
	Type          string `json:"type"`
	File          string `json:"file"`
	Line          int    `json:"line"`
	ConstructPath string `json:"constructPath"`
}

type jsonEdge struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// WriteJSON writes the paths as JSON:
//
//	{"version": 1, "paths": [{"title": "Alb → Tg", "file": "stack.yaml",
//	  "hops": [{"id": "h0", "role": "client", "name": "client", "detail": "",
//	            "missing": false, "rules": []}, ...],
//	  "edges": [{"from": "h0", "to": "h1"}, ...]}]}
//
// A hop with a resource has "resource": {id, name, type, file, line,
// constructPath}. Roles are the Role constants. Arrays are never null.
func WriteJSON(w io.Writer, paths []*Path) error {
	doc := jsonDoc{Version: JSONVersion, Paths: []jsonPath{}}
	for _, p := range paths {
		jp := jsonPath{Title: p.Title, File: p.File, Hops: []jsonHop{}, Edges: []jsonEdge{}}
		for _, h := range p.Hops {
			jh := jsonHop{ID: h.Key, Role: h.Role, Name: h.Name, Detail: h.Detail, Missing: h.Missing, Rules: append([]string{}, h.Rules...)}
			if n := h.Node; n != nil {
				r := &jsonResource{ID: string(n.ID), Name: n.Name, Type: n.Type, ConstructPath: n.ConstructPath}
				if n.Header.IsValid() {
					r.File, r.Line = n.Header.File.Rel, int(n.Header.Start.Line)
				} else if n.File != nil {
					r.File = n.File.Rel
				}
				jh.Resource = r
			}
			jp.Hops = append(jp.Hops, jh)
		}
		for _, e := range p.Edges {
			jp.Edges = append(jp.Edges, jsonEdge{From: e.From, To: e.To})
		}
		doc.Paths = append(doc.Paths, jp)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
