package config

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/papilint/papilint/internal/analysis"
	"github.com/papilint/papilint/internal/driver"
)

// Code is the notification code for messages about the config file.
const Code = "papilint-config"

// Enabled filters a rule list by the rules section. A rule that is off by
// default (analysis.Analyzer.DefaultOff) is left out unless the section
// enables it; then it is returned as a copy that is on, which the driver
// runs.
func (c *Config) Enabled(all []*analysis.Analyzer) []*analysis.Analyzer {
	var out []*analysis.Analyzer
	for _, a := range all {
		var s RuleSetting
		if c != nil {
			s = c.Rules[a.ID]
		}
		switch {
		case s.Enabled != nil && !*s.Enabled:
			continue
		case a.DefaultOff && s.Enabled == nil:
			continue
		case a.DefaultOff:
			on := *a
			on.DefaultOff = false
			a = &on
		}
		out = append(out, a)
	}
	return out
}

// Suppressible reports whether inline suppressions may silence a rule.
func (c *Config) Suppressible(id string) bool {
	if c == nil {
		return true
	}
	s, ok := c.Rules[id]
	return !ok || s.Suppressible == nil || *s.Suppressible
}

// Excluded reports whether a report path (relative to root) is excluded.
// Globs are relative to the config file's directory.
func (c *Config) Excluded(root, rel string) bool {
	if c == nil || len(c.Exclude) == 0 {
		return false
	}
	p := c.relToConfig(root, rel)
	for _, g := range c.Exclude {
		if Match(g, p) || Match(g+"/**", p) {
			return true
		}
	}
	return false
}

func (c *Config) relToConfig(root, rel string) string {
	abs := filepath.Join(root, filepath.FromSlash(rel))
	r, err := filepath.Rel(c.Dir, abs)
	if err != nil || strings.HasPrefix(r, "..") {
		return rel
	}
	return filepath.ToSlash(r)
}

// Apply changes severities and marks the findings the ignore entries cover,
// then adds notes for expired and unused entries. Findings already
// suppressed inline are left as they are.
func (c *Config) Apply(res *driver.Result, root string, today time.Time) {
	if c == nil {
		return
	}
	for i := range res.Findings {
		f := &res.Findings[i]
		if s, ok := c.Rules[f.Rule.ID]; ok && s.Severity != "" {
			f.Severity, _ = analysis.ParseSeverity(s.Severity)
		}
	}
	used := make([]bool, len(c.Ignore))
	expired := make([]bool, len(c.Ignore))
	for i := range res.Findings {
		f := &res.Findings[i]
		if f.Suppression != nil {
			continue
		}
		for j, ig := range c.Ignore {
			if !c.covers(ig, f, root) {
				continue
			}
			used[j] = true
			if u := ig.UntilTime(); !u.IsZero() && today.After(u) {
				expired[j] = true
				continue
			}
			f.Suppression = &driver.Suppression{Kind: "external", Justification: ig.Reason, Until: ig.UntilTime()}
			break
		}
	}
	for j, ig := range c.Ignore {
		var msg string
		switch {
		case expired[j]:
			msg = fmt.Sprintf("%s:%d: ignore entry for %s expired on %s and no longer applies", c.Path, ig.Line, ig.ID, ig.Until)
		case !used[j]:
			msg = fmt.Sprintf("%s:%d: ignore entry for %s matches no finding; remove it", c.Path, ig.Line, ig.ID)
		default:
			continue
		}
		res.Notifications = append(res.Notifications, driver.Notification{Code: Code, Severity: analysis.Note, File: c.Path, Message: msg})
	}
}

func (c *Config) covers(ig Ignore, f *driver.Finding, root string) bool {
	if ig.ID != f.Rule.ID {
		return false
	}
	if ig.Path != "" {
		if !f.Range.IsValid() || !Match(ig.Path, c.relToConfig(root, f.Range.File.Rel)) {
			return false
		}
	}
	if ig.Resource != "" {
		n := f.Resource
		if n == nil || (n.Name != ig.Resource && n.ConstructPath != ig.Resource && string(n.ID) != ig.Resource) {
			return false
		}
	}
	return true
}
