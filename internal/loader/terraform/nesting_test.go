package terraform

import (
	"strings"
	"testing"
)

func TestNestingDepth(t *testing.T) {
	for _, c := range []struct {
		src  string
		want int
	}{
		{`x = [[1]]`, -1},
		{`x = [[[1]]]`, 6},
		{`x = "[[[[[[" # [[[[[[` + "\n" + `// [[[[` + "\n" + `/* [[[[[ */ y = [[1]]`, -1},
		{`x = "a\"[[[[" `, -1},
		{`x = ({[1]})`, 6},
	} {
		if got := nestingDepth([]byte(c.src), 2); got != c.want {
			t.Errorf("nestingDepth(%q) = %d, want %d", c.src, got, c.want)
		}
	}
	if got := nestingDepth([]byte(strings.Repeat("[", 10000)), maxNesting); got != maxNesting {
		t.Errorf("10,000 brackets: first offending offset %d, want %d", got, maxNesting)
	}
}
