package vault

import (
	"errors"
	"sync"
	"testing"
)

// TestConcurrentLock searches, opens and reveals items from several
// goroutines while the vault locks: nothing may panic or race, and every
// error after the lock is ErrLocked. Run with -race.
func TestConcurrentLock(t *testing.T) {
	f, items := realisticFixture(t)
	for range 20 {
		v := f.unlock(t, account1)
		s := NewSet()
		s.Add(v)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for g := range 4 {
			wg.Go(func() {
				<-start
				for i := range 50 {
					p := items[(g+i)%len(items)]
					var err error
					switch i % 3 {
					case 0:
						_, err = s.Search(p.name[:2], Filter{}, 10)
					case 1:
						var it *Item
						if it, err = v.Item(p.id); err == nil {
							it.Clear()
						}
					case 2:
						var sec Secret
						sec, err = v.RevealPassword(p.id)
						sec.Clear()
					}
					if err != nil && !errors.Is(err, ErrLocked) && !errors.Is(err, ErrNotFound) && !errors.Is(err, ErrHiddenByAccess) {
						t.Errorf("%s: %v", p.id, err)
					}
				}
			})
		}
		close(start)
		v.Lock()
		wg.Wait()
		if _, err := s.Search("a", Filter{}, 0); !errors.Is(err, ErrLocked) {
			t.Fatalf("Search after Lock: %v", err)
		}
	}
}
