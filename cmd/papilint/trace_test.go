package main

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var updateTraceDocs = flag.Bool("update-trace-docs", false, "rewrite the transcripts in docs/trace.md")

const apiURL = "https://api.internal.example.com"

func TestTraceExitCodes(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{apiURL + "/", "examples/conforming"}, exitOK, "=> 200"},
		{[]string{apiURL + "/v1/orders", "examples/conforming"}, exitFindings, `{"message":"Missing Authentication Token"}`},
		{[]string{apiURL + "/", "rules/papi002/testdata/no-policy.yaml"}, exitFindings, "deploy fails: BadRequestException"},
		{[]string{apiURL + "/", "examples/terraform/conforming"}, exitUnknown, "=> unknown: whether record aws_route53_record.api is named api.internal.example.com depends on parameter/variable var.api_host"},
		{[]string{"--var", "api_host=api.internal.example.com", apiURL + "/", "examples/terraform/conforming"}, exitOK, "=> 200"},
		{[]string{"--param", "ApiHost=other.example.com", apiURL + "/", "examples/conforming"}, exitUnknown, "no DNS record for api.internal.example.com"},
		{[]string{"-X", "delete", apiURL + "/", "examples/conforming"}, exitOK, "DELETE " + apiURL + "/"},
	} {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			args := append([]string{"trace", "--root", repo}, c.args...)
			last := len(args) - 1
			args[last] = filepath.Join(repo, args[last])
			code, out, errs := papilint(t, args...)
			if code != c.code {
				t.Fatalf("exit %d, want %d\n%s%s", code, c.code, out, errs)
			}
			if !strings.Contains(out, c.want) {
				t.Errorf("output lacks %q:\n%s", c.want, out)
			}
			if strings.Contains(out, "\x1b[") {
				t.Error("colour codes in output that is not a terminal")
			}
		})
	}
}

func TestTraceBadInput(t *testing.T) {
	for _, args := range [][]string{
		{"trace"},
		{"trace", "api.example.com/x"},
		{"trace", "ftp://api.example.com/"},
		{"trace", "--format", "sarif", apiURL + "/"},
		{"trace", "-X", "GE T", apiURL + "/"},
		{"trace", "--param", "novalue", apiURL + "/"},
		{"trace", apiURL + "/", filepath.Join(repo, "does-not-exist")},
	} {
		code, out, errs := papilint(t, args...)
		if code != exitError {
			t.Errorf("%v: exit %d, want %d\n%s%s", args, code, exitError, out, errs)
		}
		if errs == "" {
			t.Errorf("%v: no message on stderr", args)
		}
	}
}

// TestTraceJSON checks the documented shape (docs/trace.md) on a denied
// request: every hop has a role, label, verdict and explanation, the
// deciding hop has a file and line, and the outcome points at it.
func TestTraceJSON(t *testing.T) {
	code, out, errs := papilint(t, "trace", "--root", repo, "--format", "json", apiURL+"/", filepath.Join(repo, "rules/papi003/testdata/deny-other-endpoint.yaml"))
	if code != exitFindings {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	var doc struct {
		Version int `json:"version"`
		Request struct {
			Method, URL, Host, Path string
			Port                    int
		} `json:"request"`
		Hops []struct {
			Role, Label, Verdict, Resource, Type, Construct, File, Explanation string
			Line, Column                                                       int
		} `json:"hops"`
		Outcome struct {
			Kind, Body, Summary, Text, Then string
			Status, Hop                     int
		} `json:"outcome"`
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != 1 || doc.Request.Method != "GET" || doc.Request.Host != "api.internal.example.com" || doc.Request.Port != 443 || doc.Request.Path != "/" {
		t.Errorf("request: %+v (version %d)", doc.Request, doc.Version)
	}
	for i, h := range doc.Hops {
		if h.Role == "" || h.Label == "" || h.Explanation == "" || (h.Verdict != "ok" && h.Verdict != "fails" && h.Verdict != "unknown" && h.Verdict != "note") {
			t.Errorf("hop %d incomplete: %+v", i, h)
		}
	}
	o := doc.Outcome
	if o.Kind != "error-response" || o.Status != 403 || !strings.HasSuffix(o.Body, `with an explicit deny"}`) || o.Hop != len(doc.Hops)-1 {
		t.Fatalf("outcome: %+v", o)
	}
	h := doc.Hops[o.Hop]
	if h.Role != "resource-policy" || h.Verdict != "fails" || h.Resource != "Api" || h.Type != "AWS::ApiGateway::RestApi" || h.File != "rules/papi003/testdata/deny-other-endpoint.yaml" || h.Line == 0 {
		t.Errorf("deciding hop: %+v", h)
	}
}

// transcript is one `<!-- transcript: ARGS -->` block of docs/trace.md:
// the command line after "papilint", then the output and exit status.
var transcript = regexp.MustCompile("(?s)<!-- transcript: ([^\n]*?) -->\n```console\n(.*?)```\n")

// TestTraceDocsTranscripts runs every transcript of docs/trace.md and
// compares the output. Rewrite them with:
//
//	go test ./cmd/papilint -run TraceDocs -update-trace-docs
func TestTraceDocsTranscripts(t *testing.T) {
	// docs/trace.md must have transcripts; the README may.
	for _, doc := range []struct {
		rel      string
		required bool
	}{{"docs/trace.md", true}, {"README.md", false}} {
		t.Run(doc.rel, func(t *testing.T) { checkTranscripts(t, doc.rel, doc.required) })
	}
}

// checkTranscripts reruns every transcript block of a Markdown file and
// compares (or, with -update-trace-docs, rewrites) its output.
func checkTranscripts(t *testing.T, rel string, required bool) {
	path := filepath.Join(repo, filepath.FromSlash(rel))
	doc, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	fresh := transcript.ReplaceAllStringFunc(string(doc), func(block string) string {
		m := transcript.FindStringSubmatch(block)
		n++
		args := strings.Fields(m[1])
		full := append([]string{args[0], "--root", repo}, args[1:]...)
		if last := len(full) - 1; !strings.HasPrefix(full[last], "https://") && !strings.HasPrefix(full[last], "-") {
			full[last] = filepath.Join(repo, full[last])
		}
		code, out, errs := papilint(t, full...)
		if errs != "" {
			t.Errorf("%s: stderr %s", m[1], errs)
		}
		body := "$ papilint " + m[1] + "\n" + out + "$ echo $?\n" + strconv.Itoa(code) + "\n"
		return "<!-- transcript: " + m[1] + " -->\n```console\n" + body + "```\n"
	})
	if n == 0 && required {
		t.Fatalf("%s has no transcript", rel)
	}
	if fresh == string(doc) {
		return
	}
	if *updateTraceDocs {
		if err := os.WriteFile(path, []byte(fresh), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s transcripts are out of date; run: go test ./cmd/papilint -run TraceDocs -update-trace-docs", rel)
}
