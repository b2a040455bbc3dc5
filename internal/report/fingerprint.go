package report

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/papilint/papilint/internal/driver"
)

// The line hash GitHub code scanning uses to follow an alert across commits
// (SARIF partialFingerprints.primaryLocationLineHash). It is a rolling
// polynomial hash over a window of the next 100 non-blank UTF-16 code units,
// taken at the first counted unit of each line. The algorithm is written out
// in docs/integrations.md §1.5; this is an independent implementation of that
// description.

const (
	lineHashWindow = 100
	lineHashMul    = 37
	lineHashEOF    = 65535 // the sentinel unit processed after the last one
)

// lineHashK is 37^100 mod 2^64: the weight of the unit leaving the window.
var lineHashK = func() uint64 {
	k := uint64(1)
	for range lineHashWindow {
		k *= lineHashMul
	}
	return k
}()

// lineHasher holds the state of one pass over a file.
type lineHasher struct {
	window      [lineHashWindow]uint64
	pending     [lineHashWindow]int // line number to emit when the slot comes round; 0 = none
	h           uint64
	i           int
	line        int
	atLineStart bool
	prevCR      bool
	seen        map[string]int
	out         []string
}

func (s *lineHasher) emit(line int) {
	v := strconv.FormatUint(s.h, 16)
	s.seen[v]++
	for len(s.out) < line {
		s.out = append(s.out, "")
	}
	s.out[line-1] = v + ":" + strconv.Itoa(s.seen[v])
}

func (s *lineHasher) push(c uint64) {
	old := s.window[s.i]
	s.window[s.i] = c
	s.h = lineHashMul*s.h + c - lineHashK*old
	s.i = (s.i + 1) % lineHashWindow
}

func (s *lineHasher) unit(c uint64) {
	if c == ' ' || c == '\t' || (c == '\n' && s.prevCR) {
		s.prevCR = false
		return
	}
	if c == '\r' {
		c = '\n'
		s.prevCR = true
	} else {
		s.prevCR = false
	}
	if n := s.pending[s.i]; n != 0 {
		s.emit(n)
		s.pending[s.i] = 0
	}
	if s.atLineStart {
		s.atLineStart = false
		s.line++
		s.pending[s.i] = s.line
	}
	if c == '\n' {
		s.atLineStart = true
	}
	s.push(c)
}

// LineHashes returns the primaryLocationLineHash of every line of content:
// element n-1 belongs to line n. Lines end at LF, CRLF or a lone CR, as in
// source.File, and content ending with a line break has one more (empty)
// line. Invalid UTF-8 is read as U+FFFD, as a UTF-8 decoder would.
func LineHashes(content []byte) []string {
	s := &lineHasher{atLineStart: true, seen: map[string]int{}}
	for b := content; len(b) > 0; {
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		if utf16.RuneLen(r) == 2 {
			hi, lo := utf16.EncodeRune(r)
			s.unit(uint64(hi))
			s.unit(uint64(lo))
			continue
		}
		s.unit(uint64(r))
	}
	s.unit(lineHashEOF)
	for range lineHashWindow {
		if n := s.pending[s.i]; n != 0 {
			s.emit(n)
			s.pending[s.i] = 0
		}
		s.push(0)
	}
	return s.out
}

// Fingerprint is a finding's identity fingerprint (SARIF
// partialFingerprints["papilint/v1"], JSON "fingerprint"), which baselines
// record.
func Fingerprint(f *driver.Finding) string { return identityFingerprint(f) }

// identityFingerprint is papilint's own partial fingerprint ("papilint/v1"):
// a hash of the rule ID, the identity of the resource and the message. It
// holds no line or column, so it survives moving the resource within its
// file or to another file. The resource identity is the CDK construct path
// when there is one (logical IDs of CDK resources carry a hash that changes
// with the tree), otherwise the stack and the logical ID or Terraform
// address. A finding without a resource falls back to its file path.
func identityFingerprint(f *driver.Finding) string {
	h := sha256.New()
	write := func(s string) {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	write("papilint/v1")
	write(f.Rule.ID)
	switch n := f.Resource; {
	case n != nil && n.ConstructPath != "":
		write("cdk")
		write(n.ConstructPath)
	case n != nil:
		write("resource")
		write(n.Stack)
		write(n.Name)
	case f.Range.File != nil:
		write("file")
		write(f.Range.File.Rel)
	default:
		write("none")
	}
	write(f.Message)
	return hex.EncodeToString(h.Sum(nil))[:32]
}
