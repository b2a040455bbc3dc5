package papi043_test

import (
	"testing"

	"github.com/papilint/papilint/cdkvet/papi043"
)

func TestAccepts(t *testing.T) {
	for _, c := range []struct {
		codes      string
		accepts403 bool
		ok         bool
	}{
		{"200", false, true},
		{"403", true, true},
		{"200,403", true, true},
		{" 200 , 403 ", true, true},
		{"200-403", true, true},
		{"200-399", false, true},
		{"200-399,404-499", false, true},
		{"400-499", true, true},
		{"", false, false},
		{"200,", false, false},
		{"ok", false, false},
		{"403-200", false, false},
		{"200-", false, false},
	} {
		accepts, ok := papi043.Accepts(c.codes, 403)
		if accepts != c.accepts403 || ok != c.ok {
			t.Errorf("Accepts(%q, 403) = %v, %v; want %v, %v", c.codes, accepts, ok, c.accepts403, c.ok)
		}
	}
}
