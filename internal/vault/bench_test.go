package vault

import (
	"context"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"
)

// Fixtures are built once per test binary, with the crypto core directly,
// and outside the timers.
var (
	fix10kOnce, fix50kOnce sync.Once
	fix10k, fix50k         *fixture
)

func fixture10k(b *testing.B) *fixture {
	fix10kOnce.Do(func() { fix10k = bigFixture(b, 10_000, 50, 1) })
	return fix10k
}

func fixture50k(b *testing.B) *fixture {
	fix50kOnce.Do(func() { fix50k = bigFixture(b, 50_000, 200, 2) })
	return fix50k
}

// BenchmarkUnlock10k measures Unlock of 10,000 items in 50 organizations
// (a third with per-item keys), KDF excluded: the private key, 50 RSA
// organization keys and every list field. "nonotes" leaves notes out of
// the index, to show what searching notes costs at unlock.
func BenchmarkUnlock10k(b *testing.B) {
	f := fixture10k(b)
	for _, bc := range []struct {
		name string
		opt  unlockOptions
	}{{"notes", unlockOptions{}}, {"nonotes", unlockOptions{skipNotes: true}}} {
		b.Run(bc.name, func(b *testing.B) {
			ctx := context.Background()
			var cpu time.Duration
			n := 0
			for b.Loop() {
				c0 := cpuTime()
				v, err := unlock(ctx, account1, f.userKey, f.sync, bc.opt)
				if err != nil {
					b.Fatal(err)
				}
				cpu += cpuTime() - c0
				n++
				b.StopTimer()
				v.Lock()
				b.StartTimer()
			}
			// CPU time is what the host's other load does not inflate:
			// divided by the cores, it is the wall time on an idle machine.
			b.ReportMetric(float64(cpu.Microseconds())/1000/float64(n), "cpu-ms/op")
		})
	}
}

// BenchmarkUnlockHeap10k reports the heap the unlocked vault holds on top
// of the synced (encrypted) response ("vault-MB"), and the whole heap in
// use with both ("heap-MB"), for 10,000 items.
func BenchmarkUnlockHeap10k(b *testing.B) {
	f := fixture10k(b)
	var vaultMB, heapMB float64
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		v, err := Unlock(context.Background(), account1, f.userKey, f.sync)
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		vaultMB = float64(int64(after.HeapInuse)-int64(before.HeapInuse)) / 1e6
		heapMB = float64(after.HeapInuse) / 1e6
		runtime.KeepAlive(v)
		v.Lock()
	}
	b.ReportMetric(vaultMB, "vault-MB")
	b.ReportMetric(heapMB, "heap-MB")
}

// keystrokes are the queries a technician types, one keystroke at a time.
var keystrokes = func() []string {
	var out []string
	for _, w := range []string{"router", "contoso fire", "m365-admin", "zurich", "woodgrove vpn", "admin", "qqq", "svc.ops"} {
		r := []rune(w)
		for i := 1; i <= len(r); i++ {
			out = append(out, string(r[:i]))
		}
	}
	return out
}()

// BenchmarkSearch50k measures one keystroke of search over 50,000 items
// in 200 organizations, with a limit of 100 results as the list shows.
// It reports the 50th and 99th percentiles over every keystroke.
func BenchmarkSearch50k(b *testing.B) {
	f := fixture50k(b)
	v, err := Unlock(context.Background(), account1, f.userKey, f.sync)
	if err != nil {
		b.Fatal(err)
	}
	s := NewSet()
	s.Add(v)
	defer s.Lock()
	for _, bc := range []struct {
		name string
		f    Filter
	}{{"all", Filter{}}, {"org", Filter{OrgID: "org-007"}}, {"favorites", Filter{Favorites: true}}, {"logins", Filter{Type: 1}}} {
		b.Run(bc.name, func(b *testing.B) {
			var durs []time.Duration
			i := 0
			for b.Loop() {
				q := keystrokes[i%len(keystrokes)]
				i++
				t0 := time.Now()
				if _, err := s.Search(q, bc.f, 100); err != nil {
					b.Fatal(err)
				}
				durs = append(durs, time.Since(t0))
			}
			slices.Sort(durs)
			pct := func(p float64) float64 {
				return float64(durs[min(len(durs)-1, int(float64(len(durs))*p))].Microseconds()) / 1000
			}
			b.ReportMetric(pct(0.50), "p50-ms")
			b.ReportMetric(pct(0.99), "p99-ms")
		})
	}
}
