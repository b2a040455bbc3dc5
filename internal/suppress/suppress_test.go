package suppress_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/papilint/papilint/internal/driver"
	"github.com/papilint/papilint/internal/loader"
	"github.com/papilint/papilint/internal/suppress"
	"github.com/papilint/papilint/rules"
)

var today = time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)

func known(s string) string {
	if a := rules.ByID(s); a != nil {
		return a.ID
	}
	return ""
}

// scan loads one testdata file, runs every rule and applies suppressions;
// it returns the findings as "line RULE suppressed?" and the notifications
// as "line severity message".
func scan(t *testing.T, file string) (findings, notes []string) {
	t.Helper()
	lr, err := loader.Load([]string{"testdata/" + file}, loader.Options{Root: "testdata"})
	if err != nil {
		t.Fatal(err)
	}
	res := driver.Run(lr.Graph, rules.All(), driver.Options{})
	suppress.Apply(res, lr.Graph, known, today, nil)
	for _, f := range res.Findings {
		s := fmt.Sprintf("%d %s", f.Range.Start.Line, f.Rule.ID)
		if f.Suppression != nil {
			s += " suppressed (" + f.Suppression.Justification + ")"
		}
		findings = append(findings, s)
	}
	for _, n := range res.Notifications {
		notes = append(notes, fmt.Sprintf("%d %s %s", n.Range.Start.Line, n.Severity, n.Message))
	}
	sort.Strings(findings)
	return findings, notes
}

func check(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\ngot:\n  %s\nwant:\n  %s", what, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

func TestComments(t *testing.T) {
	findings, notes := scan(t, "comments.yaml")
	check(t, "findings", findings, []string{
		"141 PAPI030 suppressed (fronted by CloudFront and WAF (ticket NET-42))", // comment on the line above the value
		"72 PAPI010 suppressed (direct access is needed by the batch job)",       // comment above the resource, by kebab name and ID
		"81 PAPI009", // expired
		"86 PAPI002", // no reason
	})
	check(t, "notifications", notes, []string{
		`62 warning papilint:ignore names "PAPI999", which is not a papilint rule; it suppresses nothing`,
		"71 note suppression of PAPI002 matches no finding; remove it",
		"81 note suppression of PAPI009 expired on 2020-01-01 and no longer applies",
		`86 warning suppression of PAPI002 has no reason, so it suppresses nothing: add reason="…"`,
	})
}

func TestMetadata(t *testing.T) {
	for _, c := range []struct {
		file            string
		api, admin, alb int // lines of the findings
		noteLine        int // the unused PAPI001 entry
		noReasonLine    int // the short form without reason
		policy          int
	}{
		{"metadata.yaml", 70, 89, 151, 76, 93, 84},
		{"metadata.json", 138, 175, 286, 148, 180, 165},
	} {
		t.Run(c.file, func(t *testing.T) {
			findings, notes := scan(t, c.file)
			want := []string{
				fmt.Sprintf("%d PAPI010 suppressed (kept for the batch job)", c.api),
				fmt.Sprintf("%d PAPI002", c.admin),
				fmt.Sprintf("%d PAPI009", c.policy),
			}
			if c.alb > 0 {
				want = append(want, fmt.Sprintf("%d PAPI030 suppressed (fronted by CloudFront and WAF)", c.alb))
			}
			sort.Strings(want)
			check(t, "findings", findings, want)
			check(t, "notifications", notes, []string{
				fmt.Sprintf("%d note suppression of PAPI001 matches no finding; remove it", c.noteLine),
				fmt.Sprintf(`%d warning suppression of PAPI002 has no reason, so it suppresses nothing: add reason="…"`, c.noReasonLine),
			})
		})
	}
}

func TestParseArguments(t *testing.T) {
	for _, c := range []struct{ line, problem, reason, until string }{
		{`# papilint:ignore PAPI030 reason="a b" until=2027-01-31`, "", "a b", "2027-01-31"},
		{`// papilint:ignore PAPI030 reason=short`, "", "short", ""},
		{`# papilint:ignore PAPI030,PAPI010 reason="x \"quoted\""`, "", `x "quoted"`, ""},
		{`# papilint:ignore reason="x"`, "names no rule", "", ""},
		{`# papilint:ignore PAPI030 until=soon reason="x"`, "not a date", "", ""},
		{`# papilint:ignore PAPI030 because="x"`, "unknown setting", "", ""},
		{`# papilint:ignore NOPE reason="x"`, "not a papilint rule", "", ""},
	} {
		ds := suppress.ParseComments(newFile(c.line), known)
		if len(ds) != 1 {
			t.Fatalf("%s: %d directives", c.line, len(ds))
		}
		d := ds[0]
		if c.problem != "" {
			if !strings.Contains(d.Problem, c.problem) {
				t.Errorf("%s: problem %q, want %q", c.line, d.Problem, c.problem)
			}
			continue
		}
		if d.Problem != "" || d.Reason != c.reason {
			t.Errorf("%s: problem %q reason %q", c.line, d.Problem, d.Reason)
		}
		if got := d.Until; (c.until == "") != got.IsZero() || (c.until != "" && got.Format("2006-01-02") != c.until) {
			t.Errorf("%s: until %v", c.line, got)
		}
	}
}

// Terraform takes the comment forms, # and //, on the block header, on the
// line above an attribute, and without a reason (which does not suppress).
func TestTerraformComments(t *testing.T) {
	findings, notes := scan(t, "terraform")
	check(t, "findings", findings, []string{
		"20 PAPI059 suppressed (the domain lives in the platform stack)",
		"22 PAPI030 suppressed (fronted by CloudFront and WAF)",
		"27 PAPI043",
	})
	check(t, "notifications", notes, []string{
		`26 warning suppression of PAPI043 has no reason, so it suppresses nothing: add reason="…"`,
	})
}

// A CDK app sets the Metadata form with addMetadata; the synthesized
// template carries it. The app is testdata/cdk/apps/suppress-metadata.
func TestCDKMetadata(t *testing.T) {
	lr, err := loader.Load([]string{"../../testdata/cdk/apps/suppress-metadata"}, loader.Options{Root: "../.."})
	if err != nil {
		t.Fatal(err)
	}
	res := driver.Run(lr.Graph, rules.All(), driver.Options{})
	suppress.Apply(res, lr.Graph, known, today, nil)
	var got []string
	for _, f := range res.Findings {
		s := f.Rule.ID
		if f.Suppression != nil {
			s += " suppressed (" + f.Suppression.Justification + ")"
		}
		got = append(got, s)
	}
	sort.Strings(got)
	check(t, "findings", got, []string{"PAPI010", "PAPI030 suppressed (fronted by CloudFront and WAF (NET-42))"})
	if len(res.Notifications) != 1 || !strings.Contains(res.Notifications[0].Message, "PAPI010 has no reason") {
		t.Errorf("notifications: %v", res.Notifications)
	}
}
