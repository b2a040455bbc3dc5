package scaffold

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// ExistsError is returned by Write when a target file is already there and
// force is off. Nothing has been written when it is returned.
type ExistsError struct {
	// Path is the file as the user would name it: DIR joined with the
	// generated file's relative path.
	Path string
}

func (e *ExistsError) Error() string {
	return fmt.Sprintf("%s already exists; nothing was written (use --force to overwrite)", e.Path)
}

// Write puts files into dir, creating dir and any sub-directories it needs.
//
// It checks everything before it writes anything: every path must be a
// clean relative path that stays inside dir (no absolute path, no "..", no
// symbolic link among the existing parent directories that leads outside
// dir, no symbolic link as the file itself), no path may be given twice, and
// unless force is set no target may exist. The files are written in the
// order given, each through a temporary file renamed into place, and the
// returned list holds their paths as dir-joined names in that order.
func Write(dir string, files []File, force bool) ([]string, error) {
	if dir == "" {
		dir = "."
	}
	if len(files) == 0 {
		return nil, errors.New("no files to write")
	}
	seen := map[string]bool{}
	for _, f := range files {
		if err := checkRel(f.Path); err != nil {
			return nil, err
		}
		if seen[f.Path] {
			return nil, fmt.Errorf("generated file %q is listed twice", f.Path)
		}
		seen[f.Path] = true
	}
	if st, err := os.Stat(dir); err == nil && !st.IsDir() {
		return nil, fmt.Errorf("%s exists and is not a directory", dir)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	realDir, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return nil, err
	}
	realDir, err = filepath.Abs(realDir)
	if err != nil {
		return nil, err
	}

	// Every check first, so that a refusal leaves the directory untouched.
	for _, f := range files {
		target := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := checkParents(dir, realDir, f.Path); err != nil {
			return nil, err
		}
		st, err := os.Lstat(target)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			continue
		case err != nil:
			return nil, err
		case st.Mode()&fs.ModeSymlink != 0:
			return nil, fmt.Errorf("%s is a symbolic link; papilint init does not write through links (remove it first)", target)
		case st.IsDir():
			return nil, fmt.Errorf("%s is a directory; papilint init wants to write a file there", target)
		case !force:
			return nil, &ExistsError{Path: target}
		}
	}

	var written []string
	for _, f := range files {
		target := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return written, err
		}
		if err := writeAtomic(target, f.Data); err != nil {
			return written, err
		}
		written = append(written, target)
	}
	return written, nil
}

// checkRel accepts a clean, relative, slash-separated path that names a
// file below the target directory.
func checkRel(p string) error {
	switch {
	case p == "" || p == ".":
		return errors.New("generated file with an empty path")
	case strings.ContainsRune(p, '\\') || strings.ContainsRune(p, 0):
		return fmt.Errorf("generated file %q: only slash-separated paths are allowed", p)
	case path.IsAbs(p) || filepath.IsAbs(p) || filepath.VolumeName(p) != "":
		return fmt.Errorf("generated file %q: absolute paths are not allowed", p)
	case path.Clean(p) != p:
		return fmt.Errorf("generated file %q: the path is not in clean form", p)
	}
	for _, el := range strings.Split(p, "/") {
		if el == ".." {
			return fmt.Errorf("generated file %q: the path leaves the target directory", p)
		}
	}
	return nil
}

// checkParents walks the directories between dir and the file and makes
// sure that none which exists is a link leading outside dir, or something
// other than a directory.
func checkParents(dir, realDir, rel string) error {
	parts := strings.Split(rel, "/")
	cur := dir
	for _, el := range parts[:len(parts)-1] {
		cur = filepath.Join(cur, el)
		st, err := os.Lstat(cur)
		if errors.Is(err, fs.ErrNotExist) {
			return nil // everything below will be created by us
		}
		if err != nil {
			return err
		}
		if st.Mode()&fs.ModeSymlink != 0 {
			real, err := filepath.EvalSymlinks(cur)
			if err != nil {
				return fmt.Errorf("%s: %w", cur, err)
			}
			real, err = filepath.Abs(real)
			if err != nil {
				return err
			}
			if !within(realDir, real) {
				return fmt.Errorf("%s is a symbolic link to %s, outside %s; refusing to write there", cur, real, dir)
			}
			st, err = os.Stat(cur)
			if err != nil {
				return err
			}
		}
		if !st.IsDir() {
			return fmt.Errorf("%s exists and is not a directory", cur)
		}
	}
	return nil
}

// within reports whether p is root or below it (both absolute and clean).
func within(root, p string) bool {
	r, err := filepath.Rel(root, p)
	return err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) && !filepath.IsAbs(r)
}

// writeAtomic writes data to a temporary file next to target and renames it
// over target, so a reader never sees half a file.
func writeAtomic(target string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".tmp*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(name, 0o644)
	}
	if werr == nil {
		werr = os.Rename(name, target)
	}
	if werr != nil {
		os.Remove(name)
		return werr
	}
	return nil
}
