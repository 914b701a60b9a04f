package admin_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/vaultdesk/vaultdesk/internal/accounts"
	"github.com/vaultdesk/vaultdesk/internal/admin"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
	"github.com/vaultdesk/vaultdesk/internal/sandbox"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// BenchmarkConfirmQueue50Orgs builds the confirm queue of a technician
// who owns 50 client organizations (10,000 items), 8 of which have
// members awaiting confirmation. Run with -bench; skipped otherwise.
func BenchmarkConfirmQueue50Orgs(b *testing.B) {
	ctx := context.Background()
	srv, err := sandbox.Open(sandbox.Config{DataDir: b.TempDir(), PasswordIterations: 1000})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	man, err := demodata.Seed(ctx, ts.URL, demodata.Options{Scale: &demodata.Scale{Orgs: 50, Items: 10_000}, Mailbox: srv.Mailbox})
	if err != nil {
		b.Fatal(err)
	}
	tech := man.Account(demodata.TechEmail)
	m, err := accounts.Open(b.TempDir(), accounts.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer m.Close()
	if _, err := m.Login(ctx, accounts.LoginRequest{Email: tech.Email, Server: ts.URL, Password: []byte(tech.Password)}); err != nil {
		b.Fatal(err)
	}
	session := func(f func(s *admin.Session) error) error {
		return m.Admin(ctx, "", func(v *vault.Vault, c *api.Client) error { return f(admin.NewSession(v, c)) })
	}

	// Eight new people, one in each of eight orgs, accept.
	const pending = 8
	kdf := crypto.KDFParams{Type: crypto.KDFPBKDF2, Iterations: 100_000}
	for i := range pending {
		o := man.Orgs[i*6]
		email := fmt.Sprintf("pending%d@bench.example", i)
		if err := session(func(s *admin.Session) error {
			return s.Invite(ctx, o.ID, admin.Invitation{Emails: []string{email}, Role: api.OrgUser})
		}); err != nil {
			b.Fatal(err)
		}
		mails, err := srv.Mailbox(ctx, email)
		if err != nil || len(mails) == 0 {
			b.Fatalf("mailbox of %s: %v", email, err)
		}
		l, err := admin.ParseInvite(mails[len(mails)-1].Link)
		if err != nil {
			b.Fatal(err)
		}
		nm, err := accounts.Open(b.TempDir(), accounts.Options{})
		if err != nil {
			b.Fatal(err)
		}
		_, err = admin.CreateAndAccept(ctx, nm, accounts.RegisterRequest{Server: ts.URL, Password: []byte("bench password 1234"), KDF: &kdf}, l)
		nm.Close()
		if err != nil {
			b.Fatal(err)
		}
	}

	b.ResetTimer()
	for b.Loop() {
		var q []admin.QueueEntry
		if err := session(func(s *admin.Session) (err error) { q, err = s.ConfirmQueue(ctx); return err }); err != nil {
			b.Fatal(err)
		}
		if len(q) != pending {
			b.Fatalf("queue has %d entries, want %d", len(q), pending)
		}
	}
}
