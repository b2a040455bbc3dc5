package syntax

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/papilint/papilint/internal/source"
)

func parseJSONBytes(t testing.TB, content []byte) (*source.File, *Node, []*Error) {
	t.Helper()
	f := source.NewFile("t.json", "t.json", content)
	n, errs := ParseJSON(f, DefaultLimits)
	return f, n, errs
}

func readJSONFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "json", name))
	if err != nil {
		t.Fatal(err)
	}
	// The fixtures are stored with LF endings; undo any conversion a
	// checkout may have done so the variants below are exact.
	return bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
}

// jsonLookup follows a slash-separated path of mapping keys and sequence
// indexes. With key set it returns the key node of the last step instead of
// its value.
func jsonLookup(root *Node, path string, key bool) (*Node, error) {
	n := root
	if path == "" {
		return n, nil
	}
	parts := strings.Split(path, "/")
	for i, part := range parts {
		switch n.Kind {
		case Mapping:
			p := n.GetPair(part)
			if p == nil {
				return nil, fmt.Errorf("no key %q at step %d", part, i)
			}
			if key && i == len(parts)-1 {
				return p.Key, nil
			}
			n = p.Value
		case Sequence:
			j, err := strconv.Atoi(part)
			if err != nil || j < 0 || j >= len(n.Items) {
				return nil, fmt.Errorf("no index %q at step %d", part, i)
			}
			n = n.Items[j]
		default:
			return nil, fmt.Errorf("scalar at step %d", i)
		}
	}
	return n, nil
}

type jsonPosCase struct {
	path      string
	key       bool
	text      string // with LF line endings
	line, col int
}

// The positions below were computed from the fixture bytes independently of
// the parser (byte offset of the text, then line and byte column).
var jsonPositionCorpus = map[string][]jsonPosCase{
	"template.json": {
		{"", false, "", 1, 1}, // text checked separately: the whole file minus the final newline
		{"AWSTemplateFormatVersion", false, "\"2010-09-09\"", 2, 31},
		{"AWSTemplateFormatVersion", true, "\"AWSTemplateFormatVersion\"", 2, 3},
		{"Description", false, "\"Café ☕ — déjà vu 🚀\"", 3, 18},
		{"Parameters/Stage", false, "{\"Type\": \"String\", \"Default\": \"prod\", \"AllowedValues\": [\"dev\", \"prod\"]}", 5, 14},
		{"Parameters/Stage/Default", false, "\"prod\"", 5, 44},
		{"Parameters/Stage/AllowedValues", false, "[\"dev\", \"prod\"]", 5, 69},
		{"Parameters/Stage/AllowedValues/1", false, "\"prod\"", 5, 77},
		{"Resources/Api/Type", false, "\"AWS::ApiGateway::RestApi\"", 9, 15},
		{"Resources/Api/Properties/Name", false, "{\"Fn::Sub\": \"api-${Stage}\"}", 11, 17},
		{"Resources/Api/Properties/Name/Fn::Sub", false, "\"api-${Stage}\"", 11, 29},
		{"Resources/Api/Properties/Name/Fn::Sub", true, "\"Fn::Sub\"", 11, 18},
		{"Resources/Api/Properties/EndpointConfiguration", false, "{\n          \"Types\": [\n            \"REGIONAL\"\n          ]\n        }", 12, 34},
		{"Resources/Api/Properties/EndpointConfiguration/Types", false, "[\n            \"REGIONAL\"\n          ]", 13, 20},
		{"Resources/Api/Properties/EndpointConfiguration/Types/0", false, "\"REGIONAL\"", 14, 13},
		{"Resources/Api/Properties/MinimumCompressionSize", false, "1024", 17, 35},
		{"Resources/Api/Properties/Tags/0/Key", false, "\"ñandú 🐦\"", 18, 26},
		{"Resources/Api/Properties/Tags/0/Value", false, "\"x\"", 18, 51},
		{"Resources/Api/Properties/Tags/1", false, "{\"Key\": \"rate\", \"Value\": -1.5e3}", 18, 57},
		{"Resources/Api/Properties/Tags/1/Value", false, "-1.5e3", 18, 82},
		{"Resources/Api/Properties/Policy", false, "null", 19, 19},
		{"Resources/Api/Properties/DisableExecuteApiEndpoint", false, "false", 20, 38},
		{"Resources/Api/Properties/DisableExecuteApiEndpoint", true, "\"DisableExecuteApiEndpoint\"", 20, 9},
		{"Resources/Fn/Properties/Role/Fn::GetAtt/1", false, "\"Arn\"", 23, 92},
		{"Resources/Fn/Properties/Timeout", false, "30", 23, 112},
		{"Resources/Fn/Properties/Empty", false, "{}", 23, 125},
		{"Resources/Fn/Properties/None", false, "[]", 23, 137},
		{"Resources/Fn", false, "{\"Type\": \"AWS::Lambda::Function\", \"Properties\": {\"Role\": {\"Fn::GetAtt\": [\"Role\", \"Arn\"]}, \"Timeout\": 30, \"Empty\": {}, \"None\": []}}", 23, 11},
		{"Outputs", false, "{}", 25, 14},
	},
	"minified.json": {
		{"Resources/Bucket/Properties/BucketName/Fn::Join/1/0/Ref", false, "\"AWS::StackName\"", 1, 102},
		{"Resources/Bucket/Properties/BucketName/Fn::Join/1", false, "[{\"Ref\":\"AWS::StackName\"},\"logs\"]", 1, 94},
		{"Resources/Bucket/Properties/Tags/0/Value", false, "\"v\"", 1, 157},
		{"Resources/Bucket/Properties/Size", false, "0", 1, 170},
		{"Resources/Bucket/Properties/Ratio", false, "0.25", 1, 180},
		{"Resources/Bucket/Properties/Exp", false, "1E+2", 1, 191},
		{"Resources/Bucket/Properties/On", false, "true", 1, 201},
		{"Outputs/Arn/Value/Fn::GetAtt/0", false, "\"Bucket\"", 1, 250},
		{"Outputs", false, "{\"Arn\":{\"Value\":{\"Fn::GetAtt\":[\"Bucket\",\"Arn\"]}}}", 1, 219},
	},
	"escapes.json": {
		{"quote", false, "\"say \\\"hi\\\"\"", 2, 11},
		{"accent", false, "\"caf\\u00e9\"", 3, 12},
		{"emoji", false, "\"\\ud83d\\ude80!\"", 4, 11},
		{"lone", false, "\"\\ud83d-\"", 5, 10},
		{"all", false, "\"\\\\\\/\\b\\f\\n\\r\\t\"", 6, 9},
		{"raw", false, "\"日本語 🚀 ok\"", 7, 9},
		{"after/3/kAy", false, "\"v\"", 8, 44},
		{"after/3/kAy", true, "\"k\\u0041y\"", 8, 32},
		{"after/2", false, "null", 8, 25},
		{"nested/0/2/0", false, "[]", 9, 24},
		{"nested/0/2", false, "[[]]", 9, 23},
		{"nested/1/a/b/c/0", false, "0", 9, 49},
		{"nested/1/a/b/c", false, "[0]", 9, 48},
	},
}

// jsonVariants returns the fixture as stored (LF) and rewritten with CRLF
// endings and with a BOM, built here so no checkout setting can alter them.
func jsonVariants(lf []byte) map[string][]byte {
	crlf := bytes.ReplaceAll(lf, []byte("\n"), []byte("\r\n"))
	bom := []byte("\xEF\xBB\xBF")
	return map[string][]byte{
		"lf":       lf,
		"crlf":     crlf,
		"bom-lf":   append(append([]byte{}, bom...), lf...),
		"bom-crlf": append(append([]byte{}, bom...), crlf...),
	}
}

func TestJSONPositionCorpus(t *testing.T) {
	for name, cases := range jsonPositionCorpus {
		lf := readJSONFixture(t, name)
		for variant, content := range jsonVariants(lf) {
			t.Run(name+"/"+variant, func(t *testing.T) {
				f, root, errs := parseJSONBytes(t, content)
				if len(errs) > 0 {
					t.Fatalf("errors: %v", errs)
				}
				checkJSONTree(t, f, root, errs)
				if got, want := root.Range.Text(), strings.TrimRight(string(content), "\r\n"); strings.TrimPrefix(want, "\xEF\xBB\xBF") != got {
					t.Errorf("root text = %q, want the whole document", got)
				}
				bomShift := 0
				if strings.HasPrefix(variant, "bom") {
					bomShift = 3
				}
				for _, c := range cases {
					n, err := jsonLookup(root, c.path, c.key)
					if err != nil {
						t.Errorf("%s: %v", c.path, err)
						continue
					}
					got := strings.ReplaceAll(n.Range.Text(), "\r\n", "\n")
					if c.text != "" && got != c.text {
						t.Errorf("%s (key=%v): text = %q, want %q", c.path, c.key, got, c.text)
					}
					wantCol := c.col
					if c.line == 1 {
						wantCol += bomShift
					}
					if int(n.Range.Start.Line) != c.line || int(n.Range.Start.Col) != wantCol {
						t.Errorf("%s (key=%v): start = %d:%d, want %d:%d", c.path, c.key, n.Range.Start.Line, n.Range.Start.Col, c.line, wantCol)
					}
					if n.Tag != "" || n.TagRange != (source.Range{}) {
						t.Errorf("%s: tag %q set", c.path, n.Tag)
					}
				}
			})
		}
	}
}

func TestJSONValues(t *testing.T) {
	_, root, errs := parseJSONBytes(t, readJSONFixture(t, "escapes.json"))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	for _, c := range []struct {
		path string
		key  bool
		typ  ScalarType
		val  string
	}{
		{"quote", false, String, `say "hi"`},
		{"accent", false, String, "café"},
		{"emoji", false, String, "🚀!"},
		{"lone", false, String, "\uFFFD-"},
		{"all", false, String, "\\/\b\f\n\r\t"},
		{"raw", false, String, "日本語 🚀 ok"},
		{"after/0", false, Bool, "true"},
		{"after/1", false, Bool, "false"},
		{"after/2", false, Null, "null"},
		{"after/3/kAy", true, String, "kAy"},
		{"nested/0/0", false, Int, "1"},
		{"nested/0/1", false, Float, "-0.5"},
	} {
		n, err := jsonLookup(root, c.path, c.key)
		if err != nil {
			t.Errorf("%s: %v", c.path, err)
			continue
		}
		if n.Kind != Scalar || n.Type != c.typ || n.Value != c.val {
			t.Errorf("%s: kind %d type %d value %q, want scalar type %d value %q", c.path, n.Kind, n.Type, n.Value, c.typ, c.val)
		}
	}

	_, root, errs = parseJSONBytes(t, []byte(`[0, -0, 12, -3, 1.0, 1e5, 2E-3, -0.0e+0, 123456789012345678901234567890]`))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	want := []struct {
		typ ScalarType
		val string
	}{{Int, "0"}, {Int, "-0"}, {Int, "12"}, {Int, "-3"}, {Float, "1.0"}, {Float, "1e5"}, {Float, "2E-3"}, {Float, "-0.0e+0"}, {Int, "123456789012345678901234567890"}}
	for i, w := range want {
		if n := root.Items[i]; n.Type != w.typ || n.Value != w.val || n.Range.Text() != w.val {
			t.Errorf("item %d: type %d value %q text %q, want type %d %q", i, n.Type, n.Value, n.Range.Text(), w.typ, w.val)
		}
	}

	// A scalar can be the whole document.
	for _, doc := range []string{`"x"`, ` 42 `, "true\n", `null`} {
		_, root, errs := parseJSONBytes(t, []byte(doc))
		if len(errs) > 0 || root == nil || root.Kind != Scalar || root.Range.Text() != strings.TrimSpace(doc) {
			t.Errorf("%q: root %+v errs %v", doc, root, errs)
		}
	}
}

type jsonErrCase struct {
	name      string
	in        string
	msg       string
	line, col int
	tree      bool // recoverable: the tree is still returned
}

var jsonErrCases = []jsonErrCase{
	{"missing colon", "{\"a\": 1,\n  \"b\" 2}", `missing ':' after object key "b"`, 2, 7, false},
	{"missing colon eof", `{"a"`, "unexpected end of input; expected ':' (the object opened at line 1, column 1 is not closed)", 1, 5, false},
	{"missing comma object", "{\"a\": 1\n \"b\": 2}", "missing ',' between object members", 2, 2, false},
	{"missing comma array", `[1 2]`, "missing ',' between array elements", 1, 4, false},
	{"missing comma after emoji", `{"🚀": 1 2}`, "unexpected character '2'; expected ',' or '}'", 1, 12, false},
	{"trailing comma array", `[1, 2,]`, "trailing comma before ']'", 1, 6, false},
	{"trailing comma object", "{\"a\": 1,\r\n}", "trailing comma before '}'", 1, 8, false},
	{"wrong closer array", `[1}`, "unexpected character '}'; expected ',' or ']'", 1, 3, false},
	{"wrong closer object", `{"a":1]`, "unexpected character ']'; expected ',' or '}'", 1, 7, false},
	{"unexpected character", `{"a": @}`, "unexpected character '@'; expected a value", 1, 7, false},
	{"value missing", `{"a":}`, "unexpected character '}'; expected a value", 1, 6, false},
	{"unexpected non-ASCII", `[é]`, "unexpected character 'é' (U+00E9); expected a value", 1, 2, false},
	{"unexpected control", "[\x01]", "unexpected control character U+0001; expected a value", 1, 2, false},
	{"BOM inside", "[\xEF\xBB\xBF1]", "unexpected byte order mark (U+FEFF); expected a value", 1, 2, false},
	{"unquoted key", `{a: 1}`, "unexpected character 'a'; expected a string key in double quotes", 1, 2, false},
	{"single quotes", `{'a': 1}`, `unexpected character '\''; strings must be in double quotes`, 1, 2, false},
	{"bare word", "{\r\n  \"a\": yes}", `invalid value "yes": strings must be in double quotes`, 2, 8, false},
	{"capital literal", `[True]`, `invalid value "True": true, false and null are lowercase in JSON`, 1, 2, false},
	{"truncated literal", `[nul`, `invalid value "nul": strings must be in double quotes`, 1, 2, false},
	{"leading zero", `[01]`, `invalid number "01": leading zeros are not allowed`, 1, 2, false},
	{"no fraction digits", `[1.]`, "unexpected character ']'; expected a digit after '.'", 1, 4, false},
	{"no exponent digits", `[1e+]`, "unexpected character ']'; expected a digit in the exponent", 1, 5, false},
	{"lone minus", `[-]`, "unexpected character ']'; expected a digit after '-'", 1, 3, false},
	{"minus at eof", `-`, "unexpected end of input; expected a digit", 1, 2, false},
	{"unterminated string eof", `{"a": "abc`, "unterminated string", 1, 7, false},
	{"unterminated string line break", "{\"a\": \"x\n\"}", `unterminated string (a line break must be written as \n)`, 1, 7, false},
	{"unterminated string CR", "[\n  \"x\r\"]", `unterminated string (a line break must be written as \n)`, 2, 3, false},
	{"backslash at eof", `"\`, "unterminated string", 1, 1, false},
	{"trailing data", `{"a": 1} x`, "unexpected data after the top-level value", 1, 10, false},
	{"trailing bracket", "{\"a\":1}\r\n}", "unexpected data after the top-level value", 2, 1, false},
	{"two documents", "1 2", "unexpected data after the top-level value", 1, 3, false},
	{"eof in array", `{"a": [1, 2`, "unexpected end of input; expected ',' or ']' (the array opened at line 1, column 7 is not closed)", 1, 12, false},
	{"eof after colon", "{\"a\":\r\n", "unexpected end of input; expected a value (the object opened at line 1, column 1 is not closed)", 2, 1, false},
	{"eof after comma", `{"a":1,`, "unexpected end of input; expected a string key (the object opened at line 1, column 1 is not closed)", 1, 8, false},
	{"eof after open", `[`, "unexpected end of input; expected a value (the array opened at line 1, column 1 is not closed)", 1, 2, false},
	{"invalid UTF-8 outside string", "[1,\xff]", "invalid UTF-8 encoding", 1, 4, false},
	{"truncated UTF-8 outside string", "[\xc3]", "invalid UTF-8 encoding", 1, 2, false},
	{"binary NUL", "{\"a\": 1}\x00", "binary file (NUL byte)", 1, 9, false},
	{"binary garbage", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (NUL byte)", 3, 1, false},
	{"UTF-16", "\xff\xfe{\x00}\x00", "file is UTF-16 encoded; templates must be UTF-8", 1, 1, false},
	{"empty", "", "empty document", 1, 1, false},
	{"whitespace only", " \r\n\t\n", "empty document", 1, 1, false},
	{"BOM only", "\xEF\xBB\xBF\n", "empty document", 1, 1, false},

	// Recoverable: reported, the tree is still returned.
	{"invalid escape", `["a\qb"]`, `invalid escape '\q' in string`, 1, 4, true},
	{"invalid escape non-ASCII", `["\é"]`, `invalid escape '\é' in string`, 1, 3, true},
	{"invalid unicode escape", `["\u12G4"]`, `invalid escape '\u12G' in string: \u must be followed by four hex digits`, 1, 3, true},
	{"short unicode escape", `["\u12"]`, `invalid escape '\u12' in string: \u must be followed by four hex digits`, 1, 3, true},
	{"control character", "{\n\"a\": \"a\tb\"}", `control character U+0009 in string (write it as \t)`, 2, 8, true},
	{"control character NUL", "[\"a\x00\"]", `control character U+0000 in string (write it as \u0000)`, 1, 4, true},
	{"invalid UTF-8 in string", "[\"ab\xffc\"]", "invalid UTF-8 encoding", 1, 5, true},
	{"surrogate bytes in string", "[\"\xed\xa0\x80\"]", "invalid UTF-8 encoding", 1, 3, true},
	{"duplicate key", "{\n  \"A\": 1,\n  \"B\": 2,\n  \"A\": 3\n}", `duplicate key "A" (first at line 2)`, 4, 3, true},
	{"duplicate escaped key", "{\"é\": 1, \"\\u00e9\": 2}", `duplicate key "é" (first at line 1)`, 1, 11, true},
}

func TestJSONErrors(t *testing.T) {
	for _, c := range jsonErrCases {
		t.Run(c.name, func(t *testing.T) {
			f, root, errs := parseJSONBytes(t, []byte(c.in))
			if len(errs) == 0 {
				t.Fatalf("no error, want %q", c.msg)
			}
			checkJSONTree(t, f, root, errs)
			e := errs[0]
			if e.Message != c.msg || int(e.Range.Start.Line) != c.line || int(e.Range.Start.Col) != c.col {
				t.Errorf("got %d:%d %q\nwant %d:%d %q", e.Range.Start.Line, e.Range.Start.Col, e.Message, c.line, c.col, c.msg)
			}
			if len(errs) != 1 {
				t.Errorf("%d errors, want 1: %v", len(errs), errs)
			}
			if (root != nil) != c.tree {
				t.Errorf("tree returned = %v, want %v", root != nil, c.tree)
			}
		})
	}
}

func TestJSONRecoverableValues(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`["a\qb"]`, `a\qb`},
		{`["\u12G4"]`, `\u12G4`},
		{"[\"ab\xffc\"]", "ab\uFFFDc"},
		{"[\"a\tb\"]", "a\tb"},
		{`["\ud800\u0041"]`, "\uFFFDA"}, // lone high surrogate, then a normal escape
		{`["\udc00\ud800"]`, "\uFFFD\uFFFD"},
	} {
		_, root, _ := parseJSONBytes(t, []byte(c.in))
		if root == nil || root.Items[0].Value != c.want {
			t.Errorf("%s: got %+v, want value %q", c.in, root, c.want)
		}
	}
}

func TestJSONDuplicateKeys(t *testing.T) {
	// Enough keys that the duplicate lookup switches from scanning to a map.
	var b strings.Builder
	b.WriteString("{\n")
	for i := range 40 {
		fmt.Fprintf(&b, "  \"k%d\": %d,\n", i, i)
	}
	b.WriteString("  \"k3\": \"again\",\n  \"k39\": \"again\",\n  \"k3\": \"third\"\n}")
	f, root, errs := parseJSONBytes(t, []byte(b.String()))
	checkJSONTree(t, f, root, errs)
	if root == nil || len(root.Pairs) != 43 {
		t.Fatalf("want all 43 pairs kept, got %+v", root)
	}
	want := []string{
		`t.json:42:3: duplicate key "k3" (first at line 5)`,
		`t.json:43:3: duplicate key "k39" (first at line 41)`,
		`t.json:44:3: duplicate key "k3" (first at line 5)`,
	}
	if len(errs) != len(want) {
		t.Fatalf("errors %v, want %v", errs, want)
	}
	for i, e := range errs {
		if e.Error() != want[i] {
			t.Errorf("error %d = %q, want %q", i, e.Error(), want[i])
		}
		if e.Range.Text() != `"k3"` && e.Range.Text() != `"k39"` {
			t.Errorf("error %d covers %q, want the key", i, e.Range.Text())
		}
	}
	if got := root.Get("k3").Value; got != "3" {
		t.Errorf("Get returns the first value, got %q", got)
	}
	// Same key in different objects is fine.
	if _, _, errs := parseJSONBytes(t, []byte(`{"a": {"a": 1}, "b": {"a": {"a": [{"a": 1}, {"a": 2}]}}}`)); len(errs) > 0 {
		t.Errorf("unexpected errors %v", errs)
	}
}

func TestJSONTooManyErrors(t *testing.T) {
	in := "[\"" + strings.Repeat("\t", 500) + "\"]"
	_, root, errs := parseJSONBytes(t, []byte(in))
	if root == nil || len(errs) != jsonMaxErrors+1 || !strings.HasPrefix(errs[jsonMaxErrors].Message, "too many errors") {
		t.Fatalf("got %d errors, last %v", len(errs), errs[len(errs)-1])
	}
}

func TestJSONDepth(t *testing.T) {
	deep := strings.Repeat("[", 10000)
	start := time.Now()
	_, root, errs := parseJSONBytes(t, []byte(deep))
	if root != nil || len(errs) != 1 || errs[0].Message != "nesting deeper than 512 levels" || errs[0].Range.Start.Col != 513 {
		t.Fatalf("got %v %v", root, errs)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v", d)
	}

	// The limit is exact: MaxDepth levels parse, one more does not.
	lim := Limits{MaxDepth: 3, MaxNodes: 100}
	f := source.NewFile("t.json", "t.json", []byte(`{"a": [[1]]}`))
	if _, errs := ParseJSON(f, lim); len(errs) > 0 {
		t.Errorf("depth 3 with MaxDepth 3: %v", errs)
	}
	f = source.NewFile("t.json", "t.json", []byte(`{"a": [[[1]]]}`))
	if _, errs := ParseJSON(f, lim); len(errs) != 1 || errs[0].Message != "nesting deeper than 3 levels" || errs[0].Range.Start.Col != 9 {
		t.Errorf("depth 4 with MaxDepth 3: %v", errs)
	}

	// Deep input within a raised limit parses without recursion.
	const n = 100000
	in := strings.Repeat("[", n) + strings.Repeat("]", n)
	f = source.NewFile("t.json", "t.json", []byte(in))
	root, errs = ParseJSON(f, Limits{MaxDepth: n, MaxNodes: n})
	if len(errs) > 0 || root == nil {
		t.Fatalf("errors %v", errs)
	}
	depth := 0
	for nd := root; nd != nil; depth++ {
		if len(nd.Items) == 0 {
			nd = nil
		} else {
			nd = nd.Items[0]
		}
	}
	if depth != n {
		t.Errorf("depth %d, want %d", depth, n)
	}
}

func TestJSONMaxNodes(t *testing.T) {
	lim := Limits{MaxDepth: 10, MaxNodes: 5}
	// Root, key a, value 1, key b, value 2: exactly five.
	f := source.NewFile("t.json", "t.json", []byte(`{"a": 1, "b": 2}`))
	if _, errs := ParseJSON(f, lim); len(errs) > 0 {
		t.Errorf("five nodes: %v", errs)
	}
	f = source.NewFile("t.json", "t.json", []byte(`{"a": 1, "b": [2]}`))
	root, errs := ParseJSON(f, lim)
	if root != nil || len(errs) != 1 || errs[0].Message != "document has more than 5 nodes" || errs[0].Range.Start.Col != 16 {
		t.Errorf("six nodes: %v %v", root, errs)
	}
}

func TestJSONZeroLimitsMeanDefaults(t *testing.T) {
	f := source.NewFile("t.json", "t.json", []byte(strings.Repeat("[", 600)))
	if _, errs := ParseJSON(f, Limits{}); len(errs) != 1 || errs[0].Message != "nesting deeper than 512 levels" {
		t.Errorf("got %v", errs)
	}
}

// Every prefix of a valid document is either valid or an error, never a
// panic, and every error points into the file.
func TestJSONTruncations(t *testing.T) {
	for name := range jsonPositionCorpus {
		for variant, content := range jsonVariants(readJSONFixture(t, name)) {
			for i := 0; i <= len(content); i++ {
				f, root, errs := parseJSONBytes(t, content[:i])
				checkJSONTree(t, f, root, errs)
				if root == nil && len(errs) == 0 {
					t.Fatalf("%s/%s[:%d]: no tree and no error", name, variant, i)
				}
			}
		}
	}
}

// checkJSONTree checks the structural invariants of a parse result.
func checkJSONTree(t testing.TB, f *source.File, root *Node, errs []*Error) {
	t.Helper()
	size := len(f.Content)
	checkRange := func(what string, r source.Range) bool {
		t.Helper()
		if r.File != f {
			t.Errorf("%s: range in another file", what)
			return false
		}
		if r.Start.Offset < 0 || r.Start.Offset > r.End.Offset || int(r.End.Offset) > size {
			t.Errorf("%s: bad range %d..%d in %d bytes", what, r.Start.Offset, r.End.Offset, size)
			return false
		}
		if r.Start != f.PosAt(int(r.Start.Offset)) || r.End != f.PosAt(int(r.End.Offset)) {
			t.Errorf("%s: positions %+v..%+v disagree with the file index %+v..%+v", what, r.Start, r.End, f.PosAt(int(r.Start.Offset)), f.PosAt(int(r.End.Offset)))
			return false
		}
		return true
	}
	for i, e := range errs {
		if e == nil || e.Message == "" {
			t.Errorf("error %d empty", i)
			continue
		}
		checkRange(fmt.Sprintf("error %q", e.Message), e.Range)
	}
	if root == nil {
		return
	}
	type item struct {
		n      *Node
		parent source.Range
		hasPar bool
	}
	stack := []item{{n: root}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := it.n
		if n == nil {
			t.Errorf("nil node")
			continue
		}
		if !checkRange("node", n.Range) {
			return
		}
		if it.hasPar && !it.parent.Contains(n.Range) {
			t.Errorf("node %q not inside its parent %q", n.Range.Text(), it.parent.Text())
		}
		if n.Tag != "" || n.TagRange != (source.Range{}) {
			t.Errorf("node %q has a tag", n.Range.Text())
		}
		text := n.Range.Text()
		switch n.Kind {
		case Scalar:
			if n.Items != nil || n.Pairs != nil {
				t.Errorf("scalar %q has children", text)
			}
			if n.Type == String && (len(text) < 2 || text[0] != '"' || text[len(text)-1] != '"') {
				t.Errorf("string range %q lacks its quotes", text)
			}
			if n.Type != String && text != n.Value {
				t.Errorf("scalar text %q != value %q", text, n.Value)
			}
		case Sequence:
			if len(text) < 2 || text[0] != '[' || text[len(text)-1] != ']' {
				t.Errorf("sequence range %q", text)
			}
			prev := n.Range.Start.Offset
			for _, c := range n.Items {
				if c != nil && c.Range.Start.Offset <= prev {
					t.Errorf("items out of order in %q", text)
				}
				if c != nil {
					prev = c.Range.End.Offset - 1
				}
				stack = append(stack, item{c, n.Range, true})
			}
		case Mapping:
			if len(text) < 2 || text[0] != '{' || text[len(text)-1] != '}' {
				t.Errorf("mapping range %q", text)
			}
			prev := n.Range.Start.Offset
			for _, p := range n.Pairs {
				if p == nil || p.Key == nil || p.Value == nil {
					t.Errorf("incomplete pair in %q", text)
					continue
				}
				if p.Key.Kind != Scalar || p.Key.Type != String {
					t.Errorf("key %q is not a string scalar", p.Key.Range.Text())
				}
				if p.Key.Range.Start.Offset <= prev || p.Value.Range.Start.Offset < p.Key.Range.End.Offset {
					t.Errorf("pairs out of order in %q", text)
				}
				prev = p.Value.Range.End.Offset - 1
				stack = append(stack, item{p.Key, n.Range, true}, item{p.Value, n.Range, true})
			}
		default:
			t.Errorf("node kind %d", n.Kind)
		}
	}
}

// jsonToInterface converts a tree to what encoding/json with UseNumber decodes.
func jsonToInterface(n *Node) any {
	switch n.Kind {
	case Mapping:
		m := make(map[string]any, len(n.Pairs))
		for _, p := range n.Pairs {
			m[p.Key.Value] = jsonToInterface(p.Value)
		}
		return m
	case Sequence:
		s := make([]any, len(n.Items))
		for i, c := range n.Items {
			s[i] = jsonToInterface(c)
		}
		return s
	}
	switch n.Type {
	case Int, Float:
		return json.Number(n.Value)
	case Bool:
		return n.Value == "true"
	case Null:
		return nil
	}
	return n.Value
}

// The errors encoding/json does not raise on input it accepts.
func stricterThanEncodingJSON(msg string) bool {
	return strings.HasPrefix(msg, "duplicate key") ||
		msg == "invalid UTF-8 encoding" ||
		strings.HasPrefix(msg, "nesting deeper than") ||
		strings.HasPrefix(msg, "document has more than") ||
		strings.HasPrefix(msg, "too many errors")
}

func FuzzParseJSON(f *testing.F) {
	for name := range jsonPositionCorpus {
		for _, v := range jsonVariants(readJSONFixture(f, name)) {
			f.Add(v)
		}
	}
	for _, c := range jsonErrCases {
		f.Add([]byte(c.in))
	}
	f.Add([]byte(`{"a":[1,2,{"b":null}],"c":"\ud83d\ude80"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, root, errs := parseJSONBytes(t, data)
		checkJSONTree(t, file, root, errs)
		if root == nil && len(errs) == 0 {
			t.Fatal("no tree and no error")
		}
		stdIn := bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
		var want any
		var stdErr error
		if json.Valid(stdIn) {
			dec := json.NewDecoder(bytes.NewReader(stdIn))
			dec.UseNumber()
			stdErr = dec.Decode(&want)
		} else {
			stdErr = fmt.Errorf("encoding/json: invalid JSON")
		}
		if len(errs) == 0 {
			if stdErr != nil {
				t.Fatalf("parsed without errors, encoding/json says %v", stdErr)
			}
			if got := jsonToInterface(root); !reflect.DeepEqual(got, want) {
				t.Fatalf("tree disagrees with encoding/json:\n got %#v\nwant %#v", got, want)
			}
			return
		}
		if stdErr == nil {
			for _, e := range errs {
				if !stricterThanEncodingJSON(e.Message) {
					t.Fatalf("encoding/json accepts the input, but: %v", e)
				}
			}
		}
	})
}

// genJSONTemplate builds a pretty-printed template of at least size bytes.
func genJSONTemplate(size int) []byte {
	resources := map[string]any{}
	out := []byte{}
	for i := 0; ; i++ {
		resources[fmt.Sprintf("Function%05d", i)] = map[string]any{
			"Type":      "AWS::Lambda::Function",
			"DependsOn": []any{fmt.Sprintf("Role%05d", i)},
			"Properties": map[string]any{
				"FunctionName": map[string]any{"Fn::Sub": "${AWS::StackName}-fn-" + strconv.Itoa(i)},
				"Role":         map[string]any{"Fn::GetAtt": []any{fmt.Sprintf("Role%05d", i), "Arn"}},
				"Runtime":      "python3.12",
				"Handler":      "index.handler",
				"MemorySize":   128 + i%7*64,
				"Timeout":      30,
				"Description":  "Fonction numéro " + strconv.Itoa(i) + " — \"quoted\" 🚀",
				"Environment":  map[string]any{"Variables": map[string]any{"TABLE": map[string]any{"Ref": "Table"}, "RATE": 0.25, "DEBUG": false, "NOTHING": nil}},
				"Tags":         []any{map[string]any{"Key": "team", "Value": "platform"}, map[string]any{"Key": "cost-center", "Value": "1234"}},
			},
		}
		if i%200 == 0 {
			tmpl := map[string]any{"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources}
			out, _ = json.MarshalIndent(tmpl, "", "  ")
			if len(out) >= size {
				return out
			}
		}
	}
}

func BenchmarkParseJSON(b *testing.B) {
	content := genJSONTemplate(5 << 20)
	f := source.NewFile("big.json", "big.json", content)
	b.SetBytes(int64(len(content)))
	b.ReportAllocs()
	for b.Loop() {
		root, errs := ParseJSON(f, DefaultLimits)
		if root == nil || len(errs) > 0 {
			b.Fatal(errs)
		}
	}
}

func BenchmarkParseJSONMinified(b *testing.B) {
	var v any
	if err := json.Unmarshal(genJSONTemplate(5<<20), &v); err != nil {
		b.Fatal(err)
	}
	content, _ := json.Marshal(v)
	f := source.NewFile("big.json", "big.json", content)
	b.SetBytes(int64(len(content)))
	b.ReportAllocs()
	for b.Loop() {
		root, errs := ParseJSON(f, DefaultLimits)
		if root == nil || len(errs) > 0 {
			b.Fatal(errs)
		}
	}
}

// For comparison: encoding/json decoding the same template into interface{}.
func BenchmarkEncodingJSONBaseline(b *testing.B) {
	content := genJSONTemplate(5 << 20)
	b.SetBytes(int64(len(content)))
	b.ReportAllocs()
	for b.Loop() {
		var v any
		if err := json.Unmarshal(content, &v); err != nil {
			b.Fatal(err)
		}
	}
}
