package app

import (
	"context"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/accounts"
	"github.com/vaultdesk/vaultdesk/internal/keychain"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/sandboxtest"
	"github.com/vaultdesk/vaultdesk/internal/totp"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// sessionBoard is an in-memory clipboard: a test double for the system
// clipboard, which internal/clipboard's tests and the e2e test exercise.
type sessionBoard struct {
	mu   sync.Mutex
	text []byte
}

func (b *sessionBoard) Write(_ context.Context, text []byte) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.text = append([]byte(nil), text...)
	return nil
}

func (b *sessionBoard) Read(context.Context) ([]byte, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]byte(nil), b.text...), nil
}

// noKeychain is a keychain.Store test double for a system without one
// (no Secret Service on the session bus), so that the tests do not depend
// on the machine's keychain.
type noKeychain struct{}

func (noKeychain) Set(string, []byte) error   { return keychain.ErrUnavailable }
func (noKeychain) Get(string) ([]byte, error) { return nil, keychain.ErrUnavailable }
func (noKeychain) Delete(string) error        { return keychain.ErrUnavailable }

// sessionEnv is a Core with no account yet, in its own data directory,
// recording the events it sends to the window.
type sessionEnv struct {
	c     *Core
	s     *SessionService
	board *sessionBoard
	dir   string

	mu     sync.Mutex
	events []sessionEvent
}

type sessionEvent struct {
	name string
	data any
}

func newSessionEnv(t *testing.T, dir string, kc keychain.Store) *sessionEnv {
	t.Helper()
	e := &sessionEnv{board: &sessionBoard{}, dir: dir}
	c, err := New(Options{DataDir: dir, Board: e.board, Keychain: kc})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.Attach(func(name string, data any) {
		e.mu.Lock()
		defer e.mu.Unlock()
		e.events = append(e.events, sessionEvent{name, data})
	}, func(string) {})
	e.c, e.s = c, NewSessionService(c)
	return e
}

func (e *sessionEnv) count(name string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := 0
	for _, ev := range e.events {
		if ev.name == name {
			n++
		}
	}
	return n
}

// steps are the "sandbox:progress" steps so far.
func (e *sessionEnv) steps() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []string
	for _, ev := range e.events {
		if ev.name == "sandbox:progress" {
			out = append(out, ev.data.(map[string]string)["step"])
		}
	}
	return out
}

func (e *sessionEnv) view(t *testing.T, id string) AccountView {
	t.Helper()
	st, err := e.s.State()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range st.Accounts {
		if a.ID == id {
			return a
		}
	}
	t.Fatalf("account %s not in State", id)
	return AccountView{}
}

// waitFor polls cond with backoff until it holds or a few seconds pass.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for d := time.Millisecond; !cond(); d = min(2*d, 100*time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(d)
	}
}

// vaultLen is how many items the account's unlocked vault holds.
func vaultLen(t *testing.T, c *Core, email string) (int, error) {
	t.Helper()
	v, err := c.mgr.Vault(t.Context(), email)
	if err != nil {
		return 0, err
	}
	return v.Len(), nil
}

// encString matches a serialised EncString ("2.iv|ct|mac") or a JWT-like
// token: neither may reach the frontend.
var encString = regexp.MustCompile(`\b\d\.[A-Za-z0-9+/=]{16,}\|[A-Za-z0-9+/=]+|eyJ[A-Za-z0-9_-]{10,}\.`)

func TestSessionService(t *testing.T) {
	sb := sandboxtest.New(t, sandboxtest.Options{})
	// The sandbox served on a server of the test's own, so that the test
	// can take it away.
	ts := httptest.NewServer(sb.Server.Handler())
	defer ts.Close()
	m := sb.Manifest
	tech := m.Account(demodata.TechEmail)
	e := newSessionEnv(t, t.TempDir(), noKeychain{})
	s := e.s
	var sent []any // every DTO that went to the frontend

	var techID string
	t.Run("sign in", func(t *testing.T) {
		if st, _ := s.State(); len(st.Accounts) != 0 || st.Sandbox {
			t.Fatalf("State before sign-in = %+v, want no account and no sandbox", st)
		}
		res, err := s.SignIn(SignInRequest{Server: ts.URL, Email: " " + tech.Email + " ", Password: tech.Password})
		if err != nil {
			t.Fatal(err)
		}
		sent = append(sent, res)
		if res.Status != SignedIn || res.Account == nil || res.Account.Locked || res.Account.ID != tech.UserID {
			t.Fatalf("SignIn = %+v, want the technician signed in and unlocked", res)
		}
		techID = res.Account.ID
		u, _ := url.Parse(ts.URL)
		if res.Account.ServerLabel != u.Host || res.Account.Server != ts.URL {
			t.Errorf("server = %q labelled %q, want %q labelled %q", res.Account.Server, res.Account.ServerLabel, ts.URL, u.Host)
		}
		if _, err := time.Parse(time.RFC3339, res.Account.LastSync); err != nil {
			t.Errorf("LastSync = %q, want an RFC 3339 time: %v", res.Account.LastSync, err)
		}
		if n, err := vaultLen(t, e.c, tech.Email); err != nil || n == 0 {
			t.Errorf("vault after sign-in: %d items, %v", n, err)
		}
		if e.count("session:changed") == 0 {
			t.Error("sign-in sent no session:changed")
		}
	})

	t.Run("input errors", func(t *testing.T) {
		for name, r := range map[string]SignInRequest{
			"no server":   {Email: tech.Email, Password: "x"},
			"bad server":  {Server: "ftp://vault.example.com", Email: tech.Email, Password: "x"},
			"no email":    {Server: ts.URL, Password: "x"},
			"not email":   {Server: ts.URL, Email: "tech", Password: "x"},
			"no password": {Server: ts.URL, Email: tech.Email},
			"half key":    {Server: ts.URL, Email: tech.Email, Password: "x", ClientID: "user.1"},
			"duo":         {Server: ts.URL, Email: tech.Email, Password: "x", TwoFactorMethod: "duo", TwoFactorCode: "1"},
		} {
			_, err := s.SignIn(r)
			wantCode(t, name, err, CodeInvalid)
		}
		_, err := s.Unlock(techID, "")
		wantCode(t, "Unlock with no password", err, CodeInvalid)
		_, err = s.Unlock("no-such-account", "x")
		wantCode(t, "Unlock of an unknown account", err, CodeNotSignedIn)
	})

	t.Run("wrong password", func(t *testing.T) {
		a := m.Account(demodata.Tech2Email)
		_, err := s.SignIn(SignInRequest{Server: ts.URL, Email: a.Email, Password: a.Password + "x"})
		wantCode(t, "SignIn with a wrong password", err, CodeWrongPassword)
		if strings.Contains(err.Error(), a.Password) {
			t.Error("the error holds the password")
		}
		if st, _ := s.State(); len(st.Accounts) != 1 {
			t.Errorf("a refused sign-in left %d accounts, want 1", len(st.Accounts))
		}
	})

	t.Run("two-factor", func(t *testing.T) {
		a := m.Account(demodata.AuthenticatorEmail)
		req := SignInRequest{Server: ts.URL, Email: a.Email, Password: a.Password}
		res, err := s.SignIn(req)
		if err != nil {
			t.Fatalf("SignIn without a code: %v, want a two-factor result", err)
		}
		sent = append(sent, res)
		if res.Status != SignInNeedsCode || !slices.Contains(res.Methods, "authenticator") || res.EmailSent || res.Account != nil {
			t.Fatalf("SignIn without a code = %+v, want the authenticator step", res)
		}
		// The seeder used the current step; steps are single-use.
		p, err := totp.Parse(a.TOTPSecret)
		if err != nil {
			t.Fatal(err)
		}
		code, _, err := p.Code(time.Now().Add(30 * time.Second))
		if err != nil {
			t.Fatal(err)
		}
		req.TwoFactorMethod, req.TwoFactorCode = "authenticator", code
		res, err = s.SignIn(req)
		if err != nil || res.Status != SignedIn || res.Account == nil || res.Account.Locked {
			t.Fatalf("SignIn with the code = %+v, %v", res, err)
		}
	})

	t.Run("new device", func(t *testing.T) {
		a := m.Account(demodata.NewDeviceEmail)
		req := SignInRequest{Server: ts.URL, Email: a.Email, Password: a.Password}
		res, err := s.SignIn(req)
		if err != nil || res.Status != SignInNeedsNewCode {
			t.Fatalf("SignIn from a new device = %+v, %v, want the new-device step", res, err)
		}
		req.NewDeviceCode = "000000x"
		_, err = s.SignIn(req)
		wantCode(t, "SignIn with a wrong new-device code", err, CodeWrongPassword)
		// That attempt had a fresh code mailed; the newest one counts.
		mails, err := sb.Server.Mailbox(t.Context(), a.Email)
		if err != nil || len(mails) == 0 {
			t.Fatalf("mailbox: %v, %d mails", err, len(mails))
		}
		req.NewDeviceCode = mails[len(mails)-1].Token
		res, err = s.SignIn(req)
		if err != nil || res.Status != SignedIn {
			t.Fatalf("SignIn with the mailed code = %+v, %v", res, err)
		}
	})

	t.Run("API key", func(t *testing.T) {
		req := SignInRequest{Server: ts.URL, Email: tech.Email, Password: tech.Password,
			ClientID: tech.APIKey.ClientID, ClientSecret: string(tech.APIKey.ClientSecret)}
		res, err := s.SignIn(req)
		if err != nil || res.Status != SignedIn || res.Account.ID != techID {
			t.Fatalf("SignIn with the API key = %+v, %v", res, err)
		}
		sent = append(sent, res)
	})

	t.Run("nothing secret reaches the frontend", func(t *testing.T) {
		st, err := s.State()
		if err != nil {
			t.Fatal(err)
		}
		data, err := json.Marshal(append(sent, st))
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		for what, secret := range map[string]string{
			"master password": tech.Password,
			"API key secret":  string(tech.APIKey.ClientSecret),
			"TOTP secret":     m.Account(demodata.AuthenticatorEmail).TOTPSecret,
		} {
			if strings.Contains(text, secret) {
				t.Errorf("the DTOs hold the %s", what)
			}
		}
		if loc := encString.FindString(text); loc != "" {
			t.Errorf("the DTOs hold an EncString or a token: %q", loc)
		}
		if !strings.Contains(text, `"serverLabel"`) || !strings.Contains(text, tech.Email) {
			t.Errorf("State JSON %s lacks what the switcher shows", text)
		}
	})

	t.Run("lock forgets the vault", func(t *testing.T) {
		if _, err := e.c.copier.Copy(t.Context(), []byte("copied-before-lock")); err != nil {
			t.Fatal(err)
		}
		if err := s.Lock(techID); err != nil {
			t.Fatal(err)
		}
		if got, _ := e.board.Read(t.Context()); len(got) != 0 {
			t.Errorf("clipboard after Lock = %q, want it cleared", got)
		}
		if v := e.view(t, techID); !v.Locked || v.LastSync != "" {
			t.Errorf("after Lock the account shows %+v, want locked with no sync time", v)
		}
		if _, err := vaultLen(t, e.c, tech.Email); !errors.Is(err, accounts.ErrLocked) {
			t.Errorf("Vault after Lock: %v, want ErrLocked", err)
		}
		set, err := e.c.mgr.Set(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := set.Vault(techID); err == nil {
			t.Error("the search set still holds the locked account's vault")
		}
	})

	t.Run("unlock", func(t *testing.T) {
		_, err := s.Unlock(techID, tech.Password+"x")
		wantCode(t, "Unlock with a wrong password", err, CodeWrongPassword)
		if v := e.view(t, techID); !v.Locked {
			t.Error("a wrong password unlocked the account")
		}
		v, err := s.Unlock(techID, tech.Password)
		if err != nil || v.Locked {
			t.Fatalf("Unlock = %+v, %v", v, err)
		}
		if n, err := vaultLen(t, e.c, tech.Email); err != nil || n == 0 {
			t.Errorf("vault after Unlock: %d items, %v", n, err)
		}
		// The background sync records its check.
		waitFor(t, "the sync after unlock", func() bool { return !e.c.idle.syncs.get(techID).checked.IsZero() })
	})

	t.Run("keychain unavailable", func(t *testing.T) {
		_, err := s.SetKeychain(techID, true)
		wantCode(t, "SetKeychain without a system keychain", err, CodeKeychain)
		_, err = s.UnlockWithKeychain(techID)
		wantCode(t, "UnlockWithKeychain without a system keychain", err, CodeKeychain)
	})

	t.Run("keychain (mock store)", func(t *testing.T) {
		// The macOS/Windows fake: the real Secret Service is tested in
		// internal/keychain and internal/accounts.
		k := newSessionEnv(t, t.TempDir(), keychain.NewMacOSWindowsFake())
		res, err := k.s.SignIn(SignInRequest{Server: ts.URL, Email: tech.Email, Password: tech.Password})
		if err != nil {
			t.Fatal(err)
		}
		id := res.Account.ID
		if v, err := k.s.SetKeychain(id, true); err != nil || !v.Keychain {
			t.Fatalf("SetKeychain(true) = %+v, %v", v, err)
		}
		if err := k.s.LockAll(); err != nil {
			t.Fatal(err)
		}
		if v, err := k.s.UnlockWithKeychain(id); err != nil || v.Locked {
			t.Fatalf("UnlockWithKeychain = %+v, %v", v, err)
		}
		if v, err := k.s.SetKeychain(id, false); err != nil || v.Keychain {
			t.Fatalf("SetKeychain(false) = %+v, %v", v, err)
		}
		k.s.LockAll()
		_, err = k.s.UnlockWithKeychain(id)
		wantCode(t, "UnlockWithKeychain once disabled", err, CodeKeychain)
	})

	t.Run("settings", func(t *testing.T) {
		in := DefaultSettings()
		in.ClipboardClearSeconds, in.LockTimeoutMinutes, in.Theme = 45, 5, "dark"
		got, err := s.SaveSettings(in)
		if err != nil || got.ClipboardClearSeconds != 45 || got.LockTimeoutMinutes != 5 || got.Theme != "dark" {
			t.Fatalf("SaveSettings = %+v, %v", got, err)
		}
		if again, _ := s.Settings(); again.Theme != "dark" || again.LockTimeoutMinutes != 5 {
			t.Errorf("Settings after save = %+v", again)
		}
		if st, _ := s.State(); st.Settings.ClipboardClearSeconds != 45 {
			t.Errorf("State().Settings = %+v, want the saved ones", st.Settings)
		}
		e.c.idle.mu.Lock()
		timeout := e.c.idle.timeout
		e.c.idle.mu.Unlock()
		if timeout != 5*time.Minute {
			t.Errorf("idle lock timeout = %v after saving 5 minutes", timeout)
		}
		reopened, err := openSettings(e.dir)
		if err != nil || reopened.get().Theme != "dark" {
			t.Errorf("settings on disk = %+v, %v", reopened.get(), err)
		}
		for name, bad := range map[string]Settings{
			"theme":   {ClipboardClearSeconds: 30, LockTimeoutMinutes: 15, Theme: "pink"},
			"clear":   {ClipboardClearSeconds: -5, LockTimeoutMinutes: 15, Theme: "light"},
			"timeout": {ClipboardClearSeconds: 30, LockTimeoutMinutes: 24*60 + 1, Theme: "light"},
		} {
			_, err := s.SaveSettings(bad)
			wantCode(t, "SaveSettings with a bad "+name, err, CodeInvalid)
		}
		if again, _ := s.Settings(); again.Theme != "dark" || again.ClipboardClearSeconds != 45 {
			t.Errorf("a refused save changed the settings to %+v", again)
		}
	})

	t.Run("idle lock", func(t *testing.T) {
		if _, err := e.c.copier.Copy(t.Context(), []byte("copied-secret")); err != nil {
			t.Fatal(err)
		}
		before := e.count("session:changed")
		e.c.idle.setTimeout(50 * time.Millisecond)
		waitFor(t, "the idle lock", func() bool { return !e.c.anyUnlocked(t.Context()) })
		e.c.idle.setTimeout(time.Hour)
		if got, _ := e.board.Read(t.Context()); len(got) != 0 {
			t.Errorf("clipboard after the idle lock = %q, want it cleared", got)
		}
		waitFor(t, "session:changed after the idle lock", func() bool { return e.count("session:changed") > before })
		if _, err := vaultLen(t, e.c, tech.Email); !errors.Is(err, accounts.ErrLocked) {
			t.Errorf("Vault after the idle lock: %v, want ErrLocked", err)
		}
	})

	t.Run("touch postpones the idle lock", func(t *testing.T) {
		if _, err := s.Unlock(techID, tech.Password); err != nil {
			t.Fatal(err)
		}
		e.c.idle.setTimeout(300 * time.Millisecond)
		for range 6 {
			time.Sleep(100 * time.Millisecond)
			s.Touch()
		}
		if e.view(t, techID).Locked {
			t.Error("the account locked although the user was active")
		}
		e.c.idle.setTimeout(time.Hour)
	})

	t.Run("sync", func(t *testing.T) {
		changed := e.count("vault:changed")
		st, err := s.Sync("")
		if err != nil {
			t.Fatalf("Sync(every unlocked account) = %v", err)
		}
		if len(st.Accounts) == 0 {
			t.Fatal("Sync returned no state")
		}
		if e.count("vault:changed") == changed {
			t.Error("a full sync sent no vault:changed, so lists would not reload")
		}
		// The periodic check runs while unlocked and records its time.
		before := e.c.idle.syncs.get(techID).checked
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		go e.c.syncLoop(ctx, 20*time.Millisecond)
		waitFor(t, "a periodic sync", func() bool { return e.c.idle.syncs.get(techID).checked.After(before) })
		cancel()

		locked := m.Account(demodata.NewDeviceEmail).UserID
		if err := s.Lock(locked); err != nil {
			t.Fatal(err)
		}
		_, err = s.Sync(locked)
		wantCode(t, "Sync of a locked account", err, CodeLocked)
	})

	t.Run("offline", func(t *testing.T) {
		if e.view(t, techID).Locked {
			t.Fatal("the account should be unlocked here")
		}
		ts.Close() // the server goes away
		st, err := s.Sync(techID)
		if err != nil {
			t.Fatalf("Sync with the server gone = %v, want no error", err)
		}
		var v AccountView
		for _, a := range st.Accounts {
			if a.ID == techID {
				v = a
			}
		}
		if !v.Offline || v.Locked || v.SyncError != "" {
			t.Errorf("after a sync with the server gone the account shows %+v, want offline and unlocked", v)
		}
		if n, err := vaultLen(t, e.c, tech.Email); err != nil || n == 0 {
			t.Errorf("cached vault while offline: %d items, %v", n, err)
		}
		set, err := e.c.mgr.Set(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if res, err := set.Search("", vault.Filter{AccountID: techID}, 5); err != nil || len(res) == 0 {
			t.Errorf("search while offline: %d results, %v", len(res), err)
		}
	})

	t.Run("log out", func(t *testing.T) {
		id := m.Account(demodata.AuthenticatorEmail).UserID
		if err := s.Logout(id); err != nil {
			t.Fatal(err)
		}
		st, _ := s.State()
		for _, a := range st.Accounts {
			if a.ID == id {
				t.Error("the account is still listed after Logout")
			}
		}
		if _, err := os.Stat(filepath.Join(e.dir, "accounts", id+".db")); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("the account's cache is still on disk: %v", err)
		}
	})
}

// TestTrySandbox runs "Try the sandbox" on a fresh data directory (it
// seeds the demo data, so it takes a while), then opens the app again:
// the sandbox comes back on the same port, so the account still reaches it.
func TestTrySandbox(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds the demo data")
	}
	t.Setenv("VAULTDESK_SANDBOX_SCALE", "")
	dir := t.TempDir()
	e := newSessionEnv(t, dir, noKeychain{})
	v, err := e.s.TrySandbox()
	if err != nil {
		t.Fatal(err)
	}
	if v.Locked || v.Email != demodata.TechEmail || v.ServerLabel != "Sandbox" || !strings.HasPrefix(v.Server, "http://127.0.0.1:") {
		t.Errorf("TrySandbox = %+v, want the technician unlocked on the local sandbox", v)
	}
	want := []string{"Starting the sandbox", "Creating the demo data", "Signing in", "Syncing"}
	if got := e.steps(); !slices.Equal(got, want[:3]) && !slices.Equal(got, want) {
		t.Errorf("progress steps = %q, want %q", got, want)
	}
	if n, err := vaultLen(t, e.c, demodata.TechEmail); err != nil || n < 10 {
		t.Errorf("the sandbox vault has %d items (%v), want the demo data", n, err)
	}
	if st, _ := e.s.State(); !st.Sandbox {
		t.Error("State().Sandbox is false with the sandbox running")
	}
	if _, err := os.Stat(filepath.Join(dir, "sandbox", "sandbox.db")); err != nil {
		t.Errorf("the sandbox keeps no database in <data>/sandbox: %v", err)
	}
	e.c.Close()

	// The app again: the account is locked, the sandbox starts by itself
	// on its old port, and trying again only unlocks.
	again := newSessionEnv(t, dir, noKeychain{})
	again.c.Startup(t.Context())
	waitFor(t, "the sandbox to start again", func() bool { _, ok := again.c.sandbox.running(); return ok })
	if u, _ := again.c.sandbox.running(); u != v.Server {
		t.Errorf("the sandbox came back on %s, want %s", u, v.Server)
	}
	w := again.view(t, v.ID)
	if !w.Locked || w.ServerLabel != "Sandbox" {
		t.Errorf("after a restart the account shows %+v, want it locked on the Sandbox", w)
	}
	w, err = again.s.TrySandbox()
	if err != nil || w.Locked || w.ID != v.ID {
		t.Fatalf("TrySandbox again = %+v, %v", w, err)
	}
	if got := again.steps(); slices.Contains(got, "Creating the demo data") {
		t.Errorf("the second TrySandbox seeded again: %q", got)
	}
	if _, err := again.s.Sync(v.ID); err != nil {
		t.Errorf("Sync against the restarted sandbox: %v", err)
	}
	if a := again.view(t, v.ID); a.Offline || a.SyncError != "" {
		t.Errorf("after a sync the account shows %+v, want it online", a)
	}
}

func TestIdleLock(t *testing.T) {
	fired := make(chan struct{}, 10)
	l := newIdleLock(40*time.Millisecond, func() { fired <- struct{}{} })
	defer l.stop()
	select {
	case <-fired:
	case <-time.After(5 * time.Second):
		t.Fatal("the idle lock did not fire")
	}

	// setTimeout(0) turns it off.
	l.setTimeout(0)
	select {
	case <-fired:
		t.Fatal("the idle lock fired with the timeout off")
	case <-time.After(150 * time.Millisecond):
	}

	// A superseded countdown never fires: only the last one does, once.
	l.setTimeout(time.Hour)
	l.setTimeout(40 * time.Millisecond)
	l.setTimeout(time.Hour)
	select {
	case <-fired:
		t.Fatal("a superseded countdown fired")
	case <-time.After(150 * time.Millisecond):
	}

	l.stop()
	l.touch()
	l.setTimeout(10 * time.Millisecond)
	select {
	case <-fired:
		t.Fatal("the idle lock fired after stop")
	case <-time.After(100 * time.Millisecond):
	}
}

func TestLabelServer(t *testing.T) {
	for _, tc := range []struct{ server, sandbox, want string }{
		{"https://vault.bitwarden.com", "", "Bitwarden US"},
		{"https://vault.bitwarden.eu/", "", "Bitwarden EU"},
		{"http://127.0.0.1:4321", "http://127.0.0.1:4321", "Sandbox"},
		{accounts.SandboxURL, "", "Sandbox"},
		{"http://127.0.0.1:4321", "http://127.0.0.1:9999", "127.0.0.1:4321"},
		{"https://vault.msp.example:8443/bw", "", "vault.msp.example:8443"},
	} {
		if got := labelServer(tc.server, tc.sandbox); got != tc.want {
			t.Errorf("labelServer(%q, %q) = %q, want %q", tc.server, tc.sandbox, got, tc.want)
		}
	}
}
