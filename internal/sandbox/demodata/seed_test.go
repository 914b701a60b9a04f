package demodata

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
	"github.com/vaultdesk/vaultdesk/internal/sandbox"
)

// logWriter routes slog output to t.Logf.
type logWriter struct{ tb testing.TB }

func (w logWriter) Write(p []byte) (int, error) {
	w.tb.Logf("%s", bytes.TrimRight(p, "\n"))
	return len(p), nil
}

func testLogger(tb testing.TB, level slog.Level) *slog.Logger {
	return slog.New(slog.NewTextHandler(logWriter{tb}, &slog.HandlerOptions{Level: level}))
}

// newSandbox starts a real sandbox on a loopback TCP port with its SQLite
// file in a temporary directory. Server-side password hashing is cut down
// so that the many logins of a test run stay fast.
func newSandbox(tb testing.TB) (*sandbox.Server, string) {
	tb.Helper()
	srv, err := sandbox.Open(sandbox.Config{DataDir: tb.TempDir(), Logger: testLogger(tb, slog.LevelWarn), PasswordIterations: 1000})
	if err != nil {
		tb.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	tb.Cleanup(func() {
		ts.Close()
		srv.Close()
	})
	return srv, ts.URL
}

// session is a logged-in account with its keys unwrapped, as a client
// unlocks it (§5.10).
type session struct {
	c       *api.Client
	hash    string
	userKey *crypto.SymmetricKey
	priv    *crypto.PrivateKey
}

func login(t *testing.T, baseURL string, a *Account, tf func() *api.TwoFactorLogin) (*session, *api.LoginResponse) {
	t.Helper()
	ctx := t.Context()
	c, err := api.New(baseURL, api.Options{})
	if err != nil {
		t.Fatal(err)
	}
	pre, err := c.Prelogin(ctx, a.Email)
	if err != nil {
		t.Fatalf("prelogin %s: %v", a.Email, err)
	}
	if got := pre.KDF(); got != a.KDF {
		t.Errorf("prelogin %s: KDF %+v, want %+v", a.Email, got, a.KDF)
	}
	mk, err := crypto.DeriveMasterKey([]byte(a.Password), a.Email, pre.KDF())
	if err != nil {
		t.Fatal(err)
	}
	s := &session{c: c, hash: mk.ServerHash([]byte(a.Password))}
	var f *api.TwoFactorLogin
	if tf != nil {
		f = tf()
	}
	lr, err := c.LoginPassword(ctx, a.Email, s.hash, f)
	if err != nil {
		t.Fatalf("log in %s: %v", a.Email, err)
	}
	if lr.UserKey() == nil || lr.WrappedPrivateKey() == nil {
		t.Fatalf("log in %s: no user key or private key in the answer", a.Email)
	}
	if s.userKey, err = mk.DecryptUserKey(*lr.UserKey()); err != nil {
		t.Fatalf("unlock %s: %v", a.Email, err)
	}
	if s.priv, err = s.userKey.DecryptPrivateKey(*lr.WrappedPrivateKey()); err != nil {
		t.Fatalf("private key of %s: %v", a.Email, err)
	}
	if c.UserID() != a.UserID {
		t.Errorf("%s: user id %s, manifest says %s", a.Email, c.UserID(), a.UserID)
	}
	return s, lr
}

// vault is a decrypted sync.
type vault struct {
	sync    *api.SyncResponse
	orgKeys map[string]*crypto.SymmetricKey
	items   map[string]Item // by id
}

func (s *session) vault(t *testing.T) *vault {
	t.Helper()
	sr, err := s.c.Sync(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(sr.BrokenCiphers) > 0 {
		t.Fatalf("%d ciphers did not parse: %v", len(sr.BrokenCiphers), sr.BrokenCiphers[0].Err)
	}
	v := &vault{sync: sr, orgKeys: map[string]*crypto.SymmetricKey{}, items: map[string]Item{}}
	for _, o := range sr.Profile.Organizations {
		if o.Key == nil {
			t.Fatalf("org %s in the profile has no key", o.Name)
		}
		k, err := s.priv.UnwrapKey(*o.Key)
		if err != nil {
			t.Fatalf("org key of %s: %v", o.Name, err)
		}
		v.orgKeys[o.ID] = k
	}
	folders := map[string]string{}
	for _, f := range sr.Folders {
		name, err := s.userKey.DecryptString(f.Name)
		if err != nil {
			t.Fatalf("folder %s: %v", f.ID, err)
		}
		folders[f.ID] = name
	}
	for _, c := range sr.Ciphers {
		key := s.userKey
		if c.OrganizationID != "" {
			key = v.orgKeys[c.OrganizationID]
			if key == nil {
				t.Fatalf("cipher %s: no key for org %s", c.ID, c.OrganizationID)
			}
		}
		it, err := decryptCipher(&c, key)
		if err != nil {
			t.Fatalf("decrypt cipher %s: %v", c.ID, err)
		}
		it.Folder = folders[c.FolderID]
		v.items[c.ID] = it
	}
	return v
}

// decryptCipher turns a synced cipher back into a manifest Item (the
// fields the manifest has).
func decryptCipher(c *api.Cipher, key *crypto.SymmetricKey) (Item, error) {
	it := Item{ID: c.ID, OrgID: c.OrganizationID, Type: c.Type, Favorite: c.Favorite, FolderID: c.FolderID,
		CollectionIDs: slices.Sorted(slices.Values(c.CollectionIDs)), Deleted: c.DeletedDate != nil,
		ItemKey: c.Key != nil, Reprompt: c.Reprompt == api.RepromptPassword}
	if c.Key != nil {
		k, err := key.UnwrapKey(*c.Key)
		if err != nil {
			return it, fmt.Errorf("item key: %w", err)
		}
		key = k
	}
	var derr error
	dec := func(e *crypto.EncString) string {
		if e == nil || derr != nil {
			return ""
		}
		s, err := key.DecryptString(*e)
		if err != nil {
			derr = err
		}
		return s
	}
	it.Name = dec(&c.Name)
	it.Notes = dec(c.Notes)
	if l := c.Login; l != nil {
		it.Username, it.Password, it.TOTP = dec(l.Username), dec(l.Password), dec(l.TOTP)
		for _, u := range l.URIs {
			uri := dec(u.URI)
			if u.URIChecksum == nil {
				return it, errors.New("URI without checksum")
			}
			it.URIs = append(it.URIs, URI{URI: uri, Match: u.Match})
		}
	}
	if cd := c.Card; cd != nil {
		it.Card = &Card{dec(cd.CardholderName), dec(cd.Brand), dec(cd.Number), dec(cd.ExpMonth), dec(cd.ExpYear), dec(cd.Code)}
	}
	if d := c.Identity; d != nil {
		it.Identity = &Identity{Title: dec(d.Title), FirstName: dec(d.FirstName), MiddleName: dec(d.MiddleName), LastName: dec(d.LastName),
			Address1: dec(d.Address1), Address2: dec(d.Address2), Address3: dec(d.Address3), City: dec(d.City), State: dec(d.State),
			PostalCode: dec(d.PostalCode), Country: dec(d.Country), Company: dec(d.Company), Email: dec(d.Email), Phone: dec(d.Phone),
			SSN: dec(d.SSN), Username: dec(d.Username), PassportNumber: dec(d.PassportNumber), LicenseNumber: dec(d.LicenseNumber)}
	}
	if k := c.SSHKey; k != nil {
		it.SSHKey = &SSHKey{dec(k.PrivateKey), dec(k.PublicKey), dec(k.KeyFingerprint)}
	}
	for _, f := range c.Fields {
		it.Fields = append(it.Fields, Field{Type: f.Type, Name: dec(f.Name), Value: dec(f.Value), LinkedID: f.LinkedID})
	}
	for _, h := range c.PasswordHistory {
		it.PasswordHistory = append(it.PasswordHistory, PasswordHistory{Password: dec(&h.Password), LastUsed: h.LastUsedDate.UTC()})
	}
	return it, derr
}

// comparable returns the parts of an item a client can see, normalized.
func comparable(it Item, personal bool) Item {
	out := Item{ID: it.ID, OrgID: it.OrgID, Type: it.Type, Name: it.Name, Notes: it.Notes, Reprompt: it.Reprompt,
		Username: it.Username, Password: it.Password, TOTP: it.TOTP, URIs: it.URIs, PasswordHistory: it.PasswordHistory,
		Card: it.Card, Identity: it.Identity, SSHKey: it.SSHKey, Fields: it.Fields, ItemKey: it.ItemKey, Deleted: it.Deleted,
		CollectionIDs: slices.Sorted(slices.Values(it.CollectionIDs))}
	if personal {
		out.Favorite, out.FolderID, out.Folder = it.Favorite, it.FolderID, it.Folder
	}
	for i := range out.PasswordHistory {
		out.PasswordHistory[i].LastUsed = out.PasswordHistory[i].LastUsed.UTC()
	}
	if len(out.CollectionIDs) == 0 {
		out.CollectionIDs = nil
	}
	return out
}

func TestSeedDemo(t *testing.T) {
	srv, baseURL := newSandbox(t)
	start := time.Now()
	m, err := Seed(t.Context(), baseURL, Options{Logger: testLogger(t, slog.LevelInfo), Mailbox: srv.Mailbox})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("seeded the demo set (%d accounts, %d orgs, %d items) in %v", len(m.Accounts), len(m.Orgs), len(m.Items), time.Since(start))

	t.Run("manifest", func(t *testing.T) { checkManifestShape(t, m) })

	tech := m.Account(TechEmail)
	techSess, _ := login(t, baseURL, tech, nil)
	techVault := techSess.vault(t)

	t.Run("technician sees every item as seeded", func(t *testing.T) {
		want := 0
		for _, it := range m.Items {
			if it.Owner != "" && it.Owner != TechEmail {
				continue
			}
			want++
			got, ok := techVault.items[it.ID]
			if !ok {
				t.Errorf("item %q (%s) is not in the technician's sync", it.Name, it.ID)
				continue
			}
			personal := it.Owner != ""
			if g, w := comparable(got, personal), comparable(it, personal); !reflect.DeepEqual(g, w) {
				t.Errorf("item %q decrypts to\n%+v\nwant\n%+v", it.Name, g, w)
			}
		}
		if len(techVault.items) != want {
			t.Errorf("sync has %d items, manifest %d", len(techVault.items), want)
		}
		if len(techVault.orgKeys) != len(m.Orgs) {
			t.Errorf("technician holds %d org keys, want %d", len(techVault.orgKeys), len(m.Orgs))
		}
	})

	t.Run("collection names", func(t *testing.T) {
		names := map[string]string{}
		for _, c := range techVault.sync.Collections {
			n, err := techVault.orgKeys[c.OrganizationID].DecryptString(c.Name)
			if err != nil {
				t.Fatalf("collection %s: %v", c.ID, err)
			}
			names[c.ID] = n
		}
		for _, o := range m.Orgs {
			for _, c := range o.Collections {
				if names[c.ID] != c.Name {
					t.Errorf("%s: collection %s is named %q, want %q", o.Name, c.ID, names[c.ID], c.Name)
				}
			}
		}
	})

	t.Run("members and groups", func(t *testing.T) {
		for _, o := range m.Orgs {
			listed, err := techSess.c.ListMembers(t.Context(), o.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(listed) != len(o.Members) {
				t.Errorf("%s: %d members listed, want %d", o.Name, len(listed), len(o.Members))
			}
			for _, l := range listed {
				want := o.Member(l.Email)
				if want == nil {
					t.Errorf("%s: unexpected member %s", o.Name, l.Email)
					continue
				}
				if l.ID != want.ID || l.Status != want.Status || l.Type != want.Role || l.UserID != want.UserID {
					t.Errorf("%s: member %s is %s/%s id %s user %s, want %s/%s id %s user %s", o.Name, l.Email,
						l.Type, l.Status, l.ID, l.UserID, want.Role, want.Status, want.ID, want.UserID)
				}
				if want.Role == api.OrgCustom && (l.Permissions == nil || *l.Permissions != *want.Permissions) {
					t.Errorf("%s: %s permissions %+v, want %+v", o.Name, l.Email, l.Permissions, want.Permissions)
				}
				for _, a := range want.Collections {
					i := slices.IndexFunc(l.Collections, func(s api.AccessSelection) bool { return s.ID == a.CollectionID })
					if i < 0 {
						t.Errorf("%s: %s has no access to %s", o.Name, l.Email, a.Collection)
						continue
					}
					got := l.Collections[i]
					if got.ReadOnly != a.ReadOnly || got.HidePasswords != a.HidePasswords || got.Manage != a.Manage {
						t.Errorf("%s: %s access to %s = %+v, want %+v", o.Name, l.Email, a.Collection, got, a)
					}
				}
			}
			statuses := map[api.OrgUserStatus]bool{}
			roles := map[api.OrgUserType]bool{}
			for _, mem := range o.Members {
				statuses[mem.Status] = true
				roles[mem.Role] = true
			}
			for _, s := range []api.OrgUserStatus{api.OrgInvited, api.OrgAccepted, api.OrgConfirmed, api.OrgRevoked} {
				if !statuses[s] {
					t.Errorf("%s has no member in status %s", o.Name, s)
				}
			}
			for _, r := range []api.OrgUserType{api.OrgOwner, api.OrgAdmin, api.OrgUser, api.OrgCustom} {
				if !roles[r] {
					t.Errorf("%s has no member with role %s", o.Name, r)
				}
			}
			for _, gr := range o.Groups {
				if gr.ID == "" {
					t.Errorf("%s: group %s has no id", o.Name, gr.Name)
				}
			}
		}
	})

	t.Run("confirmed member decrypts with read-only and hide-passwords access", func(t *testing.T) {
		o := m.Org("Business X")
		mem := o.Member("it@businessx.example")
		sess, _ := login(t, baseURL, m.Account(mem.Email), nil)
		v := sess.vault(t)
		if len(v.orgKeys) != 1 || v.orgKeys[o.ID] == nil {
			t.Fatalf("member holds org keys for %d orgs, want just %s", len(v.orgKeys), o.Name)
		}
		rights := map[string]api.Collection{}
		for _, c := range v.sync.Collections {
			rights[c.ID] = c
		}
		ro, hp := o.Collection("Network").ID, o.Collection("M365").ID
		if c := rights[ro]; !c.ReadOnly || c.HidePasswords {
			t.Errorf("Network for the member: readOnly %v hidePasswords %v, want true false", c.ReadOnly, c.HidePasswords)
		}
		if c := rights[hp]; !c.HidePasswords {
			t.Errorf("M365 for the member: hidePasswords %v, want true (member access, group gives read-only)", c.HidePasswords)
		}
		n, hidden := 0, 0
		for _, c := range v.sync.Ciphers {
			want := itemByID(m, c.ID)
			if want == nil {
				t.Fatalf("member sees cipher %s that is not in the manifest", c.ID)
			}
			got := v.items[c.ID]
			// A member sees only the collections they have access to.
			w := *want
			w.CollectionIDs = slices.DeleteFunc(slices.Clone(w.CollectionIDs), func(id string) bool { _, ok := rights[id]; return !ok })
			if g, w := comparable(got, false), comparable(w, false); !reflect.DeepEqual(g, w) {
				t.Errorf("item %q decrypts to\n%+v\nwant\n%+v", want.Name, g, w)
			}
			onlyRO := !slices.ContainsFunc(c.CollectionIDs, func(id string) bool { return !rights[id].ReadOnly })
			if onlyRO && c.Edit {
				t.Errorf("item %q is only in read-only collections but editable", want.Name)
			}
			onlyHidden := !slices.ContainsFunc(c.CollectionIDs, func(id string) bool { return !rights[id].HidePasswords })
			if onlyHidden != !c.ViewPassword {
				t.Errorf("item %q: viewPassword %v, but only in hide-passwords collections: %v", want.Name, c.ViewPassword, onlyHidden)
			}
			if onlyHidden {
				hidden++
			}
			n++
		}
		if n == 0 || hidden == 0 {
			t.Errorf("the member sees %d items, %d with hidden passwords", n, hidden)
		}
	})

	t.Run("accepted member has no key yet", func(t *testing.T) {
		sess, _ := login(t, baseURL, m.Account("contractor@businessy.example"), nil)
		sr, err := sess.c.Sync(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if len(sr.Profile.Organizations) != 0 || len(sr.Ciphers) != 0 {
			t.Errorf("accepted member: %d orgs, %d items in sync, want 0 and 0", len(sr.Profile.Organizations), len(sr.Ciphers))
		}
	})

	t.Run("argon2id account", func(t *testing.T) {
		a := m.Account(Tech2Email)
		if a.KDF.Type != crypto.KDFArgon2id {
			t.Fatalf("%s KDF = %v", a.Email, a.KDF)
		}
		sess, _ := login(t, baseURL, a, nil)
		v := sess.vault(t)
		if len(v.orgKeys) != len(m.Orgs) {
			t.Errorf("%s holds %d org keys, want %d", a.Email, len(v.orgKeys), len(m.Orgs))
		}
		for _, it := range m.Items {
			if it.Owner == Tech2Email {
				if g, w := comparable(v.items[it.ID], true), comparable(it, true); !reflect.DeepEqual(g, w) {
					t.Errorf("item %q decrypts to\n%+v\nwant\n%+v", it.Name, g, w)
				}
			}
		}
	})

	t.Run("authenticator two-step login", func(t *testing.T) {
		a := m.Account(AuthenticatorEmail)
		c, _ := api.New(baseURL, api.Options{})
		mk, _ := crypto.DeriveMasterKey([]byte(a.Password), a.Email, a.KDF)
		_, err := c.LoginPassword(t.Context(), a.Email, mk.ServerHash([]byte(a.Password)), nil)
		var tfe *api.TwoFactorRequiredError
		if !errors.As(err, &tfe) || !tfe.Has(api.TwoFactorAuthenticator) {
			t.Fatalf("login without a code: err = %v, want the authenticator challenge", err)
		}
		// The setup used the current 30 s step and steps are single-use, so
		// use the next one (the server accepts one step either side).
		login(t, baseURL, a, func() *api.TwoFactorLogin {
			code, err := totp.GenerateCode(a.TOTPSecret, time.Now().Add(30*time.Second))
			if err != nil {
				t.Fatal(err)
			}
			return &api.TwoFactorLogin{Provider: api.TwoFactorAuthenticator, Token: code}
		})
	})

	t.Run("email two-step login", func(t *testing.T) {
		a := m.Account(EmailCodeEmail)
		c, _ := api.New(baseURL, api.Options{})
		mk, _ := crypto.DeriveMasterKey([]byte(a.Password), a.Email, a.KDF)
		hash := mk.ServerHash([]byte(a.Password))
		_, err := c.LoginPassword(t.Context(), a.Email, hash, nil)
		var tfe *api.TwoFactorRequiredError
		if !errors.As(err, &tfe) || !tfe.Has(api.TwoFactorEmail) {
			t.Fatalf("login without a code: err = %v, want the email challenge", err)
		}
		if err := c.SendEmailLoginCode(t.Context(), a.Email, hash); err != nil {
			t.Fatal(err)
		}
		mails, err := srv.Mailbox(t.Context(), a.Email)
		if err != nil || len(mails) == 0 || mails[len(mails)-1].Kind != "two-factor-email" {
			t.Fatalf("mailbox: %v, %d mails", err, len(mails))
		}
		code := mails[len(mails)-1].Token
		login(t, baseURL, a, func() *api.TwoFactorLogin {
			return &api.TwoFactorLogin{Provider: api.TwoFactorEmail, Token: code}
		})
	})

	t.Run("API key", func(t *testing.T) {
		if tech.APIKey == nil {
			t.Fatal("no API key in the manifest")
		}
		c, _ := api.New(baseURL, api.Options{})
		lr, err := c.LoginAPIKey(t.Context(), tech.APIKey.ClientID, tech.APIKey.ClientSecret)
		if err != nil {
			t.Fatal(err)
		}
		if lr.UserKey() == nil {
			t.Error("API-key login: no user key")
		}
		if _, err := c.Sync(t.Context()); err != nil {
			t.Error(err)
		}
	})

	t.Run("new-device verification", func(t *testing.T) {
		a := m.Account(NewDeviceEmail)
		c, _ := api.New(baseURL, api.Options{})
		mk, _ := crypto.DeriveMasterKey([]byte(a.Password), a.Email, a.KDF)
		if _, err := c.LoginPassword(t.Context(), a.Email, mk.ServerHash([]byte(a.Password)), nil); !errors.Is(err, api.ErrNewDeviceVerification) {
			t.Fatalf("login from a new device: err = %v, want ErrNewDeviceVerification", err)
		}
		mails, err := srv.Mailbox(t.Context(), a.Email)
		if err != nil || len(mails) == 0 || mails[len(mails)-1].Kind != "new-device" {
			t.Fatalf("mailbox: %v, %d mails", err, len(mails))
		}
		code := mails[len(mails)-1].Token
		login(t, baseURL, a, func() *api.TwoFactorLogin { return &api.TwoFactorLogin{NewDeviceOTP: code} })
	})

	t.Run("every account can log in", func(t *testing.T) {
		for i := range m.Accounts {
			a := &m.Accounts[i]
			if a.TwoFactor != nil || a.VerifyDevices || a.Email == TechEmail {
				continue
			}
			login(t, baseURL, a, nil)
		}
	})
}

func itemByID(m *Manifest, id string) *Item {
	for i := range m.Items {
		if m.Items[i].ID == id {
			return &m.Items[i]
		}
	}
	return nil
}

// checkManifestShape checks that the demo set covers what it promises.
func checkManifestShape(t *testing.T, m *Manifest) {
	types := map[api.CipherType]int{}
	fields := map[api.FieldType]bool{}
	matches := map[api.URIMatch]bool{}
	var org, personal, deleted, itemKeys, history, otpauth, base32, twoColls, favorites int
	for _, it := range m.Items {
		if it.ID == "" {
			t.Errorf("item %q has no id", it.Name)
		}
		types[it.Type]++
		for _, f := range it.Fields {
			fields[f.Type] = true
		}
		for _, u := range it.URIs {
			if u.Match != nil {
				matches[*u.Match] = true
			}
		}
		if it.Owner == "" {
			org++
		} else {
			personal++
		}
		if it.Deleted {
			deleted++
		}
		if it.ItemKey {
			itemKeys++
		}
		if len(it.PasswordHistory) > 0 {
			history++
		}
		if strings.HasPrefix(it.TOTP, "otpauth://") {
			otpauth++
		} else if it.TOTP != "" {
			base32++
		}
		if len(it.CollectionIDs) > 1 {
			twoColls++
		}
		if it.Favorite {
			favorites++
		}
	}
	t.Logf("items: %d org, %d personal, types %v, %d trashed, %d with item keys, %d with history, totp %d otpauth + %d base32, %d in 2+ collections",
		org, personal, types, deleted, itemKeys, history, otpauth, base32, twoColls)
	if org < 280 || org > 320 || personal < 35 {
		t.Errorf("%d org items and %d personal, want about 300 and 40+", org, personal)
	}
	for _, ty := range []api.CipherType{api.CipherLogin, api.CipherSecureNote, api.CipherCard, api.CipherIdentity, api.CipherSSHKey} {
		if types[ty] == 0 {
			t.Errorf("no %s items", ty)
		}
	}
	for _, f := range []api.FieldType{api.FieldText, api.FieldHidden, api.FieldBoolean, api.FieldLinked} {
		if !fields[f] {
			t.Errorf("no custom field of type %d", f)
		}
	}
	if len(matches) < 5 {
		t.Errorf("URI match types used: %v", matches)
	}
	if deleted == 0 || itemKeys == 0 || history == 0 || otpauth == 0 || base32 == 0 || twoColls == 0 || favorites == 0 {
		t.Error("the demo set lacks trashed items, item keys, password history, TOTP of both kinds, multi-collection items or favorites")
	}
	if len(m.Folders) < 3 {
		t.Errorf("%d folders", len(m.Folders))
	}
	for _, f := range m.Folders {
		if f.ID == "" {
			t.Errorf("folder %s of %s has no id", f.Name, f.Owner)
		}
	}
	for _, o := range m.Orgs {
		if n := len(o.Collections); n < 4 || n > 8 {
			t.Errorf("%s has %d collections", o.Name, n)
		}
	}
	for _, a := range m.Accounts {
		if a.UserID == "" {
			t.Errorf("account %s has no user id", a.Email)
		}
	}
	if a := m.Account(AuthenticatorEmail); a.TOTPSecret == "" {
		t.Errorf("%s: no TOTP secret", a.Email)
	}
}

func TestDemoPlanIsDeterministic(t *testing.T) {
	a, b := demoPlan(), demoPlan()
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two demo plans differ")
	}
	if a.Items[0].Password == "" || a.Items[0].Name != "Core router (MikroTik)" {
		t.Errorf("first item: %+v", a.Items[0])
	}
	s1, s2 := scalePlan(Scale{Orgs: 5, Items: 500}), scalePlan(Scale{Orgs: 5, Items: 500})
	if !reflect.DeepEqual(s1, s2) {
		t.Fatal("two scale plans differ")
	}
	n := 0
	for _, it := range s1.Items {
		if it.Owner == "" {
			n++
		}
	}
	if n != 500 {
		t.Errorf("scale 5:500 has %d org items", n)
	}
}

func TestParseScale(t *testing.T) {
	tests := []struct {
		in   string
		want Scale
		ok   bool
	}{
		{"50:10000", Scale{50, 10000}, true},
		{" 1:0 ", Scale{1, 0}, true},
		{"0:10", Scale{}, false},
		{"50", Scale{}, false},
		{"a:b", Scale{}, false},
		{"5:-1", Scale{}, false},
		{"2000:10", Scale{}, false},
	}
	for _, tt := range tests {
		got, err := ParseScale(tt.in)
		if (err == nil) != tt.ok || (tt.ok && got != tt.want) {
			t.Errorf("ParseScale(%q) = %+v, %v; want %+v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestSeedScaleSmall(t *testing.T) {
	srv, baseURL := newSandbox(t)
	m, err := Seed(t.Context(), baseURL, Options{Scale: &Scale{Orgs: 3, Items: 600}, Mailbox: srv.Mailbox})
	if err != nil {
		t.Fatal(err)
	}
	sess, _ := login(t, baseURL, m.Account(TechEmail), nil)
	v := sess.vault(t)
	if len(v.items) != len(m.Items) || len(v.orgKeys) != 3 {
		t.Fatalf("sync: %d items, %d orgs; want %d, 3", len(v.items), len(v.orgKeys), len(m.Items))
	}
	for _, it := range m.Items {
		personal := it.Owner != ""
		if g, w := comparable(v.items[it.ID], personal), comparable(it, personal); !reflect.DeepEqual(g, w) {
			t.Fatalf("item %q decrypts to\n%+v\nwant\n%+v", it.Name, g, w)
		}
	}
}

func TestSeedNeedsMailbox(t *testing.T) {
	if _, err := Seed(context.Background(), "http://127.0.0.1:1", Options{}); err == nil {
		t.Error("Seed without a Mailbox succeeded")
	}
}

// BenchmarkSeedScale seeds 50 organizations and 10,000 items into a fresh
// sandbox: the target is under 20 s on a 2-core machine.
func BenchmarkSeedScale(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		srv, baseURL := newSandbox(b)
		b.StartTimer()
		start := time.Now()
		m, err := Seed(context.Background(), baseURL, Options{Scale: &Scale{Orgs: 50, Items: 10_000}, Mailbox: srv.Mailbox})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(time.Since(start).Seconds(), "s/seed")
		b.ReportMetric(float64(len(m.Items)), "items")
	}
}
