// Package trace predicts what one HTTP request gets from a private API
// pattern, from the resource graph alone: it follows the request hop by hop
// (DNS record, load balancer, listener, listener rule, target group,
// targets, execute-api endpoint, custom domain, base path mapping, stage,
// API, resource, method, resource policy) and ends with the outcome in
// AWS's own words (pattern.md §4), or with "unknown" naming the value that
// decides it.
//
// Run is a function of a graph, so the same trace runs on a graph loaded
// from files (papilint trace) and on one read from a live account.
package trace

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/model/netpath"
	"github.com/papilint/papilint/internal/model/pattern"
	"github.com/papilint/papilint/internal/requestpath"
	"github.com/papilint/papilint/internal/source"
)

// Request is the call to trace.
type Request struct {
	Method string // upper case
	URL    string // as given
	Scheme string // https or http
	Host   string // lower case, without a trailing dot
	Port   int
	Path   string // starts with "/", without query or fragment
}

// ParseRequest checks and splits a method and an absolute http(s) URL.
func ParseRequest(method, raw string) (Request, error) {
	m := strings.ToUpper(strings.TrimSpace(method))
	if m == "" {
		m = "GET"
	}
	for _, c := range m {
		if c < 'A' || c > 'Z' {
			return Request{}, fmt.Errorf("method %q is not an HTTP method", method)
		}
	}
	u, err := url.Parse(raw)
	if err != nil {
		return Request{}, fmt.Errorf("URL %q: %v", raw, err)
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "https" && scheme != "http" {
		return Request{}, fmt.Errorf("URL %q: want an absolute https:// or http:// URL", raw)
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if host == "" {
		return Request{}, fmt.Errorf("URL %q has no host", raw)
	}
	port := 443
	if scheme == "http" {
		port = 80
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return Request{}, fmt.Errorf("URL %q: port %q is not a TCP port", raw, p)
		}
		port = n
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	return Request{Method: m, URL: raw, Scheme: scheme, Host: host, Port: port, Path: path}, nil
}

// Verdict is what one hop does to the request.
type Verdict string

const (
	OK      Verdict = "ok"      // the hop passes the request on
	Fails   Verdict = "fails"   // the hop ends the request with the outcome
	Unknown Verdict = "unknown" // what the hop does depends on a value not known before deploy
	Note    Verdict = "note"    // the hop passes the request on, with something worth knowing
)

// Role names a hop. The roles the request path view (requestpath) shares
// are its; the others are the steps inside API Gateway.
type Role = requestpath.Role

const (
	Targets         Role = "targets"
	DefaultEndpoint Role = "default-endpoint"
	Resource        Role = "resource"
	Method          Role = "method"
	Policy          Role = "resource-policy"
)

// Label is the role as people read it.
func Label(r Role) string {
	switch r {
	case Targets:
		return "targets"
	case DefaultEndpoint:
		return "default execute-api endpoint"
	case Resource:
		return "API resource"
	case Method:
		return "method"
	case Policy:
		return "resource policy"
	}
	return r.Label()
}

// Hop is one step of the trace.
type Hop struct {
	Role    Role
	Verdict Verdict
	// Node is the resource that decides the hop; nil when none does (a
	// resource the scan does not contain).
	Node *graph.Node
	// At is where the deciding value (or the resource) is written.
	At source.Range
	// Explanation says what the hop does, in a sentence.
	Explanation string
}

// OutcomeKind classifies the outcome.
type OutcomeKind string

const (
	// Success: the request reaches the integration.
	Success OutcomeKind = "success"
	// ErrorResponse: the client gets an error status (from API Gateway or
	// the load balancer).
	ErrorResponse OutcomeKind = "error-response"
	// ClientError: no HTTP response: the TLS handshake or the connection
	// fails at the client.
	ClientError OutcomeKind = "client-error"
	// DeployFailure: the stack would not deploy as written.
	DeployFailure OutcomeKind = "deploy-failure"
	// Undecided: the outcome depends on a value papilint cannot know.
	Undecided OutcomeKind = "unknown"
)

// Outcome is the predicted result.
type Outcome struct {
	Kind OutcomeKind
	// Status is the HTTP status; 0 when there is none or it is not known.
	Status int
	// Body is what the client sees, in AWS's words: the response body, the
	// client's TLS error, or the deploy error.
	Body string
	// Summary explains the outcome in a sentence.
	Summary string
	// Hop is the index of the deciding hop in Result.Hops; -1 when none.
	Hop int
	// Then, for an unknown outcome, is the first failure met further on
	// (what the request gets if the unknown value turns out right); empty
	// when none.
	Then string
}

// Result is a trace.
type Result struct {
	Request Request
	Hops    []Hop
	Outcome Outcome
}

// tracer accumulates one trace.
type tracer struct {
	g   *graph.Graph
	m   *pattern.Result
	np  *netpath.Result
	req Request
	res Result
	// decided is set by the first hop that fails or is unknown; after a
	// failure the trace stops.
	decided bool
	stopped bool
	// lb is the load balancer the request goes through (nil before that
	// hop, or for a default-endpoint URL).
	lb *graph.Node
	// mappedStage is the stage the base path mapping selects ("" when the
	// path names it).
	mappedStage string
}

// Run traces req through g.
func Run(g *graph.Graph, req Request) Result {
	t := &tracer{g: g, m: pattern.Detect(g), np: netpath.New(g), req: req}
	t.res.Request = req
	t.res.Outcome.Hop = -1
	if isDefaultEndpoint(req.Host) {
		t.defaultEndpoint()
	} else {
		t.customDomain()
	}
	if !t.decided {
		t.res.Outcome = Outcome{Kind: Undecided, Hop: -1, Summary: "the trace ended without reaching the API"}
	}
	return t.res
}

// at is where to point for a value of a node: the value's range when it
// is written in the node's file, else the node's header.
func at(n *graph.Node, v *graph.Value) source.Range {
	if v != nil && v.Range.IsValid() {
		return v.Range
	}
	if n != nil {
		return n.Header
	}
	return source.Range{}
}

// hop records a hop and, for the first failing or unknown one, the outcome.
func (t *tracer) hop(role Role, verdict Verdict, n *graph.Node, where source.Range, expl string, out *Outcome) {
	if t.stopped {
		return
	}
	if !where.IsValid() && n != nil {
		where = n.Header
	}
	t.res.Hops = append(t.res.Hops, Hop{Role: role, Verdict: verdict, Node: n, At: where, Explanation: expl})
	idx := len(t.res.Hops) - 1
	switch verdict {
	case Fails:
		if !t.decided {
			o := *out
			o.Hop = idx
			t.res.Outcome = o
			t.decided = true
		} else if t.res.Outcome.Kind == Undecided && t.res.Outcome.Then == "" {
			t.res.Outcome.Then = out.Text()
		}
		t.stopped = true
	case Unknown:
		if !t.decided {
			t.res.Outcome = Outcome{Kind: Undecided, Hop: idx, Summary: expl}
			t.decided = true
		}
	}
}

func (t *tracer) ok(role Role, n *graph.Node, where source.Range, format string, args ...any) {
	t.hop(role, OK, n, where, fmt.Sprintf(format, args...), nil)
}

func (t *tracer) note(role Role, n *graph.Node, where source.Range, format string, args ...any) {
	t.hop(role, Note, n, where, fmt.Sprintf(format, args...), nil)
}

func (t *tracer) unknown(role Role, n *graph.Node, where source.Range, format string, args ...any) {
	t.hop(role, Unknown, n, where, fmt.Sprintf(format, args...), nil)
}

func (t *tracer) fail(role Role, n *graph.Node, where source.Range, out Outcome, format string, args ...any) {
	t.hop(role, Fails, n, where, fmt.Sprintf(format, args...), &out)
}

// Text renders an outcome in one line.
func (o Outcome) Text() string {
	switch o.Kind {
	case Undecided:
		return "unknown: " + o.Summary
	case DeployFailure:
		return "deploy fails: " + o.Body
	case ClientError:
		return o.Body
	}
	s := ""
	if o.Status != 0 {
		s = strconv.Itoa(o.Status)
	}
	if o.Body != "" {
		if s != "" {
			s += " "
		}
		s += o.Body
	}
	if s == "" {
		s = o.Summary
	}
	return s
}

// Success reports whether the predicted outcome is a success.
func (r Result) Success() bool { return r.Outcome.Kind == Success }

// describe names a value that is not known, for "unknown" hops: the
// parameter or variable without a value, the deploy-time attribute, or the
// loader's reason.
func describe(v *graph.Value) string {
	if v == nil {
		return "a value that is not set"
	}
	for _, b := range v.Branches() {
		if b != nil && b.Kind == graph.KindChoice {
			continue
		}
		if b != nil && b.Param != "" && !b.IsKnown() {
			return "parameter/variable " + b.Param + " (it has no value)"
		}
	}
	if v.Kind == graph.KindChoice {
		return "the condition of " + v.Display() + " (not decidable before deploy)"
	}
	if v.Ref != nil && !v.IsKnown() {
		return v.Ref.String() + ", known only after deploy"
	}
	if v.Param != "" {
		return "parameter/variable " + v.Param
	}
	if v.Reason != "" {
		return v.Display() + " (" + v.Reason + ")"
	}
	return v.Display()
}

// fromDefault says "(from the default of X)" when a value rests on a
// parameter or variable default.
func fromDefault(vs ...*graph.Value) string {
	for _, v := range vs {
		if v != nil && v.Prov == graph.Default && v.Param != "" {
			return " (from the default of " + v.Param + ")"
		}
	}
	return ""
}

// Message bodies, as API Gateway writes them (pattern.md §4).
const (
	bodyForbidden    = `{"message":"Forbidden"}`
	bodyMissingToken = `{"message":"Missing Authentication Token"}`
)

func forbidden(summary string) Outcome {
	return Outcome{Kind: ErrorResponse, Status: 403, Body: bodyForbidden, Summary: summary}
}

func missingToken(summary string) Outcome {
	return Outcome{Kind: ErrorResponse, Status: 403, Body: bodyMissingToken, Summary: summary}
}
