package cache

import (
	"testing"
)

func BenchmarkApplySync10k(b *testing.B) {
	s, _ := newTestStore(b)
	uk, k := testKeys(b)
	sync, _ := buildSync(b, uk, 10_000, "bench")
	ctx := b.Context()
	for b.Loop() {
		if err := s.ApplySync(ctx, k, sync, rev0); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoadSync10k(b *testing.B) {
	s, _ := newTestStore(b)
	uk, k := testKeys(b)
	sync, _ := buildSync(b, uk, 10_000, "bench")
	ctx := b.Context()
	if err := s.ApplySync(ctx, k, sync, rev0); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		snap, err := s.LoadSync(ctx, k)
		if err != nil {
			b.Fatal(err)
		}
		if len(snap.Sync.Ciphers) != 10_000 {
			b.Fatalf("loaded %d ciphers", len(snap.Sync.Ciphers))
		}
	}
}

func BenchmarkLastSync(b *testing.B) {
	s, _ := newTestStore(b)
	uk, k := testKeys(b)
	sync, _ := buildSync(b, uk, 100, "bench")
	if err := s.ApplySync(b.Context(), k, sync, rev0); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := s.LastSync(b.Context(), k); err != nil {
			b.Fatal(err)
		}
	}
}
