package pattern

import (
	"regexp"
	"strings"

	"github.com/papilint/papilint/internal/graph"
)

// Paths and URLs on a custom domain, for the stage-in-path check (PAPI065,
// pattern.md §5): the path patterns of the listener rules that forward to
// the endpoint, the URLs stack outputs build on the domain, and whether an
// API has a top-level resource of a given name.

// RulePaths is what a listener rule matches on and whether it rewrites.
type RulePaths struct {
	Rule *graph.Node
	// Paths are the path-pattern values (PathPatternConfig.Values, or the
	// legacy Values), each possibly undecided (Fn::If).
	Paths []*graph.Value
	// Hosts are the host-header values; empty when the rule has no
	// host-header condition.
	Hosts []*graph.Value
	// Rewrites is true when the rule rewrites the request (Transforms, a
	// Terraform transform block): paths then say nothing about what API
	// Gateway receives.
	Rewrites bool
	// Unreadable is true when the conditions cannot be read before deploy.
	Unreadable bool
}

// tfTransform finds a transform block in a Terraform listener rule's
// source (HCL or JSON); the loader does not translate it.
var tfTransform = regexp.MustCompile(`(?m)(^\s*transform\s*\{|"transform"\s*:)`)

// ListenerRulePaths reads a listener rule's conditions.
func ListenerRulePaths(rule *graph.Node) RulePaths {
	out := RulePaths{Rule: rule}
	if t := rule.Prop("Transforms"); !t.IsAbsent() && (t.Kind != graph.KindList || len(t.List) > 0) {
		out.Rewrites = true
	}
	if rule.Format == graph.Terraform && rule.Range.IsValid() && tfTransform.MatchString(rule.Range.Text()) {
		out.Rewrites = true
	}
	conds := rule.Prop("Conditions")
	if conds.IsAbsent() {
		return out
	}
	if conds.Kind != graph.KindList {
		out.Unreadable = true
		return out
	}
	for _, c := range conds.List {
		if c == nil || c.Kind != graph.KindMap {
			out.Unreadable = true
			continue
		}
		field, ok := c.Get("Field").String()
		if !ok {
			out.Unreadable = true
			continue
		}
		var cfg string
		switch strings.ToLower(field) {
		case "path-pattern":
			cfg = "PathPatternConfig"
		case "host-header":
			cfg = "HostHeaderConfig"
		default:
			continue
		}
		vals := c.Path(cfg, "Values")
		if vals == nil {
			vals = c.Get("Values")
		}
		var list []*graph.Value
		switch {
		case vals == nil:
		case vals.Kind == graph.KindList:
			list = vals.List
		default:
			list = []*graph.Value{vals}
			if _, ok := vals.String(); !ok {
				out.Unreadable = true
			}
		}
		if cfg == "PathPatternConfig" {
			out.Paths = append(out.Paths, list...)
		} else {
			out.Hosts = append(out.Hosts, list...)
			if len(list) == 0 {
				out.Unreadable = true
			}
		}
	}
	return out
}

// MatchesHost reports whether the rule's host-header condition admits
// host (ALB host patterns: case-insensitive, "*" any run of characters,
// "?" one character): true when the rule has no host condition; known is
// false when a host value cannot be read.
func (rp RulePaths) MatchesHost(host string) (match, known bool) {
	if len(rp.Hosts) == 0 {
		return true, !rp.Unreadable
	}
	for _, h := range rp.Hosts {
		for _, b := range h.Branches() {
			s, ok := b.String()
			if !ok {
				return false, false
			}
			if globMatch(strings.ToLower(s), normName(host)) {
				return true, true
			}
		}
	}
	return false, true
}

// globMatch matches an ALB host pattern.
func globMatch(pat, s string) bool {
	pat = strings.TrimSuffix(pat, ".")
	if pat == "" {
		return s == ""
	}
	switch pat[0] {
	case '*':
		for i := 0; i <= len(s); i++ {
			if globMatch(pat[1:], s[i:]) {
				return true
			}
		}
		return false
	case '?':
		return s != "" && globMatch(pat[1:], s[1:])
	}
	return s != "" && s[0] == pat[0] && globMatch(pat[1:], s[1:])
}

// DomainURL is a URL a stack output builds on a custom domain.
type DomainURL struct {
	Output *graph.Output
	// Path is the known text of the URL after the host (and port): "/",
	// "/v1/items", or "" when the URL ends at the host. It stops at a
	// query, a fragment, a blank or a quote.
	Path string
	// Truncated is true when a part that is not known before deploy
	// follows Path inside the URL.
	Truncated bool
}

// seg is a piece of an output value: known text, or a value that is not
// known before deploy.
type seg struct {
	text  string
	val   *graph.Value
	known bool
}

// segments flattens a string or Fn::Sub/Fn::Join value into pieces,
// merging adjacent known text.
func segments(v *graph.Value) []seg {
	var out []seg
	var add func(x *graph.Value)
	add = func(x *graph.Value) {
		if x == nil {
			return
		}
		if s, ok := x.String(); ok && (x.Kind == graph.KindString || x.Kind == graph.KindNumber) {
			if n := len(out); n > 0 && out[n-1].known {
				out[n-1].text += s
			} else {
				out = append(out, seg{text: s, known: true})
			}
			return
		}
		if x.Kind == graph.KindConcat {
			for _, p := range x.Parts {
				add(p)
			}
			return
		}
		out = append(out, seg{val: x})
	}
	add(v)
	return out
}

// outputStack is the stack an output belongs to: Terraform writes a child
// module's outputs as "<root>#<module address>".
func outputStack(o *graph.Output) string {
	if i := strings.IndexByte(o.Stack, '#'); i >= 0 && !strings.Contains(o.Stack[:i], ".yaml") {
		return o.Stack[:i]
	}
	return o.Stack
}

// URLsOn returns the URLs that outputs in stacks connected to the domain's
// build on the domain: "https://" (or "http://") followed by the domain's
// name, written out or referred to (Ref of the domain, Terraform's
// domain_name, the same parameter, a record set named for the domain).
func (r *Result) URLsOn(g *graph.Graph, d *CustomDomain) []DomainURL {
	var out []DomainURL
	for _, o := range r.idx(g).outputsIn[r.stacks.group(d.Node.Stack)] {
		st := outputStack(o)
		if !r.Connected(st, d.Node.Stack) {
			continue
		}
		segs := segments(o.Value)
		// The value as text, each unknown piece one private-use rune.
		var b strings.Builder
		for i, s := range segs {
			if s.known {
				b.WriteString(s.text)
			} else {
				b.WriteRune(placeholder + rune(i))
			}
		}
		text := b.String()
		lower := strings.ToLower(text)
		for off := 0; ; {
			k := strings.Index(lower[off:], "://")
			if k < 0 {
				break
			}
			k += off
			off = k + 3
			if !strings.HasSuffix(lower[:k], "http") && !strings.HasSuffix(lower[:k], "https") {
				continue
			}
			rest := text[k+3:]
			end := strings.IndexAny(rest, "/?# '\"")
			host := rest
			if end >= 0 {
				host = rest[:end]
				rest = rest[end:]
			} else {
				rest = ""
			}
			if i := strings.LastIndexByte(host, ':'); i >= 0 && strings.Trim(host[i+1:], "0123456789") == "" {
				host = host[:i] // a port
			}
			if !r.urlHostIs(g, host, segs, d, st == d.Node.Stack) {
				continue
			}
			u := DomainURL{Output: o}
			if cut := strings.IndexAny(rest, "?# '\""); cut >= 0 {
				rest = rest[:cut]
			}
			if i := strings.IndexFunc(rest, isPlaceholder); i >= 0 {
				rest, u.Truncated = rest[:i], true
			}
			u.Path = rest
			out = append(out, u)
		}
	}
	return out
}

// placeholder starts the private-use runes that stand for unknown pieces.
const placeholder = 0xF0000

func isPlaceholder(c rune) bool { return c >= placeholder }

// urlHostIs reports whether a URL's host (written text, or one unknown
// piece) is the domain's name.
func (r *Result) urlHostIs(g *graph.Graph, host string, segs []seg, d *CustomDomain, sameStack bool) bool {
	if host == "" {
		return false
	}
	if i := strings.IndexFunc(host, isPlaceholder); i >= 0 {
		rs := []rune(host)
		if len(rs) != 1 {
			return false // partly written, partly unknown
		}
		return r.hostIs(g, segs[rs[0]-placeholder].val, d, sameStack)
	}
	return d.Name.IsKnown() && literalHostIs(host, d)
}

// literalHostIs compares a written host with the domain's known name.
func literalHostIs(host string, d *CustomDomain) bool {
	for _, b := range d.Name.Branches() {
		s, ok := b.String()
		if !ok || normName(s) != normName(host) {
			return false
		}
	}
	return true
}

// hostIs reports whether an unknown URL part is the domain's name.
func (r *Result) hostIs(g *graph.Graph, v *graph.Value, d *CustomDomain, sameStack bool) bool {
	if NameIs(v, d, sameStack) {
		return true
	}
	// Ref of a record set returns its name.
	if n := g.Resolve(v); n != nil && n.Kind == graph.DNSRecord && v.Ref.Attr == "Ref" {
		return NameIs(n.Prop("Name"), d, n.Stack == d.Node.Stack)
	}
	return false
}

// TopLevelResource says whether a REST API has a resource named seg right
// under its root (/seg): an AWS::ApiGateway::Resource (aws_api_gateway_resource)
// with that PathPart whose parent is the root, a path of its OpenAPI body,
// or the path of a SAM function's Api event on it. known is false when the
// API's resources cannot all be read (a body held elsewhere, a PathPart or
// a parent that is not known before deploy).
func TopLevelResource(g *graph.Graph, api *graph.Node, seg string) (has, known bool) {
	known = true
	if !api.Prop("BodyS3Location").IsAbsent() || !api.Prop("DefinitionUri").IsAbsent() {
		known = false
	}
	for _, prop := range []string{"Body", "DefinitionBody"} {
		body := api.Prop(prop)
		if body.IsAbsent() {
			continue
		}
		paths := body.Get("paths")
		if body.Kind != graph.KindMap || (paths != nil && paths.Kind != graph.KindMap) {
			known = false
			continue
		}
		if paths != nil {
			for _, f := range paths.Fields {
				if pathUnder(f.Key, seg) {
					return true, true
				}
			}
		}
	}
	for _, e := range g.EdgesTo(api.ID) {
		n := g.Node(e.From)
		if n == nil {
			continue
		}
		switch {
		case n.Kind == graph.APIResource && len(e.Path) == 1 && e.Path[0] == "RestApiId":
			parent := n.Prop("ParentId")
			sure := graph.RefersTo(parent, api.ID, "RootResourceId")
			if !sure {
				if p := g.Resolve(parent); p != nil && p.Kind == graph.APIResource {
					continue // under another resource
				}
				// A parent papilint cannot see may be the root.
			}
			s, ok := n.Prop("PathPart").String()
			switch {
			case !ok:
				known = false
			case s == seg && sure:
				return true, true
			case s == seg:
				known = false
			}
		case n.Type == "AWS::Serverless::Function" || n.Type == "AWS::Serverless::StateMachine":
			if len(e.Path) < 4 || e.Path[0] != "Events" || e.Path[2] != "Properties" || e.Path[3] != "RestApiId" {
				continue
			}
			p := n.Prop("Events", e.Path[1], "Properties", "Path")
			s, ok := p.String()
			switch {
			case !ok:
				known = false
			case pathUnder(s, seg):
				return true, true
			}
		}
	}
	return false, known
}

// pathUnder reports whether an API path is /seg or under it.
func pathUnder(path, seg string) bool {
	return path == "/"+seg || strings.HasPrefix(path, "/"+seg+"/")
}

// KnownText returns the text of a string or Fn::Sub/Fn::Join value with
// each piece that is not known before deploy written as unknown.
func KnownText(v *graph.Value, unknown string) string {
	var b strings.Builder
	for _, s := range segments(v) {
		if s.known {
			b.WriteString(s.text)
		} else {
			b.WriteString(unknown)
		}
	}
	return b.String()
}
