package vault

import (
	"context"
	"slices"
	"testing"
	"time"
)

// TestSearchPage checks that the pages of SearchPage are the slices of a
// search without a limit, with its total.
func TestSearchPage(t *testing.T) {
	f := bigFixture(t, 5_000, 20, 2)
	v, err := Unlock(context.Background(), account1, f.userKey, f.sync)
	if err != nil {
		t.Fatal(err)
	}
	s := NewSet()
	s.Add(v)
	defer s.Lock()
	for _, q := range []string{"", "r", "ro", "router", "admin", "zzzz-nothing"} {
		for _, fl := range []Filter{{}, {OrgID: "org-007"}, {Favorites: true}} {
			all, err := s.Search(q, fl, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, off := range []int{0, 37, len(all) - 3, len(all) + 5} {
				page, total, err := s.SearchPage(q, fl, off, 50)
				if err != nil {
					t.Fatal(err)
				}
				lo, hi := min(max(off, 0), len(all)), min(max(off, 0)+50, len(all))
				if total != len(all) || len(page) != hi-lo {
					t.Fatalf("SearchPage(%q, %+v, %d) = %d rows of %d, want %d of %d", q, fl, off, len(page), total, hi-lo, len(all))
				}
				for i := range page {
					if page[i].ID != all[lo+i].ID || page[i].Match != all[lo+i].Match {
						t.Fatalf("SearchPage(%q, %+v, %d)[%d] = %s, want %s", q, fl, off, i, page[i].ID, all[lo+i].ID)
					}
				}
			}
		}
	}
}

func BenchmarkSearchPage50k(b *testing.B) {
	f := fixture50k(b)
	v, _ := Unlock(context.Background(), account1, f.userKey, f.sync)
	s := NewSet()
	s.Add(v)
	defer s.Lock()
	for _, bc := range []struct {
		name string
		fn   func(q string)
	}{
		{"full", func(q string) { s.Search(q, Filter{}, 0) }},
		{"page", func(q string) { s.SearchPage(q, Filter{}, 0, 100) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var durs []time.Duration
			i := 0
			for b.Loop() {
				t0 := time.Now()
				bc.fn(keystrokes[i%len(keystrokes)])
				durs = append(durs, time.Since(t0))
				i++
			}
			slices.Sort(durs)
			b.ReportMetric(float64(durs[len(durs)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(durs[len(durs)*95/100].Microseconds())/1000, "p95-ms")
		})
	}
}
