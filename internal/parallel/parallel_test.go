package parallel

import (
	"sync/atomic"
	"testing"
)

func TestBlocksCoversEachIndexOnce(t *testing.T) {
	for _, c := range []struct{ n, block, workers int }{{0, 8, 0}, {1, 8, 0}, {7, 8, 0}, {1000, 7, 0}, {1000, 64, 3}, {65, 64, 1}} {
		seen := make([]atomic.Int32, c.n)
		var workers [64]atomic.Bool
		Blocks(c.n, c.block, c.workers, func(w, lo, hi int) {
			// One worker takes it all in one call; otherwise blocks.
			if hi-lo > c.block && hi-lo != c.n {
				t.Errorf("n=%d block=%d: got a block of %d", c.n, c.block, hi-lo)
			}
			workers[w].Store(true)
			for i := lo; i < hi; i++ {
				seen[i].Add(1)
			}
		})
		for i := range seen {
			if got := seen[i].Load(); got != 1 {
				t.Fatalf("n=%d block=%d: index %d done %d times", c.n, c.block, i, got)
			}
		}
		for w := c.workers; c.workers > 0 && w < len(workers); w++ {
			if workers[w].Load() {
				t.Errorf("n=%d: worker %d ran, want only workers below %d", c.n, w, c.workers)
			}
		}
	}
	var sum atomic.Int64
	For(100, 3, func(i int) { sum.Add(int64(i)) })
	if sum.Load() != 4950 {
		t.Errorf("For summed %d, want 4950", sum.Load())
	}
}
