package cdk

import (
	"fmt"
	"go/ast"
	"go/token"
	"regexp"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/papilint/papilint/internal/docgen"
)

// Rule names the papilint rule an analyzer mirrors.
type Rule struct {
	ID   string // PAPI030
	Name string // alb-internet-facing
}

// URL is the rule's documentation page.
func (r Rule) URL() string { return docgen.HelpURI(r.ID) }

// Report reports a finding of rule on the range of node. The message starts
// with the rule ID and name and ends with the documentation URL, so that
// drivers that print only the message (go vet) still show both; the
// diagnostic also carries the ID as its Category and the URL in its URL
// field, for gopls and golangci-lint. A papilint:ignore comment naming the
// rule, with a reason, on the node's first line or the line above it
// suppresses the finding.
func (ix *Index) Report(r Rule, node ast.Node, format string, args ...any) {
	if ix.ignored(r.ID, node.Pos()) {
		return
	}
	if ix.report == nil {
		panic("cdk: Report on an Index not handed to a rule analyzer by NewAnalyzer")
	}
	msg := fmt.Sprintf(format, args...)
	ix.report(analysis.Diagnostic{
		Pos:      node.Pos(),
		End:      node.End(),
		Category: r.ID,
		URL:      r.URL(),
		Message:  fmt.Sprintf("%s %s: %s; see %s", r.ID, r.Name, msg, r.URL()),
	})
}

// directive is one papilint:ignore comment.
type directive struct {
	rules  []string
	reason string
	until  time.Time
}

var (
	ignoreRe = regexp.MustCompile(`^//\s*papilint:ignore\s+(.*)$`)
	ruleRe   = regexp.MustCompile(`^PAPI\d{3}$`)
	reasonRe = regexp.MustCompile(`\breason="([^"]*)"`)
	untilRe  = regexp.MustCompile(`\buntil=(\d{4}-\d{2}-\d{2})\b`)
)

// ignored reports whether a papilint:ignore comment suppresses rule at pos.
// The syntax is papilint's, for CDK app sources:
//
//	// papilint:ignore PAPI030 reason="behind CloudFront (NET-42)" until=2027-01-31
//
// Several IDs may be separated by commas. Without a reason, or after the
// until date, the comment suppresses nothing.
func (ix *Index) ignored(rule string, pos token.Pos) bool {
	tf := ix.Pass.Fset.File(pos)
	if tf == nil {
		return false
	}
	if ix.ignores == nil {
		ix.ignores = map[*token.File]map[int][]directive{}
	}
	byLine, ok := ix.ignores[tf]
	if !ok {
		byLine = ix.parseIgnores(tf)
		ix.ignores[tf] = byLine
	}
	line := tf.Line(pos)
	today := time.Now().UTC().Truncate(24 * time.Hour)
	for _, l := range []int{line, line - 1} {
		for _, d := range byLine[l] {
			if d.reason == "" || (!d.until.IsZero() && d.until.Before(today)) {
				continue
			}
			for _, id := range d.rules {
				if id == rule {
					return true
				}
			}
		}
	}
	return false
}

func (ix *Index) parseIgnores(tf *token.File) map[int][]directive {
	out := map[int][]directive{}
	for _, f := range ix.Pass.Files {
		if ix.Pass.Fset.File(f.Pos()) != tf {
			continue
		}
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				m := ignoreRe.FindStringSubmatch(c.Text)
				if m == nil {
					continue
				}
				var d directive
				for _, field := range strings.Fields(m[1]) {
					ids := strings.Split(strings.Trim(field, ","), ",")
					if !ruleRe.MatchString(strings.ToUpper(ids[0])) {
						break
					}
					for _, id := range ids {
						d.rules = append(d.rules, strings.ToUpper(strings.TrimSpace(id)))
					}
				}
				if r := reasonRe.FindStringSubmatch(m[1]); r != nil {
					d.reason = strings.TrimSpace(r[1])
				}
				if u := untilRe.FindStringSubmatch(m[1]); u != nil {
					if t, err := time.Parse("2006-01-02", u[1]); err == nil {
						d.until = t
					}
				}
				line := tf.Line(c.Pos())
				out[line] = append(out[line], d)
			}
		}
	}
	return out
}
