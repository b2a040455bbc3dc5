package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/driver"
	"github.com/papilint/papilint/internal/source"
)

// WriteGitHub writes the report as GitHub Actions workflow commands, one
// annotation per active finding and per scan problem, for repositories
// without code scanning:
//
//	::error file=t.yaml,line=8,endLine=8,col=16,endColumn=22,title=PAPI001 rest-api-not-private::REST API …
//
// Levels map to ::error, ::warning and ::notice. Columns are UTF-16 code
// units like SARIF's (endColumn is the column after the range) and are
// given only when the range is on one line, as GitHub wants. Data and
// property values are escaped the way GitHub's toolkit does it, so text from
// the scanned files cannot end the command early or start another one. A
// plain summary line follows the annotations.
func WriteGitHub(w io.Writer, res *driver.Result, meta Meta) error {
	bw := bufio.NewWriter(w)
	for _, n := range res.Notifications {
		props := locationProps(n.Range)
		if len(props) == 0 && notificationFile(n) != "" {
			props = append(props, [2]string{"file", notificationFile(n)})
		}
		title := "papilint"
		if n.Code != "" {
			title = n.Code
		}
		props = append(props, [2]string{"title", title})
		writeCommand(bw, ghLevel(notificationLevel(n)), props, firstNonEmpty(n.Message, n.Code, "scan problem"))
	}
	for i := range res.Findings {
		f := &res.Findings[i]
		if f.Suppression != nil {
			continue
		}
		title := ruleID(*f)
		if f.Rule != nil && f.Rule.Name != "" {
			title += " " + f.Rule.Name
		}
		props := append(locationProps(f.Range), [2]string{"title", title})
		msg := resultMessage(f)
		if id := ruleID(*f); id != "" {
			msg += " [" + id + "]"
		}
		writeCommand(bw, ghLevel(level(*f)), props, msg)
	}
	c := countFindings(res)
	line := fmt.Sprintf("papilint: %s (%s, %s, %s) in %s", plural(c.errors+c.warnings+c.notes, "finding"),
		plural(c.errors, "error"), plural(c.warnings, "warning"), plural(c.notes, "note"), plural(meta.Files, "file"))
	if c.suppressed > 0 {
		line += fmt.Sprintf("; %d suppressed", c.suppressed)
	}
	if n := len(res.Notifications); n > 0 {
		line += "; " + plural(n, "scan problem")
	}
	bw.WriteString(line + "\n")
	return bw.Flush()
}

func ghLevel(s analysis.Severity) string {
	switch s {
	case analysis.Error:
		return "error"
	case analysis.Warning:
		return "warning"
	}
	return "notice"
}

// locationProps are the file and position properties of a range.
func locationProps(r source.Range) [][2]string {
	if !r.IsValid() {
		return nil
	}
	end := endPos(r)
	props := [][2]string{
		{"file", r.File.Rel},
		{"line", strconv.Itoa(int(r.Start.Line))},
		{"endLine", strconv.Itoa(int(end.Line))},
	}
	if end.Line == r.Start.Line {
		props = append(props,
			[2]string{"col", strconv.Itoa(r.File.UTF16Col(r.Start))},
			[2]string{"endColumn", strconv.Itoa(r.File.UTF16Col(end))})
	}
	return props
}

// writeCommand writes "::name k=v,k=v::data".
func writeCommand(w *bufio.Writer, name string, props [][2]string, data string) {
	w.WriteString("::" + name)
	for i, p := range props {
		if i == 0 {
			w.WriteByte(' ')
		} else {
			w.WriteByte(',')
		}
		w.WriteString(p[0] + "=" + EscapeGitHubProperty(p[1]))
	}
	w.WriteString("::" + EscapeGitHubData(data) + "\n")
}

// EscapeGitHubData escapes the message of a workflow command: "%", CR and
// LF become %25, %0D and %0A.
func EscapeGitHubData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// EscapeGitHubProperty escapes a property value of a workflow command: as
// data, and also ":" and "," (%3A, %2C), which would end the value.
func EscapeGitHubProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
