package bwcompat

import (
	"slices"
	"strings"
	"testing"

	"github.com/vaultdesk/vaultdesk/internal/accounts"
	"github.com/vaultdesk/vaultdesk/internal/admin"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// orgLogin returns a live login of the org that is in coll only.
func orgLogin(t *testing.T, m *demodata.Manifest, org, coll string) demodata.Item {
	t.Helper()
	for _, it := range m.Items {
		if it.OrgName == org && !it.Deleted && it.Type == api.CipherLogin && it.Password != "" && slices.Equal(it.Collections, []string{coll}) {
			return it
		}
	}
	t.Fatalf("no login in %s / %s only", org, coll)
	return demodata.Item{}
}

// Members confirmed by vdesk's core (a new account created from the
// invitation, and an accepted demo member) are confirmed for the official
// CLI too, and decrypt the organization's items in it.
func TestOfficialCLISeesVdeskConfirmations(t *testing.T) {
	e := startSandbox(t)
	ctx := t.Context()
	x := e.m.Org("Business X")
	const fresh, accepted = "interop.member@businessx.example", "contractor@businessx.example"

	techAcct := e.m.Account(demodata.TechEmail)
	tech, err := accounts.Open(t.TempDir(), accounts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer tech.Close()
	if _, err := tech.Login(ctx, accounts.LoginRequest{Email: techAcct.Email, Server: e.url, CAFile: e.certFile, Password: []byte(techAcct.Password)}); err != nil {
		t.Fatal(err)
	}
	session := func(f func(s *admin.Session) error) {
		t.Helper()
		if err := tech.Admin(ctx, "", func(v *vault.Vault, c *api.Client) error { return f(admin.NewSession(v, c)) }); err != nil {
			t.Fatal(err)
		}
	}
	network := x.Collection("Network").ID
	session(func(s *admin.Session) error {
		return s.Invite(ctx, x.ID, admin.Invitation{Emails: []string{fresh}, Role: api.OrgUser, Collections: []api.AccessSelection{{ID: network, ReadOnly: true}}})
	})
	mails, err := e.srv.Mailbox(ctx, fresh)
	if err != nil || len(mails) == 0 {
		t.Fatalf("mailbox: %v", err)
	}
	link, err := admin.ParseInvite(mails[len(mails)-1].Link)
	if err != nil {
		t.Fatal(err)
	}
	newbie, err := accounts.Open(t.TempDir(), accounts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer newbie.Close()
	const freshPW = "interop member password 77"
	kdf := crypto.KDFParams{Type: crypto.KDFPBKDF2, Iterations: 100_000}
	if _, err := admin.CreateAndAccept(ctx, newbie, accounts.RegisterRequest{Server: e.url, CAFile: e.certFile, Password: []byte(freshPW), KDF: &kdf}, link); err != nil {
		t.Fatal(err)
	}

	// vdesk shows the phrases and confirms both.
	session(func(s *admin.Session) error {
		for _, who := range []string{fresh, accepted} {
			fp, err := s.Fingerprint(ctx, x.ID, who)
			if err != nil {
				return err
			}
			if err := s.Confirm(ctx, x.ID, fp.MemberID, fp.Checked); err != nil {
				return err
			}
		}
		return nil
	})

	// The official CLI lists them confirmed.
	b := newBW(t, e.url, e.certFile)
	if err := b.login(techAcct.Email, techAcct.Password); err != nil {
		t.Fatal(err)
	}
	var members []struct {
		Email  string `json:"email"`
		Status int    `json:"status"`
	}
	b.json(&members, "list", "org-members", "--organizationid", x.ID)
	status := map[string]int{}
	for _, m := range members {
		status[strings.ToLower(m.Email)] = m.Status
	}
	for _, who := range []string{fresh, accepted} {
		if st, ok := status[who]; !ok || st != int(api.OrgConfirmed) {
			t.Errorf("bw list org-members: %s has status %d (listed %v), want confirmed (2)", who, st, ok)
		}
	}

	// Each confirmed member, in bw, decrypts an item of their collection.
	for _, c := range []struct{ email, password, coll string }{
		{fresh, freshPW, "Network"},
		{accepted, e.m.Account(accepted).Password, "Line of business"},
	} {
		want := orgLogin(t, e.m, "Business X", c.coll)
		mb := newBW(t, e.url, e.certFile)
		if err := mb.login(c.email, c.password); err != nil {
			t.Fatal(err)
		}
		var got bwItem
		mb.json(&got, "get", "item", want.ID)
		if got.Name != want.Name || got.Login == nil || str(got.Login.Password) != want.Password || str(got.OrganizationID) != x.ID {
			t.Errorf("bw get item as %s: %q, want %q with the manifest's password", c.email, got.Name, want.Name)
		}
	}
}
