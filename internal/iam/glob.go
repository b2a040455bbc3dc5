package iam

import (
	"encoding/binary"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// This file holds the small wildcard engine behind action, resource and
// StringLike matching. IAM wildcards are "*" (any run of characters, "/"
// included) and "?" (any one character). Patterns are compiled to token lists
// and read as nondeterministic automata; questions about whole sets of
// strings ("does this Deny cover every request under stage prod?") are
// answered by exploring the product of such automata. Patterns in policies
// are short, so the exploration is cheap.

// mark stands for an unknown part of a string (a reference inside an Fn::Sub
// text) in the texts the matcher works on. It never occurs in real policy
// text.
const mark = '\x00'

type tokKind uint8

const (
	tLit     tokKind = iota // the byte c
	tOne                    // "?": any one byte
	tStar                   // "*": any run of bytes, "/" included
	tSegOne                 // one byte other than "/"
	tSegStar                // any run of bytes other than "/"
)

type tok struct {
	kind tokKind
	c    byte
}

// loops reports whether the token matches a run (possibly empty) of bytes.
func (t tok) loops() bool { return t.kind == tStar || t.kind == tSegStar }

func (t tok) accepts(c byte) bool {
	switch t.kind {
	case tLit:
		return c == t.c
	case tOne, tStar:
		return true
	}
	return c != '/'
}

// glob is a compiled pattern.
type glob []tok

// compile turns an IAM wildcard pattern into a glob. An unknown part (mark)
// may be anything, so it compiles to "*": the result matches at least every
// string the real value could match.
func compile(pattern string) glob {
	g := make(glob, 0, len(pattern))
	for i := 0; i < len(pattern); i++ {
		switch c := pattern[i]; c {
		case '*', mark:
			g = append(g, tok{kind: tStar})
		case '?':
			g = append(g, tok{kind: tOne})
		default:
			g = append(g, tok{kind: tLit, c: c})
		}
	}
	return g
}

// literal is the glob matching exactly s.
func literal(s string) glob {
	g := make(glob, len(s))
	for i := 0; i < len(s); i++ {
		g[i] = tok{kind: tLit, c: s[i]}
	}
	return g
}

// requestGlob is the set of request resources a Request stands for: one
// call when its method is set, every call under its stage otherwise.
func requestGlob(req Request) glob {
	if req.Method != "" && req.Stage != "" {
		return literal(req.Stage + "/" + req.Method + "/" + strings.TrimPrefix(req.Path, "/"))
	}
	return stageRequests(req.Stage)
}

// stageRequests is the set of request resources under a stage, as they
// appear after the API id in an execute-api ARN: "<stage>/<METHOD>/<path>",
// the path possibly empty. An empty stage means any stage.
func stageRequests(stage string) glob {
	var g glob
	if stage == "" {
		g = glob{{kind: tSegOne}, {kind: tSegStar}}
	} else {
		g = literal(stage)
	}
	return append(g, tok{kind: tLit, c: '/'}, tok{kind: tSegOne}, tok{kind: tSegStar},
		tok{kind: tLit, c: '/'}, tok{kind: tStar})
}

// machine runs a union of globs as one automaton. A state is an index into
// toks; each glob's tokens are followed by an accepting end state.
type machine struct {
	toks   []tok
	end    []bool
	starts []int
}

func newMachine(gs ...glob) *machine {
	m := &machine{}
	for _, g := range gs {
		m.starts = append(m.starts, len(m.toks))
		for _, t := range g {
			m.toks = append(m.toks, t)
			m.end = append(m.end, false)
		}
		m.toks = append(m.toks, tok{})
		m.end = append(m.end, true)
	}
	return m
}

// closure adds the states reachable without reading anything (past tokens
// that may match the empty run) and sorts the set.
func (m *machine) closure(states []int) []int {
	seen := map[int]bool{}
	var out []int
	for _, s := range states {
		for !seen[s] {
			seen[s] = true
			out = append(out, s)
			if m.end[s] || !m.toks[s].loops() {
				break
			}
			s++
		}
	}
	sort.Ints(out)
	return out
}

func (m *machine) step(states []int, c byte) []int {
	var next []int
	for _, s := range states {
		if m.end[s] || !m.toks[s].accepts(c) {
			continue
		}
		if m.toks[s].loops() {
			next = append(next, s)
		} else {
			next = append(next, s+1)
		}
	}
	return m.closure(next)
}

func (m *machine) accepting(states []int) bool {
	for _, s := range states {
		if m.end[s] {
			return true
		}
	}
	return false
}

// alphabet returns one representative of every class of bytes the globs
// tell apart: each literal byte, "/", and one byte none of them names.
func alphabet(gs []glob) []byte {
	var used [256]bool
	used['/'] = true
	for _, g := range gs {
		for _, t := range g {
			if t.kind == tLit {
				used[t.c] = true
			}
		}
	}
	var out []byte
	other := -1
	for c := 1; c < 256; c++ {
		if used[c] {
			out = append(out, byte(c))
		} else if other < 0 {
			other = c
		}
	}
	if other > 0 {
		out = append(out, byte(other))
	}
	return out
}

// covered reports whether every string matched by all of inter is matched
// by at least one of union. With an empty union it reports whether no string
// is matched by all of inter.
func covered(inter []glob, union []glob) bool {
	key := coverKey(inter, union)
	coverMu.Lock()
	r, ok := coverMemo[key]
	coverMu.Unlock()
	if ok {
		return r
	}
	r = coveredUncached(inter, union)
	coverMu.Lock()
	if len(coverMemo) >= maxCoverMemo {
		clear(coverMemo)
	}
	coverMemo[key] = r
	coverMu.Unlock()
	return r
}

// covered is a pure function of its globs and is asked the same questions
// many times in a scan (every statement against every request, every
// resource against every policy), so its answers are remembered, up to
// maxCoverMemo of them.
var (
	coverMu   sync.Mutex
	coverMemo = map[string]bool{}
)

const maxCoverMemo = 1 << 16

// coverKey encodes the arguments of covered unambiguously: each glob as its
// length and its tokens (kind, byte), the two lists separated by their
// lengths.
func coverKey(inter, union []glob) string {
	n := 8
	for _, l := range [2][]glob{inter, union} {
		for _, g := range l {
			n += 4 + 2*len(g)
		}
	}
	b := make([]byte, 0, n)
	for _, l := range [2][]glob{inter, union} {
		b = binary.LittleEndian.AppendUint32(b, uint32(len(l)))
		for _, g := range l {
			b = binary.LittleEndian.AppendUint32(b, uint32(len(g)))
			for _, t := range g {
				b = append(b, byte(t.kind), t.c)
			}
		}
	}
	return string(b)
}

func coveredUncached(inter []glob, union []glob) bool {
	small := make([]*machine, len(inter))
	for i, g := range inter {
		small[i] = newMachine(g)
	}
	big := newMachine(union...)
	sigma := alphabet(append(append([]glob(nil), inter...), union...))

	type node struct {
		small [][]int
		big   []int
	}
	start := node{big: big.closure(big.starts)}
	for _, m := range small {
		start.small = append(start.small, m.closure(m.starts))
	}
	seen := map[string]bool{}
	queue := []node{start}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		key := fmt.Sprint(n.small, n.big)
		if seen[key] {
			continue
		}
		seen[key] = true
		all := true
		dead := false
		for i, m := range small {
			if len(n.small[i]) == 0 {
				dead = true
				break
			}
			if !m.accepting(n.small[i]) {
				all = false
			}
		}
		if dead {
			continue
		}
		if all && !big.accepting(n.big) {
			return false
		}
		for _, c := range sigma {
			next := node{big: big.step(n.big, c)}
			for i, m := range small {
				next.small = append(next.small, m.step(n.small[i], c))
			}
			queue = append(queue, next)
		}
	}
	return true
}

// overlaps reports whether some string matches a and at least one of union.
func overlaps(a glob, union []glob) bool {
	for _, g := range union {
		if !covered([]glob{a, g}, nil) {
			return true
		}
	}
	return false
}

// match reports whether the IAM wildcard pattern matches s.
func match(pattern, s string) bool {
	return overlaps(literal(s), []glob{compile(pattern)})
}

// hasWildcard reports whether a pattern uses "*" or "?".
func hasWildcard(s string) bool { return strings.ContainsAny(s, "*?") }

// resourceTail reduces a Resource entry to the part that selects requests
// within an API: what follows "<api-id>/" in an execute-api ARN, that is
// "<stage>/<METHOD>/<path>". ok is false when the entry cannot name an
// execute-api request at all (an S3 ARN, an ARN of the API itself).
//
// The text may hold unknown parts (mark). Unknown parts and literals in the
// partition, region, account and API id positions count as "this API's":
// a policy attached to an API describes that API, and the linter cannot
// check the id.
func resourceTail(s string) (tail string, ok bool) {
	switch {
	case s == "*":
		return "*", true
	case strings.HasPrefix(s, "execute-api:/"):
		return s[len("execute-api:/"):], true
	case strings.HasPrefix(s, "arn:"):
		f := strings.SplitN(s[len("arn:"):], ":", 5) // partition, service, region, account, rest
		if len(f) >= 2 && !match(strings.ToLower(strings.ReplaceAll(f[1], string(mark), "*")), "execute-api") {
			return "", false
		}
		if len(f) < 5 {
			// "arn:aws:execute-api:*": a wildcard in the last field covers
			// everything after it.
			last := f[len(f)-1]
			if strings.Contains(last, "*") {
				return "*", true
			}
			if strings.ContainsRune(last, mark) {
				return string(mark), true
			}
			return "", false
		}
		return apiTail(f[4])
	}
	return apiTail(s)
}

// apiTail splits "<api-id>/<rest>" and returns rest.
func apiTail(s string) (string, bool) {
	if i := strings.IndexByte(s, '/'); i >= 0 {
		return s[i+1:], true
	}
	if strings.Contains(s, "*") {
		return "*", true
	}
	if strings.ContainsRune(s, mark) {
		return string(mark), true
	}
	return "", false
}
