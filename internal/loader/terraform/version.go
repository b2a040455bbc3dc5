package terraform

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Version constraints as Terraform and OpenTofu write them
// (required_version, compatible_with): comma-separated terms, each an
// optional operator (=, !=, >, >=, <, <=, ~>) and a version of one or more
// dot-separated numbers with an optional pre-release and build suffix.
// papilint knows no running Terraform, so it only checks the syntax and
// whether any release could satisfy the constraint at all.

// versionTerm is one term of a constraint.
type versionTerm struct {
	op   string
	segs []int64 // as written: "1.2" has two
}

var versionTermRe = regexp.MustCompile(`^\s*(=|!=|>=|<=|>|<|~>)?\s*v?(\d+(?:\.\d+)*)(?:-?[0-9A-Za-z~-]+(?:\.[0-9A-Za-z~-]+)*)?(?:\+[0-9A-Za-z~-]+(?:\.[0-9A-Za-z~-]+)*)?\s*$`)

// parseConstraint parses a version constraint; the error says which term
// is malformed.
func parseConstraint(s string) ([]versionTerm, error) {
	var out []versionTerm
	for _, part := range strings.Split(s, ",") {
		m := versionTermRe.FindStringSubmatch(part)
		if m == nil {
			return nil, fmt.Errorf("%q is not a version constraint (write an operator such as >=, ~> or != and a version such as 1.5.0)", strings.TrimSpace(part))
		}
		t := versionTerm{op: m[1]}
		for _, d := range strings.Split(m[2], ".") {
			n, err := strconv.ParseInt(d, 10, 64)
			if err != nil || n > 1<<40 {
				return nil, fmt.Errorf("%q has a version number out of range", strings.TrimSpace(part))
			}
			t.segs = append(t.segs, n)
		}
		out = append(out, t)
	}
	return out, nil
}

// cmpVersion compares two versions segment by segment, missing segments
// counting as zero.
func cmpVersion(a, b []int64) int {
	for i := 0; i < len(a) || i < len(b); i++ {
		var x, y int64
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
	}
	return 0
}

// admits reports whether release version v satisfies every term.
func admits(terms []versionTerm, v []int64) bool {
	for _, t := range terms {
		c := cmpVersion(v, t.segs)
		ok := true
		switch t.op {
		case "", "=":
			ok = c == 0
		case "!=":
			ok = c != 0
		case ">":
			ok = c > 0
		case ">=":
			ok = c >= 0
		case "<":
			ok = c < 0
		case "<=":
			ok = c <= 0
		case "~>":
			ok = c >= 0 && cmpVersion(v, pessimisticLimit(t.segs)) < 0
		}
		if !ok {
			return false
		}
	}
	return true
}

// pessimisticLimit is the first version ~> v excludes: the segment before
// the last one written goes up by one (~> 1.2 allows 1.x from 1.2, ~> 1.2.3
// allows 1.2.x from 1.2.3; ~> 1 allows 1.x).
func pessimisticLimit(v []int64) []int64 {
	i := len(v) - 2
	if i < 0 {
		i = 0
	}
	out := make([]int64, i+1)
	copy(out, v[:i+1])
	out[i]++
	return out
}

// admitsAnyBelow reports whether some release version lower than limit
// satisfies the constraint. Satisfying sets are unions of intervals whose
// ends are the versions written in the constraint, so it is enough to try
// zero, each written version, and each written version with one of its
// segments raised by one (the rest zeroed).
func admitsAnyBelow(terms []versionTerm, limit []int64) bool {
	width := 3
	for _, t := range terms {
		if len(t.segs) > width {
			width = len(t.segs)
		}
	}
	cands := [][]int64{make([]int64, width)}
	for _, t := range terms {
		v := make([]int64, width)
		copy(v, t.segs)
		cands = append(cands, v)
		for i := range v {
			u := make([]int64, width)
			copy(u, v[:i])
			u[i] = v[i] + 1
			cands = append(cands, u)
		}
	}
	for _, c := range cands {
		if cmpVersion(c, limit) < 0 && admits(terms, c) {
			return true
		}
	}
	return false
}
