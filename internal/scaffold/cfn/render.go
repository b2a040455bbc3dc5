package cfn

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// render turns the template into YAML. goformation's own YAML() sorts every
// key and writes intrinsics in their long form; this keeps the field order
// of the typed resources, puts the resources in request-path order with a
// comment above each, and uses the short-form tags (!Ref, !GetAtt, !Sub, …).
func (s *stack) render() ([]byte, error) {
	raw, err := json.Marshal(s.t)
	if err != nil {
		return nil, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		return nil, err
	}
	root := doc.Content[0]
	if err := rewrite(root); err != nil {
		return nil, err
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		key, val := root.Content[i], root.Content[i+1]
		switch key.Value {
		case "Parameters":
			if err := reorder(val, s.params); err != nil {
				return nil, err
			}
		case "Outputs":
			if err := reorder(val, s.outputs); err != nil {
				return nil, err
			}
			for j := 1; j < len(val.Content); j += 2 {
				keysFirst(val.Content[j], "Description")
			}
		case "Resources":
			if err := reorder(val, s.order); err != nil {
				return nil, err
			}
			for j := 0; j+1 < len(val.Content); j += 2 {
				val.Content[j].HeadComment = wrapComment(s.comments[val.Content[j].Value])
				dropEmpty(val.Content[j+1], "Version") // goformation writes Version: "" on custom resources
				keysFirst(val.Content[j+1], "Type", "DependsOn")
			}
		}
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(root); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return spaceOut(buf.Bytes()), nil
}

// rewrite decodes goformation's base64-encoded intrinsics, turns every
// intrinsic into its short form and resets the JSON quoting styles so the
// encoder picks plain YAML.
func rewrite(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!str" {
			if dec, ok := decodeIntrinsic(n.Value); ok {
				*n = *dec
				return rewrite(n)
			}
		}
		n.Style = 0
		if strings.Contains(n.Value, "\n") {
			n.Style = yaml.LiteralStyle
		}
	case yaml.SequenceNode:
		n.Style = 0
		for _, c := range n.Content {
			if err := rewrite(c); err != nil {
				return err
			}
		}
	case yaml.MappingNode:
		n.Style = 0
		for _, c := range n.Content {
			if err := rewrite(c); err != nil {
				return err
			}
		}
		if len(n.Content) == 2 {
			shortForm(n)
		}
	}
	return nil
}

// decodeIntrinsic recognises a string goformation made out of an intrinsic
// function: base64 of a JSON object with one Ref or Fn:: key.
func decodeIntrinsic(s string) (*yaml.Node, bool) {
	if len(s) < 8 || len(s)%4 != 0 {
		return nil, false
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, false
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(b, &m) != nil || len(m) != 1 {
		return nil, false
	}
	for k := range m {
		if k != "Ref" && !strings.HasPrefix(k, "Fn::") {
			return nil, false
		}
	}
	var n yaml.Node
	if yaml.Unmarshal(b, &n) != nil {
		return nil, false
	}
	return n.Content[0], true
}

// shortForm rewrites a one-key mapping {Ref: X} or {Fn::Name: arg} into the
// tagged node !Ref X / !Name arg; GetAtt's [resource, attribute] becomes
// the dotted scalar form.
func shortForm(n *yaml.Node) {
	key, arg := n.Content[0], n.Content[1]
	var tag string
	switch {
	case key.Value == "Ref":
		tag = "!Ref"
	case strings.HasPrefix(key.Value, "Fn::"):
		tag = "!" + strings.TrimPrefix(key.Value, "Fn::")
	default:
		return
	}
	if tag == "!GetAtt" && arg.Kind == yaml.SequenceNode && len(arg.Content) == 2 &&
		arg.Content[0].Kind == yaml.ScalarNode && arg.Content[1].Kind == yaml.ScalarNode {
		arg = &yaml.Node{Kind: yaml.ScalarNode, Value: arg.Content[0].Value + "." + arg.Content[1].Value}
	}
	out := *arg
	out.Tag = tag
	if out.Kind == yaml.SequenceNode && allScalars(out.Content) {
		out.Style = yaml.FlowStyle
	}
	*n = out
}

func allScalars(ns []*yaml.Node) bool {
	for _, c := range ns {
		if c.Kind != yaml.ScalarNode {
			return false
		}
	}
	return true
}

// reorder sorts a mapping's entries into the given key order; every key must
// be listed.
func reorder(m *yaml.Node, order []string) error {
	at := map[string]int{}
	for i, k := range order {
		at[k] = i
	}
	if len(m.Content) != 2*len(order) {
		return fmt.Errorf("cfn: %d entries to place in an order of %d", len(m.Content)/2, len(order))
	}
	out := make([]*yaml.Node, len(m.Content))
	for i := 0; i+1 < len(m.Content); i += 2 {
		j, ok := at[m.Content[i].Value]
		if !ok {
			return fmt.Errorf("cfn: %q has no place in the order", m.Content[i].Value)
		}
		out[2*j], out[2*j+1] = m.Content[i], m.Content[i+1]
	}
	m.Content = out
	return nil
}

// keysFirst moves the named keys to the front of a mapping, in that order,
// keeping the order of the others.
func keysFirst(m *yaml.Node, keys ...string) {
	var front, rest []*yaml.Node
	for _, k := range keys {
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == k {
				front = append(front, m.Content[i], m.Content[i+1])
			}
		}
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if !contains(keys, m.Content[i].Value) {
			rest = append(rest, m.Content[i], m.Content[i+1])
		}
	}
	m.Content = append(front, rest...)
}

// dropEmpty removes a key whose value is the empty string.
func dropEmpty(m *yaml.Node, key string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key && m.Content[i+1].Kind == yaml.ScalarNode && m.Content[i+1].Value == "" {
			m.Content = append(m.Content[:i], m.Content[i+2:]...)
			return
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// wrapComment folds a comment at about 100 columns.
func wrapComment(s string) string {
	if s == "" {
		return ""
	}
	var lines []string
	var cur string
	for _, w := range strings.Fields(s) {
		if cur != "" && len(cur)+1+len(w) > 96 {
			lines = append(lines, cur)
			cur = w
			continue
		}
		if cur != "" {
			cur += " "
		}
		cur += w
	}
	lines = append(lines, cur)
	return "# " + strings.Join(lines, "\n# ")
}

// spaceOut puts a blank line before every top-level section and every
// resource, parameter and output, for reading.
func spaceOut(b []byte) []byte {
	lines := strings.Split(string(b), "\n")
	var out []string
	for i, l := range lines {
		if i > 0 && startsEntry(l) && !strings.HasPrefix(strings.TrimSpace(lines[i-1]), "#") && !isSectionKey(lines[i-1]) {
			out = append(out, "")
		}
		out = append(out, l)
	}
	return []byte(strings.Join(out, "\n"))
}

// startsEntry: a top-level key, or a key or comment at indent 2 (an entry
// of Parameters, Resources or Outputs).
func startsEntry(l string) bool {
	if l == "" || strings.HasPrefix(l, " ") {
		return strings.HasPrefix(l, "  ") && len(l) > 2 && l[2] != ' ' && l[2] != '-'
	}
	return true
}

func isSectionKey(l string) bool {
	return l != "" && !strings.HasPrefix(l, " ") && strings.HasSuffix(l, ":")
}
