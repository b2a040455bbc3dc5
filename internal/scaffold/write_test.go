package scaffold

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func files(pairs ...string) []File {
	var out []File
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, File{Path: pairs[i], Data: []byte(pairs[i+1])})
	}
	return out
}

func readAll(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(dir, p)
			got[filepath.ToSlash(rel)] = string(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestWriteCreatesDirAndFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "stack")
	written, err := Write(dir, files("template.yaml", "a: 1\n", "docs/README.md", "# hi\n"), false)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, "template.yaml"), filepath.Join(dir, "docs", "README.md")}
	if !reflect.DeepEqual(written, want) {
		t.Errorf("written = %v, want %v", written, want)
	}
	got := readAll(t, dir)
	if !reflect.DeepEqual(got, map[string]string{"template.yaml": "a: 1\n", "docs/README.md": "# hi\n"}) {
		t.Errorf("directory holds %v", got)
	}
	st, err := os.Stat(filepath.Join(dir, "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o644 {
		t.Errorf("mode = %v, want 0644", st.Mode().Perm())
	}
}

func TestWriteRefusesExistingWithoutForce(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "README.md"), []byte("mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Write(dir, files("template.yaml", "new\n", "README.md", "new\n"), false)
	var ee *ExistsError
	if !errors.As(err, &ee) {
		t.Fatalf("err = %v, want an ExistsError", err)
	}
	if ee.Path != filepath.Join(dir, "README.md") || !strings.Contains(err.Error(), "README.md") || !strings.Contains(err.Error(), "--force") {
		t.Errorf("error %q does not name the file and --force", err)
	}
	// Nothing at all was written: template.yaml comes first and must not exist.
	if got := readAll(t, dir); !reflect.DeepEqual(got, map[string]string{"README.md": "mine\n"}) {
		t.Errorf("directory holds %v after a refusal", got)
	}

	if _, err := Write(dir, files("template.yaml", "new\n", "README.md", "new\n"), true); err != nil {
		t.Fatalf("with force: %v", err)
	}
	if got := readAll(t, dir); !reflect.DeepEqual(got, map[string]string{"README.md": "new\n", "template.yaml": "new\n"}) {
		t.Errorf("directory holds %v after --force", got)
	}
}

func TestWriteRejectsBadPaths(t *testing.T) {
	for _, p := range []string{"", ".", "/etc/passwd", "../x", "a/../../x", "a/./b", "a//b", `a\b`, "a/"} {
		dir := t.TempDir()
		_, err := Write(dir, files(p, "x"), true)
		if err == nil {
			t.Errorf("path %q accepted", p)
			continue
		}
		if got := readAll(t, dir); len(got) != 0 {
			t.Errorf("path %q: files written: %v", p, got)
		}
	}
	dir := t.TempDir()
	if _, err := Write(dir, files("a", "1", "a", "2"), false); err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("duplicate path: err = %v", err)
	}
	if _, err := Write(dir, nil, false); err == nil {
		t.Error("no files accepted")
	}
}

func TestWriteRefusesSymlinkEscapes(t *testing.T) {
	outside := t.TempDir()
	dir := t.TempDir()
	if err := os.Symlink(outside, filepath.Join(dir, "docs")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	_, err := Write(dir, files("template.yaml", "x", "docs/README.md", "x"), true)
	if err == nil || !strings.Contains(err.Error(), "outside") {
		t.Fatalf("err = %v, want a refusal to write outside", err)
	}
	if ents, _ := os.ReadDir(outside); len(ents) != 0 {
		t.Errorf("wrote outside DIR: %v", ents)
	}
	if _, err := os.Stat(filepath.Join(dir, "template.yaml")); err == nil {
		t.Error("template.yaml was written although the whole write was refused")
	}

	// A link that stays inside DIR is followed.
	if err := os.Mkdir(filepath.Join(dir, "real"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real", filepath.Join(dir, "alias")); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(dir, files("alias/f.txt", "in"), false); err != nil {
		t.Fatalf("link inside DIR: %v", err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "real", "f.txt")); err != nil || string(b) != "in" {
		t.Errorf("real/f.txt = %q, %v", b, err)
	}

	// The file itself being a link is refused even with force.
	if err := os.Symlink(filepath.Join(outside, "victim"), filepath.Join(dir, "README.md")); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(dir, files("README.md", "x"), true); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("err = %v, want a refusal to write through a link", err)
	}
	if _, err := os.Stat(filepath.Join(outside, "victim")); err == nil {
		t.Error("wrote through the link")
	}
}

func TestWriteRefusesFileAsDir(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "plain")
	if err := os.WriteFile(f, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(f, files("a", "1"), false); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("DIR is a file: err = %v", err)
	}
	if _, err := Write(dir, files("plain/a", "1"), true); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("parent is a file: err = %v", err)
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(dir, files("sub", "1"), true); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("target is a directory: err = %v", err)
	}
}

func TestWriteIsDeterministic(t *testing.T) {
	fs := files("b.txt", "2", "a.txt", "1")
	d1, d2 := t.TempDir(), t.TempDir()
	w1, err1 := Write(d1, fs, false)
	w2, err2 := Write(d2, fs, false)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	for i := range w1 {
		if filepath.Base(w1[i]) != filepath.Base(w2[i]) {
			t.Errorf("order differs: %v vs %v", w1, w2)
		}
	}
	if !reflect.DeepEqual(readAll(t, d1), readAll(t, d2)) {
		t.Error("contents differ")
	}
	// No temporary files left behind.
	ents, _ := os.ReadDir(d1)
	if len(ents) != 2 {
		t.Errorf("d1 holds %d entries, want 2", len(ents))
	}
}
