// Package analysis defines what a papilint rule is and how it reports, in the
// style of golang.org/x/tools/go/analysis: a rule is a plain value with an ID,
// a name, structured documentation and a Run function; the Pass is its only
// channel to the graph and to the report.
package analysis

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/papilint/papilint/internal/graph"
	"github.com/papilint/papilint/internal/source"
)

// Severity is a finding's level. The zero value is deliberately invalid.
type Severity uint8

const (
	Note Severity = iota + 1
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Note:
		return "note"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "invalid"
}

// ParseSeverity reads "error", "warning" or "note".
func ParseSeverity(s string) (Severity, bool) {
	switch strings.ToLower(s) {
	case "error":
		return Error, true
	case "warning":
		return Warning, true
	case "note":
		return Note, true
	}
	return 0, false
}

// Engine says how a rule is implemented.
type Engine string

const (
	EngineGo   Engine = "go"
	EngineRego Engine = "rego"
)

// Analyzer is one rule (when it has an ID) or a helper model that computes a
// shared result for rules (when it has none and reports nothing).
type Analyzer struct {
	ID       string // "PAPI001"; never reused
	Name     string // kebab-case, "rest-api-not-private"
	Doc      *Doc
	Severity Severity // default level
	Engine   Engine
	// Formats the rule supports; empty means every format.
	Formats []graph.Format
	// DefaultOff marks an opinionated rule (advice rather than a defect)
	// that runs only when the configuration enables it.
	DefaultOff bool
	Requires   []*Analyzer
	Run        func(*Pass) (any, error)
}

// IsRule reports whether the analyzer is a rule (it has an ID) rather than a
// helper model.
func (a *Analyzer) IsRule() bool { return a.ID != "" }

func (a *Analyzer) String() string {
	if a.ID != "" {
		return a.ID
	}
	return a.Name
}

// Pass is everything a rule sees during one run.
type Pass struct {
	Analyzer *Analyzer
	Graph    *graph.Graph
	ResultOf map[*Analyzer]any
	// Report records a diagnostic. It is the only way a rule produces output.
	Report func(Diagnostic)
}

// Related is a secondary location of a finding.
type Related struct {
	Range   source.Range
	Message string
}

// Diagnostic is one finding as a rule reports it. The driver adds the rule
// ID and the final level.
type Diagnostic struct {
	// Range is tight: exactly the value, key or header at fault.
	Range   source.Range
	Message string
	// Severity overrides the rule's default when non-zero (a value from a
	// parameter default is reported at most as a warning, for example).
	Severity Severity
	// Resource is the resource the finding is about.
	Resource *graph.Node
	Related  []Related
}

// Reportf reports a finding on a resource at a range.
func (p *Pass) Reportf(n *graph.Node, r source.Range, format string, args ...any) {
	p.Report(Diagnostic{Range: r, Message: fmt.Sprintf(format, args...), Resource: n})
}

// At returns the range to report a value at: the value's own range when it
// is written in the resource's file, otherwise the resource header. Values
// that come from parameter defaults are reported where they are used.
func At(n *graph.Node, v *graph.Value) source.Range {
	if v != nil && v.Range.IsValid() {
		return v.Range
	}
	return n.Header
}

// AtPath returns the range to report the property at path (map keys and
// list indexes, as Value.Path takes them) and the value found there: the
// value's range as At gives it, or the resource header when the property is
// absent or the path is empty (the resource itself). Rego findings name a
// path; this is how it becomes a range.
func AtPath(n *graph.Node, path ...string) (source.Range, *graph.Value) {
	if len(path) == 0 {
		return n.Header, nil
	}
	v := n.Prop(path...)
	return At(n, v), v
}

var (
	idPattern   = regexp.MustCompile(`^PAPI[0-9]{3}$`)
	namePattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

// Validate checks a set of analyzers: IDs and names well formed and unique,
// rules documented, requirements acyclic.
func Validate(all []*Analyzer) error {
	ids := map[string]bool{}
	names := map[string]bool{}
	for _, a := range all {
		if a.Run == nil {
			return fmt.Errorf("analyzer %s has no Run", a)
		}
		if a.IsRule() {
			if !idPattern.MatchString(a.ID) {
				return fmt.Errorf("rule ID %q is not PAPI followed by three digits", a.ID)
			}
			if ids[a.ID] {
				return fmt.Errorf("rule ID %s registered twice", a.ID)
			}
			ids[a.ID] = true
			if a.Severity == 0 {
				return fmt.Errorf("rule %s has no severity", a.ID)
			}
			if a.Doc == nil {
				return fmt.Errorf("rule %s has no documentation", a.ID)
			}
			if err := a.Doc.validate(); err != nil {
				return fmt.Errorf("rule %s: %w", a.ID, err)
			}
			if a.Engine == "" {
				return fmt.Errorf("rule %s has no engine", a.ID)
			}
		}
		if !namePattern.MatchString(a.Name) {
			return fmt.Errorf("analyzer %s: name %q is not kebab-case", a, a.Name)
		}
		if names[a.Name] {
			return fmt.Errorf("analyzer name %q used twice", a.Name)
		}
		names[a.Name] = true
	}
	state := map[*Analyzer]int{}
	var visit func(a *Analyzer) error
	visit = func(a *Analyzer) error {
		switch state[a] {
		case 1:
			return fmt.Errorf("analyzer %s requires itself", a)
		case 2:
			return nil
		}
		state[a] = 1
		for _, r := range a.Requires {
			if r.IsRule() {
				return fmt.Errorf("analyzer %s requires rule %s; only helper models may be required", a, r)
			}
			if err := visit(r); err != nil {
				return err
			}
		}
		state[a] = 2
		return nil
	}
	for _, a := range all {
		if err := visit(a); err != nil {
			return err
		}
	}
	return nil
}

// FromDefault returns the name of the parameter or variable whose default
// supplied one of the values, or "". RULES.md: a finding that rests on a
// default fires at most as a warning and names the parameter.
func FromDefault(vals ...*graph.Value) string {
	name := ""
	for _, v := range vals {
		v.Walk(func(x *graph.Value) {
			if name == "" && x.Prov == graph.Default {
				name = x.Param
				if name == "" {
					name = "a default"
				}
			}
		})
	}
	return name
}

// DefaultRelated returns a related location for the parameter default a
// value came from, for the finding's secondary locations.
func DefaultRelated(vals ...*graph.Value) []Related {
	var out []Related
	for _, v := range vals {
		v.Walk(func(x *graph.Value) {
			if len(out) == 0 && x.Prov == graph.Default && x.Origin.IsValid() {
				msg := "the value comes from this default"
				if x.Param != "" {
					msg = "the value comes from the default of parameter " + x.Param
				}
				out = append(out, Related{Range: x.Origin, Message: msg})
			}
		})
	}
	return out
}

// CapAtWarning lowers an error to a warning.
func CapAtWarning(s Severity) Severity {
	if s > Warning {
		return Warning
	}
	return s
}

// Quote renders a resource name for messages.
func Quote(s string) string { return `"` + s + `"` }
