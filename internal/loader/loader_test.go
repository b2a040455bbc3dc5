package loader

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

const tiny = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n"

func write(t *testing.T, dir, name string, content []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, content, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func diagFor(res *Result, file string) string {
	var out []string
	for _, d := range res.Diagnostics {
		f := d.File
		if d.Range.IsValid() {
			f = d.Range.File.Rel
		}
		if f == file {
			out = append(out, d.Severity+": "+d.Error())
		}
	}
	return strings.Join(out, "\n")
}

// Hostile and odd inputs each become a diagnostic naming the file, and the
// good template beside them still loads.
func TestHostileInputs(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "good.yaml", []byte(tiny))
	// 10,000-deep nesting in YAML and JSON.
	write(t, dir, "deep.yaml", []byte("AWSTemplateFormatVersion: x\nResources:\n  A: "+strings.Repeat("[", 10000)+strings.Repeat("]", 10000)+"\n"))
	write(t, dir, "deep.json", []byte(`{"AWSTemplateFormatVersion": "x", "Resources": {"A": `+strings.Repeat("[", 10000)+strings.Repeat("]", 10000)+"}}"))
	// A YAML alias bomb.
	var bomb bytes.Buffer
	bomb.WriteString("AWSTemplateFormatVersion: x\nResources:\n  X:\n    Type: AWS::SNS::Topic\n    Properties:\n      a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i <= 9; i++ {
		bomb.WriteString("      a" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [")
		for j := 0; j < 10; j++ {
			if j > 0 {
				bomb.WriteString(", ")
			}
			bomb.WriteString("*a" + string(rune('0'+i-1)))
		}
		bomb.WriteString("]\n")
	}
	write(t, dir, "bomb.yaml", bomb.Bytes())
	// Binary content and invalid UTF-8 in files that look like templates.
	write(t, dir, "binary.yaml", []byte("AWSTemplateFormatVersion: x\nResources:\n\x00\x01\x02\x03"))
	write(t, dir, "latin1.yaml", []byte("AWSTemplateFormatVersion: x\nDescription: caf\xe9\nResources: {}\n"))
	// A file too large to read, and a large binary file that is no template.
	big := bytes.Repeat([]byte("# padding line for a large template file\n"), (MaxFileSize/40)+100)
	write(t, dir, "huge.yaml", append([]byte("AWSTemplateFormatVersion: x\nResources: {}\n"), big...))
	write(t, dir, "blob.json", bytes.Repeat([]byte{0xff}, MaxFileSize+10))
	// Not IaC at all: skipped without a word.
	write(t, dir, "workflow.yml", []byte("on: push\njobs: {}\n"))

	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	res, err := Load([]string{dir}, Options{Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Logf("hostile inputs took %v", d) // reported, not asserted: speed is measured in benchmarks
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if grew := int64(after.HeapAlloc) - int64(before.HeapAlloc); grew > 512<<20 {
		t.Errorf("heap grew by %d MB", grew>>20)
	}
	for file, want := range map[string]string{
		"deep.yaml":   "nesting",
		"deep.json":   "nesting",
		"bomb.yaml":   "alias",
		"binary.yaml": "binary",
		"latin1.yaml": "UTF-8",
		"huge.yaml":   "larger than",
	} {
		got := diagFor(res, file)
		if !strings.Contains(got, want) || !strings.Contains(got, "error") {
			t.Errorf("%s: want an error mentioning %q, got %q", file, want, got)
		}
	}
	for _, quiet := range []string{"workflow.yml", "blob.json", "good.yaml"} {
		if got := diagFor(res, quiet); got != "" {
			t.Errorf("%s: want no diagnostic, got %q", quiet, got)
		}
	}
	if res.Graph.Node("good.yaml#Topic") == nil {
		t.Error("the good template beside the hostile ones was not loaded")
	}
}

func TestSymlinks(t *testing.T) {
	outside := t.TempDir()
	write(t, outside, "secret.yaml", []byte(tiny))
	dir := t.TempDir()
	write(t, dir, "real.yaml", []byte(tiny))
	if err := os.Symlink(filepath.Join(outside, "secret.yaml"), filepath.Join(dir, "escape.yaml")); err != nil {
		t.Skipf("symbolic links not available: %v", err)
	}
	os.Symlink(filepath.Join(dir, "real.yaml"), filepath.Join(dir, "alias.yaml"))
	os.Symlink(dir, filepath.Join(dir, "loop"))                                  // a directory loop
	os.Symlink(filepath.Join(dir, "self.yaml"), filepath.Join(dir, "self.yaml")) // a link to itself
	res, err := Load([]string{dir}, Options{Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	if res.Graph.Node("escape.yaml#Topic") != nil {
		t.Error("followed a link out of the scanned tree")
	}
	if !strings.Contains(diagFor(res, "escape.yaml"), "outside") {
		t.Errorf("no diagnostic for the escaping link: %v", res.Diagnostics)
	}
	if res.Graph.Node("real.yaml#Topic") == nil {
		t.Error("real.yaml not loaded")
	}
	if !strings.Contains(diagFor(res, "self.yaml"), "link") {
		t.Errorf("no diagnostic for the self link: %v", res.Diagnostics)
	}
}

func TestDiscoveryOrderAndSkips(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "b.yaml", []byte(tiny))
	write(t, dir, "a/c.json", []byte(`{"Resources": {"T": {"Type": "AWS::SNS::Topic"}}}`))
	write(t, dir, "node_modules/x/t.yaml", []byte(tiny))
	write(t, dir, ".git/t.yaml", []byte(tiny))
	write(t, dir, ".terraform/t.yaml", []byte(tiny))
	write(t, dir, "k8s.yaml", []byte("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n"))
	res, err := Load([]string{dir}, Options{Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, n := range res.Graph.Nodes() {
		names = append(names, string(n.ID))
	}
	if got := strings.Join(names, " "); got != "a/c.json#T b.yaml#Topic" {
		t.Errorf("loaded %q", got)
	}
	if res.Files != 2 || len(res.Diagnostics) != 0 {
		t.Errorf("files %d, diagnostics %v", res.Files, res.Diagnostics)
	}
}
