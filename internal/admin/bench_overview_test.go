package admin_test

import (
	"testing"

	"github.com/vaultdesk/vaultdesk/internal/admin"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// BenchmarkOverview50Orgs builds the client overview of the technician of
// a synthetic MSP: 50 client organizations sharing 10,000 items. Each
// operation lists the members of the 50 organizations (8 at a time) and
// checks the strength of every password. Goal: under 1 s.
func BenchmarkOverview50Orgs(b *testing.B) {
	_, m := scaled(b)
	overview := func(known admin.Verdicts) *admin.Overview {
		var ov *admin.Overview
		err := m.Admin(b.Context(), "", func(v *vault.Vault, c *api.Client) error {
			var err error
			ov, err = admin.NewSession(v, c).Overview(b.Context(), known)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
		if ov.Total.Orgs != 50 || ov.Total.MembersKnown != 50 || ov.Total.Pending != benchPending || ov.Total.Passwords.Checked == 0 {
			b.Fatalf("overview total = %+v, want 50 organizations with members, the pending ones and checked passwords", ov.Total)
		}
		return ov
	}
	// cold estimates every password; warm has the verdicts of an earlier
	// run, as vdesk overview and the app keep them in the account's cache.
	b.Run("cold", func(b *testing.B) {
		var ov *admin.Overview
		for b.Loop() {
			ov = overview(nil)
		}
		b.ReportMetric(float64(ov.Total.Items), "items")
		b.ReportMetric(float64(ov.Total.Passwords.Checked), "passwords")
	})
	b.Run("warm", func(b *testing.B) {
		known, err := m.Verdicts(b.Context(), "")
		if err != nil {
			b.Fatal(err)
		}
		overview(known)
		for b.Loop() {
			overview(known)
		}
	})
}
