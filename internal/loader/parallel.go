package loader

import (
	"bytes"
	"runtime"
	"sync"

	"github.com/papilint/papilint/internal/loader/cfn"
	"github.com/papilint/papilint/internal/loader/cfn/syntax"
	"github.com/papilint/papilint/internal/source"
)

// parsedFile is what reading and parsing one CloudFormation candidate gave.
// It holds only what loadCloudFormation uses, so files that are skipped
// keep no memory until their turn.
type parsedFile struct {
	file *source.File
	diag *source.Diagnostic // from reading (too large, binary, …)
	ok   bool               // read; when false file is nil
	rain bool               // a rain CLI template; not scanned
	doc  *syntax.Node
	errs []*syntax.Error
	// template: doc is a CloudFormation template; reportErrs: the errors
	// are reported although it is not (it failed to parse and looks like
	// one).
	template, reportErrs bool
}

// parseCloudFormation reads and parses files on up to GOMAXPROCS
// goroutines and returns the results in the order of files, so what the
// scan reports does not depend on scheduling.
func (s *session) parseCloudFormation(files []string) []parsedFile {
	out := make([]parsedFile, len(files))
	workers := runtime.GOMAXPROCS(0)
	if workers > len(files) {
		workers = len(files)
	}
	var next int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= len(files) {
					return
				}
				out[i] = parseOne(files[i], s.root)
			}
		}()
	}
	wg.Wait()
	return out
}

// parseOne reads and parses one file; it touches no session state.
func parseOne(path, root string) (p parsedFile) {
	defer func() {
		if r := recover(); r != nil {
			// The parsers bound depth and size; this is a last resort so one
			// file cannot take the scan down from a worker goroutine.
			p = parsedFile{diag: &source.Diagnostic{Code: "papilint-load", Severity: "error", File: relPath(path, root),
				Message: "internal error while parsing: the file could not be read as a template"}}
		}
	}()
	f, diag, ok := readFile(path, root)
	p = parsedFile{diag: diag, ok: ok}
	if !ok {
		return p
	}
	p.file = f
	if bytes.Contains(f.Content, []byte("Rain::Module")) {
		p.rain = true
		return p
	}
	doc, errs := cfn.Parse(f)
	switch {
	case len(errs) > 0 && (doc == nil || !cfn.IsTemplate(doc)):
		if cfn.LooksLikeTemplate(f.Content) {
			p.errs, p.reportErrs = errs, true
		} else {
			p.file = nil
		}
	case !cfn.IsTemplate(doc):
		p.file = nil // some other YAML or JSON
	default:
		p.doc, p.errs, p.template = doc, errs, true
	}
	return p
}
