package app

import (
	"slices"
	"testing"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/accounts"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/sandboxtest"
)

// newScaleService signs a Core in to a synthetic MSP of 50 organizations
// and 10,000 items, the size the product's targets are set at.
func newScaleService(b *testing.B) *VaultService {
	b.Helper()
	sb := sandboxtest.New(b, sandboxtest.Options{Scale: &demodata.Scale{Orgs: 50, Items: 10_000}})
	c, err := New(Options{DataDir: b.TempDir(), Board: &memBoard{}})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.Close() })
	a := sb.Manifest.Account(demodata.TechEmail)
	if _, err := c.mgr.Login(b.Context(), accounts.LoginRequest{Email: a.Email, Server: sb.URL(), Password: []byte(a.Password)}); err != nil {
		b.Fatal(err)
	}
	return NewVaultService(c)
}

// BenchmarkVault10k measures the sidebar and one keystroke of search (the
// first page of a query, with its total) at 50 organizations and 10,000
// items.
func BenchmarkVault10k(b *testing.B) {
	s := newScaleService(b)
	b.Run("sidebar", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.Sidebar(); err != nil {
				b.Fatal(err)
			}
		}
	})
	keys := []string{"r", "ro", "rou", "rout", "route", "router", "s", "se", "ser", "serv", "a", "ad", "adm", "admi", "admin"}
	b.Run("keystroke", func(b *testing.B) {
		i := 0
		var durs []time.Duration
		defer func() {
			slices.Sort(durs)
			pct := func(p float64) float64 {
				return float64(durs[min(len(durs)-1, int(float64(len(durs))*p))].Microseconds()) / 1000
			}
			b.ReportMetric(pct(0.5), "p50-ms")
			b.ReportMetric(pct(0.95), "p95-ms")
		}()
		for b.Loop() {
			t0 := time.Now()
			if _, err := s.Search(SearchQuery{Text: keys[i%len(keys)], Limit: 100}); err != nil {
				b.Fatal(err)
			}
			durs = append(durs, time.Since(t0))
			i++
		}
	})
	b.Run("empty", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.Search(SearchQuery{Limit: 100}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
