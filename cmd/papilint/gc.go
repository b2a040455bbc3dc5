package main

import (
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"time"
)

// Start-up of a small scan (compiling the Rego rules, loading a few files)
// makes much short-lived garbage over a small live heap, and collecting it
// at Go's default pace is a fifth of the run. While the heap is small the
// scan lets it grow to five times its live size between collections; once
// it passes smallHeap (a big scan) the default comes back, so the peak
// memory of large scans is not raised.
const (
	smallHeapGCPercent = 400
	smallHeap          = 64 << 20
)

// relaxGCWhileSmall applies that policy until the returned function is
// called or the heap grows past smallHeap.
func relaxGCWhileSmall() (stop func()) {
	old := debug.SetGCPercent(smallHeapGCPercent)
	var once sync.Once
	restore := func() { once.Do(func() { debug.SetGCPercent(old) }) }
	done := make(chan struct{})
	go func() {
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				metrics.Read(sample)
				if sample[0].Value.Kind() == metrics.KindUint64 && sample[0].Value.Uint64() > smallHeap {
					restore()
					return
				}
			}
		}
	}()
	return func() {
		close(done)
		restore()
	}
}
