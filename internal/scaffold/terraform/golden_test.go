package terraform

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"

	"github.com/papilint/papilint/internal/scaffold"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestGolden pins the generated files of every variant.
func TestGolden(t *testing.T) {
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			files := generate(t, v.opts)
			dir := filepath.Join("testdata", "golden", v.name)
			if *update {
				if err := os.RemoveAll(dir); err != nil {
					t.Fatal(err)
				}
				writeFiles(t, dir, files)
				return
			}
			var want []string
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatalf("%v (run go test -update to write the golden files)", err)
			}
			for _, e := range entries {
				want = append(want, e.Name())
			}
			var got []string
			for _, f := range files {
				got = append(got, f.Path)
				golden, err := os.ReadFile(filepath.Join(dir, f.Path))
				if err != nil {
					t.Errorf("%s: no golden file (run go test -update): %v", f.Path, err)
					continue
				}
				if !bytes.Equal(golden, f.Data) {
					t.Errorf("%s differs from %s (run go test -update and review the diff):\n%s", f.Path, dir, firstDiff(golden, f.Data))
				}
			}
			sort.Strings(got)
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("generated files %v, golden files %v", got, want)
			}
		})
	}
}

// firstDiff shows the first differing line.
func firstDiff(want, got []byte) string {
	wl := strings.Split(string(want), "\n")
	gl := strings.Split(string(got), "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + ":\n  golden:    " + w + "\n  generated: " + g
		}
	}
	return "(only line endings differ)"
}

// TestDeterministic generates each variant twice, and checks that the
// options passed in are not changed.
func TestDeterministic(t *testing.T) {
	for _, v := range variants {
		before := v.opts
		a := generate(t, v.opts)
		b := generate(t, v.opts)
		if len(a) != len(b) {
			t.Fatalf("%s: %d files, then %d", v.name, len(a), len(b))
		}
		for i := range a {
			if a[i].Path != b[i].Path || !bytes.Equal(a[i].Data, b[i].Data) {
				t.Errorf("%s: %s differs between two runs", v.name, a[i].Path)
			}
		}
		if before.Name != v.opts.Name || before.Format != v.opts.Format {
			t.Errorf("%s: Generate changed the caller's options", v.name)
		}
	}
}

// TestWellFormed parses every generated .tf file with hcl and checks that
// hclwrite.Format leaves it unchanged (the terraform fmt check against the
// real tool is in TestTerraformValidate).
func TestWellFormed(t *testing.T) {
	for _, v := range variants {
		for _, f := range generate(t, v.opts) {
			if !strings.HasSuffix(f.Path, ".tf") {
				continue
			}
			if _, diags := hclsyntax.ParseConfig(f.Data, f.Path, hcl.InitialPos); diags.HasErrors() {
				t.Errorf("%s/%s: %v", v.name, f.Path, diags)
			}
			if !bytes.Equal(hclwrite.Format(f.Data), f.Data) {
				t.Errorf("%s/%s: not formatted", v.name, f.Path)
			}
			if bytes.Contains(f.Data, []byte("\r")) || !bytes.HasSuffix(f.Data, []byte("\n")) {
				t.Errorf("%s/%s: want LF line endings and a final newline", v.name, f.Path)
			}
		}
	}
}

// TestInvalidOptions: bad input is an error naming the flag, never a panic
// or a half-written stack.
func TestInvalidOptions(t *testing.T) {
	for _, tc := range []struct {
		opts scaffold.Options
		want string
	}{
		{scaffold.Options{Name: "Bad_Name"}, "--name"},
		{scaffold.Options{Domain: "localhost"}, "--domain"},
		{scaffold.Options{AZCount: 4}, "--az-count"},
		{scaffold.Options{VPCID: "vpc-0a1b2c3d", SubnetIDs: []string{"subnet-0a1b2c3d"}}, "--subnet-ids"},
		{scaffold.Options{VPCCIDR: "10.0.0.0/8"}, "--vpc-cidr"},
		{scaffold.Options{CertificateARN: "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"}, "--certificate-arn"},
	} {
		files, err := Generate(tc.opts)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Generate(%+v) = %d files, %v; want an error about %s", tc.opts, len(files), err, tc.want)
		}
		if files != nil {
			t.Errorf("Generate(%+v) returned files with its error", tc.opts)
		}
	}
}

func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		if _, err := Generate(scaffold.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
