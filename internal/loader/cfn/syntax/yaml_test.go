package syntax

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/papilint/papilint/internal/source"
)

// yamlFixtures are the files of the position corpus in testdata/yaml.
var yamlFixtures = []string{"template.yaml", "unicode.yaml", "anchors.yaml", "styles.yaml"}

func parseYAMLBytes(t testing.TB, content []byte, lim Limits) (*source.File, yamlResult) {
	t.Helper()
	f := source.NewFile("t.yaml", "t.yaml", content)
	return f, parseYAML(f, lim, true)
}

func readYAMLFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "yaml", name))
	if err != nil {
		t.Fatal(err)
	}
	// The fixtures are kept with LF endings; undo whatever a checkout did to
	// them so the variants built below are exact.
	return bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
}

const bom = "\xEF\xBB\xBF"

// yamlVariants builds the line-ending and byte-order-mark variants of a
// fixture. The test writes them itself, so no checkout setting can change
// what is tested.
func yamlVariants(lf []byte) map[string][]byte {
	crlf := bytes.ReplaceAll(lf, []byte("\n"), []byte("\r\n"))
	return map[string][]byte{
		"lf":       lf,
		"crlf":     crlf,
		"bom":      append([]byte(bom), lf...),
		"bom+crlf": append([]byte(bom), crlf...),
	}
}

// yamlLookup follows a slash-separated path of mapping keys and sequence
// indexes. With key set it returns the key node of the last step.
func yamlLookup(root *Node, path string, key bool) (*Node, error) {
	n := root
	if path == "" {
		return n, nil
	}
	parts := strings.Split(path, "/")
	for i, part := range parts {
		if n == nil {
			return nil, fmt.Errorf("nil node at step %d", i)
		}
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

// yamlPositions maps a path in a fixture to the exact source text its node
// must cover and the line and byte column where it starts (for the LF
// variant without a byte order mark). tag is the expected tag text.
var yamlPositions = []struct {
	file, path string
	key        bool
	line, col  int
	text, tag  string
}{
	{"template.yaml", "AWSTemplateFormatVersion", true, 1, 1, "AWSTemplateFormatVersion", ""},
	{"template.yaml", "AWSTemplateFormatVersion", false, 1, 27, `"2010-09-09"`, ""},
	{"template.yaml", "Description", false, 2, 14, `>-
  A folded description
  over two lines.`, ""},
	{"template.yaml", "Parameters", false, 6, 3, `Env:
    Type: String
    AllowedValues: [dev, 'prod', "stage"]
    Default: dev
  Port: {Type: Number, Default: 443}`, ""},
	{"template.yaml", "Parameters/Env/AllowedValues", false, 8, 20, `[dev, 'prod', "stage"]`, ""},
	{"template.yaml", "Parameters/Env/AllowedValues/0", false, 8, 21, "dev", ""},
	{"template.yaml", "Parameters/Env/AllowedValues/1", false, 8, 26, "'prod'", ""},
	{"template.yaml", "Parameters/Env/AllowedValues/2", false, 8, 34, `"stage"`, ""},
	{"template.yaml", "Parameters/Port", false, 10, 9, "{Type: Number, Default: 443}", ""},
	{"template.yaml", "Parameters/Port/Default", false, 10, 33, "443", ""},
	{"template.yaml", "Parameters/Port/Default", true, 10, 24, "Default", ""},
	{"template.yaml", "Mappings/RegionMap/us-east-1", true, 13, 5, "us-east-1", ""},
	{"template.yaml", "Mappings/RegionMap/us-east-1", false, 13, 16, `{ AMI: ami-123, Zone: "us-east-1a" }`, ""},
	{"template.yaml", "Mappings/RegionMap/us-east-1/Zone", false, 13, 38, `"us-east-1a"`, ""},
	{"template.yaml", "Conditions/IsProd", false, 15, 11, "!Equals [!Ref Env, prod]", "!Equals"},
	{"template.yaml", "Conditions/IsProd/0", false, 15, 20, "!Ref Env", "!Ref"},
	{"template.yaml", "Conditions/IsProd/1", false, 15, 30, "prod", ""},
	{"template.yaml", "Conditions/NotProd", false, 16, 12, "!Not [!Condition IsProd]", "!Not"},
	{"template.yaml", "Conditions/NotProd/0", false, 16, 18, "!Condition IsProd", "!Condition"},
	{"template.yaml", "Conditions/Both", false, 17, 9, `!And
    - !Condition IsProd
    - !Or [!Condition NotProd, !Equals ['a', "a"]]`, "!And"},
	{"template.yaml", "Conditions/Both/0", false, 18, 7, "!Condition IsProd", "!Condition"},
	{"template.yaml", "Conditions/Both/1", false, 19, 7, `!Or [!Condition NotProd, !Equals ['a', "a"]]`, "!Or"},
	{"template.yaml", "Conditions/Both/1/1", false, 19, 32, `!Equals ['a', "a"]`, "!Equals"},
	{"template.yaml", "Conditions/Both/1/1/0", false, 19, 41, "'a'", ""},
	{"template.yaml", "Conditions/Both/1/1/1", false, 19, 46, `"a"`, ""},
	{"template.yaml", "Resources/Api/Properties/Name", false, 24, 13, "!Sub '${AWS::StackName}-api'", "!Sub"},
	{"template.yaml", "Resources/Api/Properties/Description", false, 25, 20, `plain text that
        continues on a second line`, ""},
	{"template.yaml", "Resources/Api/Properties/EndpointConfiguration", false, 28, 9, `Types:
          - REGIONAL
          - "EDGE"`, ""},
	{"template.yaml", "Resources/Api/Properties/EndpointConfiguration/Types", false, 29, 11, `- REGIONAL
          - "EDGE"`, ""},
	{"template.yaml", "Resources/Api/Properties/EndpointConfiguration/Types/0", false, 29, 13, "REGIONAL", ""},
	{"template.yaml", "Resources/Api/Properties/EndpointConfiguration/Types/1", false, 30, 13, `"EDGE"`, ""},
	{"template.yaml", "Resources/Api/Properties/Policy", false, 31, 15, `|
        {
          "Version": "2012-10-17"
        }`, ""},
	{"template.yaml", "Resources/Api/Properties/Tags/0", false, 36, 11, `Key: quoted 'single' ok
          Value: 'it''s'`, ""},
	{"template.yaml", "Resources/Api/Properties/Tags/0/Key", false, 36, 16, "quoted 'single' ok", ""},
	{"template.yaml", "Resources/Api/Properties/Tags/0/Value", false, 37, 18, "'it''s'", ""},
	{"template.yaml", "Resources/Api/Properties/Tags/1/Key", false, 38, 16, `"esc \"q\" \\ \t"`, ""},
	{"template.yaml", "Resources/Api/Properties/Tags/1/Value", false, 39, 18, `!Join
            - ''
            - - !Select [0, !GetAZs '']
              - !Select [1, !Split [",", !ImportValue Shared-Subnets]]`, "!Join"},
	{"template.yaml", "Resources/Api/Properties/Tags/1/Value/0", false, 40, 15, "''", ""},
	{"template.yaml", "Resources/Api/Properties/Tags/1/Value/1", false, 41, 15, `- !Select [0, !GetAZs '']
              - !Select [1, !Split [",", !ImportValue Shared-Subnets]]`, ""},
	{"template.yaml", "Resources/Api/Properties/Tags/1/Value/1/0", false, 41, 17, "!Select [0, !GetAZs '']", "!Select"},
	{"template.yaml", "Resources/Api/Properties/Tags/1/Value/1/0/1", false, 41, 29, "!GetAZs ''", "!GetAZs"},
	{"template.yaml", "Resources/Api/Properties/Tags/1/Value/1/1/1", false, 42, 29, `!Split [",", !ImportValue Shared-Subnets]`, "!Split"},
	{"template.yaml", "Resources/Api/Properties/Tags/1/Value/1/1/1/1", false, 42, 42, "!ImportValue Shared-Subnets", "!ImportValue"},
	{"template.yaml", "Resources/Fn/Properties/Code/ZipFile", false, 48, 18, `!Base64 |
          exports.handler = async () => 1;`, "!Base64"},
	{"template.yaml", "Resources/Fn/Properties/Role", false, 50, 13, "!GetAtt Role.Arn", "!GetAtt"},
	{"template.yaml", "Resources/Fn/Properties/Arn2", false, 51, 13, "!GetAtt [Role, Arn]", "!GetAtt"},
	{"template.yaml", "Resources/Fn/Properties/AZ/1", false, 52, 23, `!GetAZs ""`, "!GetAZs"},
	{"template.yaml", "Resources/Fn/Properties/Cidrs", false, 53, 14, "!Cidr [!GetAtt Vpc.CidrBlock, 6, 5]", "!Cidr"},
	{"template.yaml", "Resources/Fn/Properties/Cidrs/2", false, 53, 47, "5", ""},
	{"template.yaml", "Resources/Fn/Properties/Image", false, 54, 14, `!FindInMap [RegionMap, !Ref "AWS::Region", AMI]`, "!FindInMap"},
	{"template.yaml", "Resources/Fn/Properties/Image/1", false, 54, 37, `!Ref "AWS::Region"`, "!Ref"},
	{"template.yaml", "Resources/Fn/Properties/Value", false, 55, 14, `!If [IsProd, !Ref Port, !Ref "AWS::NoValue"]`, "!If"},
	{"template.yaml", "Resources/Fn/Properties/Sub2", false, 56, 13, `!Sub
        - "x${Y}"
        - {Y: !Ref Port}`, "!Sub"},
	{"template.yaml", "Resources/Fn/Properties/Sub2/1", false, 58, 11, "{Y: !Ref Port}", ""},
	{"template.yaml", "Resources/Fn/Properties/Sub2/1/Y", false, 58, 15, "!Ref Port", "!Ref"},
	{"template.yaml", "Resources/Fn/Properties/Empty", false, 59, 13, "", ""},
	{"template.yaml", "Resources/Fn/Properties/Null1", false, 60, 14, "~", ""},
	{"template.yaml", "Resources/Fn/Properties/Str", false, 65, 12, "!!str 12", ""},
	{"template.yaml", "Resources/Fn/Properties/Multi", false, 66, 14, `"line one
        line two"`, ""},
	{"template.yaml", "Resources/Fn/Properties/Macro", false, 68, 14, "!Transform {Name: AWS::Include, Parameters: {Location: s3://b/k}}", "!Transform"},
	{"template.yaml", "Resources/Fn/Properties/Macro/Parameters/Location", false, 68, 69, "s3://b/k", ""},
	{"template.yaml", "Resources/Fn/Properties/Custom", false, 69, 15, "!Whatever [a]", "!Whatever"},
	{"template.yaml", "Outputs/Out/Export", false, 73, 13, `{Name: !Sub "${AWS::StackName}-Root"}`, ""},
	{"template.yaml", "Outputs/Out/Export/Name", false, 73, 20, `!Sub "${AWS::StackName}-Root"`, "!Sub"},
	{"template.yaml", "Outputs/Sub3/Value", false, 75, 12, `!Sub [ "x${Y}", {Y: !Select [0, !GetAZs '']} ]`, "!Sub"},
	{"template.yaml", "Outputs/Sub3/Value/1", false, 75, 28, `{Y: !Select [0, !GetAZs '']}`, ""},
	{"template.yaml", "Outputs/Sub3/Value/1/Y/1", false, 75, 44, `!GetAZs ''`, "!GetAZs"},
	{"unicode.yaml", "Résumé", true, 2, 1, "Résumé", ""},
	{"unicode.yaml", "Résumé", false, 2, 11, "café ☕ au lait", ""},
	{"unicode.yaml", "ключ", true, 3, 1, `"ключ"`, ""},
	{"unicode.yaml", "ключ", false, 3, 13, "значение", ""},
	{"unicode.yaml", "😀😀", false, 4, 11, "!Ref 😀Emoji", "!Ref"},
	{"unicode.yaml", "Tabbed", false, 5, 9, `"after tab"`, ""},
	{"unicode.yaml", "Mixed", false, 6, 8, "a\tb\tc", ""},
	{"unicode.yaml", "List/0", false, 7, 9, "日本", ""},
	{"unicode.yaml", "List/1", false, 7, 17, "'ü'", ""},
	{"unicode.yaml", "List/2", false, 7, 23, `"ß"`, ""},
	{"unicode.yaml", "Deep/ñ", false, 9, 7, "{ 🍣: sushi, x: y }", ""},
	{"unicode.yaml", "Deep/ñ/🍣", true, 9, 9, "🍣", ""},
	{"unicode.yaml", "Deep/ñ/x", false, 9, 25, "y", ""},
	{"unicode.yaml", "Deep/Ünï", false, 10, 10, `!Sub "${Wörld} 🌍"`, "!Sub"},
	{"unicode.yaml", "Folded", false, 11, 9, `>
  première ligne
  deuxième 😀 ligne`, ""},
	{"anchors.yaml", "Defaults", false, 1, 11, `&defaults
  Runtime: python3.12
  Timeout: 30
  Tags: &tags [a, b]`, ""},
	{"anchors.yaml", "Fn1", false, 7, 3, `<<: *defaults
  Timeout: 60`, ""},
	{"anchors.yaml", "Fn1/Runtime", false, 2, 12, "python3.12", ""},
	{"anchors.yaml", "Fn1/Timeout", false, 8, 12, "60", ""},
	{"anchors.yaml", "Fn2/Memory", false, 5, 24, "128", ""},
	{"anchors.yaml", "Fn2/Timeout", false, 3, 12, "30", ""},
	{"anchors.yaml", "Fn2/Handler", false, 11, 12, "app.h", ""},
	{"anchors.yaml", "TagsCopy", false, 4, 9, "&tags [a, b]", ""},
	{"anchors.yaml", "TagsCopy/1", false, 4, 19, "b", ""},
	{"anchors.yaml", "ScalarCopy", false, 13, 9, "&s !Ref Thing", "!Ref"},
	{"anchors.yaml", "Explicit/Memory", false, 16, 11, "256", ""},
	{"anchors.yaml", "List/0", false, 13, 9, "&s !Ref Thing", "!Ref"},
	{"anchors.yaml", "List/2", false, 20, 5, "&item {Name: x}", ""},
	{"anchors.yaml", "List/2/Name", false, 20, 18, "x", ""},
	{"styles.yaml", "plain", false, 1, 8, "just text", ""},
	{"styles.yaml", "plainMulti", false, 2, 13, `first
  second

  third`, ""},
	{"styles.yaml", "single", false, 6, 9, "'it''s here'", ""},
	{"styles.yaml", "singleMulti", false, 7, 14, `'one
  two'`, ""},
	{"styles.yaml", "double", false, 9, 9, `"tab\there \"q\" \\"`, ""},
	{"styles.yaml", "doubleMulti", false, 10, 14, `"one \
  two"`, ""},
	{"styles.yaml", "literal", false, 12, 10, `|
  line 1
   indented`, ""},
	{"styles.yaml", "literalKeep", false, 15, 14, `|+
  kept`, ""},
	{"styles.yaml", "literalStrip", false, 18, 15, `|-
  stripped`, ""},
	{"styles.yaml", "folded", false, 20, 9, `>
  a
  b`, ""},
	{"styles.yaml", "indented", false, 23, 11, `|2
    two extra`, ""},
	{"styles.yaml", "withComment", false, 25, 14, `| # header comment
  body`, ""},
	{"styles.yaml", "emptyBlock", false, 27, 13, "|", ""},
	{"styles.yaml", "flowSeq", false, 29, 10, `[ a, "b", 'c', [d, e], {f: g} ]`, ""},
	{"styles.yaml", "flowSeq/3", false, 29, 25, "[d, e]", ""},
	{"styles.yaml", "flowSeq/4/f", true, 29, 34, "f", ""},
	{"styles.yaml", "flowMap", false, 30, 10, `{ a: 1, "b": [2], c: {d: e} , }`, ""},
	{"styles.yaml", "flowMap/b", true, 30, 18, `"b"`, ""},
	{"styles.yaml", "flowMultiLine", false, 31, 16, `[
  one,   # comment
  two
]`, ""},
	{"styles.yaml", "pairs/0", false, 35, 9, "k: v", ""},
	{"styles.yaml", "pairs/1", false, 35, 15, "x:", ""},
	{"styles.yaml", "pairs/1/x", false, 35, 17, "", ""},
	{"styles.yaml", "nested", false, 37, 1, `- - x
  - y
- k: v
  k2: w
-
- !Ref Last`, ""},
	{"styles.yaml", "nested/0", false, 37, 3, `- x
  - y`, ""},
	{"styles.yaml", "nested/1", false, 39, 3, `k: v
  k2: w`, ""},
	{"styles.yaml", "nested/2", false, 41, 2, "", ""},
	{"styles.yaml", "nested/3", false, 42, 3, "!Ref Last", "!Ref"},
	{"styles.yaml", "explicit key", true, 43, 3, "explicit key", ""},
	{"styles.yaml", "explicit key", false, 44, 3, "explicit value", ""},
	{"styles.yaml", "trailing", false, 45, 11, "end", ""},
}

func TestYAMLPositionCorpus(t *testing.T) {
	for _, name := range yamlFixtures {
		for vname, content := range yamlVariants(readYAMLFixture(t, name)) {
			t.Run(name+"/"+vname, func(t *testing.T) {
				f, res := parseYAMLBytes(t, content, DefaultLimits)
				if len(res.errs) > 0 {
					t.Fatalf("unexpected errors: %v", res.errs)
				}
				if res.guesses != 0 {
					t.Errorf("%d node ends were guessed", res.guesses)
				}
				checkYAMLTree(t, f, res)
				crlf := strings.Contains(vname, "crlf")
				hasBOM := strings.HasPrefix(vname, "bom")

				// The top mapping covers the document without the comments
				// before and after it.
				body := strings.TrimRight(strings.TrimPrefix(string(content), bom), "\r\n")
				lines := strings.SplitAfter(body, "\n")
				for len(lines) > 0 && strings.HasPrefix(lines[0], "#") {
					lines = lines[1:]
				}
				last := lines[len(lines)-1]
				if i := strings.Index(last, " #"); i >= 0 {
					last = last[:i]
				}
				lines[len(lines)-1] = last
				if got, want := res.root.Range.Text(), strings.Join(lines, ""); got != want {
					t.Errorf("root covers %q, want %q", got, want)
				}
				for _, row := range yamlPositions {
					if row.file != name {
						continue
					}
					n, err := yamlLookup(res.root, row.path, row.key)
					if err != nil {
						t.Errorf("%s: %v", row.path, err)
						continue
					}
					want, col := row.text, row.col
					if crlf {
						want = strings.ReplaceAll(want, "\n", "\r\n")
					}
					if hasBOM && row.line == 1 {
						col += len(bom) // columns count bytes from the start of the line
					}
					if got := n.Range.Text(); got != want {
						t.Errorf("%s (key=%v): range covers %q, want %q", row.path, row.key, got, want)
					}
					if int(n.Range.Start.Line) != row.line || int(n.Range.Start.Col) != col {
						t.Errorf("%s (key=%v): starts at %d:%d, want %d:%d", row.path, row.key,
							n.Range.Start.Line, n.Range.Start.Col, row.line, col)
					}
					if n.Tag != row.tag {
						t.Errorf("%s: tag %q, want %q", row.path, n.Tag, row.tag)
					}
					if row.tag != "" && n.TagRange.Text() != row.tag {
						t.Errorf("%s: tag range covers %q, want %q", row.path, n.TagRange.Text(), row.tag)
					}
				}
			})
		}
	}
}

func TestYAMLValues(t *testing.T) {
	tests := []struct {
		src   string
		path  string
		kind  Kind
		typ   ScalarType
		value string
		tag   string
	}{
		{"a: 1", "a", Scalar, Int, "1", ""},
		{"a: -12", "a", Scalar, Int, "-12", ""},
		{"a: 0x1F", "a", Scalar, Int, "0x1F", ""},
		{"a: 1.5", "a", Scalar, Float, "1.5", ""},
		{"a: 1e3", "a", Scalar, Float, "1e3", ""},
		{"a: .inf", "a", Scalar, Float, ".inf", ""},
		{"a: true", "a", Scalar, Bool, "true", ""},
		{"a: False", "a", Scalar, Bool, "False", ""},
		{"a: yes", "a", Scalar, String, "yes", ""},
		{"a: off", "a", Scalar, String, "off", ""},
		{"a: ~", "a", Scalar, Null, "~", ""},
		{"a: null", "a", Scalar, Null, "null", ""},
		{"a:", "a", Scalar, Null, "", ""},
		{"a:\nb: 1", "a", Scalar, Null, "", ""},
		{"a: '1'", "a", Scalar, String, "1", ""},
		{"a: \"true\"", "a", Scalar, String, "true", ""},
		{"a: |\n  1\n", "a", Scalar, String, "1\n", ""},
		{"a: >-\n  x\n  y\n", "a", Scalar, String, "x y", ""},
		{"a: 2001-12-14", "a", Scalar, String, "2001-12-14", ""},
		{"a: !Ref 443", "a", Scalar, String, "443", "!Ref"},
		{"a: !Ref", "a", Scalar, String, "", "!Ref"},
		{"a: !!str 12", "a", Scalar, String, "12", ""},
		{"a: !!int 12", "a", Scalar, Int, "12", ""},
		{"a: !!float 1", "a", Scalar, Float, "1", ""},
		{"a: !<!Ref> x", "a", Scalar, String, "x", "!Ref"},
		{"a: !GetAtt [A, B]", "a", Sequence, 0, "", "!GetAtt"},
		{"a: !Transform {Name: X}", "a", Mapping, 0, "", "!Transform"},
		{"a: ! x", "a", Scalar, String, "x", ""},
		{"a: \"x\\u00e9\\n\"", "a", Scalar, String, "xé\n", ""},
		{"- a\n- b", "1", Scalar, String, "b", ""},
		{"1: x", "1", Scalar, String, "x", ""},
	}
	for _, tc := range tests {
		f, res := parseYAMLBytes(t, []byte(tc.src), DefaultLimits)
		if len(res.errs) > 0 {
			t.Errorf("%q: unexpected errors %v", tc.src, res.errs)
			continue
		}
		checkYAMLTree(t, f, res)
		n, err := yamlLookup(res.root, tc.path, false)
		if err != nil {
			t.Errorf("%q: %v", tc.src, err)
			continue
		}
		if n.Kind != tc.kind || n.Type != tc.typ || n.Value != tc.value || n.Tag != tc.tag {
			t.Errorf("%q: got kind %d type %d value %q tag %q, want %d %d %q %q",
				tc.src, n.Kind, n.Type, n.Value, n.Tag, tc.kind, tc.typ, tc.value, tc.tag)
		}
	}
}

// TestYAMLSnippetRanges covers corners of the syntax that the fixtures do
// not: what each node's range covers and where it starts.
func TestYAMLSnippetRanges(t *testing.T) {
	tests := []struct {
		src       string
		path      string
		key       bool
		line, col int
		text      string
	}{
		{"a: !<!> x\n", "a", false, 1, 4, "!<!> x"},
		{"a: &a ! x\n", "a", false, 1, 4, "&a ! x"},
		{"a: ! [1]\n", "a", false, 1, 4, "! [1]"},
		{"[! {a: 1}, !<!> {b: 2}]", "1", false, 1, 12, "!<!> {b: 2}"},
		{"[!t a: b]", "0", false, 1, 2, "!t a: b"},
		{"a: !Ref # c\n  Foo\n", "a", false, 1, 4, "!Ref # c\n  Foo"},
		{"a: &x # c\n  !Ref Foo\n", "a", false, 1, 4, "&x # c\n  !Ref Foo"},
		{"a: !Ref\n  - 1\n", "a", false, 1, 4, "!Ref\n  - 1"},
		{"a: &x\n&y b: 1\n", "a", false, 1, 4, "&x"},
		{"a: &x\n&y b: 1\n", "b", true, 2, 1, "&y b"},
		{"? a\n!t b: c\n", "a", false, 1, 4, ""},
		{"? a\n!t b: c\n", "b", true, 2, 1, "!t b"},
		{"a:    \n", "a", false, 1, 3, ""},
		{"{a: }", "a", false, 1, 4, ""},
		{"{a: 1, b}", "b", false, 1, 9, ""},
		{"[!Ref , x]", "0", false, 1, 2, "!Ref"},
		{"- &a\n- b\n", "0", false, 1, 3, "&a"},
		{"- !a &b\n", "0", false, 1, 3, "!a &b"},
		{"[ a: b, ? c : d ]", "1", false, 1, 9, "? c : d"},
		{"x: [a\n  b]", "x/0", false, 1, 5, "a\n  b"},
		{"x: [b #c\n ]", "x", false, 1, 4, "[b #c\n ]"},
		{"{\"a\":1}", "a", true, 1, 2, `"a"`},
		{"a: |2+\n    x\n\nb: 1\n", "a", false, 1, 4, "|2+\n    x"},
		{"a: >\n\n  x\n\n", "a", false, 1, 4, ">\n\n  x"},
		{"a: |\n  x  \nb: 1\n", "a", false, 1, 4, "|\n  x  "},
		{"--- !Ref x\n", "", false, 1, 5, "!Ref x"},
		{"- ? a\n  : b\n", "0", false, 1, 3, "? a\n  : b"},
		// Line breaks that yaml.v3 counts but source.File does not.
		{"a: b\u0085c: d\n", "c", false, 1, 10, "d"},
		{"a: \"x\u2028y\"\nb: é\u2029c: ü\n", "c", false, 2, 12, "ü"},
		{"a: 1\rb: 2\r", "b", false, 2, 4, "2"},
		{"é: 1\n😀: [ß, 'ü']\n", "😀/1", false, 2, 12, "'ü'"},
		{"a:\t\"x\"\t# c\n", "a", false, 1, 4, `"x"`},
	}
	for _, tc := range tests {
		f, res := parseYAMLBytes(t, []byte(tc.src), DefaultLimits)
		if len(res.errs) > 0 {
			t.Errorf("%q: unexpected errors %v", tc.src, res.errs)
			continue
		}
		if res.guesses != 0 {
			t.Errorf("%q: %d node ends were guessed", tc.src, res.guesses)
		}
		checkYAMLTree(t, f, res)
		n, err := yamlLookup(res.root, tc.path, tc.key)
		if err != nil {
			t.Errorf("%q: %v", tc.src, err)
			continue
		}
		if n.Range.Text() != tc.text || int(n.Range.Start.Line) != tc.line || int(n.Range.Start.Col) != tc.col {
			t.Errorf("%q %s: covers %q at %d:%d, want %q at %d:%d", tc.src, tc.path,
				n.Range.Text(), n.Range.Start.Line, n.Range.Start.Col, tc.text, tc.line, tc.col)
		}
	}
}

func TestYAMLEmptyDocuments(t *testing.T) {
	for _, src := range []string{"", "\n\n", "# only\n# comments\n", "---\n", "--- # c\n...\n", "---\n---\na: 1\n", bom} {
		_, res := parseYAMLBytes(t, []byte(src), DefaultLimits)
		if res.root != nil || res.errs != nil {
			t.Errorf("%q: got %v, %v; want nil, nil", src, res.root, res.errs)
		}
	}
}

func TestYAMLFirstDocumentOnly(t *testing.T) {
	_, res := parseYAMLBytes(t, []byte("a: 1\n---\nb: [\n"), DefaultLimits)
	if len(res.errs) > 0 || res.root == nil || res.root.Get("a") == nil || len(res.root.Pairs) != 1 {
		t.Fatalf("got %v, %v", res.root, res.errs)
	}
}

func TestYAMLMergeKeys(t *testing.T) {
	_, res := parseYAMLBytes(t, readYAMLFixture(t, "anchors.yaml"), DefaultLimits)
	if len(res.errs) > 0 {
		t.Fatal(res.errs)
	}
	keys := func(n *Node) string {
		var ks []string
		for _, p := range n.Pairs {
			ks = append(ks, p.Key.Value+"="+fmt.Sprint(p.Value.Value))
		}
		return strings.Join(ks, " ")
	}
	for path, want := range map[string]string{
		"Fn1":      "Runtime=python3.12 Tags= Timeout=60",
		"Fn2":      "Runtime=python3.12 Timeout=30 Tags= Memory=128 Handler=app.h",
		"Explicit": "Memory=256",
	} {
		n, err := yamlLookup(res.root, path, false)
		if err != nil {
			t.Fatal(err)
		}
		if got := keys(n); got != want {
			t.Errorf("%s: pairs %q, want %q", path, got, want)
		}
	}
	// Copies are separate nodes, not shared ones.
	a, _ := yamlLookup(res.root, "Defaults/Tags", false)
	b, _ := yamlLookup(res.root, "TagsCopy", false)
	if a == b || a.Items[0] == b.Items[0] {
		t.Error("alias expansion shares nodes with the anchored value")
	}
}

func TestYAMLErrors(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		msg       string
		line, col int
		text      string // what the error range covers
		tree      bool   // whether a tree is still returned
	}{
		{"nul", "a: 1\x00\n", "binary file", 1, 5, "\x00", false},
		{"utf8", "a: 1\nb: caf\xc3(\n", "invalid UTF-8 at byte offset 11", 2, 7, "\xc3", false},
		{"duplicate", "A: 1\nB: 2\nA: 3\n", `duplicate key "A" (first at line 1)`, 3, 1, "A", true},
		{"duplicate flow", "x:\n  y: {k: 1, 'k': 2}\n", `duplicate key "k" (first at line 2)`, 2, 13, "'k'", true},
		{"scanner", "a: 1\nb: 2\nc: @x\n", "found character that cannot start any token", 3, 1, "c: @x", false},
		{"tab", "a: 1\n\tb: 2\n", "found a tab character that violates indentation", 2, 2, "b: 2", false},
		{"parser", "a: |\n  x\n b: 1\n", "did not find expected key", 3, 2, "b: 1", false},
		{"parser flow", "a: 1\nb: [1, 2\nc: 3\n", "did not find expected ',' or ']'", 2, 1, "b: [1, 2", false},
		{"first line", "a: b: c\n", "mapping values are not allowed in this context", 1, 1, "a: b: c", false},
		{"unknown alias", "a: 1\nb: *nope\n", "unknown anchor 'nope' referenced", 2, 4, "*nope", false},
		{"control", "a: 1\nb: x\x01\n", "control characters are not allowed", 2, 5, "\x01", false},
		{"alias cycle", "a: &a [1, *a]\n", "alias *a refers to a node that contains it", 1, 11, "*a", false},
		{"non-scalar key", "? [a]\n: b\nc: d\n", "mapping key must be a scalar", 1, 3, "[a]", true},
		{"merge scalar", "a: 1\nb:\n  <<: 5\n", "merge key << needs a mapping or a list of mappings", 3, 7, "5", true},
		{"bad int", "a: !!int abc\n", "cannot decode !!str `abc` as a !!int", 1, 4, "!!int abc", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, res := parseYAMLBytes(t, []byte(tc.src), DefaultLimits)
			checkYAMLTree(t, f, res)
			if len(res.errs) != 1 {
				t.Fatalf("got errors %v, want one", res.errs)
			}
			e := res.errs[0]
			if e.Message != tc.msg {
				t.Errorf("message %q, want %q", e.Message, tc.msg)
			}
			if int(e.Range.Start.Line) != tc.line || int(e.Range.Start.Col) != tc.col || e.Range.Text() != tc.text {
				t.Errorf("at %d:%d covering %q, want %d:%d covering %q",
					e.Range.Start.Line, e.Range.Start.Col, e.Range.Text(), tc.line, tc.col, tc.text)
			}
			if (res.root != nil) != tc.tree {
				t.Errorf("tree returned: %v, want %v", res.root != nil, tc.tree)
			}
		})
	}
}

func TestYAMLBadExplicitTagIsString(t *testing.T) {
	_, res := parseYAMLBytes(t, []byte("a: !!int abc\n"), DefaultLimits)
	if n := res.root.Get("a"); n == nil || n.Type != String {
		t.Fatalf("got %+v", n)
	}
}

func TestYAMLDuplicateKeysKeepTree(t *testing.T) {
	_, res := parseYAMLBytes(t, []byte("A: 1\nA: 2\nA: 3\n"), DefaultLimits)
	if len(res.root.Pairs) != 3 {
		t.Fatalf("got %d pairs, want all 3 kept", len(res.root.Pairs))
	}
	if len(res.errs) != 2 {
		t.Fatalf("got %v, want two duplicate errors", res.errs)
	}
	// An anchored mapping with a duplicate is reported once, not once per alias.
	_, res = parseYAMLBytes(t, []byte("a: &m {k: 1, k: 2}\nb: *m\nc: *m\n"), DefaultLimits)
	if len(res.errs) != 1 {
		t.Fatalf("got %v, want one error", res.errs)
	}
}

// billionLaughs expands to 9^levels strings.
func billionLaughs(levels int) []byte {
	var b strings.Builder
	b.WriteString("l0: &l0 \"lol\"\n")
	for i := 1; i <= levels; i++ {
		fmt.Fprintf(&b, "l%d: &l%d [", i, i)
		for j := 0; j < 9; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*l%d", i-1)
		}
		b.WriteString("]\n")
	}
	return []byte(b.String())
}

func TestYAMLAliasBomb(t *testing.T) {
	src := billionLaughs(9)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	f, res := parseYAMLBytes(t, src, DefaultLimits)
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)

	if res.root != nil || len(res.errs) != 1 {
		t.Fatalf("got %v, %v; want one error", res.root, res.errs)
	}
	e := res.errs[0]
	if want := "too many nodes after expanding aliases (limit 2000000)"; e.Message != want {
		t.Errorf("message %q, want %q", e.Message, want)
	}
	if !strings.HasPrefix(e.Range.Text(), "*l") {
		t.Errorf("error points at %q, want an alias", e.Range.Text())
	}
	if elapsed > 2*time.Second {
		t.Errorf("took %v", elapsed)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 100<<20 {
		t.Errorf("allocated %d MB", alloc>>20)
	}
	checkYAMLTree(t, f, res)

	// A small budget stops a small expansion.
	_, res = parseYAMLBytes(t, billionLaughs(3), Limits{MaxNodes: 100})
	if len(res.errs) != 1 || !strings.Contains(res.errs[0].Message, "limit 100") {
		t.Errorf("got %v", res.errs)
	}
	// Exactly at the budget is fine: 1 mapping + 2*2 scalars + (1 + 2) for the alias copy.
	src = []byte("a: &x [1, 2]\nb: *x\n")
	if _, res = parseYAMLBytes(t, src, Limits{MaxNodes: 9}); res.errs != nil || res.root == nil {
		t.Errorf("at the budget: %v", res.errs)
	}
	if _, res = parseYAMLBytes(t, src, Limits{MaxNodes: 8}); len(res.errs) != 1 {
		t.Errorf("over the budget: %v", res.errs)
	}
}

func TestYAMLZeroLimitsMeanDefaults(t *testing.T) {
	_, res := parseYAMLBytes(t, []byte("a: [1, [2]]\n"), Limits{})
	if res.errs != nil || res.root == nil {
		t.Fatalf("got %v", res.errs)
	}
}

func TestYAMLDepth(t *testing.T) {
	nest := func(open, close string, n int) []byte {
		return []byte(strings.Repeat(open, n) + "1" + strings.Repeat(close, n))
	}
	blockMaps := func(n int) []byte {
		var b bytes.Buffer
		for i := 0; i < n; i++ {
			b.WriteString(strings.Repeat(" ", i))
			b.WriteString("a:\n")
		}
		return b.Bytes()
	}
	inputs := map[string][]byte{
		"flow seq 10000":       nest("[", "]", 10000),
		"flow seq 10001":       nest("[", "]", 10001),
		"flow map 10000":       nest("{a: ", "}", 10000),
		"unclosed flow 20000":  []byte(strings.Repeat("[", 20000)),
		"block seq 10000":      []byte(strings.Repeat("- ", 10000) + "x\n"),
		"block mappings 10000": blockMaps(10000),
		"block mappings 10001": blockMaps(10001),
		"explicit keys 10000":  []byte(strings.Repeat("? ", 10000) + "x\n"),
		"aliases deeper (513)": []byte("a: &a " + string(nest("[", "]", 300)) + "\nb: " + strings.Repeat("[", 300) + "*a" + strings.Repeat("]", 300) + "\n"),
		"merged deeper (1000)": []byte("a: &a " + string(nest("{k: ", "}", 600)) + "\nb: " + strings.Repeat("{k: ", 600) + "{<<: *a}" + strings.Repeat("}", 600) + "\n"),
	}
	for name, src := range inputs {
		t.Run(name, func(t *testing.T) {
			if testing.Short() && len(src) > 1<<20 {
				t.Skip("large input")
			}
			start := time.Now()
			f, res := parseYAMLBytes(t, src, DefaultLimits)
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
			if res.root != nil || len(res.errs) != 1 {
				t.Fatalf("got %v errors %v", res.root != nil, res.errs)
			}
			if want := "nesting deeper than 512 levels"; res.errs[0].Message != want {
				t.Errorf("message %q, want %q", res.errs[0].Message, want)
			}
			if !res.errs[0].Range.IsValid() {
				t.Error("error has no position")
			}
			checkYAMLTree(t, f, res)
		})
	}

	// The limit is inclusive.
	src := []byte("a: [[1]]\n") // three levels
	if _, res := parseYAMLBytes(t, src, Limits{MaxDepth: 3}); res.errs != nil {
		t.Errorf("at the limit: %v", res.errs)
	}
	_, res := parseYAMLBytes(t, src, Limits{MaxDepth: 2})
	if len(res.errs) != 1 || res.errs[0].Message != "nesting deeper than 2 levels" || res.errs[0].Range.Text() != "[" ||
		res.errs[0].Range.Start.Col != 5 {
		t.Errorf("over the limit: %v", res.errs)
	}
	// Through an alias the error points at the alias.
	_, res = parseYAMLBytes(t, []byte("a: &a [[1]]\nb: [*a]\n"), Limits{MaxDepth: 3})
	if len(res.errs) != 1 || res.errs[0].Range.Text() != "*a" {
		t.Errorf("through an alias: %v", res.errs)
	}
}

// TestYAMLTruncations parses every prefix of every fixture: each must give
// a consistent tree or an error, never a panic.
func TestYAMLTruncations(t *testing.T) {
	for _, name := range yamlFixtures {
		content := readYAMLFixture(t, name)
		for i := 0; i <= len(content); i++ {
			f, res := parseYAMLBytes(t, content[:i], DefaultLimits)
			checkYAMLTree(t, f, res)
			if t.Failed() {
				t.Fatalf("%s truncated at %d", name, i)
			}
		}
	}
}

// checkYAMLTree checks the invariants every result must keep: ranges inside
// the file and well ordered, children inside their parent (except subtrees
// copied from an anchor or merged from another mapping), tags inside their
// node, errors with positions in the file.
func checkYAMLTree(t testing.TB, f *source.File, res yamlResult) {
	t.Helper()
	size := len(f.Content)
	checkRange := func(what string, r source.Range) bool {
		if r.File != f {
			t.Errorf("%s: range in another file", what)
			return false
		}
		if r.Start.Offset < 0 || r.Start.Offset > r.End.Offset || int(r.End.Offset) > size {
			t.Errorf("%s: bad range %d..%d (file has %d bytes)", what, r.Start.Offset, r.End.Offset, size)
			return false
		}
		if r.Start != f.PosAt(int(r.Start.Offset)) || r.End != f.PosAt(int(r.End.Offset)) {
			t.Errorf("%s: positions do not match offsets: %+v", what, r)
			return false
		}
		return true
	}
	var walk func(n *Node, parent *Node, path string)
	walk = func(n *Node, parent *Node, path string) {
		if n == nil {
			t.Errorf("%s: nil node", path)
			return
		}
		if !checkRange(path, n.Range) {
			return
		}
		if parent != nil && !res.copies[n] && !parent.Range.Contains(n.Range) {
			t.Errorf("%s: %s lies outside its parent %s", path, n.Range, parent.Range)
		}
		if n.Tag != "" {
			if n.TagRange.IsValid() {
				if checkRange(path+" tag", n.TagRange) && !n.Range.Contains(n.TagRange) {
					t.Errorf("%s: tag %s outside node %s", path, n.TagRange, n.Range)
				}
				if !strings.HasPrefix(n.TagRange.Text(), "!") {
					t.Errorf("%s: tag range covers %q", path, n.TagRange.Text())
				}
			}
		} else if n.TagRange != (source.Range{}) {
			t.Errorf("%s: tag range without a tag", path)
		}
		switch n.Kind {
		case Scalar:
			if n.Type < String || n.Type > Null || n.Items != nil || n.Pairs != nil {
				t.Errorf("%s: bad scalar %+v", path, n)
			}
		case Sequence:
			for i, it := range n.Items {
				walk(it, n, path+"/"+strconv.Itoa(i))
			}
		case Mapping:
			for _, p := range n.Pairs {
				if p == nil || p.Key == nil || p.Value == nil {
					t.Errorf("%s: incomplete pair", path)
					continue
				}
				if p.Key.Kind != Scalar {
					t.Errorf("%s: key is not a scalar", path)
				}
				walk(p.Key, n, path+"/"+p.Key.Value+"(key)")
				walk(p.Value, n, path+"/"+p.Key.Value)
			}
		default:
			t.Errorf("%s: bad kind %d", path, n.Kind)
		}
	}
	if res.root != nil {
		walk(res.root, nil, "")
	}
	for _, e := range res.errs {
		if e == nil || e.Message == "" {
			t.Errorf("empty error %v", e)
			continue
		}
		checkRange("error "+e.Message, e.Range)
	}
	if os.Getenv("PAPILINT_YAML_STRICT") != "" && res.guesses != 0 {
		t.Errorf("%d node ends were guessed", res.guesses)
	}
}

// FuzzParseYAML checks that no input panics and that every result keeps the
// invariants of checkYAMLTree. With PAPILINT_YAML_STRICT set it also fails
// when the reader had to guess where a node ends, which finds inputs whose
// ranges are not exact.
func FuzzParseYAML(f *testing.F) {
	for _, name := range yamlFixtures {
		for _, content := range yamlVariants(readYAMLFixture(f, name)) {
			f.Add(content)
		}
	}
	for _, s := range []string{
		"", "a: 1\x00", "a: caf\xc3(", "A: 1\nA: 2\n", "a: |\n  x\n b: 1\n", "a: &a [*a]\n",
		"? [a]\n: b\n", "a: !!int abc\n", "- \n- !x\n-   \n  # c\n- [ ]", "{? }", "[ {a: 1}: b, ? c : d ]",
		"a: &x\nb: 1\n", "a: ! x\n", "x: !<!Ref> y", "a: b\u0085c: d\n", "a: \"x\u2028y\"\n",
		string(billionLaughs(4)),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, content []byte) {
		file, res := parseYAMLBytes(t, content, Limits{MaxDepth: 64, MaxNodes: 10000})
		checkYAMLTree(t, file, res)
	})
}
