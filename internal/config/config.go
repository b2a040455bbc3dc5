// Package config reads .papilint.yaml, the project's papilint settings:
// which rules run and at what level, which findings are ignored and why,
// which paths are excluded, and defaults for the scan flags.
//
// The file is decoded strictly: an unknown key is an error that names its
// line, so a misspelt setting never silently does nothing.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// FileName is the name papilint looks for.
const FileName = ".papilint.yaml"

// Version is the only config version this papilint reads.
const Version = 1

// Config is the decoded file.
type Config struct {
	Version int `yaml:"version"`
	// Rules changes rules by ID: enabled, severity, suppressible.
	Rules map[string]RuleSetting `yaml:"rules"`
	// Ignore lists findings the project accepts, each with a reason.
	Ignore []Ignore `yaml:"ignore"`
	// Exclude lists path globs (slash-separated, relative to the config
	// file's directory; ** matches any number of directories) that are
	// never scanned.
	Exclude []string `yaml:"exclude"`
	// FailOn is the default for --fail-on.
	FailOn string `yaml:"fail-on"`
	// Policy lists folders of custom Rego rules.
	Policy []string `yaml:"policy"`
	// Params are CloudFormation parameter values (like --param).
	Params map[string]string `yaml:"params"`
	// Vars are Terraform variable values (like --var).
	Vars map[string]string `yaml:"vars"`

	// Path is where the file was read from; Dir its directory.
	Path string `yaml:"-"`
	Dir  string `yaml:"-"`
}

// RuleSetting changes one rule.
type RuleSetting struct {
	// Enabled turns a rule off (false) or a default-off rule on (true).
	Enabled *bool `yaml:"enabled"`
	// Severity replaces the rule's level: error, warning or note.
	Severity string `yaml:"severity"`
	// Suppressible false makes inline comments and Metadata unable to
	// silence the rule; only Ignore entries in this file can.
	Suppressible *bool `yaml:"suppressible"`
}

// Ignore is one accepted finding (or set of findings).
type Ignore struct {
	ID string `yaml:"id"`
	// Path is a glob of files, relative to the config file's directory.
	Path string `yaml:"path"`
	// Resource is a logical ID, a Terraform address or a CDK construct path.
	Resource string `yaml:"resource"`
	Reason   string `yaml:"reason"`
	Until    string `yaml:"until"`
	// Line is where the entry is written, for messages.
	Line int `yaml:"-"`
}

// UntilTime parses Until; the zero time means no expiry.
func (i Ignore) UntilTime() time.Time {
	t, _ := time.Parse("2006-01-02", i.Until)
	return t
}

// Find walks up from dir looking for FileName. It returns "" when there is
// none.
func Find(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	if st, err := os.Stat(abs); err == nil && !st.IsDir() {
		abs = filepath.Dir(abs)
	}
	for {
		p := filepath.Join(abs, FileName)
		if _, err := os.Stat(p); err == nil {
			return p
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return ""
		}
		abs = parent
	}
}

// Load reads and validates a config file. known returns the canonical rule
// ID for an ID or name, or "" when there is no such rule.
func Load(path string, known func(string) string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	c, err := Parse(data, known)
	if err != nil {
		return nil, fmt.Errorf("%s:%w", path, err)
	}
	c.Path = path
	c.Dir = filepath.Dir(path)
	return c, nil
}

// Parse decodes and validates config text. Errors start with the line
// number: "12: unknown key \"rule\"".
func Parse(data []byte, known func(string) string) (*Config, error) {
	var c Config
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		if errors.Is(err, errEOF(err)) {
			return nil, fmt.Errorf("1: the file is empty; it needs at least \"version: %d\"", Version)
		}
		return nil, fmt.Errorf("%s", yamlError(err))
	}
	var root yaml.Node
	_ = yaml.Unmarshal(data, &root)
	lines := ignoreLines(&root)
	for i := range c.Ignore {
		if i < len(lines) {
			c.Ignore[i].Line = lines[i]
		}
	}
	if err := c.validate(known, lineOf(&root)); err != nil {
		return nil, err
	}
	return &c, nil
}

func errEOF(err error) error {
	if err != nil && err.Error() == "EOF" {
		return err
	}
	return errors.New("not EOF")
}

// yamlError turns yaml.v3's "yaml: line 3: field rule not found in type
// config.Config" into "3: unknown key \"rule\"".
func yamlError(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.TrimPrefix(msg, "unmarshal errors:\n  ")
	if strings.HasPrefix(msg, "line ") {
		rest := strings.TrimPrefix(msg, "line ")
		n, text, ok := strings.Cut(rest, ": ")
		if ok {
			if f, _, ok := strings.Cut(strings.TrimPrefix(text, "field "), " not found in type"); ok && strings.HasPrefix(text, "field ") {
				text = fmt.Sprintf("unknown key %q", f)
			}
			return n + ": " + text
		}
	}
	return "1: " + msg
}

// lineOf returns a function giving the line of a top-level key.
func lineOf(root *yaml.Node) func(key string) int {
	return func(key string) int {
		if root == nil || len(root.Content) == 0 {
			return 1
		}
		m := root.Content[0]
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == key {
				return m.Content[i].Line
			}
		}
		return 1
	}
}

func ignoreLines(root *yaml.Node) []int {
	if root == nil || len(root.Content) == 0 {
		return nil
	}
	m := root.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == "ignore" {
			var out []int
			for _, it := range m.Content[i+1].Content {
				out = append(out, it.Line)
			}
			return out
		}
	}
	return nil
}

func (c *Config) validate(known func(string) string, line func(string) int) error {
	if c.Version != Version {
		return fmt.Errorf("%d: version must be %d, not %d", line("version"), Version, c.Version)
	}
	switch c.FailOn {
	case "", "error", "warning", "note", "none":
	default:
		return fmt.Errorf("%d: fail-on must be error, warning, note or none, not %q", line("fail-on"), c.FailOn)
	}
	ids := make([]string, 0, len(c.Rules))
	for id := range c.Rules {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	canon := map[string]RuleSetting{}
	for _, id := range ids {
		s := c.Rules[id]
		k := known(id)
		if k == "" {
			return fmt.Errorf("%d: rules: %q is not a papilint rule", line("rules"), id)
		}
		switch s.Severity {
		case "", "error", "warning", "note":
		default:
			return fmt.Errorf("%d: rules: %s: severity must be error, warning or note, not %q", line("rules"), id, s.Severity)
		}
		canon[k] = s
	}
	c.Rules = canon
	for i, ig := range c.Ignore {
		where := ig.Line
		if where == 0 {
			where = line("ignore")
		}
		if ig.ID == "" {
			return fmt.Errorf("%d: ignore entry %d has no id", where, i+1)
		}
		k := known(ig.ID)
		if k == "" {
			return fmt.Errorf("%d: ignore: %q is not a papilint rule", where, ig.ID)
		}
		c.Ignore[i].ID = k
		if strings.TrimSpace(ig.Reason) == "" {
			return fmt.Errorf("%d: ignore entry for %s has no reason; every ignore needs one", where, k)
		}
		if ig.Until != "" {
			if _, err := time.Parse("2006-01-02", ig.Until); err != nil {
				return fmt.Errorf("%d: ignore: until %q is not a date (YYYY-MM-DD)", where, ig.Until)
			}
		}
		if ig.Path != "" {
			if _, err := filepath.Match(strings.ReplaceAll(ig.Path, "**", "*"), "x"); err != nil {
				return fmt.Errorf("%d: ignore: bad path glob %q", where, ig.Path)
			}
		}
	}
	for _, g := range c.Exclude {
		if _, err := filepath.Match(strings.ReplaceAll(g, "**", "*"), "x"); err != nil {
			return fmt.Errorf("%d: exclude: bad glob %q", line("exclude"), g)
		}
	}
	return nil
}

// Match reports whether a slash-separated path matches a glob in which **
// matches any number of path elements (including none) and * matches within
// one element.
func Match(glob, path string) bool {
	return matchParts(strings.Split(glob, "/"), strings.Split(path, "/"))
}

func matchParts(g, p []string) bool {
	for len(g) > 0 {
		if g[0] == "**" {
			for i := 0; i <= len(p); i++ {
				if matchParts(g[1:], p[i:]) {
					return true
				}
			}
			return false
		}
		if len(p) == 0 {
			return false
		}
		if ok, _ := filepath.Match(g[0], p[0]); !ok {
			return false
		}
		g, p = g[1:], p[1:]
	}
	return len(p) == 0
}
