// Package parallel runs the iterations of a CPU-bound loop on every core:
// decrypting a vault, decoding a sync, sealing cache rows.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Blocks calls f on the blocks of [0, n) of the given size, on up to
// maxWorkers goroutines (GOMAXPROCS if 0), handing out blocks as workers
// become free; f gets its worker's number, below maxWorkers.
func Blocks(n, block, maxWorkers int, f func(worker, lo, hi int)) {
	if maxWorkers <= 0 {
		maxWorkers = runtime.GOMAXPROCS(0)
	}
	workers := min(maxWorkers, (n+block-1)/block)
	if workers <= 1 {
		if n > 0 {
			f(0, 0, n)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for {
				lo := int(next.Add(int64(block))) - block
				if lo >= n {
					return
				}
				f(w, lo, min(lo+block, n))
			}
		})
	}
	wg.Wait()
}

// For calls f(i) for every i in [0, n) on every core, block iterations at
// a time.
func For(n, block int, f func(i int)) {
	Blocks(n, block, 0, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			f(i)
		}
	})
}
