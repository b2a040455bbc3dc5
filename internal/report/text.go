package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/driver"
	"github.com/papilint/papilint/internal/source"
)

// TextOptions tune the text report.
type TextOptions struct {
	// Color turns on ANSI colours. The CLI decides: a terminal, and NO_COLOR
	// unset, and no --no-color.
	Color bool
	// Files is the number of files scanned, for the summary line.
	Files int
}

// ANSI escapes used when TextOptions.Color is set.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[1;31m"
	ansiYellow = "\x1b[1;33m"
	ansiCyan   = "\x1b[1;36m"
	ansiBlue   = "\x1b[1;34m"
)

// WriteText writes the report for people, in the style of a compiler:
//
//	templates/api.yaml:8:16: error: REST API "Api" has endpoint type EDGE, not PRIVATE [PAPI001]
//	    8 |         Types: [EDGE]
//	      |                ^^^^^^
//
// Columns are 1-based and counted in characters (Unicode code points), not
// bytes; SARIF and JSON use UTF-16 code units instead. The underline covers
// the finding's range on its first line. Scan problems (notifications) come
// first, in the same form with their code in brackets, then the findings,
// then a summary line.
func WriteText(w io.Writer, res *driver.Result, opt TextOptions) error {
	bw := bufio.NewWriter(w)
	p := &textPrinter{w: bw, color: opt.Color}
	for _, n := range res.Notifications {
		p.notification(n)
	}
	for i := range res.Findings {
		if res.Findings[i].Suppression != nil {
			continue // suppressed: counted in the summary only
		}
		p.finding(&res.Findings[i])
	}
	p.summary(res, opt.Files)
	return bw.Flush()
}

type textPrinter struct {
	w     *bufio.Writer
	color bool
}

// paint wraps s in an ANSI style when colour is on.
func (p *textPrinter) paint(style, s string) string {
	if !p.color || s == "" {
		return s
	}
	return style + s + ansiReset
}

func severityStyle(s analysis.Severity) string {
	switch s {
	case analysis.Error:
		return ansiRed
	case analysis.Warning:
		return ansiYellow
	}
	return ansiCyan
}

// position is "file:line:col" for a range, the column in characters.
func position(r source.Range) string {
	return r.File.Rel + ":" + strconv.Itoa(int(r.Start.Line)) + ":" + strconv.Itoa(charCol(r.File, r.Start))
}

// charCol is the 1-based column of a position counted in Unicode code
// points.
func charCol(f *source.File, p source.Pos) int {
	start := f.OffsetAt(int(p.Line), 1)
	if start < 0 || int(p.Offset) < start || int(p.Offset) > len(f.Content) {
		return int(p.Col)
	}
	return utf8.RuneCount(f.Content[start:p.Offset]) + 1
}

// header writes "where: severity: message [code]".
func (p *textPrinter) header(where string, sev analysis.Severity, msg, code string) {
	if where != "" {
		fmt.Fprintf(p.w, "%s: ", p.paint(ansiBold, where))
	}
	fmt.Fprintf(p.w, "%s: %s", p.paint(severityStyle(sev), sev.String()), p.paint(ansiBold, oneLine(msg)))
	if code != "" {
		fmt.Fprintf(p.w, " %s", p.paint(ansiDim, "["+code+"]"))
	}
	p.w.WriteByte('\n')
}

// oneLine keeps a message on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\r", "")), " ")
}

func (p *textPrinter) finding(f *driver.Finding) {
	sev := level(*f)
	where := ""
	if f.Range.IsValid() {
		where = position(f.Range)
	}
	p.header(where, sev, f.Message, ruleID(*f))
	gutter := 0
	if f.Range.IsValid() {
		gutter = p.snippet(f.Range, sev)
	}
	if n := f.Resource; n != nil && n.ConstructPath != "" {
		p.note(gutter, "construct: "+n.ConstructPath)
	}
	for _, rel := range f.Related {
		text := oneLine(rel.Message)
		if rel.Range.IsValid() {
			text = position(rel.Range) + ": " + text
		}
		p.note(gutter, strings.TrimSuffix(text, ": "))
	}
	p.w.WriteByte('\n')
}

func (p *textPrinter) notification(n driver.Notification) {
	sev := notificationLevel(n)
	where := notificationFile(n)
	if n.Range.IsValid() {
		where = position(n.Range)
	}
	p.header(where, sev, n.Message, n.Code)
	if n.Range.IsValid() {
		p.snippet(n.Range, sev)
	}
	p.w.WriteByte('\n')
}

// note writes a "= text" line aligned with the snippet's gutter.
func (p *textPrinter) note(gutter int, text string) {
	fmt.Fprintf(p.w, "%*s %s %s\n", gutter, "", p.paint(ansiBlue, "="), text)
}

// snippet prints the first line of the range and an underline under the
// part of it the range covers. It returns the gutter width.
func (p *textPrinter) snippet(r source.Range, sev analysis.Severity) int {
	line := r.File.Line(int(r.Start.Line))
	num := strconv.Itoa(int(r.Start.Line))
	gutter := len(num) + 2
	bar := p.paint(ansiBlue, "|")

	lineStart := r.File.OffsetAt(int(r.Start.Line), 1)
	if lineStart < 0 {
		return gutter // a position outside the file: no snippet
	}
	from := clamp(int(r.Start.Offset)-lineStart, 0, len(line))
	to := len(line)
	if end := endPos(r); end.Line == r.Start.Line {
		to = clamp(int(end.Offset)-lineStart, from, len(line))
	}

	fmt.Fprintf(p.w, "%*s %s %s\n", gutter, num, bar, line)
	marks := max(displayWidth(line[from:to]), 1)
	fmt.Fprintf(p.w, "%*s %s %s%s\n", gutter, "", bar, blankLike(line[:from]),
		p.paint(severityStyle(sev), strings.Repeat("^", marks)))
	return gutter
}

func clamp(v, lo, hi int) int {
	return min(max(v, lo), hi)
}

// blankLike returns whitespace as wide as s on a terminal: tabs are kept so
// the underline follows the same tab stops, wide characters take two cells.
func blankLike(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == '\t' {
			b.WriteByte('\t')
			continue
		}
		b.WriteString(strings.Repeat(" ", runeWidth(r)))
	}
	return b.String()
}

// displayWidth is the number of terminal cells s takes, tabs counted as one.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

// runeWidth approximates a character's width on a terminal: zero for
// combining marks and joiners, two for East Asian wide characters and
// emoji, one otherwise.
func runeWidth(r rune) int {
	switch {
	case r == 0x200D || (r >= 0xFE00 && r <= 0xFE0F) || (r >= 0x0300 && r <= 0x036F):
		return 0
	case r >= 0x1100 && r <= 0x115F, // Hangul Jamo
		r >= 0x2E80 && r <= 0xA4CF && r != 0x303F, // CJK … Yi
		r >= 0xAC00 && r <= 0xD7A3,                // Hangul syllables
		r >= 0xF900 && r <= 0xFAFF,                // CJK compatibility ideographs
		r >= 0xFE30 && r <= 0xFE4F,                // CJK compatibility forms
		r >= 0xFF00 && r <= 0xFF60,                // full-width forms
		r >= 0xFFE0 && r <= 0xFFE6,
		r >= 0x1F300 && r <= 0x1F64F, // pictographs, emoticons
		r >= 0x1F900 && r <= 0x1F9FF, // supplemental symbols and pictographs
		r >= 0x1F680 && r <= 0x1F6FF, // transport and map symbols
		r >= 0x20000 && r <= 0x3FFFD: // CJK extensions
		return 2
	}
	return 1
}

// summary writes the last line: counts of findings by level and of files.
func (p *textPrinter) summary(res *driver.Result, files int) {
	c := countFindings(res)
	var line string
	if n := c.errors + c.warnings + c.notes; n == 0 {
		line = "no findings in " + plural(files, "file")
	} else {
		line = fmt.Sprintf("%s (%s, %s, %s) in %s", plural(n, "finding"),
			plural(c.errors, "error"), plural(c.warnings, "warning"), plural(c.notes, "note"),
			plural(files, "file"))
	}
	if c.suppressed > 0 {
		line += fmt.Sprintf("; %d suppressed", c.suppressed)
	}
	if n := len(res.Notifications); n > 0 {
		line += "; " + plural(n, "scan problem")
	}
	p.w.WriteString(p.paint(ansiBold, line) + "\n")
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}
