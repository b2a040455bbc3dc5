package netpath

import (
	"sort"
	"strings"

	"github.com/papilint/papilint/internal/graph"
)

// Target is one target registered with a target group.
type Target struct {
	// Node is where the target is written: the target group (its Targets
	// property) or a Terraform attachment.
	Node *graph.Node
	// Entry is the Targets entry, or the attachment's properties.
	Entry *graph.Value
	Id    *graph.Value
	// AZ is the target's AvailabilityZone (absent: the target group's VPC).
	AZ *graph.Value
}

// TargetList is a target group's targets in one alternative (Fn::If on
// Targets gives several).
type TargetList struct {
	Targets []Target
	// Countable is true when the number of targets is known: no list that
	// is one value produced at deploy time, no entry that Fn::If may
	// remove, no Terraform attachment whose count or for_each is known
	// only after apply.
	Countable bool
	// Whole is the Targets value when it is a single value that stands for
	// the whole list (a custom resource's output).
	Whole *graph.Value
	// Why says why the list is not countable.
	Why string
	// Value is the Targets property as written (nil for Terraform).
	Value *graph.Value
}

// Targets returns a target group's targets, one list per alternative.
func (r *Result) Targets(tg *graph.Node) []*TargetList {
	var lists []*TargetList
	v := tg.Prop("Targets")
	if v.IsAbsent() {
		lists = append(lists, &TargetList{Countable: true})
	} else {
		for _, b := range v.Branches() {
			l := &TargetList{Countable: true, Value: b}
			switch {
			case b.IsAbsent():
			case b.Kind == graph.KindList:
				for _, e := range b.List {
					if e == nil || e.Kind == graph.KindNull {
						continue
					}
					if e.Kind == graph.KindChoice {
						l.Countable, l.Why = false, "an entry of Targets is chosen by Fn::If"
						for _, eb := range e.Branches() {
							if eb != nil && eb.Kind == graph.KindMap {
								l.Targets = append(l.Targets, Target{Node: tg, Entry: eb, Id: eb.Get("Id"), AZ: eb.Get("AvailabilityZone")})
							}
						}
						continue
					}
					if e.Kind != graph.KindMap {
						l.Countable, l.Why = false, "an entry of Targets is not known before deploy"
						continue
					}
					l.Targets = append(l.Targets, Target{Node: tg, Entry: e, Id: e.Get("Id"), AZ: e.Get("AvailabilityZone")})
				}
			default:
				l.Countable, l.Whole, l.Why = false, b, "Targets is one value known only at deploy time"
			}
			lists = append(lists, l)
		}
	}
	var atts []*graph.Node
	for _, e := range r.g.EdgesTo(tg.ID) {
		n := r.g.Node(e.From)
		if n != nil && n.Kind == graph.TargetAttachment && len(e.Path) > 0 && e.Path[0] == "TargetGroupArn" {
			atts = append(atts, n)
		}
	}
	sort.Slice(atts, func(i, j int) bool { return atts[i].ID < atts[j].ID })
	seen := map[graph.NodeID]bool{}
	for _, a := range atts {
		if seen[a.ID] {
			continue
		}
		seen[a.ID] = true
		for _, l := range lists {
			l.Targets = append(l.Targets, Target{Node: a, Entry: a.Props, Id: a.Prop("TargetId"), AZ: a.Prop("AvailabilityZone")})
			if ExpansionUnknown(a) {
				l.Countable, l.Why = false, "the count or for_each of "+a.Name+" is known only after apply"
			}
		}
	}
	return lists
}

// ExpansionUnknown reports whether a Terraform resource has a count or
// for_each that papilint could not expand: the loader then keeps it as one
// instance under the resource's own address, so the number of instances is
// not known.
func ExpansionUnknown(n *graph.Node) bool {
	if n.Format != graph.Terraform || strings.HasSuffix(n.Name, "]") {
		return false
	}
	// The block body is the first brace after the labels (HCL) or the
	// name key (JSON).
	text := n.Range.Text()
	if h, r := n.Header, n.Range; h.IsValid() && r.IsValid() && h.File == r.File &&
		h.End.Offset >= r.Start.Offset && h.End.Offset <= r.End.Offset {
		text = string(r.File.Content[h.End.Offset:r.End.Offset])
	}
	return hasMetaArgument(text)
}

// hasMetaArgument reports whether a resource block's source sets count or
// for_each at its top level (HCL native syntax or JSON): text starts before
// the block's opening brace.
func hasMetaArgument(text string) bool {
	depth := 0
	lineStart := true
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c == '\n':
			lineStart = true
			continue
		case c == ' ' || c == '\t' || c == '\r':
			continue
		case c == '#' || (c == '/' && i+1 < len(text) && text[i+1] == '/'):
			for i < len(text) && text[i] != '\n' {
				i++
			}
			lineStart = true
			continue
		case c == '/' && i+1 < len(text) && text[i+1] == '*':
			end := strings.Index(text[i+2:], "*/")
			if end < 0 {
				return false
			}
			i += end + 3
			continue
		case c == '{' || c == '[' || c == '(':
			depth++
		case c == '}' || c == ']' || c == ')':
			depth--
		case c == '"':
			j := i + 1
			for j < len(text) && text[j] != '"' {
				if text[j] == '\\' {
					j++
				}
				j++
			}
			if depth == 1 {
				key := text[i+1 : min(j, len(text))]
				if (key == "count" || key == "for_each") && followedBy(text[min(j+1, len(text)):], ':') {
					return true
				}
			}
			i = j
		case depth == 1 && lineStart && (strings.HasPrefix(text[i:], "count") || strings.HasPrefix(text[i:], "for_each")):
			word := "count"
			if strings.HasPrefix(text[i:], "for_each") {
				word = "for_each"
			}
			if followedBy(text[i+len(word):], '=') && !followedBy(text[i+len(word):], '=', '=') {
				return true
			}
		}
		lineStart = false
	}
	return false
}

// followedBy reports whether text starts, after blanks, with the runes.
func followedBy(text string, cs ...byte) bool {
	t := strings.TrimLeft(text, " \t")
	for _, c := range cs {
		if t == "" || t[0] != c {
			return false
		}
		t = t[1:]
	}
	return true
}

// ENICount returns the number of network interfaces an interface endpoint
// has, one per subnet in SubnetIds, per alternative. ok is false when the
// number of subnets is not known.
func ENICount(ep *graph.Node) (counts []int, ok bool) {
	v := ep.Prop("SubnetIds")
	if v.IsAbsent() {
		return nil, false
	}
	for _, b := range v.Branches() {
		if b == nil || b.Kind != graph.KindList {
			return nil, false
		}
		for _, e := range b.List {
			if e == nil || e.Kind == graph.KindChoice || e.Kind == graph.KindNull {
				return nil, false
			}
		}
		counts = append(counts, len(b.List))
	}
	return counts, true
}
