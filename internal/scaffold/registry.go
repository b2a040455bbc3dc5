package scaffold

import (
	"fmt"
	"sort"
	"sync"
)

// Generator produces the files of one flavour for validated options.
type Generator func(o Options) ([]File, error)

var (
	mu         sync.Mutex
	generators = map[string]Generator{}
)

// Register makes a flavour available under its Format name. Flavour packages
// are wired in by small files in cmd/papilint, so the scaffold package does
// not import them.
func Register(format string, g Generator) {
	mu.Lock()
	defer mu.Unlock()
	if _, dup := generators[format]; dup {
		panic("scaffold: flavour registered twice: " + format)
	}
	generators[format] = g
}

// Lookup returns the generator for a format, or an error naming the formats
// this build has.
func Lookup(format string) (Generator, error) {
	mu.Lock()
	defer mu.Unlock()
	if g, ok := generators[format]; ok {
		return g, nil
	}
	var have []string
	for f := range generators {
		have = append(have, f)
	}
	sort.Strings(have)
	return nil, fmt.Errorf("no generator for format %q in this build (have: %v)", format, have)
}
