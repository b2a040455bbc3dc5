package suppress_test

import (
	"testing"

	"github.com/papilint/papilint/internal/source"
	"github.com/papilint/papilint/internal/suppress"
)

// FuzzParseComments: no text makes reading suppression comments panic, and
// every directive's range lies inside the file on the line it names.
func FuzzParseComments(f *testing.F) {
	for _, s := range []string{
		`# papilint:ignore PAPI030 reason="the ALB is internal" until=2027-01-31`,
		"Resources:\n  A: # papilint:ignore PAPI030,PAPI031 reason=x\n    Type: X\n",
		`// papilint:ignore papi030 reason="a \"quoted\" reason"`,
		`# papilint:ignore reason="no rule"`,
		`# papilint:ignore PAPI999 until=2027-13-45 colour=blue`,
		"# papilint:ignore\r\n# papilint:ignore PAPI030 reason=\"\xff\"\r\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		file := source.NewFile("t.yaml", "t.yaml", []byte(text))
		for _, d := range suppress.ParseComments(file, known) {
			if d.Range.Start.Offset < 0 || int(d.Range.End.Offset) > len(text) || d.Range.Start.Offset > d.Range.End.Offset {
				t.Fatalf("range %v outside the file (%d bytes)", d.Range, len(text))
			}
			if d.Line < 1 || d.Line > file.LineCount() {
				t.Fatalf("line %d outside the file (%d lines)", d.Line, file.LineCount())
			}
			if d.Problem == "" && len(d.Rules) == 0 {
				t.Fatalf("a directive with neither rules nor a problem: %+v", d)
			}
		}
	})
}
