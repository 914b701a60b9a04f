package vault

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
)

var account1 = AccountRef{ID: "user-1", Email: "tech@msp.example", Server: "https://vault.bitwarden.com"}

// realisticItems is a personal vault and two client organizations with
// every item type, per-item keys, custom fields, password history,
// read-only and hide-passwords items, a favorite and an item in the trash.
func realisticItems() []plainItem {
	return []plainItem{
		{id: "p-login", typ: api.CipherLogin, name: "Personal Gmail", username: "me@gmail.example", password: "hunter2-personal",
			totp: "otpauth://totp/Google:me?secret=JBSWY3DPEHPK3PXP", uris: []string{"https://user:pw@accounts.google.com:443/signin", "https://mail.google.com"},
			notes: "recovery codes in the safe", folder: "f-home", favorite: true, history: []string{"old-1", "old-2"},
			fields: []plainField{{api.FieldText, "PIN hint", "birthday"}, {api.FieldHidden, "Recovery", "rc-123"}, {api.FieldBoolean, "2FA", "true"}}},
		{id: "p-note", typ: api.CipherSecureNote, name: "Wi-Fi at home", notes: "SSID Zuhause, key ÄÖÜ-ß-123", itemKey: true},
		{id: "p-card", typ: api.CipherCard, name: "Company Visa", card: &plainCard{"Jane Tech", "Visa", "4111111111111111", "12", "2030", "123"}},
		{id: "p-ident", typ: api.CipherIdentity, name: "Jane Identity", identity: &plainIdentity{"Jane", "Tech", "jane@msp.example", "078-05-1120", "X1234567"}, itemKey: true},
		{id: "p-ssh", typ: api.CipherSSHKey, name: "Jump host key", ssh: &plainSSH{"-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----", "ssh-ed25519 AAAA jane", "SHA256:abcdef"}},
		{id: "p-trash", typ: api.CipherLogin, name: "Old router", username: "admin", password: "old-router-pw", deleted: true},

		{id: "x-router", org: "org-x", typ: api.CipherLogin, name: "Router admin", username: "admin", password: "X-router-pw",
			uris: []string{"https://192.168.1.1/"}, colls: []string{"cx-net"}, itemKey: true,
			fields: []plainField{{api.FieldHidden, "Enable secret", "en-secret"}}},
		{id: "x-m365", org: "org-x", typ: api.CipherLogin, name: "M365 global admin", username: "admin@businessx.onmicrosoft.com",
			password: "X-m365-pw", totp: "JBSWY3DPEHPK3PXQ", uris: []string{"https://admin.microsoft.com"}, colls: []string{"cx-m365"}, hidePw: true,
			history: []string{"X-m365-old"}, fields: []plainField{{api.FieldHidden, "Break glass", "bg-pw"}, {api.FieldText, "Tenant", "businessx"}}},
		{id: "x-dc", org: "org-x", typ: api.CipherLogin, name: "DC01 domain admin", username: "BUSINESSX\\administrator", password: "X-dc-pw",
			colls: []string{"cx-srv"}, readOnly: true, notes: "Café server room, rack 2"},
		{id: "y-fw", org: "org-y", typ: api.CipherLogin, name: "Firewall", username: "fwadmin", password: "Y-fw-pw",
			uris: []string{"fw.businessy.example:4443"}, colls: []string{"cy-net", "cy-shared"}, itemKey: true},
		{id: "y-card", org: "org-y", typ: api.CipherCard, name: "Business Y Amex", colls: []string{"cy-shared"},
			card: &plainCard{"Business Y", "Amex", "378282246310005", "01", "2029", "1234"}},
		{id: "y-note", org: "org-y", typ: api.CipherSecureNote, name: "Alarm codes", notes: "front door 4321", colls: []string{"cy-shared"}},
	}
}

func realisticFixture(tb testing.TB) (*fixture, []plainItem) {
	f := newFixture(tb)
	f.addOrg("org-x", "Business X")
	f.addOrg("org-y", "Business Y")
	f.addFolder("f-home", "Home")
	f.addCollection("cx-net", "org-x", "Network", false, false)
	f.addCollection("cx-m365", "org-x", "M365", false, true)
	f.addCollection("cx-srv", "org-x", "Servers", true, false)
	f.addCollection("cy-net", "org-y", "Network", false, false)
	f.addCollection("cy-shared", "org-y", "Shared/Office", false, false)
	items := realisticItems()
	f.add(items...)
	f.addTampered(plainItem{id: "x-tampered", org: "org-x", typ: api.CipherLogin, name: "Tampered", username: "evil", password: "p", colls: []string{"cx-net"}})
	// An org whose key was wrapped to someone else: its items are damaged.
	other := crypto.GenerateSymmetricKey()
	f.orgKeys["org-z"] = other
	f.add(plainItem{id: "z-item", org: "org-z", typ: api.CipherLogin, name: "Zed item", username: "z"})
	// And an item the API could not parse at all.
	f.sync.BrokenCiphers = append(f.sync.BrokenCiphers, api.BrokenCipher{ID: "broken-1", Err: errors.New("cipher 99: bad")})
	// Invited (unconfirmed) memberships are ignored.
	f.sync.Profile.Organizations = append(f.sync.Profile.Organizations, api.ProfileOrganization{ID: "org-inv", Name: "Invited", Status: api.OrgInvited})
	return f, items
}

func TestUnlockDecryptsEverything(t *testing.T) {
	f, items := realisticFixture(t)
	v := f.unlock(t, account1)
	defer v.Lock()

	orgs, err := v.Orgs()
	if err != nil {
		t.Fatal(err)
	}
	if len(orgs) != 2 || orgs[0].Name != "Business X" || orgs[1].Name != "Business Y" || orgs[0].Damaged || orgs[1].Damaged {
		t.Errorf("Orgs() = %+v, want Business X and Business Y, undamaged", orgs)
	}
	colls, _ := v.Collections()
	var names []string
	for _, c := range colls {
		names = append(names, c.Name)
	}
	if want := []string{"Network", "M365", "Servers", "Network", "Shared/Office"}; !slices.Equal(names, want) {
		t.Errorf("collection names = %q, want %q", names, want)
	}
	if fs, _ := v.Folders(); len(fs) != 1 || fs[0].Name != "Home" {
		t.Errorf("Folders() = %+v, want Home", fs)
	}
	if got, want := v.Len(), len(items)+3; got != want {
		t.Errorf("Len() = %d, want %d", got, want)
	}

	for _, p := range items {
		t.Run(p.id, func(t *testing.T) {
			it, err := v.Item(p.id)
			if err != nil {
				t.Fatalf("Item(%s): %v", p.id, err)
			}
			defer it.Clear()
			checkItem(t, it, &p)
		})
	}
}

// checkItem compares every decrypted field of it with p.
func checkItem(t *testing.T, it *Item, p *plainItem) {
	t.Helper()
	eq := func(what, got, want string) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %q, want %q", what, got, want)
		}
	}
	view := !p.hidePw
	secret := func(what string, got Secret, want string, hidden bool) {
		t.Helper()
		if hidden && !view {
			want = ""
		}
		eq(what, got.Reveal(), want)
	}
	eq("Name", it.Name, p.name)
	eq("OrgID", it.OrgID, p.org)
	eq("FolderID", it.FolderID, p.folder)
	secret("Notes", it.Notes, p.notes, false)
	if it.Type != p.typ || it.Favorite != p.favorite || it.Deleted != p.deleted || it.CanEdit != !p.readOnly ||
		it.CanViewPassword != view || it.Hidden != !view || it.Damaged {
		t.Errorf("flags: type %v favorite %v deleted %v edit %v view %v hidden %v damaged %v; want %v %v %v %v %v %v false",
			it.Type, it.Favorite, it.Deleted, it.CanEdit, it.CanViewPassword, it.Hidden, it.Damaged,
			p.typ, p.favorite, p.deleted, !p.readOnly, view, !view)
	}
	if !slices.Equal(it.CollectionIDs, p.colls) {
		t.Errorf("CollectionIDs = %q, want %q", it.CollectionIDs, p.colls)
	}
	switch p.typ {
	case api.CipherLogin:
		l := it.Login
		if l == nil {
			t.Fatal("Login = nil")
		}
		eq("Username", l.Username, p.username)
		eq("Summary.Username", it.Username, p.username)
		secret("Password", l.Password, p.password, true)
		secret("TOTP", l.TOTP, p.totp, true)
		var uris []string
		for _, u := range l.URIs {
			uris = append(uris, u.URI)
		}
		if !slices.Equal(uris, p.uris) {
			t.Errorf("URIs = %q, want %q", uris, p.uris)
		}
		if it.HasPassword != (p.password != "") || it.HasTOTP != (p.totp != "") {
			t.Errorf("HasPassword, HasTOTP = %v, %v", it.HasPassword, it.HasTOTP)
		}
	case api.CipherCard:
		c, w := it.Card, p.card
		eq("CardholderName", c.CardholderName, w.holder)
		eq("Brand", c.Brand, w.brand)
		eq("ExpMonth", c.ExpMonth, w.month)
		eq("ExpYear", c.ExpYear, w.year)
		secret("Number", c.Number, w.number, true)
		secret("Code", c.Code, w.code, true)
	case api.CipherIdentity:
		id, w := it.Identity, p.identity
		eq("FirstName", id.FirstName, w.first)
		eq("LastName", id.LastName, w.last)
		eq("Email", id.Email, w.email)
		secret("SSN", id.SSN, w.ssn, false)
		secret("PassportNumber", id.PassportNumber, w.passport, false)
	case api.CipherSSHKey:
		k, w := it.SSHKey, p.ssh
		secret("PrivateKey", k.PrivateKey, w.priv, true)
		eq("PublicKey", k.PublicKey, w.pub)
		eq("Fingerprint", k.Fingerprint, w.fp)
	}
	if len(it.Fields) != len(p.fields) {
		t.Fatalf("%d fields, want %d", len(it.Fields), len(p.fields))
	}
	for i, fd := range p.fields {
		eq("field name", it.Fields[i].Name, fd.name)
		secret("field "+fd.name, it.Fields[i].Value, fd.value, fd.typ == api.FieldHidden)
		if it.Fields[i].Type != fd.typ {
			t.Errorf("field %s type = %v, want %v", fd.name, it.Fields[i].Type, fd.typ)
		}
	}
	var hist []string
	for _, h := range it.PasswordHistory {
		hist = append(hist, h.Password.Reveal())
	}
	wantHist := p.history
	if !view {
		wantHist = nil
	}
	if !slices.Equal(hist, wantHist) {
		t.Errorf("PasswordHistory = %q, want %q", hist, wantHist)
	}
}

func TestSummaryHost(t *testing.T) {
	f, _ := realisticFixture(t)
	v := f.unlock(t, account1)
	defer v.Lock()
	for id, want := range map[string]string{
		"p-login":  "accounts.google.com", // user info and port dropped
		"x-router": "192.168.1.1",
		"y-fw":     "fw.businessy.example", // no scheme
		"x-dc":     "",
	} {
		s, err := v.Summary(id)
		if err != nil {
			t.Fatal(err)
		}
		if s.Host != want {
			t.Errorf("Summary(%s).Host = %q, want %q", id, s.Host, want)
		}
	}
}

func TestURIHost(t *testing.T) {
	for in, want := range map[string]string{
		"https://example.com":                  "example.com",
		"https://user:p@ss@example.com:8443/x": "example.com",
		"example.com/login?a=b":                "example.com",
		"http://[::1]:8080/":                   "::1",
		"  HTTPS://Example.COM#frag":           "Example.COM",
		"":                                     "",
	} {
		if got := string(uriHost([]byte(in))); got != want {
			t.Errorf("uriHost(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDamagedItems(t *testing.T) {
	f, items := realisticFixture(t)
	v := f.unlock(t, account1)
	defer v.Lock()
	for _, id := range []string{"x-tampered", "z-item", "broken-1"} {
		s, err := v.Summary(id)
		if err != nil {
			t.Fatalf("Summary(%s): %v", id, err)
		}
		if !s.Damaged {
			t.Errorf("Summary(%s).Damaged = false, want true", id)
		}
		if _, err := v.Item(id); !errors.Is(err, ErrDamaged) {
			t.Errorf("Item(%s) error = %v, want ErrDamaged", id, err)
		}
		if _, err := v.RevealPassword(id); !errors.Is(err, ErrDamaged) && !errors.Is(err, ErrNotFound) {
			t.Errorf("RevealPassword(%s) error = %v, want ErrDamaged", id, err)
		}
	}
	if _, err := v.Item("x-tampered"); !errors.Is(err, crypto.ErrMACMismatch) {
		t.Errorf("Item(x-tampered) error = %v, want it to wrap crypto.ErrMACMismatch", err)
	}
	// The rest of the vault is unaffected.
	for _, p := range items {
		if s, _ := v.Summary(p.id); s.Damaged {
			t.Errorf("Summary(%s).Damaged = true", p.id)
		}
	}
	// Damaged items are listed.
	s := NewSet()
	s.Add(v)
	res, err := s.Search("", Filter{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(res), len(items)+3-1; got != want { // the trashed item is left out
		t.Errorf("Search(\"\") = %d results, want %d", got, want)
	}
}

func TestUnlockWrongUserKey(t *testing.T) {
	f, _ := realisticFixture(t)
	_, err := Unlock(t.Context(), account1, crypto.GenerateSymmetricKey(), f.sync)
	if !errors.Is(err, crypto.ErrMACMismatch) {
		t.Errorf("Unlock with a wrong key: error = %v, want crypto.ErrMACMismatch", err)
	}
}

func TestUnlockCancelled(t *testing.T) {
	f, _ := realisticFixture(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := Unlock(ctx, account1, f.userKey, f.sync); !errors.Is(err, context.Canceled) {
		t.Errorf("Unlock(cancelled) error = %v, want context.Canceled", err)
	}
}

func TestUnlockKeepsCallersKey(t *testing.T) {
	f, _ := realisticFixture(t)
	v := f.unlock(t, account1)
	v.Lock()
	// The caller's user key is still usable after the vault locks.
	if _, err := f.userKey.EncryptString("x"); err != nil {
		t.Fatal(err)
	}
}

func TestHidePasswords(t *testing.T) {
	f, _ := realisticFixture(t)
	v := f.unlock(t, account1)
	defer v.Lock()
	if _, err := v.RevealPassword("x-m365"); !errors.Is(err, ErrHiddenByAccess) {
		t.Errorf("RevealPassword(hidden) error = %v, want ErrHiddenByAccess", err)
	}
	if _, err := v.RevealTOTP("x-m365"); !errors.Is(err, ErrHiddenByAccess) {
		t.Errorf("RevealTOTP(hidden) error = %v, want ErrHiddenByAccess", err)
	}
	it, err := v.Item("x-m365")
	if err != nil {
		t.Fatal(err)
	}
	if !it.Hidden || !it.Login.Password.IsZero() || !it.Login.TOTP.IsZero() || len(it.PasswordHistory) != 0 || !it.Fields[0].Value.IsZero() {
		t.Errorf("hidden item shows secrets: hidden %v password %d bytes totp %d history %d field %d",
			it.Hidden, it.Login.Password.Len(), it.Login.TOTP.Len(), len(it.PasswordHistory), it.Fields[0].Value.Len())
	}
	if it.Fields[1].Value.Reveal() != "businessx" || it.Login.Username == "" {
		t.Errorf("hidden item lost its visible fields")
	}

	pw, err := v.RevealPassword("x-router")
	if err != nil || pw.Reveal() != "X-router-pw" {
		t.Errorf("RevealPassword(x-router) = %v, %v", pw.Reveal(), err)
	}
	pw.Clear()
	if totp, err := v.RevealTOTP("p-login"); err != nil || totp.Reveal() != "otpauth://totp/Google:me?secret=JBSWY3DPEHPK3PXP" {
		t.Errorf("RevealTOTP(p-login) = %v, %v", totp.Reveal(), err)
	}
	if s, _ := v.Summary("x-dc"); s.CanEdit || !s.CanViewPassword {
		t.Errorf("read-only item: CanEdit %v CanViewPassword %v, want false true", s.CanEdit, s.CanViewPassword)
	}
	if _, err := v.RevealPassword("p-note"); !errors.Is(err, ErrNotFound) {
		t.Errorf("RevealPassword(note) error = %v, want ErrNotFound", err)
	}
	if _, err := v.Item("nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Item(nope) error = %v, want ErrNotFound", err)
	}
}

func TestLockClears(t *testing.T) {
	f, _ := realisticFixture(t)
	v := f.unlock(t, account1)
	s := NewSet()
	s.Add(v)
	it, err := v.Item("p-login")
	if err != nil {
		t.Fatal(err)
	}
	pw := it.Login.Password.Bytes()
	kr := v.Keyring()
	v.mu.RLock()
	keys := make([]*crypto.SymmetricKey, 0, len(kr.sym))
	for _, k := range kr.sym {
		keys = append(keys, k)
	}
	priv := kr.priv
	text, arenas := v.text, v.arena
	v.mu.RUnlock()
	if len(keys) != 1+2+4 { // user, two orgs, four per-item keys
		t.Errorf("keyring holds %d keys, want 7", len(keys))
	}

	v.Lock()

	if _, err := v.Item("p-login"); !errors.Is(err, ErrLocked) {
		t.Errorf("Item after Lock: error = %v, want ErrLocked", err)
	}
	if _, err := v.RevealPassword("p-login"); !errors.Is(err, ErrLocked) {
		t.Errorf("RevealPassword after Lock: error = %v, want ErrLocked", err)
	}
	if _, err := s.Search("router", Filter{}, 10); !errors.Is(err, ErrLocked) {
		t.Errorf("Search after Lock: error = %v, want ErrLocked", err)
	}
	if _, err := v.Orgs(); !errors.Is(err, ErrLocked) {
		t.Errorf("Orgs after Lock: error = %v, want ErrLocked", err)
	}
	if _, err := kr.Decrypt(UserKey, f.sync.Folders[0].Name); !errors.Is(err, ErrLocked) {
		t.Errorf("Keyring.Decrypt after Lock: error = %v, want ErrLocked", err)
	}
	zero := crypto.GenerateSymmetricKey()
	zero.Clear()
	for i, k := range keys {
		if !k.Equal(zero) {
			t.Errorf("key %d not cleared", i)
		}
	}
	if !priv.Equal(&crypto.PrivateKey{}) {
		t.Errorf("private key not cleared")
	}
	if kr.Len() != 0 {
		t.Errorf("keyring holds %d keys after Lock", kr.Len())
	}
	for _, a := range append(arenas[:], text) {
		if len(a) == 0 || bytes.ContainsFunc(a, func(r rune) bool { return r != 0 }) {
			t.Errorf("arena of %d bytes not zeroed", len(a))
		}
	}
	if bytes.ContainsFunc(pw, func(r rune) bool { return r != 0 }) {
		t.Errorf("password of an open item not zeroed")
	}
	v.Lock() // twice is fine
}

// TestNoSecretsInErrorsOrLogs checks that errors and slog output of the
// package's values never show a secret.
func TestNoSecretsInErrorsOrLogs(t *testing.T) {
	f, items := realisticFixture(t)
	v := f.unlock(t, account1)
	defer v.Lock()
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, nil))
	for _, p := range items {
		it, err := v.Item(p.id)
		if err != nil {
			t.Fatal(err)
		}
		log.Info("item", "item", it.ID, "password", it.Login, "notes", it.Notes)
		fmt.Fprintf(&buf, "%v %+v %#v %s\n", it.Notes, it.Login, it.Card, it.SSHKey)
	}
	for _, id := range []string{"x-tampered", "z-item", "broken-1", "x-m365"} {
		if _, err := v.Item(id); err != nil {
			buf.WriteString(err.Error())
		}
		if _, err := v.RevealPassword(id); err != nil {
			buf.WriteString(err.Error())
		}
	}
	out := buf.String()
	for _, p := range items {
		for _, s := range []string{p.password, p.totp, p.notes} {
			if s != "" && strings.Contains(out, s) {
				t.Errorf("output contains a secret of %s", p.id)
			}
		}
	}
}
