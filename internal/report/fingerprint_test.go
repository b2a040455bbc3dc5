package report

import (
	"reflect"
	"strings"
	"testing"
)

// referenceTemplate is the template of docs/integrations.md §1.9.
const referenceTemplate = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: orders
      EndpointConfiguration:
        Types: [EDGE]
`

// TestLineHashes checks every test vector of docs/integrations.md §1.5.
func TestLineHashes(t *testing.T) {
	crlf := " hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n"
	crlfWant := []string{
		"e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1",
		"b3edc88f2938467e:1", "c8e28b0b4002a3a0:1", "c129715d7a2bc9a3:1",
	}
	tests := []struct {
		name  string
		input string
		want  []string
		line  int // when non-zero, check only this 1-based line
	}{
		{name: "empty", input: "", want: []string{"c129715d7a2bc9a3:1"}},
		{
			name:  "blanks",
			input: " a\nb\n  \t\tc\n d",
			want:  []string{"271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1"},
		},
		{
			name:  "greetings",
			input: " hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End",
			want: []string{
				"8b7cf3e952e7aeb2:1", "b1ae1287ec4718d9:1", "bff680108adb0fcc:1",
				"c6805c5e1288b612:1", "b86d3392aea1be30:1", "e6ceba753e1a442:1",
			},
		},
		{name: "greetings CRLF", input: crlf, want: crlfWant},
		{name: "greetings LF", input: strings.ReplaceAll(crlf, "\r\n", "\n"), want: crlfWant},
		{name: "greetings CR", input: strings.ReplaceAll(crlf, "\r\n", "\r"), want: crlfWant},
		{
			name:  "repeated lines",
			input: strings.Repeat("Lorem ipsum dolor sit amet.\n", 10),
			want: []string{
				"a7f2ff13bc495cf2:1", "a7f2ff13bc495cf2:2", "a7f2ff13bc495cf2:3",
				"a7f2ff13bc495cf2:4", "a7f2ff13bc495cf2:5", "a7f2ff13bc495cf2:6",
				"a7f2ff1481e87703:1", "a9cf91f7bbf1862b:1", "55ec222b86bcae53:1",
				"cc97dc7b1d7d8f7b:1", "c129715d7a2bc9a3:1",
			},
		},
		{name: "non-ASCII", input: "é🚀X\n", want: []string{"cbf3ac9181ed28b:1", "c129715d7a2bc9a3:1"}},
		{name: "reference template line 8", input: referenceTemplate, line: 8, want: []string{"b9ec06847bcc4929:1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := LineHashes([]byte(tt.input))
			if tt.line != 0 {
				if len(got) < tt.line {
					t.Fatalf("got %d lines, want at least %d", len(got), tt.line)
				}
				got = got[tt.line-1 : tt.line]
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("LineHashes(%q)\n got %q\nwant %q", tt.input, got, tt.want)
			}
		})
	}
}

// The number of hashes equals source.File's line count, so every startLine
// has a hash.
func TestLineHashesLineCount(t *testing.T) {
	for _, in := range []string{"", "a", "a\n", "a\r\nb", "a\rb\r", "\n\n", "é🚀X\r\n\r\n"} {
		f := newFile("x.yaml", in)
		if got, want := len(LineHashes([]byte(in))), f.LineCount(); got != want {
			t.Errorf("%q: %d hashes for %d lines", in, got, want)
		}
	}
}
