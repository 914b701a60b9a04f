package vault_test

import (
	"slices"
	"testing"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/sandboxtest"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// TestSandboxDemo unlocks the technician's demo vault as synced from a
// real sandbox server over HTTP, and compares every item with the plaintext
// the seeder put there.
func TestSandboxDemo(t *testing.T) {
	env := sandboxtest.New(t, sandboxtest.Options{})
	ts, m, ctx := env.HTTP, env.Manifest, t.Context()

	tech := m.Account(demodata.TechEmail)
	c, err := api.New(ts.URL, api.Options{})
	if err != nil {
		t.Fatal(err)
	}
	mk, err := crypto.DeriveMasterKey([]byte(tech.Password), tech.Email, tech.KDF)
	if err != nil {
		t.Fatal(err)
	}
	lr, err := c.LoginPassword(ctx, tech.Email, mk.ServerHash([]byte(tech.Password)), nil)
	if err != nil {
		t.Fatal(err)
	}
	userKey, err := mk.DecryptUserKey(*lr.UserKey())
	if err != nil {
		t.Fatal(err)
	}
	sr, err := c.Sync(ctx)
	if err != nil {
		t.Fatal(err)
	}
	v, err := vault.Unlock(ctx, vault.AccountRef{ID: tech.UserID, Email: tech.Email, Server: ts.URL}, userKey, sr)
	if err != nil {
		t.Fatal(err)
	}
	set := vault.NewSet()
	set.Add(v)
	defer set.Lock()

	orgs, _ := v.Orgs()
	if len(orgs) != len(m.Orgs) {
		t.Errorf("%d orgs unlocked, want %d", len(orgs), len(m.Orgs))
	}
	n := 0
	for _, want := range m.Items {
		if want.Owner != "" && want.Owner != tech.Email {
			continue
		}
		n++
		it, err := v.Item(want.ID)
		if err != nil {
			t.Errorf("Item(%q): %v", want.Name, err)
			continue
		}
		checkDemoItem(t, it, &want)
		it.Clear()
	}
	if v.Len() != n {
		t.Errorf("vault has %d items, want %d", v.Len(), n)
	}

	// Every live item is found by its own name, tagged with its org.
	for _, want := range m.Items {
		if want.Deleted || want.Owner != "" && want.Owner != tech.Email {
			continue
		}
		res, err := set.Search(want.Name, vault.Filter{}, 0)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(res, func(r vault.Result) bool { return r.ID == want.ID })
		if i < 0 {
			t.Errorf("Search(%q) does not find it", want.Name)
			continue
		}
		if r := res[i]; r.OrgName != want.OrgName || r.Match != vault.MatchNamePrefix || r.Account.ID != tech.UserID {
			t.Errorf("Search(%q) = org %q match %v account %s, want %q name-prefix %s", want.Name, r.OrgName, r.Match, r.Account.ID, want.OrgName, tech.UserID)
		}
	}
}

func checkDemoItem(t *testing.T, it *vault.Item, want *demodata.Item) {
	t.Helper()
	eq := func(what, got, w string) {
		t.Helper()
		if got != w {
			t.Errorf("%s: %s = %q, want %q", want.Name, what, got, w)
		}
	}
	eq("name", it.Name, want.Name)
	eq("notes", it.Notes.Reveal(), want.Notes)
	eq("org", it.OrgName, want.OrgName)
	if it.Damaged || it.Deleted != want.Deleted || it.Type != want.Type {
		t.Errorf("%s: damaged %v deleted %v type %v", want.Name, it.Damaged, it.Deleted, it.Type)
	}
	if got, w := slices.Sorted(slices.Values(it.CollectionIDs)), slices.Sorted(slices.Values(want.CollectionIDs)); !slices.Equal(got, w) {
		t.Errorf("%s: collections %q, want %q", want.Name, got, w)
	}
	view := it.CanViewPassword
	if l := it.Login; l != nil {
		eq("username", l.Username, want.Username)
		if view {
			eq("password", l.Password.Reveal(), want.Password)
			eq("totp", l.TOTP.Reveal(), want.TOTP)
		}
		if len(l.URIs) != len(want.URIs) {
			t.Errorf("%s: %d URIs, want %d", want.Name, len(l.URIs), len(want.URIs))
		} else {
			for i, u := range want.URIs {
				eq("uri", l.URIs[i].URI, u.URI)
			}
		}
	}
	if view {
		if len(it.PasswordHistory) != len(want.PasswordHistory) {
			t.Errorf("%s: %d history entries, want %d", want.Name, len(it.PasswordHistory), len(want.PasswordHistory))
		} else {
			for i, h := range want.PasswordHistory {
				eq("history", it.PasswordHistory[i].Password.Reveal(), h.Password)
			}
		}
	}
	if c, w := it.Card, want.Card; w != nil {
		if c == nil {
			t.Fatalf("%s: no card", want.Name)
		}
		eq("card brand", c.Brand, w.Brand)
		if view {
			eq("card number", c.Number.Reveal(), w.Number)
			eq("card code", c.Code.Reveal(), w.Code)
		}
	}
	if id, w := it.Identity, want.Identity; w != nil {
		if id == nil {
			t.Fatalf("%s: no identity", want.Name)
		}
		eq("first name", id.FirstName, w.FirstName)
		eq("email", id.Email, w.Email)
		eq("ssn", id.SSN.Reveal(), w.SSN)
	}
	if k, w := it.SSHKey, want.SSHKey; w != nil {
		if k == nil {
			t.Fatalf("%s: no ssh key", want.Name)
		}
		eq("public key", k.PublicKey, w.PublicKey)
		if view {
			eq("private key", k.PrivateKey.Reveal(), w.PrivateKey)
		}
	}
	if len(it.Fields) != len(want.Fields) {
		t.Errorf("%s: %d fields, want %d", want.Name, len(it.Fields), len(want.Fields))
		return
	}
	for i, f := range want.Fields {
		eq("field name", it.Fields[i].Name, f.Name)
		if view || f.Type != api.FieldHidden {
			eq("field "+f.Name, it.Fields[i].Value.Reveal(), f.Value)
		}
	}
}
