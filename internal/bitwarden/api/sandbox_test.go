package api_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
	"github.com/vaultdesk/vaultdesk/internal/sandbox"
)

// These tests run the client against the real sandbox: a TCP server on
// 127.0.0.1 with its SQLite file in a temporary directory.

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serverClock is the sandbox's clock, which tests move to expire tokens.
type serverClock struct {
	mu  sync.Mutex
	off time.Duration
}

func (c *serverClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return time.Now().Add(c.off) }
func (c *serverClock) Add(d time.Duration) {
	c.mu.Lock()
	c.off += d
	c.mu.Unlock()
}

type env struct {
	srv   *sandbox.Server
	url   string
	clock *serverClock
	logs  *syncBuffer // every client log line
}

func newEnv(t *testing.T) *env {
	t.Helper()
	clk := &serverClock{}
	srv, err := sandbox.Open(sandbox.Config{DataDir: t.TempDir(), PasswordIterations: 1000, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() { ts.Close(); srv.Close() })
	return &env{srv: srv, url: ts.URL, clock: clk, logs: &syncBuffer{}}
}

func (e *env) client(t *testing.T, opts api.Options) *api.Client {
	t.Helper()
	opts.Logger = slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, err := api.New(e.url, opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// account is a registered, logged-in user with its keys.
type account struct {
	email, password, hash string
	c                     *api.Client
	userKey               *crypto.SymmetricKey
	priv                  *crypto.PrivateKey
	id                    string
}

var kdf = crypto.KDFParams{Type: crypto.KDFPBKDF2, Iterations: 100_000}

func (e *env) register(t *testing.T, email string) *account {
	t.Helper()
	return e.registerWith(t, email, nil)
}

// registerWith registers email; edit, if set, changes the request (to
// register with an invitation instead of a verification token).
func (e *env) registerWith(t *testing.T, email string, edit func(*api.RegisterRequest)) *account {
	t.Helper()
	ctx := t.Context()
	a := &account{email: email, password: "correct horse " + email, c: e.client(t, api.Options{})}
	mk, err := crypto.DeriveMasterKey([]byte(a.password), email, kdf)
	if err != nil {
		t.Fatal(err)
	}
	a.hash = mk.ServerHash([]byte(a.password))
	a.userKey = crypto.GenerateSymmetricKey()
	wrapped, _ := mk.EncryptUserKey(a.userKey)
	if a.priv, err = crypto.GenerateKeyPair(); err != nil {
		t.Fatal(err)
	}
	encPriv, _ := a.userKey.EncryptPrivateKey(a.priv)
	tok, err := a.c.SendVerificationEmail(ctx, email, "Test "+email)
	if err != nil || tok == "" {
		t.Fatalf("send verification email: %q, %v", tok, err)
	}
	k := api.KdfSettingsOf(kdf)
	req := &api.RegisterRequest{
		Email:                        email,
		MasterPasswordAuthentication: api.MasterPasswordAuthentication{Kdf: k, Hash: a.hash, Salt: email},
		MasterPasswordUnlock:         api.MasterPasswordUnlock{Kdf: k, MasterKeyWrappedUserKey: wrapped, Salt: email},
		UserAsymmetricKeys:           api.NewKeysRequest(a.priv.Public(), encPriv),
		EmailVerificationToken:       tok,
	}
	if edit != nil {
		edit(req)
	}
	err = a.c.Register(ctx, req)
	if err != nil {
		t.Fatalf("register %s: %v", email, err)
	}
	lr, err := a.c.LoginPassword(ctx, email, a.hash, nil)
	if err != nil {
		t.Fatalf("log in %s: %v", email, err)
	}
	if lr.KDF() != kdf {
		t.Errorf("login KDF = %+v, want %+v", lr.KDF(), kdf)
	}
	got, err := mk.DecryptUserKey(*lr.UserKey())
	if err != nil || !got.Equal(a.userKey) {
		t.Fatalf("user key from login: %v", err)
	}
	if p, err := got.DecryptPrivateKey(*lr.WrappedPrivateKey()); err != nil || !p.Equal(a.priv) {
		t.Fatalf("private key from login: %v", err)
	}
	a.id = a.c.UserID()
	if a.id == "" {
		t.Fatal("no user id after login")
	}
	return a
}

func enc(t *testing.T, k *crypto.SymmetricKey, s string) *crypto.EncString {
	t.Helper()
	e, err := k.EncryptString(s)
	if err != nil {
		t.Fatal(err)
	}
	return &e
}

func dec(t *testing.T, k *crypto.SymmetricKey, e *crypto.EncString) string {
	t.Helper()
	if e == nil {
		return ""
	}
	s, err := k.DecryptString(*e)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestAccountFlows(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	a := e.register(t, "alice@example.com")

	pre, err := a.c.Prelogin(ctx, "Alice@Example.com ")
	if err != nil || pre.KDF() != kdf {
		t.Fatalf("prelogin = %+v, %v", pre, err)
	}

	_, err = e.client(t, api.Options{}).LoginPassword(ctx, a.email, "d3JvbmcgaGFzaA==", nil)
	if !errors.Is(err, api.ErrInvalidCredentials) {
		t.Errorf("wrong password: err = %v, want ErrInvalidCredentials", err)
	}

	p, err := a.c.Profile(ctx)
	if err != nil || p.Email != a.email || p.ID != a.id {
		t.Fatalf("profile = %+v, %v", p, err)
	}

	// Explicit refresh gives a new access token that works.
	before := a.c.Tokens()
	e.clock.Add(2 * time.Second) // a new iat/exp, so a new token
	if err := a.c.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if after := a.c.Tokens(); after.AccessToken == before.AccessToken {
		t.Error("Refresh kept the same access token")
	}
	if _, err := a.c.Sync(ctx); err != nil {
		t.Fatalf("sync after refresh: %v", err)
	}

	// The server's clock passes the token's expiry: the client gets a 401,
	// refreshes once and retries, transparently.
	e.clock.Add(2 * time.Hour)
	if _, err := a.c.Profile(ctx); err != nil {
		t.Fatalf("profile after the server expired the token: %v", err)
	}

	// The client's own clock says the token is about to expire: it renews
	// before sending.
	c2 := e.client(t, api.Options{Now: func() time.Time { return e.clock.Now().Add(56 * time.Minute) }})
	c2.SetTokens(a.c.Tokens())
	old := c2.Tokens().AccessToken
	e.clock.Add(time.Second) // so that the renewed token differs
	if _, err := c2.Profile(ctx); err != nil {
		t.Fatal(err)
	}
	if c2.Tokens().AccessToken == old {
		t.Error("the client did not renew a token with 4 minutes left")
	}

	// A bearer token the server never issued, with nothing to renew it.
	c3 := e.client(t, api.Options{})
	c3.SetTokens(api.Tokens{AccessToken: "not-a-token", Expiry: time.Now().Add(time.Hour)})
	if _, err := c3.Sync(ctx); !errors.Is(err, api.ErrUnauthorized) {
		t.Errorf("bad token: err = %v, want ErrUnauthorized", err)
	}

	// API key login, and its renewal by repeating the grant.
	key, err := a.c.GetAPIKey(ctx, a.hash)
	if err != nil {
		t.Fatal(err)
	}
	if key.ClientID != "user."+a.id || key.ClientSecret == "" {
		t.Fatalf("API key = %v", key)
	}
	ka := e.client(t, api.Options{})
	lr, err := ka.LoginAPIKey(ctx, key.ClientID, key.ClientSecret)
	if err != nil {
		t.Fatal(err)
	}
	if lr.UserKey() == nil || ka.Tokens().RefreshToken != "" {
		t.Errorf("API-key login: user key %v, refresh token set %v", lr.UserKey() != nil, ka.Tokens().RefreshToken != "")
	}
	e.clock.Add(2 * time.Hour)
	if _, err := ka.Profile(ctx); err != nil {
		t.Errorf("API-key session after expiry: %v", err)
	}
	if _, err := ka.LoginAPIKey(ctx, key.ClientID, "wrong"); !errors.Is(err, api.ErrInvalidCredentials) {
		t.Errorf("wrong API key: err = %v, want ErrInvalidCredentials", err)
	}

	// Nothing secret reached the logs.
	logs := e.logs.String()
	for name, secret := range map[string]string{
		"password hash": a.hash, "access token": string(a.c.Tokens().AccessToken),
		"refresh token": string(a.c.Tokens().RefreshToken), "API key": string(key.ClientSecret),
	} {
		if strings.Contains(logs, secret) {
			t.Errorf("the %s appears in the client log", name)
		}
	}
	if !strings.Contains(logs, "op=\"GET /api/accounts/profile\"") {
		t.Errorf("the request log is missing; got:\n%s", logs)
	}
}

func TestVaultFlows(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	a := e.register(t, "bob@example.com")
	k := a.userKey

	f, err := a.c.CreateFolder(ctx, *enc(t, k, "Vendors"))
	if err != nil {
		t.Fatal(err)
	}
	if dec(t, k, &f.Name) != "Vendors" || f.ID == "" {
		t.Fatalf("folder = %+v", f)
	}
	match := api.MatchHost
	linked := api.LinkedLoginPassword
	itemKey := crypto.GenerateSymmetricKey()
	wrapped, _ := k.WrapKey(itemKey)
	c, err := a.c.CreateCipher(ctx, &api.CipherRequest{
		Type: api.CipherLogin, FolderID: f.ID, Favorite: true, Key: &wrapped,
		Name:  *enc(t, itemKey, "Router"),
		Notes: enc(t, itemKey, "note"),
		Login: &api.Login{Username: enc(t, itemKey, "admin"), Password: enc(t, itemKey, "pw"), TOTP: enc(t, itemKey, "JBSWY3DPEHPK3PXP"),
			URIs: []api.LoginURI{{URI: enc(t, itemKey, "https://10.0.0.1"), Match: &match}}},
		Fields: []api.Field{{Type: api.FieldHidden, Name: enc(t, itemKey, "enable"), Value: enc(t, itemKey, "secret")},
			{Type: api.FieldLinked, Name: enc(t, itemKey, "pw link"), LinkedID: &linked}},
		PasswordHistory: []api.PasswordHistory{{Password: *enc(t, itemKey, "old"), LastUsedDate: time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)}},
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := a.c.GetCipher(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	ik, err := k.UnwrapKey(*got.Key)
	if err != nil {
		t.Fatal(err)
	}
	if n, u, fid := dec(t, ik, &got.Name), dec(t, ik, got.Login.Username), got.FolderID; n != "Router" || u != "admin" || fid != f.ID || !got.Favorite {
		t.Errorf("cipher = %q %q folder %q favorite %v", n, u, fid, got.Favorite)
	}
	if len(got.Fields) != 2 || *got.Fields[1].LinkedID != linked || got.Fields[1].Value != nil || *got.Login.URIs[0].Match != match {
		t.Errorf("fields/URIs did not round-trip: %+v %+v", got.Fields, got.Login.URIs)
	}
	if len(got.PasswordHistory) != 1 || dec(t, ik, &got.PasswordHistory[0].Password) != "old" {
		t.Errorf("password history = %+v", got.PasswordHistory)
	}

	// Import two more, one into the folder.
	err = a.c.ImportCiphers(ctx, &api.ImportRequest{
		Ciphers: []api.CipherRequest{
			{Type: api.CipherSecureNote, Name: *enc(t, k, "Note"), Notes: enc(t, k, "body"), SecureNote: &api.SecureNote{}},
			{Type: api.CipherCard, Name: *enc(t, k, "Card"), Card: &api.Card{Number: enc(t, k, "4111111111111111")}},
		},
		Folders:             []api.FolderRequest{{Name: *enc(t, k, "Imported")}},
		FolderRelationships: []api.Relation{{Key: 1, Value: 0}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.c.DeleteCipher(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	s, err := a.c.Sync(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Ciphers) != 3 || len(s.Folders) != 2 {
		t.Fatalf("sync: %d ciphers, %d folders; want 3, 2", len(s.Ciphers), len(s.Folders))
	}
	var ids []string
	for _, sc := range s.Ciphers {
		switch {
		case sc.ID == c.ID:
			if sc.DeletedDate == nil {
				t.Error("DeleteCipher did not trash the item")
			}
		case sc.Type == api.CipherCard:
			if sc.FolderID == "" || dec(t, k, sc.Card.Number) != "4111111111111111" {
				t.Errorf("imported card: folder %q", sc.FolderID)
			}
			ids = append(ids, sc.ID)
		default:
			ids = append(ids, sc.ID)
		}
	}
	if err := a.c.DeleteCiphers(ctx, ids); err != nil {
		t.Fatal(err)
	}
	s, _ = a.c.Sync(ctx)
	for _, sc := range s.Ciphers {
		if sc.DeletedDate == nil {
			t.Errorf("cipher %s not trashed by DeleteCiphers", sc.ID)
		}
	}
	if _, err := a.c.GetCipher(ctx, "00000000-0000-4000-8000-000000000000"); !errors.Is(err, api.ErrNotFound) {
		t.Errorf("unknown cipher: err = %v, want ErrNotFound", err)
	}
}

func TestOrganizationFlows(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	owner := e.register(t, "owner@example.com")
	member := e.register(t, "member@example.com")

	orgKey := crypto.GenerateSymmetricKey()
	wrapped, _ := owner.priv.Public().WrapKey(orgKey)
	orgPriv, _ := crypto.GenerateKeyPair()
	encOrgPriv, _ := orgKey.EncryptPrivateKey(orgPriv)
	keys := api.NewKeysRequest(orgPriv.Public(), encOrgPriv)
	o, err := owner.c.CreateOrganization(ctx, &api.OrganizationCreateRequest{
		Name: "Client Co", BillingEmail: "billing@example.com", PlanType: api.PlanEnterpriseAnnually,
		Key: wrapped, Keys: &keys, CollectionName: enc(t, orgKey, "Default"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if o.ID == "" || o.Name != "Client Co" {
		t.Fatalf("organization = %+v", o)
	}
	cols, err := owner.c.ListCollections(ctx, o.ID)
	if err != nil || len(cols) != 1 || dec(t, orgKey, &cols[0].Name) != "Default" {
		t.Fatalf("collections = %+v, %v", cols, err)
	}

	if err := owner.c.InviteMembers(ctx, o.ID, &api.InviteRequest{Emails: []string{member.email}, Type: api.OrgUser}); err != nil {
		t.Fatal(err)
	}
	ms, err := owner.c.ListMembers(ctx, o.ID)
	if err != nil || len(ms) != 2 {
		t.Fatalf("members = %+v, %v", ms, err)
	}
	var m api.Member
	for _, x := range ms {
		if x.Email == member.email {
			m = x
		}
	}
	if m.Status != api.OrgInvited {
		t.Fatalf("invited member status = %s", m.Status)
	}
	col, err := owner.c.CreateCollection(ctx, o.ID, &api.CollectionRequest{
		Name:  *enc(t, orgKey, "Network/Firewalls"),
		Users: []api.AccessSelection{{ID: m.ID, ReadOnly: true}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := owner.c.UpdateCollection(ctx, o.ID, cols[0].ID, &api.CollectionRequest{Name: cols[0].Name,
		Users: []api.AccessSelection{{ID: m.ID, HidePasswords: true}}}); err != nil {
		t.Fatal(err)
	}
	g, err := owner.c.CreateGroup(ctx, o.ID, &api.GroupRequest{Name: "Techs", Users: []string{m.ID},
		Collections: []api.AccessSelection{{ID: col.ID, ReadOnly: true}}})
	if err != nil || g.ID == "" || g.Name != "Techs" {
		t.Fatalf("group = %+v, %v", g, err)
	}

	// Accept with the mailed token.
	mails, err := e.srv.Mailbox(ctx, member.email)
	if err != nil || len(mails) != 1 || mails[0].Kind != "invite" {
		t.Fatalf("mailbox = %+v, %v", mails, err)
	}
	if err := member.c.AcceptInvite(ctx, o.ID, m.ID, "wrong-token"); err == nil {
		t.Error("accepted with a wrong token")
	}
	if err := member.c.AcceptInvite(ctx, o.ID, m.ID, api.Secret(mails[0].Token)); err != nil {
		t.Fatal(err)
	}

	// Confirm: the public key by membership and by user agree, and match
	// what the member registered.
	pks, err := owner.c.MemberPublicKeys(ctx, o.ID, []string{m.ID})
	if err != nil || len(pks) != 1 || pks[0].UserID != member.id {
		t.Fatalf("public keys = %+v, %v", pks, err)
	}
	pub, err := pks[0].PublicKey()
	if err != nil {
		t.Fatal(err)
	}
	pub2, err := owner.c.UserPublicKey(ctx, member.id)
	if err != nil || !pub.Equal(pub2) || !pub.Equal(member.priv.Public()) {
		t.Fatalf("public keys disagree: %v", err)
	}
	if fp := crypto.Fingerprint(member.id, pub); len(fp) != 5 {
		t.Errorf("fingerprint = %v", fp)
	}
	mk, _ := pub.WrapKey(orgKey)
	if err := owner.c.ConfirmMember(ctx, o.ID, m.ID, mk); err != nil {
		t.Fatal(err)
	}

	// Org items: one created directly, two imported into two collections.
	oc, err := owner.c.CreateOrgCipher(ctx, &api.CipherRequest{Type: api.CipherLogin, OrganizationID: o.ID,
		Name: *enc(t, orgKey, "FortiGate"), Login: &api.Login{Password: enc(t, orgKey, "fw-pass")}}, []string{col.ID})
	if err != nil {
		t.Fatal(err)
	}
	err = owner.c.ImportOrgCiphers(ctx, o.ID, &api.OrgImportRequest{
		Ciphers: []api.CipherRequest{
			{Type: api.CipherLogin, OrganizationID: o.ID, Name: *enc(t, orgKey, "DC01"), Login: &api.Login{Password: enc(t, orgKey, "dc-pass")}},
			{Type: api.CipherSecureNote, OrganizationID: o.ID, Name: *enc(t, orgKey, "Runbook"), SecureNote: &api.SecureNote{}},
		},
		Collections:             []api.ImportCollection{{ID: col.ID, Name: col.Name}, {ID: cols[0].ID, Name: cols[0].Name}},
		CollectionRelationships: []api.Relation{{Key: 0, Value: 0}, {Key: 0, Value: 1}, {Key: 1, Value: 1}},
	})
	if err != nil {
		t.Fatal(err)
	}

	// The member now decrypts the org key and the items, with the rights
	// given: read-only Network/Firewalls, hide-passwords Default.
	s, err := member.c.Sync(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Profile.Organizations) != 1 || s.Profile.Organizations[0].Key == nil {
		t.Fatalf("member profile orgs = %+v", s.Profile.Organizations)
	}
	mok, err := member.priv.UnwrapKey(*s.Profile.Organizations[0].Key)
	if err != nil || !mok.Equal(orgKey) {
		t.Fatalf("member's org key: %v", err)
	}
	names := map[string]api.Cipher{}
	for _, c := range s.Ciphers {
		names[dec(t, mok, &c.Name)] = c
	}
	if len(names) != 3 {
		t.Fatalf("member sees %d items, want 3", len(names))
	}
	if c := names["FortiGate"]; c.ID != oc.ID || c.Edit || !c.ViewPassword {
		t.Errorf("FortiGate (read-only collection): edit %v viewPassword %v", c.Edit, c.ViewPassword)
	}
	if c := names["Runbook"]; c.ViewPassword {
		t.Errorf("Runbook (hide-passwords collection): viewPassword %v", c.ViewPassword)
	}
	if c := names["DC01"]; len(c.CollectionIDs) != 2 {
		t.Errorf("DC01 is in %d collections, want 2", len(c.CollectionIDs))
	}

	if err := owner.c.RevokeMember(ctx, o.ID, m.ID); err != nil {
		t.Fatal(err)
	}
	ms, _ = owner.c.ListMembers(ctx, o.ID)
	for _, x := range ms {
		if x.ID == m.ID && x.Status != api.OrgRevoked {
			t.Errorf("revoked member status = %s", x.Status)
		}
	}
	if s, _ := member.c.Sync(ctx); len(s.Ciphers) != 0 {
		t.Errorf("revoked member still sees %d items", len(s.Ciphers))
	}
	if err := owner.c.RestoreMember(ctx, o.ID, m.ID); err != nil {
		t.Fatal(err)
	}

	// Someone without an account registers from the invitation.
	if err := owner.c.InviteMembers(ctx, o.ID, &api.InviteRequest{Emails: []string{"newbie@example.com"}, Type: api.OrgUser}); err != nil {
		t.Fatal(err)
	}
	mails, _ = e.srv.Mailbox(ctx, "newbie@example.com")
	if len(mails) != 1 {
		t.Fatalf("%d invitation mails", len(mails))
	}
	ms, _ = owner.c.ListMembers(ctx, o.ID)
	var newbieID string
	for _, x := range ms {
		if x.Email == "newbie@example.com" {
			newbieID = x.ID
		}
	}
	newbie := e.registerWith(t, "newbie@example.com", func(r *api.RegisterRequest) {
		r.EmailVerificationToken = ""
		r.OrgInviteToken, r.OrganizationUserID = api.Secret(mails[0].Token), newbieID
	})
	ms, _ = owner.c.ListMembers(ctx, o.ID)
	for _, x := range ms {
		if x.ID == newbieID && (x.Status != api.OrgAccepted || x.UserID != newbie.id) {
			t.Errorf("member registered from the invitation: status %s, user %q; want accepted, %q", x.Status, x.UserID, newbie.id)
		}
	}
}

func TestTwoFactorFlows(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	a := e.register(t, "totp@example.com")
	secret, err := a.c.SetupAuthenticator(ctx, a.hash, func(key api.Secret) (string, error) {
		return totp(string(key), e.clock.Now())
	})
	if err != nil {
		t.Fatal(err)
	}
	c := e.client(t, api.Options{})
	_, err = c.LoginPassword(ctx, a.email, a.hash, nil)
	var tfe *api.TwoFactorRequiredError
	if !errors.As(err, &tfe) || !tfe.Has(api.TwoFactorAuthenticator) {
		t.Fatalf("login: err = %v, want the authenticator challenge", err)
	}
	if _, err := c.LoginPassword(ctx, a.email, a.hash, &api.TwoFactorLogin{Provider: api.TwoFactorAuthenticator, Token: "000000"}); err == nil {
		t.Error("login with a wrong code succeeded")
	}
	code, _ := totp(string(secret), e.clock.Now().Add(30*time.Second)) // the setup used the current step
	lr, err := c.LoginPassword(ctx, a.email, a.hash, &api.TwoFactorLogin{Provider: api.TwoFactorAuthenticator, Token: code, Remember: true})
	if err != nil {
		t.Fatalf("login with the code: %v", err)
	}
	if lr.TwoFactorToken == "" {
		t.Fatal("no remember token after a login that asked for one")
	}
	if _, err := e.client(t, api.Options{DeviceIdentifier: c.Device.Identifier}).LoginPassword(ctx, a.email, a.hash,
		&api.TwoFactorLogin{Provider: api.TwoFactorRemember, Token: string(lr.TwoFactorToken)}); err != nil {
		t.Errorf("login with the remember token: %v", err)
	}

	b := e.register(t, "email2fa@example.com")
	err = b.c.SetupEmailTwoFactor(ctx, b.hash, b.email, func(ctx context.Context) (string, error) {
		ms, err := e.srv.Mailbox(ctx, b.email)
		if err != nil || len(ms) == 0 {
			return "", fmt.Errorf("no mail: %v", err)
		}
		return ms[len(ms)-1].Token, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	c = e.client(t, api.Options{})
	_, err = c.LoginPassword(ctx, b.email, b.hash, nil)
	if !errors.As(err, &tfe) || !tfe.Has(api.TwoFactorEmail) {
		t.Fatalf("login: err = %v, want the email challenge", err)
	}
	if err := c.SendEmailLoginCode(ctx, b.email, b.hash); err != nil {
		t.Fatal(err)
	}
	ms, _ := e.srv.Mailbox(ctx, b.email)
	last := ms[len(ms)-1]
	if last.Kind != "two-factor-email" {
		t.Fatalf("last mail is %q", last.Kind)
	}
	if _, err := c.LoginPassword(ctx, b.email, b.hash, &api.TwoFactorLogin{Provider: api.TwoFactorEmail, Token: last.Token}); err != nil {
		t.Fatalf("login with the mailed code: %v", err)
	}
}

// totp is RFC 6238 (SHA-1, 6 digits, 30 s), an authenticator app's job.
func totp(secret string, t time.Time) (string, error) {
	key, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.TrimRight(secret, "="))
	if err != nil {
		return "", err
	}
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(t.Unix()/30))
	h := hmac.New(sha1.New, key)
	h.Write(msg[:])
	sum := h.Sum(nil)
	off := sum[19] & 0xf
	return fmt.Sprintf("%06d", (binary.BigEndian.Uint32(sum[off:])&0x7fffffff)%1_000_000), nil
}

func TestTLS(t *testing.T) {
	dir := t.TempDir()
	srv, err := sandbox.Open(sandbox.Config{DataDir: dir, PasswordIterations: 1000})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ctx, cancel := context.WithCancel(t.Context())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, "127.0.0.1:0", true, func(u string) { ready <- u }) }()
	defer func() { cancel(); <-done }()
	var base string
	select {
	case base = <-ready:
	case err := <-done:
		t.Fatal(err)
	}

	// Without the sandbox's certificate the connection is refused.
	c, err := api.New(base, api.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Prelogin(t.Context(), "a@example.com"); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("untrusted certificate: err = %v", err)
	}

	pemBytes, err := os.ReadFile(sandbox.CertPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	pool, err := api.CertPoolWithPEM(pemBytes)
	if err != nil {
		t.Fatal(err)
	}
	c, err = api.New(base, api.Options{RootCAs: pool})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Prelogin(t.Context(), "a@example.com"); err != nil {
		t.Errorf("trusted certificate: %v", err)
	}
}
