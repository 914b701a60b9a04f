package admin_test

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/vaultdesk/vaultdesk/internal/accounts"
	"github.com/vaultdesk/vaultdesk/internal/admin"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/sandboxtest"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// benchPending is how many people, each in another organization, have
// accepted an invitation and await confirmation in the benchmarks' MSP.
const benchPending = 8

var (
	scaleOnce sync.Once
	scale     *env
	scaleErr  error
	scaleDir  string
)

// scaled returns the benchmarks' synthetic MSP, seeded once for all of
// them: 50 client organizations, 10,000 items, benchPending members
// awaiting confirmation; and the technician logged in.
func scaled(b *testing.B) (*env, *accounts.Manager) {
	b.Helper()
	scaleOnce.Do(func() {
		ctx := context.Background()
		if scaleDir, scaleErr = os.MkdirTemp("", "admin-bench-"); scaleErr != nil {
			return
		}
		if scale, scaleErr = seedWith(ctx, scaleDir, sandboxtest.Options{Scale: &demodata.Scale{Orgs: 50, Items: 10_000}}); scaleErr != nil {
			return
		}
		scaleErr = addPending(ctx, scale)
	})
	if scaleErr != nil {
		b.Fatal(scaleErr)
	}
	return scale, scale.login(b, demodata.TechEmail)
}

// addPending invites benchPending new people, one into each of as many
// organizations, and has each accept with a new account.
func addPending(ctx context.Context, e *env) error {
	dir, err := os.MkdirTemp("", "admin-bench-accounts-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	tech := e.m.Account(demodata.TechEmail)
	m, err := accounts.Open(dir+"/tech", accounts.Options{})
	if err != nil {
		return err
	}
	defer m.Close()
	if _, err := m.Login(ctx, accounts.LoginRequest{Email: tech.Email, Server: e.ts.URL, Password: []byte(tech.Password)}); err != nil {
		return err
	}
	kdf := crypto.KDFParams{Type: crypto.KDFPBKDF2, Iterations: 100_000}
	for i := range benchPending {
		o := e.m.Orgs[i*6]
		email := fmt.Sprintf("pending%d@bench.example", i)
		err := m.Admin(ctx, "", func(v *vault.Vault, c *api.Client) error {
			return admin.NewSession(v, c).Invite(ctx, o.ID, admin.Invitation{Emails: []string{email}, Role: api.OrgUser})
		})
		if err != nil {
			return err
		}
		mails, err := e.srv.Mailbox(ctx, email)
		if err != nil || len(mails) == 0 {
			return fmt.Errorf("mailbox of %s: %v", email, err)
		}
		l, err := admin.ParseInvite(mails[len(mails)-1].Link)
		if err != nil {
			return err
		}
		nm, err := accounts.Open(fmt.Sprintf("%s/pending%d", dir, i), accounts.Options{})
		if err != nil {
			return err
		}
		_, err = admin.CreateAndAccept(ctx, nm, accounts.RegisterRequest{Server: e.ts.URL, Password: []byte("bench password 1234"), KDF: &kdf}, l)
		nm.Close()
		if err != nil {
			return err
		}
	}
	return nil
}
