package report

import (
	"bufio"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/docgen"
	"github.com/papilint/papilint/internal/driver"
	"github.com/papilint/papilint/internal/requestpath"
	"github.com/papilint/papilint/internal/source"
)

// DefaultMarkdownFindings is how many findings the Markdown report lists
// when MarkdownOptions.MaxFindings is zero. A pull-request comment holds at
// most 65,536 characters, so the list is cut there and says how many more
// there are.
const DefaultMarkdownFindings = 200

// MarkdownOptions tune the Markdown report.
type MarkdownOptions struct {
	// Paths are the request paths of the detected pattern instances, marked
	// with their findings (requestpath.Build and Mark).
	Paths []*requestpath.Path
	// LinkBase is put before each file path in links, e.g.
	// "https://github.com/OWNER/REPO/blob/SHA/"; empty leaves the links
	// relative ("templates/api.yaml#L8"), which resolve inside the
	// repository's own pages.
	LinkBase string
	// MaxFindings caps the findings listed; 0 means DefaultMarkdownFindings.
	MaxFindings int
}

// WriteMarkdown writes the report as GitHub-flavoured Markdown, for
// pull-request comments and $GITHUB_STEP_SUMMARY: a summary line, one
// Mermaid flowchart per detected pattern instance showing the request path
// with the broken hops marked, then the findings grouped by severity with
// links to their lines, the suppressed findings folded away, and the scan
// problems. Text from the scanned files is escaped, so it can neither
// break the tables nor mention users or link issues.
func WriteMarkdown(w io.Writer, res *driver.Result, meta Meta, opt MarkdownOptions) error {
	bw := bufio.NewWriter(w)
	max := opt.MaxFindings
	if max <= 0 {
		max = DefaultMarkdownFindings
	}
	c := countFindings(res)

	bw.WriteString("## papilint\n\n")
	if n := c.errors + c.warnings + c.notes; n == 0 {
		fmt.Fprintf(bw, "No findings in %s.", plural(meta.Files, "file"))
	} else {
		fmt.Fprintf(bw, "**%s** (%s, %s, %s) in %s.", plural(n, "finding"),
			plural(c.errors, "error"), plural(c.warnings, "warning"), plural(c.notes, "note"), plural(meta.Files, "file"))
	}
	if c.suppressed > 0 {
		fmt.Fprintf(bw, " %d suppressed.", c.suppressed)
	}
	if n := len(res.Notifications); n > 0 {
		fmt.Fprintf(bw, " %s.", plural(n, "scan problem"))
	}
	bw.WriteString("\n\n")

	if len(opt.Paths) > 0 {
		bw.WriteString("### Request paths\n\n")
		for i, p := range opt.Paths {
			fmt.Fprintf(bw, "#### %d. %s", i+1, mdText(p.Title))
			if p.File != "" {
				fmt.Fprintf(bw, " in %s", mdText(p.File))
			}
			if rules := pathRules(p); len(rules) > 0 {
				fmt.Fprintf(bw, " (broken: %s)", strings.Join(rules, ", "))
			}
			bw.WriteString("\n\n```mermaid\n")
			if err := requestpath.WriteMermaid(bw, []*requestpath.Path{p}, requestpath.MermaidOptions{}); err != nil {
				return err
			}
			bw.WriteString("```\n\n")
		}
	}

	listed := 0
	var active, suppressed []*driver.Finding
	for i := range res.Findings {
		if res.Findings[i].Suppression != nil {
			suppressed = append(suppressed, &res.Findings[i])
		} else {
			active = append(active, &res.Findings[i])
		}
	}
	if len(active) > 0 {
		bw.WriteString("### Findings\n\n")
	}
	for _, sev := range []analysis.Severity{analysis.Error, analysis.Warning, analysis.Note} {
		var group []*driver.Finding
		for _, f := range active {
			if level(*f) == sev {
				group = append(group, f)
			}
		}
		if len(group) == 0 {
			continue
		}
		fmt.Fprintf(bw, "#### %s (%d)\n\n", severityHeading(sev), len(group))
		bw.WriteString("| Rule | Resource | Location | Message |\n| --- | --- | --- | --- |\n")
		for _, f := range group {
			if listed == max {
				break
			}
			listed++
			fmt.Fprintf(bw, "| %s | %s | %s | %s |\n", ruleCell(f), resourceCell(f), opt.location(f.Range), mdText(resultMessage(f)))
		}
		bw.WriteString("\n")
	}
	if more := len(active) - listed; more > 0 {
		fmt.Fprintf(bw, "%s not listed here; the text, JSON and SARIF reports have all of them.\n\n", plural(more, "more finding"))
	}

	if len(suppressed) > 0 {
		fmt.Fprintf(bw, "<details><summary>Suppressed findings (%d)</summary>\n\n", len(suppressed))
		bw.WriteString("| Rule | Resource | Location | Reason |\n| --- | --- | --- | --- |\n")
		for i, f := range suppressed {
			if i == max {
				fmt.Fprintf(bw, "\n%s not listed.\n", plural(len(suppressed)-max, "more suppressed finding"))
				break
			}
			reason := f.Suppression.Justification
			if !f.Suppression.Until.IsZero() {
				reason += " (until " + f.Suppression.Until.Format("2006-01-02") + ")"
			}
			fmt.Fprintf(bw, "| %s | %s | %s | %s |\n", ruleCell(f), resourceCell(f), opt.location(f.Range), mdText(reason))
		}
		bw.WriteString("\n</details>\n\n")
	}

	if len(res.Notifications) > 0 {
		bw.WriteString("### Scan problems\n\n")
		for i, n := range res.Notifications {
			if i == max {
				fmt.Fprintf(bw, "- %s not listed\n", plural(len(res.Notifications)-max, "more scan problem"))
				break
			}
			where := ""
			switch {
			case n.Range.IsValid():
				where = opt.location(n.Range) + ": "
			case notificationFile(n) != "":
				where = mdText(notificationFile(n)) + ": "
			}
			code := ""
			if n.Code != "" {
				code = " (" + mdText(n.Code) + ")"
			}
			fmt.Fprintf(bw, "- **%s**%s %s%s\n", notificationLevel(n), code, where, mdText(oneLine(n.Message)))
		}
		bw.WriteString("\n")
	}
	if meta.Version != "" {
		fmt.Fprintf(bw, "<sub>papilint %s</sub>\n", mdText(meta.Version))
	}
	return bw.Flush()
}

func severityHeading(s analysis.Severity) string {
	switch s {
	case analysis.Error:
		return "Errors"
	case analysis.Warning:
		return "Warnings"
	}
	return "Notes"
}

// pathRules lists the rules that fire on a path's hops, in hop order.
func pathRules(p *requestpath.Path) []string {
	var out []string
	seen := map[string]bool{}
	for _, h := range p.Hops {
		for _, r := range h.Rules {
			if !seen[r] {
				seen[r] = true
				out = append(out, r)
			}
		}
	}
	return out
}

func ruleCell(f *driver.Finding) string {
	id := ruleID(*f)
	cell := "[" + id + "](" + docgen.HelpURI(id) + ")"
	if f.Rule != nil && f.Rule.Name != "" {
		cell += " " + mdText(f.Rule.Name)
	}
	return cell
}

func resourceCell(f *driver.Finding) string {
	if f.Resource == nil {
		return ""
	}
	return mdText(f.Resource.Display())
}

// location is a link to the line of a range: "[file:line](base/file#Lline)".
func (o MarkdownOptions) location(r source.Range) string {
	if !r.IsValid() {
		return ""
	}
	line := strconv.Itoa(int(r.Start.Line))
	return "[" + mdText(r.File.Rel+":"+line) + "](" + o.link(r.File.Rel) + "#L" + line + ")"
}

// link is the URL of a report path: each segment escaped, after LinkBase.
func (o MarkdownOptions) link(rel string) string {
	segs := strings.Split(rel, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	base := o.LinkBase
	if base != "" && !strings.HasSuffix(base, "/") {
		base += "/"
	}
	return base + strings.Join(segs, "/")
}

// mdText escapes text for Markdown prose and table cells: Markdown
// punctuation is backslash-escaped, HTML is neutralised, and "@" and "#"
// become entities so that scanned text cannot mention users or link issues.
// Line breaks become spaces.
func mdText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '|', '~', '!':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '@':
			b.WriteString("&#64;")
		case '#':
			b.WriteString("&#35;")
		case '\n', '\r', '\t':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
