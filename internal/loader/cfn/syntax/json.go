package syntax

import (
	"bytes"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/papilint/papilint/internal/source"
)

// ParseJSON reads a JSON template (RFC 8259) into a syntax tree whose every
// node carries the exact byte range it was written at.
//
// Behaviour worth knowing:
//
//   - A UTF-8 byte order mark at the start is skipped; ranges still count it,
//     so the first token after a BOM is at column 4.
//   - Strings are decoded per RFC 8259. A lone UTF-16 surrogate in a \u escape
//     decodes to U+FFFD, as encoding/json does. Numbers, true, false and null
//     keep their text as written in Value (null's Value is "null").
//   - Errors come in two kinds. Fatal ones (bad structure, bad numbers or
//     literals, unterminated strings, unexpected end of input, data after the
//     top-level value, nesting or node limits, empty or binary input) stop the
//     parse, and ParseJSON returns a nil tree. Recoverable ones (duplicate
//     keys, invalid escapes, control characters or invalid UTF-8 inside a
//     string) are reported and the parse goes on; the tree is returned with
//     both pairs of a duplicate key kept and bad bytes decoded as U+FFFD.
//   - Empty or whitespace-only input is an "empty document" error (the loader
//     skips empty files before parsing, so this only shows up when called
//     directly).
//   - A file containing a NUL byte that fails to parse is reported as a single
//     "binary file" error at the first NUL, whatever else is wrong with it. A
//     UTF-16 byte order mark gets its own message.
//   - Zero (or negative) Limits fields mean the DefaultLimits value. Depth
//     counts collections: a top-level object is depth 1. Every node counts
//     towards MaxNodes, mapping keys included.
//
// The parser keeps an explicit stack instead of recursing, so hostile nesting
// cannot exhaust the goroutine stack, and runs in time linear in the input.
func ParseJSON(f *source.File, lim Limits) (*Node, []*Error) {
	p := &jsonParser{
		f:        f,
		src:      f.Content,
		line:     1,
		maxDepth: lim.MaxDepth,
		maxNodes: lim.MaxNodes,
		nul:      bytes.IndexByte(f.Content, 0),
	}
	if p.maxDepth <= 0 {
		p.maxDepth = DefaultLimits.MaxDepth
	}
	if p.maxNodes <= 0 {
		p.maxNodes = DefaultLimits.MaxNodes
	}
	root := p.parse()
	if p.failed {
		if p.nul >= 0 {
			if bytes.HasPrefix(p.src, []byte{0xFF, 0xFE}) || bytes.HasPrefix(p.src, []byte{0xFE, 0xFF}) {
				return nil, []*Error{p.errorAt(0, 2, "file is UTF-16 encoded; templates must be UTF-8")}
			}
			return nil, []*Error{p.errorAt(p.nul, p.nul+1, "binary file (NUL byte)")}
		}
		return nil, p.errs
	}
	return root, p.errs
}

// jsonMaxErrors caps how many recoverable errors one file reports.
const jsonMaxErrors = 100

type jsonParser struct {
	f   *source.File
	src []byte
	str string // src as one string, so undecoded values can share its memory
	i   int    // read offset

	// The current line and the offset it starts at. Tokens never span lines
	// (line breaks are only valid in whitespace), so every position the tree
	// needs is computed from these without searching the file's line index.
	line, lineStart int

	maxDepth, maxNodes int
	nodes              int
	nul                int // offset of the first NUL byte, or -1

	errs   []*Error
	failed bool

	stack []jsonFrame
	items []*Node // elements of open sequences, innermost last
	pairs []Pair  // entries of open mappings, innermost last
	buf   []byte  // scratch for decoding escaped strings

	// Nodes, pairs and child slices are carved from chunks to keep the
	// allocation count low.
	nodeSlab    []Node
	pairSlab    []Pair
	slabSize    int
	nodePtrSlab []*Node
	pairPtrSlab []*Pair
}

// jsonFrame is one open collection.
type jsonFrame struct {
	node  *Node
	start int            // where its children begin in items or pairs
	key   *Node          // mapping: the key whose value is being read
	seen  map[string]int // mapping: key → index among its pairs, once it is large
}

// jsonDupMapThreshold is the size from which a mapping looks up duplicate keys in
// a map rather than by scanning its pairs.
const jsonDupMapThreshold = 16

func (p *jsonParser) parse() *Node {
	src := p.src
	if bytes.HasPrefix(src, []byte("\xEF\xBB\xBF")) {
		p.i = 3
	}
	p.skipSpace()
	if p.i >= len(src) {
		p.fatal(0, 0, "empty document")
		return nil
	}
	p.str = string(src)

	for {
		// A value starts here.
		p.skipSpace()
		if p.i >= len(src) {
			p.unexpectedEOF("a value")
			return nil
		}
		var v *Node
		switch c := src[p.i]; {
		case c == '{' || c == '[':
			if !p.open(c) {
				return nil
			}
			p.skipSpace()
			if p.i < len(src) && src[p.i] == c+2 { // '{'+2 == '}', '['+2 == ']'
				v = p.close()
				break
			}
			if c == '{' && !p.key() {
				return nil
			}
			continue
		case c == '"':
			v = p.stringNode()
		case c == '-' || jsonIsDigit(c):
			v = p.number()
		default:
			v = p.word()
		}
		if v == nil {
			return nil
		}

		// v is complete: hand it to its parent, then read what follows,
		// closing as many collections as end here.
		for {
			if len(p.stack) == 0 {
				p.skipSpace()
				if p.i < len(src) {
					p.fatal(p.i, p.i+1, "unexpected data after the top-level value")
					return nil
				}
				return v
			}
			top := &p.stack[len(p.stack)-1]
			isMap := top.node.Kind == Mapping
			if isMap {
				p.pairs = append(p.pairs, Pair{Key: top.key, Value: v})
				top.key = nil
			} else {
				p.items = append(p.items, v)
			}
			p.skipSpace()
			if p.i >= len(src) {
				if isMap {
					p.unexpectedEOF("',' or '}'")
				} else {
					p.unexpectedEOF("',' or ']'")
				}
				return nil
			}
			c := src[p.i]
			if c == ',' {
				comma := p.i
				p.i++
				p.skipSpace()
				if p.i < len(src) {
					if d := src[p.i]; (isMap && d == '}') || (!isMap && d == ']') {
						p.fatal(comma, comma+1, fmt.Sprintf("trailing comma before '%c'", d))
						return nil
					}
				}
				if isMap && !p.key() {
					return nil
				}
				break // read the next value
			}
			if isMap {
				if c == '}' {
					v = p.close()
					continue
				}
				if c == '"' {
					p.fatal(p.i, p.i+1, "missing ',' between object members")
				} else {
					p.unexpected(p.i, "expected ',' or '}'")
				}
				return nil
			}
			if c == ']' {
				v = p.close()
				continue
			}
			if jsonStartsValue(c) {
				p.fatal(p.i, p.i+1, "missing ',' between array elements")
			} else {
				p.unexpected(p.i, "expected ',' or ']'")
			}
			return nil
		}
	}
}

// key reads an object key and the colon after it; p.i is at the key (after
// any whitespace). It records the key in the innermost frame.
func (p *jsonParser) key() bool {
	src := p.src
	if p.i >= len(src) {
		p.unexpectedEOF("a string key")
		return false
	}
	if src[p.i] != '"' {
		p.unexpected(p.i, "expected a string key in double quotes")
		return false
	}
	k := p.stringNode()
	if k == nil {
		return false
	}
	top := &p.stack[len(p.stack)-1]
	top.key = k
	p.checkDuplicate(top, k)
	p.skipSpace()
	if p.i >= len(src) {
		p.unexpectedEOF("':'")
		return false
	}
	if src[p.i] != ':' {
		if src[p.i] == '}' || src[p.i] == ',' || jsonStartsValue(src[p.i]) {
			p.fatal(p.i, p.i+1, fmt.Sprintf("missing ':' after object key %q", k.Value))
		} else {
			p.unexpected(p.i, "expected ':'")
		}
		return false
	}
	p.i++
	return true
}

func (p *jsonParser) checkDuplicate(top *jsonFrame, k *Node) {
	pairs := p.pairs[top.start:]
	first := -1
	if top.seen == nil && len(pairs) < jsonDupMapThreshold {
		for j := range pairs {
			if pairs[j].Key.Value == k.Value {
				first = j
				break
			}
		}
	} else {
		if top.seen == nil {
			top.seen = make(map[string]int, 2*len(pairs))
			for j := range pairs {
				if _, ok := top.seen[pairs[j].Key.Value]; !ok {
					top.seen[pairs[j].Key.Value] = j
				}
			}
		}
		if j, ok := top.seen[k.Value]; ok {
			first = j
		} else {
			top.seen[k.Value] = len(pairs)
		}
	}
	if first >= 0 {
		p.recoverable(k.Range, fmt.Sprintf("duplicate key %q (first at line %d)", k.Value, pairs[first].Key.Range.Start.Line))
	}
}

// open starts a collection at p.i.
func (p *jsonParser) open(c byte) bool {
	if len(p.stack) >= p.maxDepth {
		p.fatal(p.i, p.i+1, fmt.Sprintf("nesting deeper than %d levels", p.maxDepth))
		return false
	}
	n := p.newNode(p.i)
	if n == nil {
		return false
	}
	n.Range.File = p.f
	n.Range.Start = p.pos(p.i)
	fr := jsonFrame{node: n}
	if c == '{' {
		n.Kind = Mapping
		fr.start = len(p.pairs)
	} else {
		n.Kind = Sequence
		fr.start = len(p.items)
	}
	p.stack = append(p.stack, fr)
	p.i++
	return true
}

// close ends the innermost collection at its closing bracket at p.i.
func (p *jsonParser) close() *Node {
	top := &p.stack[len(p.stack)-1]
	n := top.node
	p.i++
	n.Range.End = p.pos(p.i)
	if n.Kind == Mapping {
		if k := len(p.pairs) - top.start; k > 0 {
			n.Pairs = p.pairPtrs(k)
			for j := range n.Pairs {
				pr := p.newPair()
				*pr = p.pairs[top.start+j]
				n.Pairs[j] = pr
			}
			clear(p.pairs[top.start:])
			p.pairs = p.pairs[:top.start]
		}
	} else if k := len(p.items) - top.start; k > 0 {
		n.Items = p.nodePtrs(k)
		copy(n.Items, p.items[top.start:])
		clear(p.items[top.start:])
		p.items = p.items[:top.start]
	}
	*top = jsonFrame{}
	p.stack = p.stack[:len(p.stack)-1]
	return n
}

// stringNode reads a string token at p.i.
func (p *jsonParser) stringNode() *Node {
	start := p.i
	val, ok := p.scanString()
	if !ok {
		return nil
	}
	n := p.newNode(start)
	if n == nil {
		return nil
	}
	n.Kind = Scalar
	n.Type = String
	n.Value = val
	n.Range = p.rng(start, p.i)
	return n
}

// scanString reads and decodes the string whose opening quote is at p.i and
// leaves p.i after its closing quote.
func (p *jsonParser) scanString() (string, bool) {
	src := p.src
	start := p.i
	i := start + 1
	seg := i // start of the text not yet copied to buf
	decoding := false
	var buf []byte
	for {
		for i < len(src) && !jsonStringSpecial[src[i]] {
			i++
		}
		if i >= len(src) {
			p.fatal(start, start+1, "unterminated string")
			return "", false
		}
		switch c := src[i]; {
		case c == '"':
			p.i = i + 1
			if !decoding {
				return p.str[start+1 : i], true
			}
			buf = append(buf, src[seg:i]...)
			s := string(buf)
			p.buf = buf[:0]
			return s, true

		case c == '\\':
			if !decoding {
				decoding = true
				buf = p.buf[:0]
			}
			buf = append(buf, src[seg:i]...)
			if i+1 >= len(src) {
				p.fatal(start, start+1, "unterminated string")
				return "", false
			}
			switch e := src[i+1]; e {
			case '"', '\\', '/':
				buf = append(buf, e)
				i += 2
			case 'b':
				buf = append(buf, '\b')
				i += 2
			case 'f':
				buf = append(buf, '\f')
				i += 2
			case 'n':
				buf = append(buf, '\n')
				i += 2
			case 'r':
				buf = append(buf, '\r')
				i += 2
			case 't':
				buf = append(buf, '\t')
				i += 2
			case 'u':
				r, bad := jsonHex4(src, i+2)
				if bad >= 0 {
					p.recoverableAt(i, bad, fmt.Sprintf("invalid escape '%s' in string: \\u must be followed by four hex digits", src[i:bad]))
					// Keep the text as written and read on after "\u".
					buf = append(buf, '\\', 'u')
					i += 2
					break
				}
				i += 6
				if utf16.IsSurrogate(r) {
					dec := utf8.RuneError
					if i+1 < len(src) && src[i] == '\\' && src[i+1] == 'u' {
						if r2, bad := jsonHex4(src, i+2); bad < 0 {
							dec = utf16.DecodeRune(r, r2)
							if dec != utf8.RuneError {
								i += 6
							}
						}
					}
					r = dec // a lone surrogate becomes U+FFFD, as in encoding/json
				}
				buf = utf8.AppendRune(buf, r)
			default:
				if e == '\n' || e == '\r' {
					p.fatal(start, start+1, "unterminated string (a line break must be written as \\n)")
					return "", false
				}
				r, _ := utf8.DecodeRune(src[i+1:])
				if r >= 0x20 && r != 0x7f && r != utf8.RuneError {
					p.recoverableAt(i, i+1+utf8.RuneLen(r), fmt.Sprintf("invalid escape '\\%c' in string", r))
				} else {
					p.recoverableAt(i, i+2, fmt.Sprintf("invalid escape in string: '\\' followed by byte 0x%02X", e))
				}
				// Keep the backslash; the next byte is read as ordinary text.
				buf = append(buf, '\\')
				i++
			}
			seg = i

		case c < 0x20:
			if c == '\n' || c == '\r' {
				p.fatal(start, start+1, "unterminated string (a line break must be written as \\n)")
				return "", false
			}
			p.recoverableAt(i, i+1, fmt.Sprintf("control character U+%04X in string (write it as %s)", c, jsonEscapeFor(c)))
			i++ // kept as written

		default: // c >= 0x80
			r, size := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && size == 1 {
				// One error for a run of bad bytes; each decodes to U+FFFD,
				// as in encoding/json.
				if !decoding {
					decoding = true
					buf = p.buf[:0]
				}
				buf = append(buf, src[seg:i]...)
				j := i
				for j < len(src) && src[j] >= 0x80 {
					if r, size := utf8.DecodeRune(src[j:]); r != utf8.RuneError || size != 1 {
						break
					}
					buf = utf8.AppendRune(buf, utf8.RuneError)
					j++
				}
				p.recoverableAt(i, j, "invalid UTF-8 encoding")
				i = j
				seg = i
				break
			}
			i += size
		}
	}
}

// jsonHex4 decodes four hex digits at src[i:]. On failure it returns the offset
// just past the first byte that is not a hex digit (or len(src)).
func jsonHex4(src []byte, i int) (rune, int) {
	var r rune
	for j := i; j < i+4; j++ {
		if j >= len(src) {
			return 0, len(src)
		}
		c := src[j]
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			end := j + 1
			if c >= 0x80 || c < 0x20 || c == '"' {
				end = j // do not cut a UTF-8 sequence or swallow the quote
			}
			return 0, end
		}
		r = r<<4 | rune(c)
	}
	return r, -1
}

func jsonEscapeFor(c byte) string {
	switch c {
	case '\b':
		return `\b`
	case '\f':
		return `\f`
	case '\t':
		return `\t`
	}
	return fmt.Sprintf(`\u%04x`, c)
}

// number reads a number token at p.i.
func (p *jsonParser) number() *Node {
	src := p.src
	start := p.i
	i := start
	typ := Int
	if src[i] == '-' {
		i++
	}
	switch {
	case i >= len(src):
		p.unexpectedEOF("a digit")
		return nil
	case src[i] == '0':
		i++
		if i < len(src) && jsonIsDigit(src[i]) {
			j := i
			for j < len(src) && jsonIsDigit(src[j]) {
				j++
			}
			p.fatal(start, j, fmt.Sprintf("invalid number %q: leading zeros are not allowed", src[start:j]))
			return nil
		}
	case jsonIsDigit(src[i]):
		for i < len(src) && jsonIsDigit(src[i]) {
			i++
		}
	default:
		p.unexpected(i, "expected a digit after '-'")
		return nil
	}
	if i < len(src) && src[i] == '.' {
		typ = Float
		i++
		if !p.digits(&i, "after '.'") {
			return nil
		}
	}
	if i < len(src) && (src[i] == 'e' || src[i] == 'E') {
		typ = Float
		i++
		if i < len(src) && (src[i] == '+' || src[i] == '-') {
			i++
		}
		if !p.digits(&i, "in the exponent") {
			return nil
		}
	}
	n := p.newNode(start)
	if n == nil {
		return nil
	}
	n.Kind = Scalar
	n.Type = typ
	n.Value = p.str[start:i]
	n.Range = p.rng(start, i)
	p.i = i
	return n
}

// digits reads one or more digits at *i.
func (p *jsonParser) digits(i *int, where string) bool {
	src := p.src
	if *i >= len(src) {
		p.unexpectedEOF("a digit " + where)
		return false
	}
	if !jsonIsDigit(src[*i]) {
		p.unexpected(*i, "expected a digit "+where)
		return false
	}
	for *i < len(src) && jsonIsDigit(src[*i]) {
		*i++
	}
	return true
}

// word reads true, false or null at p.i, or reports what is there instead.
func (p *jsonParser) word() *Node {
	src := p.src
	start := p.i
	if !jsonIsLetter(src[start]) {
		p.unexpected(start, "expected a value")
		return nil
	}
	i := start
	for i < len(src) && (jsonIsLetter(src[i]) || jsonIsDigit(src[i]) || src[i] == '_') {
		i++
	}
	w := p.str[start:i]
	var typ ScalarType
	switch w {
	case "true", "false":
		typ = Bool
	case "null":
		typ = Null
	default:
		switch string(bytes.ToLower(src[start:i])) {
		case "true", "false", "null":
			p.fatal(start, i, fmt.Sprintf("invalid value %q: true, false and null are lowercase in JSON", w))
		default:
			p.fatal(start, i, fmt.Sprintf("invalid value %q: strings must be in double quotes", w))
		}
		return nil
	}
	n := p.newNode(start)
	if n == nil {
		return nil
	}
	n.Kind = Scalar
	n.Type = typ
	n.Value = w
	n.Range = p.rng(start, i)
	p.i = i
	return n
}

func (p *jsonParser) skipSpace() {
	src := p.src
	i := p.i
	for i < len(src) {
		switch src[i] {
		case ' ', '\t':
			i++
		case '\n':
			i++
			p.line++
			p.lineStart = i
		case '\r':
			i++
			if i < len(src) && src[i] == '\n' {
				i++
			}
			p.line++
			p.lineStart = i
		default:
			p.i = i
			return
		}
	}
	p.i = i
}

// pos is the position of an offset on the current line.
func (p *jsonParser) pos(off int) source.Pos {
	return source.Pos{Offset: int32(off), Line: int32(p.line), Col: int32(off - p.lineStart + 1)}
}

// rng is the range between two offsets on the current line.
func (p *jsonParser) rng(start, end int) source.Range {
	return source.Range{File: p.f, Start: p.pos(start), End: p.pos(end)}
}

// newNode allocates a node for the token starting at start.
func (p *jsonParser) newNode(start int) *Node {
	p.nodes++
	if p.nodes > p.maxNodes {
		p.fatal(start, start+1, fmt.Sprintf("document has more than %d nodes", p.maxNodes))
		return nil
	}
	if len(p.nodeSlab) == 0 {
		p.growSlab()
		p.nodeSlab = make([]Node, p.slabSize)
	}
	n := &p.nodeSlab[0]
	p.nodeSlab = p.nodeSlab[1:]
	return n
}

func (p *jsonParser) newPair() *Pair {
	if len(p.pairSlab) == 0 {
		p.growSlab()
		p.pairSlab = make([]Pair, p.slabSize)
	}
	pr := &p.pairSlab[0]
	p.pairSlab = p.pairSlab[1:]
	return pr
}

// nodePtrs returns a slice for k sequence items, carved from a shared chunk.
// Its capacity is k, so appending to it never writes into a neighbour.
func (p *jsonParser) nodePtrs(k int) []*Node {
	if k > len(p.nodePtrSlab) {
		if k > jsonPtrSlabSize/4 {
			return make([]*Node, k)
		}
		p.nodePtrSlab = make([]*Node, jsonPtrSlabSize)
	}
	s := p.nodePtrSlab[:k:k]
	p.nodePtrSlab = p.nodePtrSlab[k:]
	return s
}

// pairPtrs is nodePtrs for mapping entries.
func (p *jsonParser) pairPtrs(k int) []*Pair {
	if k > len(p.pairPtrSlab) {
		if k > jsonPtrSlabSize/4 {
			return make([]*Pair, k)
		}
		p.pairPtrSlab = make([]*Pair, jsonPtrSlabSize)
	}
	s := p.pairPtrSlab[:k:k]
	p.pairPtrSlab = p.pairPtrSlab[k:]
	return s
}

const jsonPtrSlabSize = 1024

// growSlab doubles the allocation chunk size, from 16 up to 2048, so small
// files allocate little and large ones allocate rarely.
func (p *jsonParser) growSlab() {
	switch {
	case p.slabSize == 0:
		p.slabSize = 16
	case p.slabSize < 2048:
		p.slabSize *= 2
	}
}

// errorAt builds an error over [start, end), positions from the file's index.
func (p *jsonParser) errorAt(start, end int, msg string) *Error {
	if end > len(p.src) {
		end = len(p.src)
	}
	if start > end {
		start = end
	}
	return &Error{Range: p.f.Range(start, end), Message: msg}
}

func (p *jsonParser) fatal(start, end int, msg string) {
	p.errs = append(p.errs, p.errorAt(start, end, msg))
	p.failed = true
}

func (p *jsonParser) recoverableAt(start, end int, msg string) {
	p.addRecoverable(func() *Error { return p.errorAt(start, end, msg) })
}

func (p *jsonParser) recoverable(r source.Range, msg string) {
	p.addRecoverable(func() *Error { return &Error{Range: r, Message: msg} })
}

func (p *jsonParser) addRecoverable(mk func() *Error) {
	switch {
	case len(p.errs) < jsonMaxErrors:
		p.errs = append(p.errs, mk())
	case len(p.errs) == jsonMaxErrors:
		e := mk()
		e.Message = "too many errors; the rest of this file's errors are not reported"
		p.errs = append(p.errs, e)
	}
}

// unexpected reports the byte at off, which cannot appear there.
func (p *jsonParser) unexpected(off int, expected string) {
	c := p.src[off]
	end := off + 1
	var what string
	switch {
	case c >= 0x80:
		r, size := utf8.DecodeRune(p.src[off:])
		end = off + size
		switch {
		case r == utf8.RuneError && size == 1:
			p.fatal(off, end, "invalid UTF-8 encoding")
			return
		case r == '\uFEFF':
			what = "byte order mark (U+FEFF)"
		default:
			what = fmt.Sprintf("character %q (U+%04X)", r, r)
		}
	case c < 0x20 || c == 0x7f:
		what = fmt.Sprintf("control character U+%04X", c)
	case c == '\'':
		p.fatal(off, end, "unexpected character '\\''; strings must be in double quotes")
		return
	default:
		what = fmt.Sprintf("character '%c'", c)
	}
	p.fatal(off, end, "unexpected "+what+"; "+expected)
}

// unexpectedEOF reports the end of input where more was needed.
func (p *jsonParser) unexpectedEOF(expected string) {
	msg := "unexpected end of input; expected " + expected
	if n := len(p.stack); n > 0 {
		open := p.stack[n-1].node
		kind := "array"
		if open.Kind == Mapping {
			kind = "object"
		}
		msg += fmt.Sprintf(" (the %s opened at line %d, column %d is not closed)", kind, open.Range.Start.Line, open.Range.Start.Col)
	}
	p.fatal(len(p.src), len(p.src), msg)
}

func jsonIsDigit(c byte) bool  { return '0' <= c && c <= '9' }
func jsonIsLetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

// jsonStartsValue reports whether c can begin a JSON value.
func jsonStartsValue(c byte) bool {
	return c == '"' || c == '{' || c == '[' || c == '-' || jsonIsDigit(c) || c == 't' || c == 'f' || c == 'n'
}

// jsonStringSpecial marks the bytes a string scan must stop at.
var jsonStringSpecial = func() (t [256]bool) {
	for c := 0; c < 0x20; c++ {
		t[c] = true
	}
	for c := 0x80; c < 0x100; c++ {
		t[c] = true
	}
	t['"'] = true
	t['\\'] = true
	return t
}()
