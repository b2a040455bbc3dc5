// Package source holds the files papilint reads and positions inside them.
//
// Positions are byte offsets first; line and column are derived from them.
// Columns in a Pos are 1-based byte columns. Writers that need another unit
// (SARIF wants UTF-16 code units) convert with File.UTF16Col.
package source

import (
	"bytes"
	"fmt"
	"sort"
	"unicode/utf16"
	"unicode/utf8"
)

// File is one input file with its content and a line index.
type File struct {
	// Path is the path as papilint opened it (absolute or relative to the
	// working directory).
	Path string
	// Rel is the slash-separated path relative to the report root. It is what
	// every output shows.
	Rel     string
	Content []byte
	lines   []int // byte offset of the start of each line
}

// NewFile builds a File and its line index. LF, CRLF and a lone CR each end a
// line, the same way GitHub's fingerprinting counts lines.
func NewFile(path, rel string, content []byte) *File {
	f := &File{Path: path, Rel: rel, Content: content}
	f.lines = append(f.lines, 0)
	for i := 0; i < len(content); i++ {
		switch content[i] {
		case '\n':
			f.lines = append(f.lines, i+1)
		case '\r':
			if i+1 < len(content) && content[i+1] == '\n' {
				i++
			}
			f.lines = append(f.lines, i+1)
		}
	}
	return f
}

// Pos is a position in a file. Its fields are 32-bit (files are at most
// 16 MB, loader.MaxFileSize), which makes every Range 32 bytes instead of 56:
// a parse tree node and a graph value each hold two or three of them.
type Pos struct {
	Offset int32 // byte offset, 0-based
	Line   int32 // 1-based
	Col    int32 // 1-based, in bytes
}

// IsValid reports whether p was set.
func (p Pos) IsValid() bool { return p.Line > 0 }

// Range is a half-open byte range [Start, End) in one file.
type Range struct {
	File  *File
	Start Pos
	End   Pos
}

// IsValid reports whether r points into a file.
func (r Range) IsValid() bool { return r.File != nil && r.Start.IsValid() }

// Text returns the source text the range covers.
func (r Range) Text() string {
	if !r.IsValid() || r.End.Offset < r.Start.Offset || int(r.End.Offset) > len(r.File.Content) {
		return ""
	}
	return string(r.File.Content[r.Start.Offset:r.End.Offset])
}

func (r Range) String() string {
	if !r.IsValid() {
		return "-"
	}
	return fmt.Sprintf("%s:%d:%d-%d:%d", r.File.Rel, r.Start.Line, r.Start.Col, r.End.Line, r.End.Col)
}

// Contains reports whether o lies inside r.
func (r Range) Contains(o Range) bool {
	return r.File == o.File && r.Start.Offset <= o.Start.Offset && o.End.Offset <= r.End.Offset
}

// PosAt returns the position of a byte offset. Offsets past the end are
// clamped to the end of the file.
func (f *File) PosAt(off int) Pos {
	if off < 0 {
		off = 0
	}
	if off > len(f.Content) {
		off = len(f.Content)
	}
	i := sort.Search(len(f.lines), func(i int) bool { return f.lines[i] > off }) - 1
	if i < 0 {
		i = 0
	}
	return Pos{Offset: int32(off), Line: int32(i + 1), Col: int32(off - f.lines[i] + 1)}
}

// OffsetAt returns the byte offset of a 1-based line and 1-based byte column.
// It returns -1 when the line does not exist.
func (f *File) OffsetAt(line, col int) int {
	if line < 1 || line > len(f.lines) {
		return -1
	}
	off := f.lines[line-1] + col - 1
	if off > len(f.Content) {
		off = len(f.Content)
	}
	return off
}

// Range returns the range between two byte offsets.
func (f *File) Range(start, end int) Range {
	if end < start {
		end = start
	}
	return Range{File: f, Start: f.PosAt(start), End: f.PosAt(end)}
}

// LineCount is the number of lines, counting a final line after a trailing
// newline.
func (f *File) LineCount() int { return len(f.lines) }

// Line returns the text of a 1-based line without its line ending.
func (f *File) Line(n int) string {
	if n < 1 || n > len(f.lines) {
		return ""
	}
	start := f.lines[n-1]
	end := len(f.Content)
	if n < len(f.lines) {
		end = f.lines[n]
	}
	return string(bytes.TrimRight(f.Content[start:end], "\r\n"))
}

// UTF16Col converts a position's byte column to a 1-based column counted in
// UTF-16 code units, the unit SARIF viewers use.
func (f *File) UTF16Col(p Pos) int {
	if p.Line < 1 || int(p.Line) > len(f.lines) {
		return int(p.Col)
	}
	start := f.lines[p.Line-1]
	end := int(p.Offset)
	if end > len(f.Content) {
		end = len(f.Content)
	}
	if end < start {
		return 1
	}
	n := 0
	b := f.Content[start:end]
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		n += len(utf16.Encode([]rune{r}))
	}
	return n + 1
}

// Diagnostic is a problem with an input file rather than with the
// infrastructure it describes: a syntax error, a reference that cannot be
// resolved, a file too large to read. Loaders return these; the driver turns
// them into notifications.
type Diagnostic struct {
	Code     string // "papilint-syntax", "papilint-load"
	Severity string // "error", "warning" or "note"
	Range    Range  // may be invalid when there is no position
	File     string // report path of the file, when Range is invalid
	Message  string
}

func (d Diagnostic) Error() string {
	switch {
	case d.Range.IsValid():
		return fmt.Sprintf("%s:%d:%d: %s", d.Range.File.Rel, d.Range.Start.Line, d.Range.Start.Col, d.Message)
	case d.File != "":
		return d.File + ": " + d.Message
	}
	return d.Message
}

// FirstInvalidUTF8 returns the byte offset of the first byte that is not
// part of valid UTF-8, or len(b) when b is valid.
func FirstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}
