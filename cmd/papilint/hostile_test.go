package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"
)

// hostileLimit is the memory a scan of one hostile input may take.
const hostileLimit = 512 << 20

// peakMemory runs f and returns the largest amount of memory the Go runtime
// held from the OS while it ran (heap, stacks and runtime structures:
// /memory/classes/total:bytes minus what was released), sampled every
// millisecond.
func peakMemory(f func()) uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	read := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64() - sample[1].Value.Uint64()
	}
	var peak uint64
	var mu sync.Mutex
	note := func() {
		v := read()
		mu.Lock()
		if v > peak {
			peak = v
		}
		mu.Unlock()
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				note()
			}
		}
	}()
	f()
	note()
	close(done)
	wg.Wait()
	return peak
}

// TestHostileInputsEndToEnd: each hostile input of issue 8, scanned next
// to a broken template, ends the scan with exit 2 and an error naming the
// file (and the position where there is one); the broken template's
// findings are still reported; and memory stays under 512 MB. Symbolic
// links that loop or leave the scanned tree are not followed and are
// reported as warnings (so the exit code is the findings' 1), as the loader
// documents.
func TestHostileInputsEndToEnd(t *testing.T) {
	broken, err := os.ReadFile(filepath.Join(repo, "examples/broken/private-api.yaml"))
	if err != nil {
		t.Fatal(err)
	}
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
	deep := func(open, close string) string {
		return strings.Repeat(open, 10000) + strings.Repeat(close, 10000)
	}
	type file struct{ name, content, link string }
	cases := []struct {
		name  string
		files []file
		big   string // a file of 100 MB written in pieces
		code  int
		want  []string // in the report
	}{
		{name: "alias bomb", files: []file{{name: "bomb.yaml", content: bomb.String()}}, code: exitError, want: []string{"bomb.yaml:", "alias"}},
		{name: "100 MB file", big: "big.yaml", code: exitError, want: []string{"big.yaml: error: file is 100 MB, larger than"}},
		{name: "10,000-deep YAML", files: []file{{name: "deep.yaml", content: "AWSTemplateFormatVersion: x\nResources:\n  A: " + deep("[", "]") + "\n"}},
			code: exitError, want: []string{"deep.yaml:3:", "nesting"}},
		{name: "10,000-deep JSON", files: []file{{name: "deep.json", content: `{"AWSTemplateFormatVersion": "x", "Resources": {"A": ` + deep("[", "]") + "}}"}},
			code: exitError, want: []string{"deep.json:1:", "nesting"}},
		{name: "10,000-deep HCL", files: []file{{name: "tf/main.tf", content: "locals {\n  x = " + deep("[", "]") + "\n}\n"}},
			code: exitError, want: []string{"tf/main.tf:2:", "nest more than 512 levels"}},
		{name: "binary named .yaml", files: []file{{name: "binary.yaml", content: "AWSTemplateFormatVersion: x\nResources:\n\x00\x01\x02\x03"}},
			code: exitError, want: []string{"binary.yaml", "binary"}},
		{name: "invalid UTF-8", files: []file{{name: "latin1.yaml", content: "AWSTemplateFormatVersion: x\nDescription: caf\xe9\nResources: {}\n"}},
			code: exitError, want: []string{"latin1.yaml", "UTF-8"}},
		{name: "Ref cycle", files: []file{{name: "cycle.yaml", content: "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !GetAtt B.TopicName\n  B:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Ref A\n"}},
			code: exitError, want: []string{"cycle.yaml:3:3: error: circular dependency between resources A, B"}},
		{name: "Terraform module cycle", files: []file{
			{name: "tf/a/main.tf", content: "module \"b\" {\n  source = \"../b\"\n}\n"},
			{name: "tf/b/main.tf", content: "module \"a\" {\n  source = \"../a\"\n}\n"}},
			code: exitError, want: []string{"main.tf:2:12: error: module cycle"}},
		{name: "nested stack includes itself", files: []file{{name: "self.yaml", content: "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Self:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ./self.yaml\n"}},
			code: exitError, want: []string{"self.yaml:6:20: error: nested stack Self includes its own template"}},
		{name: "manifest.json pointing outside its assembly", files: []file{
			{name: "outside.template.json", content: `{"Resources": {"T": {"Type": "AWS::SNS::Topic"}}}`},
			{name: "app/cdk.out/manifest.json", content: `{"version":"55.0.0","artifacts":{"S":{"type":"aws:cloudformation:stack","environment":"aws://123456789012/eu-west-1","properties":{"templateFile":"../../outside.template.json"}}}}`}},
			code: exitError, want: []string{"app/cdk.out/manifest.json:1:", "not a file of this assembly"}},
		{name: "symbolic link loop", files: []file{{name: "loop1.yaml", link: "loop2.yaml"}, {name: "loop2.yaml", link: "loop1.yaml"}},
			code: exitFindings, want: []string{"loop1.yaml: warning: broken or looping symbolic link"}},
		{name: "symbolic link outside the tree", files: []file{{name: "out.yaml", link: "OUTSIDE"}},
			code: exitFindings, want: []string{"out.yaml: warning: symbolic link points outside the scanned directory"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			outside := t.TempDir()
			write := func(name string, content []byte) {
				p := filepath.Join(dir, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, content, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			write("a-broken.yaml", broken)
			for _, f := range c.files {
				if f.link == "" {
					write(f.name, []byte(f.content))
					continue
				}
				target := f.link
				if target == "OUTSIDE" {
					target = filepath.Join(outside, "t.yaml")
					os.WriteFile(target, broken, 0o644)
				}
				if err := os.Symlink(target, filepath.Join(dir, f.name)); err != nil {
					t.Skipf("cannot make symbolic links here: %v", err)
				}
			}
			if c.big != "" {
				fh, err := os.Create(filepath.Join(dir, c.big))
				if err != nil {
					t.Fatal(err)
				}
				fh.WriteString("AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n")
				chunk := bytes.Repeat([]byte("# a comment line that pads this template out to one hundred MB\n"), 1<<14)
				for n := 0; n < 100<<20; n += len(chunk) {
					if _, err := fh.Write(chunk); err != nil {
						t.Fatal(err)
					}
				}
				fh.Close()
			}
			runtime.GC()
			var code int
			var out, errs string
			peak := peakMemory(func() {
				code, out, errs = papilint(t, "scan", "--root", dir, dir)
			})
			if code != c.code {
				t.Errorf("exit %d, want %d\n%s%s", code, c.code, out, errs)
			}
			for _, w := range append(c.want, "a-broken.yaml", "[PAPI030]") {
				if !strings.Contains(out, w) {
					t.Errorf("report lacks %q:\n%s", w, out)
				}
			}
			if strings.Contains(out+errs, "internal error") || strings.Contains(out+errs, "panic") {
				t.Errorf("papilint crashed:\n%s%s", out, errs)
			}
			t.Logf("memory peak %d MB", peak>>20)
			if peak > hostileLimit {
				t.Errorf("memory peaked at %d MB, over %d MB", peak>>20, hostileLimit>>20)
			}
		})
	}
}
