package syntax

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/papilint/papilint/internal/source"
	"gopkg.in/yaml.v3"
)

// ParseYAML reads the first YAML document of f into a syntax tree.
//
// yaml.v3 does the parsing; this file turns its Node tree into ours. yaml.v3
// only reports where a node starts (a 1-based line and a column counted in
// characters), so the reader converts that to a byte offset and then works
// out where the node ends by reading the source from the start according to
// the node's style:
//
//   - plain and block scalars: the decoded value holds the same non-blank
//     characters as the source, in order (folding only changes white space),
//     so the reader walks the value and the source together and the node ends
//     after the last character they share; a block scalar then extends to the
//     end of that line, since everything after it on the line is content
//     white space;
//   - quoted scalars: scanned to the closing quote, honouring escapes (a
//     doubled single quote, or a backslash in double quotes);
//   - flow collections: after the last child only separators, commas and
//     comments may come before the closing bracket;
//   - block collections: end where their last child ends;
//   - aliases: `*name`.
//
// A node's range starts at its first property (anchor or tag) when it has
// any. An empty plain value (`Key:` with nothing after it) gets a zero-width
// range just after its `:` or `-` indicator.
//
// Aliases are expanded: each one becomes a copy of the anchored subtree, and
// the copy keeps the anchored node's ranges, so a finding inside an aliased
// value points at the text that defines it. (The copy's range therefore lies
// outside its parent's range.) Merge keys (`<<`) are applied the same way: the
// merged pairs keep the ranges of the mapping they come from, and keys written
// in the merging mapping win over merged ones.
//
// The node budget (lim.MaxNodes) is checked on the expanded tree before any
// of it is built, by counting each anchored subtree once, so alias bombs are
// rejected in time and memory proportional to the input. lim.MaxDepth bounds
// the nesting of collections, aliases included. Zero limits take the values
// in DefaultLimits.
//
// Only the first document is read; later ones are ignored. Fatal problems
// (syntax errors, limits, invalid encoding, a NUL byte) return a nil tree.
// Duplicate keys, non-scalar keys, unusable merge values and values that do
// not fit an explicit standard tag (!!int abc) are reported while the tree is
// still returned. An empty file, or one that holds only comments or an empty
// document, gives (nil, nil).
//
// yaml.v3 names only a line for a syntax error, so the error covers that line
// from its first non-blank character. For errors of its parser (rather than
// its scanner) yaml.v3 prints a 0-based line number; the reader corrects it.
func ParseYAML(f *source.File, lim Limits) (*Node, []*Error) {
	r := parseYAML(f, lim, false)
	return r.root, r.errs
}

// yamlResult is what the internal entry point returns; the extra fields are
// for tests.
type yamlResult struct {
	root *Node
	errs []*Error
	// copies holds the roots of subtrees that were copied from an anchored
	// node or merged from another mapping (only when tracking was asked for).
	copies map[*Node]bool
	// guesses counts the places where the end of a node had to be guessed
	// because the source did not look as expected. Tests expect zero.
	guesses int
}

func parseYAML(f *source.File, lim Limits, track bool) (res yamlResult) {
	if lim.MaxDepth <= 0 {
		lim.MaxDepth = DefaultLimits.MaxDepth
	}
	if lim.MaxNodes <= 0 {
		lim.MaxNodes = DefaultLimits.MaxNodes
	}
	p := &yamlReader{
		f:      f,
		src:    f.Content,
		lim:    lim,
		spans:  map[*yaml.Node]*span{},
		badTag: map[*yaml.Node]bool{},
	}
	if track {
		p.copies = map[*Node]bool{}
	}
	defer func() {
		if v := recover(); v != nil {
			res = yamlResult{errs: []*Error{{
				Range:   f.Range(0, 0),
				Message: fmt.Sprintf("internal error while reading YAML: %v", v),
			}}}
		}
	}()
	root := p.run()
	p.sortErrors()
	return yamlResult{root: root, errs: p.errs, copies: p.copies, guesses: p.guesses}
}

// span is where a yaml.Node sits in the source, as byte offsets.
type span struct {
	start, end int
	tagStart   int // -1 when the node has no tag written
	tagEnd     int
}

// cost is the size of a node's subtree once aliases are expanded.
type cost struct {
	nodes  int // nodes, saturated at the budget plus one
	height int // collection nesting levels, the node's own included
}

type yamlReader struct {
	f   *source.File
	src []byte
	lim Limits

	lines []int // byte offset where each line starts, as yaml.v3 counts lines
	// A cache for column conversion: the last position converted.
	cacheLine, cacheCol, cacheOff int

	spans map[*yaml.Node]*span

	costs    map[*yaml.Node]cost
	visiting map[*yaml.Node]bool
	fatal    *Error

	badTag  map[*yaml.Node]bool // explicit standard tag that does not fit
	copies  map[*Node]bool
	built   int
	guesses int
	errs    []*Error
	seen    map[string]bool // de-duplicates error messages at one offset
}

func (p *yamlReader) run() *Node {
	if i := bytes.IndexByte(p.src, 0); i >= 0 {
		p.errorAt(i, i+1, "binary file")
		return nil
	}
	if !utf8.Valid(p.src) {
		i := source.FirstInvalidUTF8(p.src)
		p.errorAt(i, i+1, fmt.Sprintf("invalid UTF-8 at byte offset %d", i))
		return nil
	}
	p.indexLines()

	var doc yaml.Node
	if err := yaml.Unmarshal(p.src, &doc); err != nil {
		p.syntaxError(err)
		return nil
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil
	}
	top := doc.Content[0]
	if top.Kind == yaml.ScalarNode && top.Value == "" && top.Style == 0 && top.Anchor == "" &&
		!p.startsWithTag(top) {
		// "---" alone, or a document of comments: nothing to lint.
		return nil
	}

	p.measure(top, p.offsetOf(top), false)

	p.costs = map[*yaml.Node]cost{}
	p.visiting = map[*yaml.Node]bool{}
	c := p.cost(top, 1, nil)
	if p.fatal != nil {
		p.errs = append(p.errs, p.fatal)
		return nil
	}
	if c.nodes > p.lim.MaxNodes {
		running := 0
		at, viaAlias := p.overBudget(top, &running)
		if at == nil {
			at = top
		}
		msg := fmt.Sprintf("too many nodes (limit %d)", p.lim.MaxNodes)
		if viaAlias {
			msg = fmt.Sprintf("too many nodes after expanding aliases (limit %d)", p.lim.MaxNodes)
		}
		p.errorSpan(at, msg)
		return nil
	}

	p.check(top)
	return p.build(top)
}

// ---------------------------------------------------------------------------
// Input checks and syntax errors

// parserProblems are the messages of yaml.v3's parser (as opposed to its
// scanner). yaml.v3 prints the 0-based line of these errors, so the reader
// adds one.
var parserProblems = []string{
	"did not find expected <stream-start>",
	"did not find expected <document start>",
	"did not find expected node content",
	"did not find expected '-' indicator",
	"did not find expected key",
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
	"found undefined tag handle",
	"found duplicate %YAML directive",
	"found incompatible YAML document",
	"found duplicate %TAG directive",
}

func (p *yamlReader) syntaxError(err error) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if i := strings.Index(rest, ": "); i > 0 {
			if n, err := strconv.Atoi(rest[:i]); err == nil {
				line = n
				msg = rest[i+2:]
			}
		}
	}
	isParser := strings.HasPrefix(msg, "expected ") // from yaml.v3's event checks
	for _, s := range parserProblems {
		if msg == s {
			isParser = true
		}
	}

	switch {
	case strings.HasPrefix(msg, "exceeded max depth of"):
		limit := min(p.lim.MaxDepth, 10000)
		msg = fmt.Sprintf("nesting deeper than %d levels", limit)
		if line == 0 {
			off := deepFlowOffset(p.src, limit)
			p.errorAt(off, off+1, msg)
			return
		}
	case strings.HasPrefix(msg, "unknown anchor '"):
		name := strings.TrimSuffix(strings.TrimPrefix(msg, "unknown anchor '"), "' referenced")
		if off := findAlias(p.src, name); off >= 0 {
			p.errorAt(off, off+1+len(name), msg)
			return
		}
	case msg == "control characters are not allowed":
		if off := firstControl(p.src); off >= 0 {
			p.errorAt(off, off+1, msg)
			return
		}
	}

	switch {
	case line == 0:
		// yaml.v3 leaves the line out when the problem is on the first line.
		line = 1
	case isParser:
		line++
	}
	if line > len(p.lines) {
		line = len(p.lines)
	}
	start := p.lines[line-1]
	end := p.lineEnd(start)
	for start < end && (p.src[start] == ' ' || p.src[start] == '\t') {
		start++
	}
	p.errorAt(start, end, msg)
}

// deepFlowOffset finds, roughly, where flow brackets first nest deeper than
// limit; it is only used to place an error yaml.v3 reported without a line.
func deepFlowOffset(src []byte, limit int) int {
	depth := 0
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '[', '{':
			depth++
			if depth > limit {
				return i
			}
		case ']', '}':
			depth--
		case '\'', '"':
			if i == 0 || strings.IndexByte(" \t\r\n[{,:", src[i-1]) >= 0 {
				i = quotedEnd(src, i) - 1
			}
		case '#':
			if i == 0 || src[i-1] == ' ' || src[i-1] == '\t' || src[i-1] == '\n' {
				for i < len(src) && src[i] != '\n' && src[i] != '\r' {
					i++
				}
			}
		}
	}
	return 0
}

func findAlias(src []byte, name string) int {
	pat := []byte("*" + name)
	from := 0
	for {
		i := bytes.Index(src[from:], pat)
		if i < 0 {
			return -1
		}
		i += from
		if j := i + len(pat); j >= len(src) || !isAnchorChar(src[j]) {
			return i
		}
		from = i + 1
	}
}

// firstControl finds the first character yaml.v3 refuses as non-printable.
func firstControl(src []byte) int {
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		ok := r == '\t' || r == '\n' || r == '\r' ||
			(r >= 0x20 && r <= 0x7E) || r == 0x85 ||
			(r >= 0xA0 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) ||
			(r >= 0x10000 && r <= 0x10FFFF)
		if !ok {
			return i
		}
		i += size
	}
	return -1
}

func (p *yamlReader) errorAt(start, end int, msg string) {
	if p.seen == nil {
		p.seen = map[string]bool{}
	}
	k := strconv.Itoa(start) + ":" + msg
	if p.seen[k] {
		return
	}
	p.seen[k] = true
	p.errs = append(p.errs, &Error{Range: p.f.Range(start, end), Message: msg})
}

func (p *yamlReader) errorSpan(n *yaml.Node, msg string) {
	if s := p.spans[n]; s != nil {
		p.errorAt(s.start, s.end, msg)
		return
	}
	off := p.offsetOf(n)
	p.errorAt(off, off, msg)
}

func (p *yamlReader) sortErrors() {
	sort.SliceStable(p.errs, func(i, j int) bool {
		return p.errs[i].Range.Start.Offset < p.errs[j].Range.Start.Offset
	})
}

// ---------------------------------------------------------------------------
// Lines and columns

// indexLines records where each line starts, counting line breaks the way
// yaml.v3 does: CR LF, CR, LF, NEL, LS and PS. A leading byte order mark is
// not part of line 1 for yaml.v3.
func (p *yamlReader) indexLines() {
	start := 0
	if bytes.HasPrefix(p.src, []byte("\xEF\xBB\xBF")) {
		start = 3
	}
	p.lines = append(p.lines[:0], start)
	for i := start; i < len(p.src); {
		if w := breakWidth(p.src, i); w > 0 {
			i += w
			p.lines = append(p.lines, i)
			continue
		}
		i++
	}
}

// breakWidth is the length of the line break at src[i], or 0.
func breakWidth(src []byte, i int) int {
	if i >= len(src) {
		return 0
	}
	switch src[i] {
	case '\n':
		return 1
	case '\r':
		if i+1 < len(src) && src[i+1] == '\n' {
			return 2
		}
		return 1
	case 0xC2:
		if i+1 < len(src) && src[i+1] == 0x85 {
			return 2
		}
	case 0xE2:
		if i+2 < len(src) && src[i+1] == 0x80 && (src[i+2] == 0xA8 || src[i+2] == 0xA9) {
			return 3
		}
	}
	return 0
}

// lineEnd is the offset of the line break (or end of file) after off.
func (p *yamlReader) lineEnd(off int) int {
	for off < len(p.src) && breakWidth(p.src, off) == 0 {
		off++
	}
	return off
}

// offsetOf converts a yaml.v3 position (1-based line, 1-based column counted
// in characters) to a byte offset.
func (p *yamlReader) offsetOf(n *yaml.Node) int {
	return p.offset(n.Line, n.Column)
}

func (p *yamlReader) offset(line, col int) int {
	if line < 1 {
		return 0
	}
	if line > len(p.lines) {
		return len(p.src)
	}
	off, c := p.lines[line-1], 1
	// Nodes are mostly converted in source order, so carry on from the last
	// conversion on the same line; long single-line files stay linear.
	if p.cacheLine == line && p.cacheCol <= col {
		off, c = p.cacheOff, p.cacheCol
	}
	for c < col && off < len(p.src) && breakWidth(p.src, off) == 0 {
		_, size := utf8.DecodeRune(p.src[off:])
		off += size
		c++
	}
	p.cacheLine, p.cacheCol, p.cacheOff = line, c, off
	return off
}

// ---------------------------------------------------------------------------
// Reading the source

// isAnchorChar is the character set yaml.v3 accepts in anchor and alias names.
func isAnchorChar(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_' || c == '-'
}

// blankWidth is the length of the white space or line break at src[i], or 0.
// A byte order mark counts as white space: yaml.v3 skips it.
func blankWidth(src []byte, i int) int {
	if i >= len(src) {
		return 0
	}
	switch src[i] {
	case ' ', '\t':
		return 1
	case 0xEF:
		if i+2 < len(src) && src[i+1] == 0xBB && src[i+2] == 0xBF {
			return 3
		}
		return 0
	}
	return breakWidth(src, i)
}

func isBlankRune(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', 0x85, 0x2028, 0x2029, 0xFEFF:
		return true
	}
	return false
}

// skipSep skips white space, line breaks and comments from offset i. It is
// only called between tokens, where '#' always starts a comment.
func (p *yamlReader) skipSep(i int) int {
	for i < len(p.src) {
		if w := blankWidth(p.src, i); w > 0 {
			i += w
			continue
		}
		if p.src[i] == '#' {
			i = p.lineEnd(i)
			continue
		}
		break
	}
	return i
}

// tokenEnd is the end of a tag token: yaml.v3 requires white space, a line
// break or the end of input after a tag.
func (p *yamlReader) tagTokenEnd(i int) int {
	for i < len(p.src) && blankWidth(p.src, i) == 0 {
		i++
	}
	return i
}

func (p *yamlReader) anchorTokenEnd(i int) int {
	i++ // '&' or '*'
	for i < len(p.src) && isAnchorChar(p.src[i]) {
		i++
	}
	return i
}

// quotedEnd returns the offset after the closing quote of the quoted scalar
// that opens at src[q], or len(src).
func quotedEnd(src []byte, q int) int {
	quote := src[q]
	for i := q + 1; i < len(src); i++ {
		switch src[i] {
		case '\\':
			if quote == '"' {
				i++
			}
		case quote:
			if quote == '\'' && i+1 < len(src) && src[i+1] == '\'' {
				i++
				continue
			}
			return i + 1
		}
	}
	return len(src)
}

// matchText walks val and the source from offset from together, ignoring
// white space and line breaks on both sides, and returns the offset after the
// last non-blank character of val, or -1 when val is all blank. ok is false
// when the source differs.
func (p *yamlReader) matchText(from int, val string) (end int, ok bool) {
	pos, end := from, -1
	for i := 0; i < len(val); {
		r, size := utf8.DecodeRuneInString(val[i:])
		if isBlankRune(r) {
			i += size
			continue
		}
		for {
			w := blankWidth(p.src, pos)
			if w == 0 {
				break
			}
			pos += w
		}
		if pos+size > len(p.src) || string(p.src[pos:pos+size]) != val[i:i+size] {
			return end, false
		}
		pos += size
		end = pos
		i += size
	}
	return end, true
}

// startsWithTag reports whether the source at n's position is a tag, which
// catches the non-specific tag "!" that yaml.v3 does not record.
func (p *yamlReader) startsWithTag(n *yaml.Node) bool {
	off := p.offsetOf(n)
	return off < len(p.src) && p.src[off] == '!'
}

// ---------------------------------------------------------------------------
// Measuring: the source span of every yaml.Node

// props reads the properties (anchor, tag) that start at offset i. With
// greedy set it reads every property it finds; otherwise only those the node
// is known to have, so that an empty node does not take the properties of
// the node after it. It returns the offset after the last property (i when
// there are none) and the tag's span.
func (p *yamlReader) props(i int, wantAnchor, wantTag, greedy bool) (end, tagStart, tagEnd int) {
	end, tagStart, tagEnd = i, -1, -1
	for i < len(p.src) {
		switch c := p.src[i]; {
		case c == '&' && (wantAnchor || greedy):
			wantAnchor = false
			end = p.anchorTokenEnd(i)
		case c == '!' && (wantTag || greedy):
			wantTag = false
			tagStart, end = i, p.tagTokenEnd(i)
			tagEnd = end
		default:
			return end, tagStart, tagEnd
		}
		if !greedy && !wantAnchor && !wantTag {
			return end, tagStart, tagEnd
		}
		i = p.skipSep(end)
	}
	return end, tagStart, tagEnd
}

func isQuoted(n *yaml.Node) bool {
	return n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0
}

func isBlock(n *yaml.Node) bool {
	return n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0
}

// isEmptyPlain reports whether n is a plain scalar with no text.
func isEmptyPlain(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Value == "" && !isQuoted(n) && !isBlock(n)
}

// measure records the span of n and everything below it. emptyAt is where n
// sits if it turns out to be an empty plain scalar without properties;
// inFlowSeq says n is an entry of a flow sequence, where a mapping can be a
// single pair without braces.
func (p *yamlReader) measure(n *yaml.Node, emptyAt int, inFlowSeq bool) *span {
	s := &span{tagStart: -1, tagEnd: -1}
	p.spans[n] = s
	start := p.offsetOf(n)
	s.start, s.end = start, start

	hasAnchor := n.Anchor != ""
	// yaml.v3 does not record the non-specific tag ("!" or "!<!>"), so look
	// for it.
	hasTag := n.Style&yaml.TaggedStyle != 0
	if !hasTag && start < len(p.src) && p.src[start] == '!' {
		tag := string(p.src[start:p.tagTokenEnd(start)])
		hasTag = tag == "!" || tag == "!<!>"
	}

	switch n.Kind {
	case yaml.AliasNode:
		s.end = p.anchorTokenEnd(start)
		if start >= len(p.src) || p.src[start] != '*' {
			p.guesses++
		}

	case yaml.ScalarNode:
		if isEmptyPlain(n) {
			if !hasAnchor && !hasTag {
				s.start, s.end = emptyAt, emptyAt
				break
			}
			s.end, s.tagStart, s.tagEnd = p.props(start, hasAnchor, hasTag, false)
			break
		}
		// A scalar's text never starts with '&' or '!', so every property
		// before it belongs to it.
		cs := start
		if start < len(p.src) && (p.src[start] == '&' || p.src[start] == '!') {
			var pe int
			pe, s.tagStart, s.tagEnd = p.props(start, false, false, true)
			cs = p.skipSep(pe)
		}
		s.end = p.scalarEnd(n, cs)

	case yaml.SequenceNode:
		p.measureSequence(n, s, hasAnchor, hasTag)

	case yaml.MappingNode:
		p.measureMapping(n, s, hasAnchor, hasTag, inFlowSeq)
	}

	// A parent always covers its children (aliases included, whose spans are
	// their own `*name` text at this stage).
	for _, c := range n.Content {
		if cs := p.spans[c]; cs != nil {
			if cs.start < s.start {
				s.start = cs.start
				p.guesses++
			}
			if cs.end > s.end {
				s.end = cs.end
			}
		}
	}
	if s.tagStart >= 0 && (s.tagStart < s.start || s.tagEnd > s.end) {
		s.tagStart, s.tagEnd = -1, -1
		p.guesses++
	}
	return s
}

// scalarEnd finds the end of a non-empty scalar whose content starts at cs.
func (p *yamlReader) scalarEnd(n *yaml.Node, cs int) int {
	if cs >= len(p.src) {
		p.guesses++
		return len(p.src)
	}
	switch c := p.src[cs]; {
	case n.Style&yaml.DoubleQuotedStyle != 0 && c == '"',
		n.Style&yaml.SingleQuotedStyle != 0 && c == '\'':
		return quotedEnd(p.src, cs)
	case isBlock(n) && (c == '|' || c == '>'):
		header := cs + 1
		for header < len(p.src) && (p.src[header] >= '0' && p.src[header] <= '9' || p.src[header] == '+' || p.src[header] == '-') {
			header++
		}
		// The rest of the header line is white space or a comment.
		end, ok := p.matchText(p.lineEnd(header), n.Value)
		if !ok {
			p.guesses++
		}
		if end < 0 {
			return header
		}
		return p.lineEnd(end)
	case !isQuoted(n) && !isBlock(n):
		end, ok := p.matchText(cs, n.Value)
		if !ok || end < 0 {
			p.guesses++
			if end < 0 {
				end = p.tagTokenEnd(cs)
			}
		}
		return end
	}
	p.guesses++
	return p.tagTokenEnd(cs)
}

// indicatorAfter returns the offset after the indicator ind when it is the
// next token after offset i, or -1.
func (p *yamlReader) indicatorAfter(i int, ind byte) int {
	j := p.skipSep(i)
	if j < len(p.src) && p.src[j] == ind {
		return j + 1
	}
	return -1
}

func (p *yamlReader) measureSequence(n *yaml.Node, s *span, hasAnchor, hasTag bool) {
	cs := s.start
	if hasAnchor || hasTag {
		var pe int
		pe, s.tagStart, s.tagEnd = p.props(s.start, hasAnchor, hasTag, false)
		cs = p.skipSep(pe)
	}
	if n.Style&yaml.FlowStyle != 0 {
		if cs >= len(p.src) || p.src[cs] != '[' {
			// A non-specific tag or other property yaml.v3 did not record.
			pe, ts, te := p.props(cs, false, false, true)
			if ts >= 0 && s.tagStart < 0 {
				s.tagStart, s.tagEnd = ts, te
			}
			cs = p.skipSep(pe)
		}
		last := cs + 1
		for _, c := range n.Content {
			cs := p.measure(c, p.offsetOf(c), true)
			last = max(last, cs.end)
		}
		s.end = p.closeBracket(cs, last, ']')
		return
	}
	// Block sequence: every entry follows a '-'.
	cursor := cs
	for _, c := range n.Content {
		emptyAt := p.offsetOf(c)
		if d := p.dashAfter(cursor); d >= 0 {
			emptyAt = d
		} else if isEmptyPlain(c) {
			p.guesses++
		}
		cs := p.measure(c, emptyAt, false)
		cursor = cs.end
		s.end = max(s.end, cs.end)
	}
}

// dashAfter finds the '-' of the next block sequence entry after offset i
// (skipping properties the sequence may have) and returns the offset after it.
func (p *yamlReader) dashAfter(i int) int {
	for {
		i = p.skipSep(i)
		if i >= len(p.src) {
			return -1
		}
		switch p.src[i] {
		case '-':
			return i + 1
		case '&':
			i = p.anchorTokenEnd(i)
		case '!':
			i = p.tagTokenEnd(i)
		default:
			return -1
		}
	}
}

func (p *yamlReader) measureMapping(n *yaml.Node, s *span, hasAnchor, hasTag, inFlowSeq bool) {
	flow := n.Style&yaml.FlowStyle != 0
	// A single "key: value" pair inside a flow sequence is a mapping without
	// braces. It has no properties, and yaml.v3 places it at its key (or at
	// the '?' of an explicit key).
	if flow && inFlowSeq && !hasAnchor && n.Style&yaml.TaggedStyle == 0 && len(n.Content) == 2 {
		implicit := p.offsetOf(n.Content[0]) == s.start
		if s.start < len(p.src) {
			switch p.src[s.start] {
			case '{', '!', '&':
			default:
				implicit = true
			}
		}
		if implicit {
			hasTag = false
			flow = false
		}
	}

	cs := s.start
	if hasAnchor || hasTag {
		var pe int
		pe, s.tagStart, s.tagEnd = p.props(s.start, hasAnchor, hasTag, false)
		cs = p.skipSep(pe)
	}
	if flow && (cs >= len(p.src) || p.src[cs] != '{') {
		pe, ts, te := p.props(cs, false, false, true)
		if ts >= 0 && s.tagStart < 0 {
			s.tagStart, s.tagEnd = ts, te
		}
		cs = p.skipSep(pe)
	}

	last := cs + 1
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		koff := p.offsetOf(key)
		ks := p.measure(key, koff, false)
		emptyAt := ks.end
		if c := p.indicatorAfter(ks.end, ':'); c >= 0 {
			emptyAt = c
		}
		vs := p.measure(val, emptyAt, false)
		last = max(last, ks.end, vs.end)
		s.end = max(s.end, ks.end, vs.end)
	}
	if flow {
		s.end = p.closeBracket(cs, last, '}')
	}
}

// closeBracket finds the bracket that closes the flow collection opened at
// open, given that its last entry ends at last.
func (p *yamlReader) closeBracket(open, last int, closer byte) int {
	i := last
	if len(p.src) > open && last <= open {
		i = open + 1
	}
	for {
		i = p.skipSep(i)
		if i >= len(p.src) {
			break
		}
		switch p.src[i] {
		case ',':
			i++
			continue
		case closer:
			return i + 1
		}
		break
	}
	p.guesses++
	return p.lineEnd(last)
}

// ---------------------------------------------------------------------------
// Limits: size and depth of the expanded tree

func satAdd(a, b, limit int) int {
	if a > limit-b {
		return limit
	}
	return a + b
}

// target follows an alias to the node it names.
func target(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	return n
}

func isMergeKey(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && k.Tag == "!!merge" && k.Style == 0
}

// cost works out the expanded size and height of n, which sits at collection
// depth depth (1 for the top collection). via is the alias through which n is
// reached, if any, and is where a depth error is reported.
func (p *yamlReader) cost(n *yaml.Node, depth int, via *yaml.Node) cost {
	if p.fatal != nil || n == nil {
		return cost{}
	}
	limit := p.lim.MaxNodes + 1
	if n.Kind == yaml.AliasNode {
		t := n.Alias
		if t == nil {
			return cost{nodes: 1}
		}
		if p.visiting[t] {
			s := p.spans[n]
			p.fatal = &Error{Range: p.f.Range(s.start, s.end),
				Message: fmt.Sprintf("alias *%s refers to a node that contains it", n.Value)}
			return cost{}
		}
		if via == nil {
			via = n
		}
		return p.cost(t, depth, via)
	}
	if c, ok := p.costs[n]; ok {
		if depth-1+c.height > p.lim.MaxDepth {
			p.depthError(via)
		}
		return c
	}
	if n.Kind == yaml.ScalarNode {
		c := cost{nodes: 1}
		p.costs[n] = c
		return c
	}
	if depth > p.lim.MaxDepth {
		if via != nil {
			p.depthError(via)
		} else {
			p.depthError(n)
		}
		return cost{}
	}
	p.visiting[n] = true
	c := cost{nodes: 1, height: 1}
	add := func(child *yaml.Node, merged bool) {
		d := depth + 1
		if merged {
			d = depth // a merged mapping's pairs land in this mapping
		}
		cc := p.cost(child, d, via)
		c.nodes = satAdd(c.nodes, cc.nodes, limit)
		h := cc.height + 1
		if merged {
			// Merged pairs sit at this mapping's level, not one below.
			h = cc.height
		}
		c.height = max(c.height, h)
	}
	for i, child := range n.Content {
		if n.Kind == yaml.MappingNode && i%2 == 0 && isMergeKey(child) && i+1 < len(n.Content) {
			v := n.Content[i+1]
			if t := target(v); t != nil && t.Kind == yaml.SequenceNode {
				for _, item := range t.Content {
					add(item, true)
				}
			} else {
				add(v, true)
			}
			continue
		}
		if n.Kind == yaml.MappingNode && i%2 == 1 && isMergeKey(n.Content[i-1]) {
			continue
		}
		add(child, false)
		if p.fatal != nil {
			break
		}
	}
	delete(p.visiting, n)
	if p.fatal == nil {
		p.costs[n] = c
	}
	return c
}

func (p *yamlReader) depthError(at *yaml.Node) {
	if p.fatal != nil {
		return
	}
	s := p.spans[at]
	start, end := 0, 0
	if s != nil {
		start, end = s.start, s.end
		if at.Kind != yaml.AliasNode {
			end = min(end, start+1) // the opening bracket, '-' or first key
		}
	}
	p.fatal = &Error{Range: p.f.Range(start, end),
		Message: fmt.Sprintf("nesting deeper than %d levels", p.lim.MaxDepth)}
}

// overBudget walks the tree in source order and returns the node at which
// the expanded node count first passes the budget.
func (p *yamlReader) overBudget(n *yaml.Node, running *int) (*yaml.Node, bool) {
	if n.Kind == yaml.AliasNode {
		*running = satAdd(*running, p.costs[target(n)].nodes, p.lim.MaxNodes+1)
		if *running > p.lim.MaxNodes {
			return n, true
		}
		return nil, false
	}
	*running++
	if *running > p.lim.MaxNodes {
		return n, false
	}
	for _, c := range n.Content {
		if at, alias := p.overBudget(c, running); at != nil {
			return at, alias
		}
	}
	return nil, false
}

// ---------------------------------------------------------------------------
// Checks that do not stop reading

// check walks the tree as written (not through aliases, so each problem is
// reported once) for duplicate keys, keys that are not scalars, merge keys
// without a mapping, and values that do not fit an explicit standard tag.
func (p *yamlReader) check(n *yaml.Node) {
	switch n.Kind {
	case yaml.ScalarNode:
		p.checkStdTag(n)
	case yaml.MappingNode:
		first := map[string]*yaml.Node{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if isMergeKey(k) {
				if !p.mergeable(v) {
					p.errorSpan(v, "merge key << needs a mapping or a list of mappings")
				}
				continue
			}
			t := target(k)
			if t == nil || t.Kind != yaml.ScalarNode {
				p.errorSpan(k, "mapping key must be a scalar")
				continue
			}
			if prev, ok := first[t.Value]; ok {
				line := p.f.PosAt(p.spans[prev].start).Line
				p.errorSpan(k, fmt.Sprintf("duplicate key %q (first at line %d)", t.Value, line))
				continue
			}
			first[t.Value] = k
		}
	}
	for _, c := range n.Content {
		p.check(c)
	}
}

func (p *yamlReader) mergeable(v *yaml.Node) bool {
	t := target(v)
	if t == nil {
		return false
	}
	switch t.Kind {
	case yaml.MappingNode:
		return true
	case yaml.SequenceNode:
		for _, item := range t.Content {
			if it := target(item); it == nil || it.Kind != yaml.MappingNode {
				return false
			}
		}
		return true
	}
	return false
}

// checkStdTag reports a scalar with an explicit standard tag (!!int 12) whose
// text does not fit the tag.
func (p *yamlReader) checkStdTag(n *yaml.Node) {
	if n.Style&yaml.TaggedStyle == 0 {
		return
	}
	switch n.ShortTag() {
	case "!!int", "!!float", "!!bool", "!!null", "!!timestamp", "!!binary":
	default:
		return
	}
	var v any
	if err := n.Decode(&v); err != nil {
		p.badTag[n] = true
		p.errorSpan(n, strings.TrimPrefix(err.Error(), "yaml: "))
	}
}

// ---------------------------------------------------------------------------
// Building the syntax tree

// standardTags are the YAML tags folded into Node.Type; other tags are kept.
var standardTags = map[string]bool{
	"!!str": true, "!!int": true, "!!float": true, "!!bool": true, "!!null": true,
	"!!timestamp": true, "!!binary": true, "!!seq": true, "!!map": true, "!!merge": true,
}

func (p *yamlReader) rangeOf(s *span) source.Range {
	return p.f.Range(s.start, s.end)
}

func (p *yamlReader) build(n *yaml.Node) *Node {
	if n == nil {
		return nil
	}
	if n.Kind == yaml.AliasNode {
		c := p.build(n.Alias)
		if c != nil && p.copies != nil {
			p.copies[c] = true
		}
		return c
	}
	p.built++
	if p.built > p.lim.MaxNodes {
		// cost() already refused such trees; this only keeps a bug from
		// turning into unbounded memory.
		panic("node budget exceeded while building")
	}
	s := p.spans[n]
	if s == nil {
		s = &span{start: p.offsetOf(n), end: p.offsetOf(n), tagStart: -1}
		p.guesses++
	}
	out := &Node{Range: p.rangeOf(s)}
	if tag := n.Tag; n.Style&yaml.TaggedStyle != 0 && !standardTags[tag] {
		out.Tag = tag
		if s.tagStart >= 0 {
			out.TagRange = p.f.Range(s.tagStart, s.tagEnd)
		}
	}
	switch n.Kind {
	case yaml.ScalarNode:
		out.Kind = Scalar
		out.Value = n.Value
		out.Type = scalarType(n, out.Tag != "" || p.badTag[n])
	case yaml.SequenceNode:
		out.Kind = Sequence
		out.Items = make([]*Node, 0, len(n.Content))
		for _, c := range n.Content {
			if b := p.build(c); b != nil {
				out.Items = append(out.Items, b)
			}
		}
	case yaml.MappingNode:
		out.Kind = Mapping
		p.buildPairs(n, out)
	default:
		return nil
	}
	return out
}

func scalarType(n *yaml.Node, custom bool) ScalarType {
	if custom || isQuoted(n) || isBlock(n) {
		return String
	}
	switch n.ShortTag() {
	case "!!int":
		return Int
	case "!!float":
		return Float
	case "!!bool":
		return Bool
	case "!!null":
		return Null
	}
	return String
}

// buildPairs fills out.Pairs from the mapping n, applying merge keys: merged
// pairs take the place of the "<<" entry, keys written in n win over merged
// ones, and among merged mappings the first to name a key wins.
func (p *yamlReader) buildPairs(n *yaml.Node, out *Node) {
	explicit := map[string]bool{}
	hasMerge := false
	for i := 0; i+1 < len(n.Content); i += 2 {
		if isMergeKey(n.Content[i]) {
			hasMerge = true
		} else if t := target(n.Content[i]); t != nil && t.Kind == yaml.ScalarNode {
			explicit[t.Value] = true
		}
	}
	var merged map[string]bool
	if hasMerge {
		merged = map[string]bool{}
	}
	out.Pairs = make([]*Pair, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if isMergeKey(k) {
			if !p.mergeable(v) {
				continue
			}
			var sources []*yaml.Node
			if t := target(v); t.Kind == yaml.MappingNode {
				sources = append(sources, v)
			} else {
				sources = append(sources, t.Content...)
			}
			for _, src := range sources {
				m := p.build(src)
				if m == nil {
					continue
				}
				for _, pr := range m.Pairs {
					if explicit[pr.Key.Value] || merged[pr.Key.Value] {
						continue
					}
					merged[pr.Key.Value] = true
					if p.copies != nil {
						p.copies[pr.Key] = true
						p.copies[pr.Value] = true
					}
					out.Pairs = append(out.Pairs, pr)
				}
			}
			continue
		}
		if t := target(k); t == nil || t.Kind != yaml.ScalarNode {
			continue // reported by check
		}
		key, val := p.build(k), p.build(v)
		if key == nil || val == nil {
			continue
		}
		out.Pairs = append(out.Pairs, &Pair{Key: key, Value: val})
	}
}
