package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"
)

// progressDelay is how long a scan runs before the progress line appears
// (a variable for tests), and progressTick how often it is redrawn.
var progressDelay = time.Second

const progressTick = 200 * time.Millisecond

// progress draws one updating line on standard error during a long scan:
// files loaded, then resources checked. It draws only when standard error
// is a terminal and the scan has run for progressDelay; it erases the line
// when the scan ends, so the report starts on a clean line. On anything
// that is not a terminal (a pipe, a file, CI logs) it draws nothing.
type progress struct {
	w         io.Writer
	files     atomic.Int64
	resources atomic.Int64 // -1 while loading
	done      chan struct{}
	wg        sync.WaitGroup
	width     int // characters in the last line drawn; 0 when nothing is shown
}

// startProgress starts the progress line on w when w is a terminal; it
// returns a progress whose methods do nothing otherwise.
func startProgress(w io.Writer) *progress {
	return startProgressOn(w, isTerminal(w), progressDelay, progressTick)
}

func startProgressOn(w io.Writer, terminal bool, delay, tick time.Duration) *progress {
	p := &progress{w: w}
	p.resources.Store(-1)
	if !terminal {
		return p
	}
	p.done = make(chan struct{})
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		select {
		case <-p.done:
			return
		case <-time.After(delay):
		}
		t := time.NewTicker(tick)
		defer t.Stop()
		for {
			p.draw()
			select {
			case <-p.done:
				return
			case <-t.C:
			}
		}
	}()
	return p
}

// loaded records the number of files loaded so far (loader.Options.Progress).
func (p *progress) loaded(files int) { p.files.Store(int64(files)) }

// checking records that loading is over and the rules run on n resources.
func (p *progress) checking(files, resources int) {
	p.files.Store(int64(files))
	p.resources.Store(int64(resources))
}

// line is the text of the progress line.
func (p *progress) line() string {
	files := p.files.Load()
	if r := p.resources.Load(); r >= 0 {
		return fmt.Sprintf("papilint: %s loaded, checking %s…", countOf(files, "file"), countOf(r, "resource"))
	}
	return fmt.Sprintf("papilint: loading… %s loaded", countOf(files, "file"))
}

func (p *progress) draw() {
	s := p.line()
	width := utf8.RuneCountInString(s)
	pad := ""
	if n := p.width - width; n > 0 {
		pad = strings.Repeat(" ", n) // cover the end of a longer line
	}
	fmt.Fprintf(p.w, "\r%s%s", s, pad)
	p.width = width
}

// stop ends the progress line and erases it if it was drawn.
func (p *progress) stop() {
	if p.done == nil {
		return
	}
	close(p.done)
	p.wg.Wait()
	p.done = nil
	if p.width > 0 {
		fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", p.width))
		p.width = 0
	}
}

func countOf(n int64, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
