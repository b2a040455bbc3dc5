package opa

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Problem is one thing wrong with a policy, at a place in its file.
type Problem struct {
	File    string
	Line    int // 0 when unknown
	Col     int
	Code    string // OPA's error code (rego_parse_error, rego_type_error, ...) or "papilint_policy_error"
	Message string
}

func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
		if p.Col > 0 {
			fmt.Fprintf(&b, ":%d", p.Col)
		}
	}
	b.WriteString(": ")
	if p.Code != "" {
		b.WriteString(p.Code + ": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// Error is a set of policies that could not be loaded: parse, type and
// metadata errors, each with its file, line and column.
type Error struct {
	Problems []Problem
}

func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	if len(lines) == 1 {
		return "policy error: " + lines[0]
	}
	return fmt.Sprintf("%d policy errors:\n  %s", len(lines), strings.Join(lines, "\n  "))
}

// locErr is a papilint problem at an OPA location.
func locErr(file string, loc *ast.Location, msg string) *Error {
	p := Problem{File: file, Code: "papilint_policy_error", Message: msg}
	if loc != nil {
		p.Line, p.Col = loc.Row, loc.Col
		if loc.File != "" {
			p.File = loc.File
		}
	}
	return &Error{Problems: []Problem{p}}
}

// fromOPA converts the errors OPA's parser and compiler return.
func fromOPA(err error, file string) *Error {
	var errs ast.Errors
	if errors.As(err, &errs) {
		out := &Error{}
		for _, e := range errs {
			p := Problem{File: file, Code: e.Code, Message: explainUndefinedFunction(e.Message)}
			if e.Location != nil {
				p.Line, p.Col = e.Location.Row, max(e.Location.Col, 1)
				if e.Location.File != "" {
					p.File = e.Location.File
				}
			}
			out.Problems = append(out.Problems, p)
		}
		sortProblems(out.Problems)
		return out
	}
	var one *ast.Error
	if errors.As(err, &one) {
		return fromOPA(ast.Errors{one}, file)
	}
	return &Error{Problems: []Problem{{File: file, Message: err.Error()}}}
}

func sortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].File != ps[j].File {
			return ps[i].File < ps[j].File
		}
		if ps[i].Line != ps[j].Line {
			return ps[i].Line < ps[j].Line
		}
		return ps[i].Col < ps[j].Col
	})
}

// merge joins policy errors.
func merge(errs []*Error) error {
	if len(errs) == 0 {
		return nil
	}
	out := &Error{}
	for _, e := range errs {
		out.Problems = append(out.Problems, e.Problems...)
	}
	sortProblems(out.Problems)
	return out
}

// TimeoutError is a policy that did not finish within its share of the
// scan's evaluation time. The driver turns it into a notification with the
// code "papilint-policy-timeout"; the other rules still run.
type TimeoutError struct {
	Rule   string
	File   string
	Limit  time.Duration // what this policy was given
	Budget time.Duration // what the whole set of policies was given
}

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("evaluating %s stopped after %s, its share of the scan's %s policy time limit; its findings are missing",
		e.File, round(e.Limit), round(e.Budget))
}

// NotificationCode names the notification the driver reports.
func (e *TimeoutError) NotificationCode() string { return "papilint-policy-timeout" }

func round(d time.Duration) time.Duration {
	switch {
	case d >= time.Second:
		return d.Round(100 * time.Millisecond)
	case d >= time.Millisecond:
		return d.Round(time.Millisecond)
	}
	return d
}
