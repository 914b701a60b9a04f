package accounts_test

import (
	"crypto/sha256"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/vaultdesk/vaultdesk/internal/accounts"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// TestLoginUnlock logs in the PBKDF2 and the Argon2id technicians, finds
// an item, and unlocks again offline from a new Manager.
func TestLoginUnlock(t *testing.T) {
	e := seeded(t)
	ts := e.serve(t, nil)
	for _, email := range []string{demodata.TechEmail, demodata.Tech2Email} {
		t.Run(email, func(t *testing.T) {
			a := e.account(email)
			dir := t.TempDir()
			m, logs := open(t, dir)
			st := login(t, m, ts.URL, a)
			if st.Locked || st.UserID != a.UserID || st.Email != a.Email || st.Server != ts.URL || st.LastSync.IsZero() {
				t.Errorf("Login = %+v, want unlocked %s on %s with a last sync", st, a.UserID, ts.URL)
			}
			it := e.firstItem(t, email)
			if !findItem(t, m, it) {
				t.Errorf("after login, Search(%q) does not find it", it.Name)
			}
			if got := m.Accounts(t.Context()); len(got) != 1 || got[0].UserID != a.UserID {
				t.Errorf("Accounts = %+v", got)
			}
			m.Close()

			m2, logs2 := open(t, dir)
			if st, err := m2.Status(t.Context(), ""); err != nil || !st.Locked {
				t.Errorf("new Manager: Status = %+v, %v; want locked", st, err)
			}
			if _, err := m2.Vault(t.Context(), email); !errors.Is(err, accounts.ErrLocked) {
				t.Errorf("Vault while locked = %v, want ErrLocked", err)
			}
			if err := m2.Unlock(t.Context(), email, []byte(a.Password)); err != nil {
				t.Fatal(err)
			}
			if !findItem(t, m2, it) {
				t.Errorf("after unlock, Search(%q) does not find it", it.Name)
			}
			if err := m2.Lock(t.Context(), email); err != nil {
				t.Fatal(err)
			}
			if st, _ := m2.Status(t.Context(), email); !st.Locked {
				t.Error("Lock left the account unlocked")
			}
			for _, l := range []string{logs.String(), logs2.String()} {
				if strings.Contains(l, a.Password) {
					t.Error("the master password appears in the logs")
				}
			}
		})
	}
}

// fileSums hashes every file under dir.
func fileSums(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	sums := map[string][32]byte{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			sums[p] = sha256.Sum256(b)
		}
		return nil
	})
	return sums
}

func TestWrongPassword(t *testing.T) {
	e := seeded(t)
	ts := e.serve(t, nil)
	a := e.account(demodata.TechEmail)
	dir := t.TempDir()
	m, _ := open(t, dir)
	_, err := m.Login(t.Context(), accounts.LoginRequest{Email: a.Email, Server: ts.URL, Password: []byte("not the password")})
	if !errors.Is(err, accounts.ErrWrongPassword) {
		t.Fatalf("Login with a wrong password = %v, want ErrWrongPassword", err)
	}
	if ents, _ := os.ReadDir(filepath.Join(dir, "accounts")); len(ents) != 0 {
		t.Errorf("a refused login left %v", ents)
	}

	login(t, m, ts.URL, a)
	m.Close()
	before := fileSums(t, dir)
	m2, _ := open(t, dir)
	err = m2.Unlock(t.Context(), a.Email, []byte("not the password"))
	if !errors.Is(err, accounts.ErrWrongPassword) || strings.Contains(err.Error(), "not the password") {
		t.Errorf("Unlock with a wrong password = %v, want ErrWrongPassword", err)
	}
	if st, _ := m2.Status(t.Context(), ""); !st.Locked {
		t.Error("a wrong password unlocked the account")
	}
	// VerifyPassword (master-password re-prompt) checks without unlocking.
	if err := m2.VerifyPassword(t.Context(), a.Email, []byte("not the password")); !errors.Is(err, accounts.ErrWrongPassword) {
		t.Errorf("VerifyPassword with a wrong password = %v, want ErrWrongPassword", err)
	}
	if err := m2.VerifyPassword(t.Context(), a.Email, []byte(a.Password)); err != nil {
		t.Errorf("VerifyPassword with the right password = %v", err)
	}
	if st, _ := m2.Status(t.Context(), ""); !st.Locked {
		t.Error("VerifyPassword unlocked the account")
	}
	m2.Close()
	if after := fileSums(t, dir); !maps2Equal(before, after) {
		t.Error("a wrong password changed files on disk")
	}
}

func maps2Equal(a, b map[string][32]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestTwoFactor(t *testing.T) {
	e := seeded(t)
	ts := e.serve(t, nil)

	t.Run("authenticator", func(t *testing.T) {
		a := e.account(demodata.AuthenticatorEmail)
		m, _ := open(t, t.TempDir())
		req := accounts.LoginRequest{Email: a.Email, Server: ts.URL, Password: []byte(a.Password)}
		_, err := m.Login(t.Context(), req)
		var tfe *accounts.TwoFactorRequiredError
		if !errors.As(err, &tfe) || !slices.Contains(tfe.Providers, api.TwoFactorAuthenticator) || tfe.EmailSent {
			t.Fatalf("Login without a code = %v, want the authenticator challenge", err)
		}
		// The seeder used the current step; steps are single-use.
		code, err := totp.GenerateCode(a.TOTPSecret, time.Now().Add(30*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		req.TwoFactor = &accounts.TwoFactor{Provider: api.TwoFactorAuthenticator, Code: code}
		if st, err := m.Login(t.Context(), req); err != nil || st.Locked {
			t.Fatalf("Login with the code = %+v, %v", st, err)
		}
	})

	t.Run("email", func(t *testing.T) {
		a := e.account(demodata.EmailCodeEmail)
		m, _ := open(t, t.TempDir())
		req := accounts.LoginRequest{Email: a.Email, Server: ts.URL, Password: []byte(a.Password),
			TwoFactor: &accounts.TwoFactor{Provider: api.TwoFactorEmail}}
		_, err := m.Login(t.Context(), req)
		var tfe *accounts.TwoFactorRequiredError
		if !errors.As(err, &tfe) || !tfe.EmailSent {
			t.Fatalf("Login asking for an email code = %v, want a challenge with the code sent", err)
		}
		mails, err := e.srv.Mailbox(t.Context(), a.Email)
		if err != nil || len(mails) == 0 || mails[len(mails)-1].Kind != "two-factor-email" {
			t.Fatalf("mailbox: %v, %d mails", err, len(mails))
		}
		req.TwoFactor.Code = mails[len(mails)-1].Token
		if st, err := m.Login(t.Context(), req); err != nil || st.Locked {
			t.Fatalf("Login with the emailed code = %+v, %v", st, err)
		}
	})
}

func TestAPIKeyLogin(t *testing.T) {
	e := seeded(t)
	ts := e.serve(t, nil)
	a := e.account(demodata.TechEmail)
	if a.APIKey == nil {
		t.Fatal("no API key in the manifest")
	}
	dir := t.TempDir()
	m, logs := open(t, dir)
	req := accounts.LoginRequest{Email: a.Email, Server: ts.URL, Password: []byte("wrong"), APIKey: a.APIKey}
	if _, err := m.Login(t.Context(), req); !errors.Is(err, accounts.ErrWrongPassword) {
		t.Errorf("API-key login with a wrong password = %v, want ErrWrongPassword", err)
	}
	req.Password = []byte(a.Password)
	if _, err := m.Login(t.Context(), req); err != nil {
		t.Fatal(err)
	}
	m.Close()

	// A new process: unlock, then sync with the API-key session.
	m2, logs2 := open(t, dir)
	if err := m2.Unlock(t.Context(), "", []byte(a.Password)); err != nil {
		t.Fatal(err)
	}
	if res, err := m2.Sync(t.Context(), "", true); err != nil || !res.Synced {
		t.Errorf("Sync = %+v, %v", res, err)
	}
	if !findItem(t, m2, e.firstItem(t, a.Email)) {
		t.Error("search after API-key login finds nothing")
	}
	for _, l := range []string{logs.String(), logs2.String()} {
		if strings.Contains(l, string(a.APIKey.ClientSecret)) || strings.Contains(l, a.Password) {
			t.Error("a secret appears in the logs")
		}
	}
}

// TestOffline unlocks and searches with the server gone; sync then says
// the server is unreachable.
func TestOffline(t *testing.T) {
	e := seeded(t)
	ts := httptest.NewServer(e.srv.Handler())
	a := e.account(demodata.Tech2Email)
	dir := t.TempDir()
	m, _ := open(t, dir)
	login(t, m, ts.URL, a)
	m.Close()
	ts.Close()

	m2, _ := open(t, dir)
	if err := m2.Unlock(t.Context(), a.Email, []byte(a.Password)); err != nil {
		t.Fatal(err)
	}
	it := e.firstItem(t, a.Email)
	if !findItem(t, m2, it) {
		t.Errorf("offline Search(%q) does not find it", it.Name)
	}
	if _, err := m2.Sync(t.Context(), "", false); !errors.Is(err, accounts.ErrUnreachable) {
		t.Errorf("Sync with the server down = %v, want ErrUnreachable", err)
	}
	if !findItem(t, m2, it) {
		t.Error("a failed sync lost the vault")
	}
}

// counter counts requests by path.
type counter struct {
	h http.Handler
	n map[string]*atomic.Int64
}

func newCounter(h http.Handler) *counter {
	return &counter{h: h, n: map[string]*atomic.Int64{
		"/api/sync": {}, "/api/accounts/revision-date": {}, "/identity/connect/token": {},
	}}
}

func (c *counter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if n, ok := c.n[r.URL.Path]; ok {
		n.Add(1)
	}
	c.h.ServeHTTP(w, r)
}

func TestSyncRevisionDate(t *testing.T) {
	e := seeded(t)
	cnt := newCounter(e.srv.Handler())
	ts := e.serve(t, cnt)
	a := e.account(demodata.TechEmail)
	dir := t.TempDir()
	m, _ := open(t, dir)
	login(t, m, ts.URL, a)
	if n := cnt.n["/api/sync"].Load(); n != 1 {
		t.Errorf("login made %d syncs, want 1", n)
	}
	m.Close()

	m, _ = open(t, dir)
	if err := m.Unlock(t.Context(), "", []byte(a.Password)); err != nil {
		t.Fatal(err)
	}
	res, err := m.Sync(t.Context(), "", false)
	if err != nil || res.Synced {
		t.Errorf("Sync with nothing changed = %+v, %v; want no full sync", res, err)
	}
	if n := cnt.n["/api/sync"].Load(); n != 1 {
		t.Errorf("an unchanged revision date still made a full sync (%d)", n)
	}
	if n := cnt.n["/api/accounts/revision-date"].Load(); n != 2 {
		t.Errorf("%d revision-date requests, want 2", n)
	}
	// The session resumed from the sealed tokens: no new login.
	tokens := cnt.n["/identity/connect/token"].Load()

	if res, err := m.Sync(t.Context(), "", true); err != nil || !res.Synced {
		t.Errorf("forced Sync = %+v, %v", res, err)
	}
	if n := cnt.n["/api/sync"].Load(); n != 2 {
		t.Errorf("forced Sync: %d syncs, want 2", n)
	}

	// A change on the server moves the revision date.
	time.Sleep(2 * time.Millisecond) // revision dates are in milliseconds
	c, err := api.New(ts.URL, api.Options{})
	if err != nil {
		t.Fatal(err)
	}
	mk, _ := crypto.DeriveMasterKey([]byte(a.Password), a.Email, a.KDF)
	lr, err := c.LoginPassword(t.Context(), a.Email, mk.ServerHash([]byte(a.Password)), nil)
	if err != nil {
		t.Fatal(err)
	}
	uk, err := mk.DecryptUserKey(*lr.UserKey())
	if err != nil {
		t.Fatal(err)
	}
	name, _ := uk.EncryptString("Sync test folder")
	if _, err := c.CreateFolder(t.Context(), name); err != nil {
		t.Fatal(err)
	}
	if res, err := m.Sync(t.Context(), "", false); err != nil || !res.Synced {
		t.Errorf("Sync after a change = %+v, %v; want a full sync", res, err)
	}
	v, err := m.Vault(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	fs, _ := v.Folders()
	if !slices.ContainsFunc(fs, func(f vault.Folder) bool { return f.Name == "Sync test folder" }) {
		t.Errorf("the new folder is not in the vault after sync: %v", fs)
	}
	if got := cnt.n["/identity/connect/token"].Load() - tokens; got != 1 {
		t.Errorf("%d token requests during sync, want only the test's own login", got)
	}
}

// cutSync serves the sandbox, but while cut is set answers /api/sync with
// half of the body and closes the connection.
type cutSync struct {
	h   http.Handler
	cut atomic.Bool
}

func (c *cutSync) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !c.cut.Load() || r.URL.Path != "/api/sync" {
		c.h.ServeHTTP(w, r)
		return
	}
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, r)
	body := rec.Body.Bytes()
	conn, buf, err := w.(http.Hijacker).Hijack()
	if err != nil {
		panic(err)
	}
	defer conn.Close()
	fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", len(body))
	buf.Write(body[:len(body)/2])
	buf.Flush()
}

func TestInterruptedSync(t *testing.T) {
	e := seeded(t)
	cs := &cutSync{h: e.srv.Handler()}
	ts := e.serve(t, cs)
	a := e.account(demodata.Tech2Email)
	dir := t.TempDir()
	m, _ := open(t, dir)
	login(t, m, ts.URL, a)
	v, err := m.Vault(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	n := v.Len()
	before, _ := m.Status(t.Context(), "")

	cs.cut.Store(true)
	_, err = m.Sync(t.Context(), "", true)
	if !errors.Is(err, accounts.ErrUnreachable) {
		t.Errorf("Sync cut in the middle = %v, want ErrUnreachable", err)
	}
	m.Close()

	m, _ = open(t, dir)
	if err := m.Unlock(t.Context(), "", []byte(a.Password)); err != nil {
		t.Fatal(err)
	}
	after, _ := m.Status(t.Context(), "")
	if !after.LastSync.Equal(before.LastSync) {
		t.Errorf("last sync moved from %v to %v", before.LastSync, after.LastSync)
	}
	v, err = m.Vault(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	if v.Len() != n {
		t.Errorf("after a cut sync the vault has %d items, want %d", v.Len(), n)
	}
	if !findItem(t, m, e.firstItem(t, a.Email)) {
		t.Error("after a cut sync search finds nothing")
	}
}

func TestLogout(t *testing.T) {
	e := seeded(t)
	ts := e.serve(t, nil)
	a := e.account(demodata.TechEmail)
	dir := t.TempDir()
	m, _ := open(t, dir)
	login(t, m, ts.URL, a)
	if _, err := m.StartSession(t.Context(), "", nil); err != nil {
		t.Fatal(err)
	}
	if err := m.Logout(t.Context(), a.Email); err != nil {
		t.Fatal(err)
	}
	if ents, _ := os.ReadDir(filepath.Join(dir, "accounts")); len(ents) != 0 {
		t.Errorf("after logout accounts/ holds %v", ents)
	}
	if got := m.Accounts(t.Context()); len(got) != 0 {
		t.Errorf("Accounts after logout = %+v", got)
	}
	if err := m.Unlock(t.Context(), a.Email, []byte(a.Password)); !errors.Is(err, accounts.ErrNotSignedIn) {
		t.Errorf("Unlock after logout = %v, want ErrNotSignedIn", err)
	}
}

func TestSession(t *testing.T) {
	e := seeded(t)
	ts := e.serve(t, nil)
	a := e.account(demodata.TechEmail)
	dir := t.TempDir()
	m, _ := open(t, dir)
	login(t, m, ts.URL, a)
	key, err := m.StartSession(t.Context(), "", nil)
	if err != nil || len(key) != accounts.SessionKeySize {
		t.Fatalf("StartSession = %d bytes, %v", len(key), err)
	}
	m.Close()

	m, _ = open(t, dir)
	other := make([]byte, accounts.SessionKeySize)
	if err := m.UnlockWithSession(t.Context(), "", other); !errors.Is(err, accounts.ErrLocked) {
		t.Errorf("UnlockWithSession with another key = %v, want ErrLocked", err)
	}
	if n := m.ResumeSession(t.Context(), key); n != 1 {
		t.Fatalf("ResumeSession = %d, want 1", n)
	}
	if !findItem(t, m, e.firstItem(t, a.Email)) {
		t.Error("search after session unlock finds nothing")
	}
	if err := m.Lock(t.Context(), ""); err != nil {
		t.Fatal(err)
	}
	if err := m.UnlockWithSession(t.Context(), "", key); !errors.Is(err, accounts.ErrLocked) {
		t.Errorf("UnlockWithSession after Lock = %v, want ErrLocked", err)
	}
}

// TestTwoServers keeps two accounts on two sandboxes, each with its own
// cache and lock state, searched together.
func TestTwoServers(t *testing.T) {
	e1 := seeded(t)
	e2 := newSeeded(t)
	ts1, ts2 := e1.serve(t, nil), e2.serve(t, nil)
	a1, a2 := e1.account(demodata.TechEmail), e2.account(demodata.Tech2Email)
	dir := t.TempDir()
	m, _ := open(t, dir)
	login(t, m, ts1.URL, a1)
	login(t, m, ts2.URL, a2)
	it1, it2 := e1.firstItem(t, a1.Email), e2.firstItem(t, a2.Email)
	if !findItem(t, m, it1) || !findItem(t, m, it2) {
		t.Error("search does not find the items of both accounts")
	}
	list := m.Accounts(t.Context())
	// Sorted by email: tech2@ before tech@.
	if len(list) != 2 || list[0].Server != ts2.URL || list[1].Server != ts1.URL {
		t.Fatalf("Accounts = %+v", list)
	}
	if err := m.Lock(t.Context(), a1.Email); err != nil {
		t.Fatal(err)
	}
	if findItem(t, m, it1) || !findItem(t, m, it2) {
		t.Error("locking one account did not leave only the other searchable")
	}
	if _, err := m.Sync(t.Context(), a1.Email, false); !errors.Is(err, accounts.ErrLocked) {
		t.Errorf("Sync of a locked account = %v, want ErrLocked", err)
	}
	if _, err := m.Sync(t.Context(), a2.Email, false); err != nil {
		t.Errorf("Sync of the unlocked one = %v", err)
	}
	if _, err := m.Status(t.Context(), ""); !errors.Is(err, accounts.ErrAmbiguous) {
		t.Errorf("Status(\"\") with two accounts = %v, want ErrAmbiguous", err)
	}
}

func TestServerURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"us", "https://vault.bitwarden.com"},
		{"EU", "https://vault.bitwarden.eu"},
		{"sandbox", accounts.SandboxURL},
		{"https://vault.example.com/", "https://vault.example.com"},
		{"ftp://x", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, err := accounts.ServerURL(tt.in)
		if got != tt.want || (err != nil) != (tt.want == "") {
			t.Errorf("ServerURL(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	m, _ := open(t, t.TempDir())
	_, err := m.Login(t.Context(), accounts.LoginRequest{Email: "a@example.com", Server: "http://vault.example.com", Password: []byte("x")})
	if err == nil || !strings.Contains(err.Error(), "http") {
		t.Errorf("Login over plain http to a remote host = %v, want a refusal", err)
	}
}

// TestCAFile logs in over TLS with a private CA given as a file; the copy
// kept with the account is what later syncs trust.
func TestCAFile(t *testing.T) {
	e := seeded(t)
	ts := httptest.NewTLSServer(e.srv.Handler())
	t.Cleanup(ts.Close)
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ts.Certificate().Raw})
	if err := os.WriteFile(caFile, pemBytes, 0o600); err != nil {
		t.Fatal(err)
	}
	a := e.account(demodata.Tech2Email)
	dir := t.TempDir()
	m, _ := open(t, dir)
	req := accounts.LoginRequest{Email: a.Email, Server: ts.URL, Password: []byte(a.Password)}
	if _, err := m.Login(t.Context(), req); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("Login to an untrusted certificate = %v, want a certificate error", err)
	}
	req.CAFile = caFile
	st, err := m.Login(t.Context(), req)
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(caFile)
	if _, err := os.Stat(filepath.Join(dir, "accounts", st.UserID+".ca.pem")); err != nil {
		t.Errorf("the CA was not kept with the account: %v", err)
	}
	m.Close()

	m, _ = open(t, dir)
	if err := m.Unlock(t.Context(), "", []byte(a.Password)); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Sync(t.Context(), "", true); err != nil {
		t.Errorf("Sync with the kept CA: %v", err)
	}
	if err := m.Logout(t.Context(), ""); err != nil {
		t.Fatal(err)
	}
	if ents, _ := os.ReadDir(filepath.Join(dir, "accounts")); len(ents) != 0 {
		t.Errorf("after logout accounts/ holds %v", ents)
	}
}
