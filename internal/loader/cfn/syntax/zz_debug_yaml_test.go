package syntax

import (
	"fmt"
	"gopkg.in/yaml.v3"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/papilint/papilint/internal/source"
)

func dumpNode(b *strings.Builder, n *Node, ind string) {
	fmt.Fprintf(b, "%sk=%d tag=%q tr=%q t=%d v=%q range=%s %q\n", ind, n.Kind, n.Tag, n.TagRange.Text(), n.Type, n.Value, n.Range, n.Range.Text())
	for _, it := range n.Items {
		dumpNode(b, it, ind+"  ")
	}
	for _, p := range n.Pairs {
		fmt.Fprintf(b, "%s KEY:\n", ind)
		dumpNode(b, p.Key, ind+"   ")
		fmt.Fprintf(b, "%s VAL:\n", ind)
		dumpNode(b, p.Value, ind+"   ")
	}
}

func TestZZDebug(t *testing.T) {
	path := os.Getenv("YDBG")
	if path == "" {
		t.Skip()
	}
	data, _ := os.ReadFile(path)
	f := source.NewFile(path, "x.yaml", data)
	r := parseYAML(f, DefaultLimits, true)
	var b strings.Builder
	if r.root != nil {
		dumpNode(&b, r.root, "")
	}
	for _, e := range r.errs {
		fmt.Fprintf(&b, "ERR %s %q\n", e, e.Range.Text())
	}
	fmt.Fprintf(&b, "guesses=%d\n", r.guesses)
	t.Log("\n" + b.String())
}

func TestZZCorpusTiming(t *testing.T) {
	dir := os.Getenv("YCORPUS")
	if dir == "" {
		t.Skip()
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		b, _ := os.ReadFile(dir + "/" + e.Name())
		lines := strings.SplitN(string(b), "\n", 2)
		s := strings.TrimSpace(lines[1])
		s = strings.TrimSuffix(strings.TrimPrefix(s, "[]byte("), ")")
		data, err := strconv.Unquote(s)
		if err != nil {
			t.Fatal(e.Name(), err)
		}
		start := time.Now()
		f := source.NewFile("x", "x", []byte(data))
		r := parseYAML(f, Limits{MaxDepth: 64, MaxNodes: 10000}, true)
		if d := time.Since(start); d > 20*time.Millisecond || r.guesses > 0 {
			t.Logf("%s: %v guesses=%d len=%d %q", e.Name(), d, r.guesses, len(data), data[:min(len(data), 200)])
		}
	}
}

func TestZZAdversarial(t *testing.T) {
	if os.Getenv("YADV") == "" {
		t.Skip()
	}
	for _, s := range []string{
		"a: &x\n&y b: 1\n",
		"? a\n!t b: c\n",
		"a: ! [1]\n", "a: ! {b: 1}\n", "- ! - a\n", "a: &a ! x\n", "a: ! &a x\n",
		"a: !Ref # c\n  Foo\n", "a: &x # c\n  !Ref Foo\n", "a: !Ref\n  - 1\n", "a: !Ref\n  b: 1\n",
		"--- !Ref x\n", "%YAML 1.1\n---\na: 1\n", "a: b\u0085c: d\n", "a: \"x\u2028y\"\nb: 1\n",
		"{\"a\":1}", "{a: [1,2],b: c}", "a: 1\n\ufeffb: 2\n", "a: |2+\n    x\n\nb: 1\n", "a: 1\rb: 2\r",
		"a: 1\t# c\n", "a: |\n  x\n...\n", "&k a: 1\nb: *k\n", "&k a: 1\n*k : 2\n", "[a, b]: c\n", ": x\n",
		"- ? a\n  : b\n", "{a: }", "[!Ref , x]", "{!Ref : x}", "[? a]", "[a: b: c]", "- &a\n- b\n", "a: &x !Ref\nb: 1\n",
		"a: !!null\nb: 1\n", "!Ref\n", "&a\n", "'a':b", "a: 'x'#c\n", "a:\n- b\n-\n- c\n", "{a: 1, b}", "[a, b, ]",
		"? |\n  x\n: y\n", "a: >\n\n  x\n\n", "a:    \n", "[\"a\",'b']", "a: !Ref\n\n", "a: [b #c\n ]",
		"- !a &b\n", "- &b !a\n", "a: !Sub\n  - x\n  - {}", "x: [a\n  b]",
	} {
		f := source.NewFile("x", "x.yaml", []byte(s))
		r := parseYAML(f, DefaultLimits, true)
		var b strings.Builder
		if r.root != nil {
			dumpNode(&b, r.root, "  ")
		}
		for _, e := range r.errs {
			fmt.Fprintf(&b, "  ERR %s %q\n", e, e.Range.Text())
		}
		if r.guesses > 0 || os.Getenv("YADV") == "all" {
			t.Logf("%q guesses=%d\n%s", s, r.guesses, b.String())
		}
	}
}

func TestZZPerf(t *testing.T) {
	if os.Getenv("YPERF") == "" {
		t.Skip()
	}
	var b strings.Builder
	b.WriteString("Resources:\n")
	for i := 0; b.Len() < 1<<20; i++ {
		fmt.Fprintf(&b, "  Res%d:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub 'bucket-${AWS::Region}-%d'\n      Tags:\n        - {Key: k%d, Value: \"välue %d\"}\n        - Key: x\n          Value: !GetAtt [Other, Arn]\n", i, i, i, i)
	}
	var flow strings.Builder
	flow.WriteString("{\"Resources\": {")
	for i := 0; flow.Len() < 1<<20; i++ {
		fmt.Fprintf(&flow, "\"Rés%d\": {\"Type\": \"AWS::S3::Bucket\", \"Properties\": {\"Name\": [\"a\", \"b\", %d]}}, ", i, i)
	}
	flow.WriteString("\"End\": 1}}")
	for name, src := range map[string]string{"block": b.String(), "minified flow": flow.String()} {
		f := source.NewFile("x", "x.yaml", []byte(src))
		start := time.Now()
		r := parseYAML(f, DefaultLimits, false)
		d := time.Since(start)
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		t.Logf("%s: %d bytes in %v, errs=%v guesses=%d", name, len(src), d, r.errs, r.guesses)
		var n yaml.Node
		start = time.Now()
		_ = yaml.Unmarshal([]byte(src), &n)
		t.Logf("  yaml.v3 alone: %v", time.Since(start))
	}
}
