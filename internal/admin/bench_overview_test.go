package admin_test

import (
	"net/http/httptest"
	"testing"

	"github.com/vaultdesk/vaultdesk/internal/accounts"
	"github.com/vaultdesk/vaultdesk/internal/admin"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/sandbox"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// BenchmarkOverview50Orgs builds the client overview of the technician of
// a synthetic MSP: 50 client organizations sharing 10,000 items. Each
// operation lists the members of the 50 organizations (8 at a time) and
// checks the strength of every password. Goal: under 1 s.
func BenchmarkOverview50Orgs(b *testing.B) {
	srv, err := sandbox.Open(sandbox.Config{DataDir: b.TempDir(), PasswordIterations: 1000})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	man, err := demodata.Seed(b.Context(), ts.URL, demodata.Options{Scale: &demodata.Scale{Orgs: 50, Items: 10_000}, Mailbox: srv.Mailbox})
	if err != nil {
		b.Fatal(err)
	}
	tech := man.Account(demodata.TechEmail)
	m, err := accounts.Open(b.TempDir(), accounts.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer m.Close()
	if _, err := m.Login(b.Context(), accounts.LoginRequest{Email: tech.Email, Server: ts.URL, Password: []byte(tech.Password)}); err != nil {
		b.Fatal(err)
	}

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
		if ov.Total.Orgs != 50 || ov.Total.MembersKnown != 50 || ov.Total.Passwords.Checked == 0 {
			b.Fatalf("overview total = %+v, want 50 organizations with members and checked passwords", ov.Total)
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
