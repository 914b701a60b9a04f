package main

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/sandbox"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/sandboxtest"
)

// seededSandbox serves a seeded sandbox on httptest until the test ends.
func seededSandbox(t *testing.T) (*httptest.Server, *demodata.Manifest) {
	t.Helper()
	ts, m, _ := seededSandboxWithClock(t)
	return ts, m
}

// serverClock is the sandbox's clock, which a test can move forward.
type serverClock struct{ offset atomic.Int64 }

func (c *serverClock) now() time.Time          { return time.Now().Add(time.Duration(c.offset.Load())) }
func (c *serverClock) advance(d time.Duration) { c.offset.Add(int64(d)) }

func seededSandboxWithClock(t *testing.T) (*httptest.Server, *demodata.Manifest, *serverClock) {
	t.Helper()
	clock := &serverClock{}
	e := sandboxtest.New(t, sandboxtest.Options{Now: clock.now})
	return e.HTTP, e.Manifest, clock
}

// loginTech logs the demo technician into a new data directory and sets
// VDESK_SESSION for the rest of the test. It returns the --data-dir flag.
func loginTech(t *testing.T, url string, man *demodata.Manifest) string {
	t.Helper()
	tech := man.Account(demodata.TechEmail)
	dd := "--data-dir=" + t.TempDir()
	t.Setenv("VDESK_DATA_DIR", "")
	t.Setenv("VDESK_SESSION", "")
	t.Setenv("TEST_PW", tech.Password)
	t.Setenv("VDESK_SESSION", strings.TrimSpace(want(t, exitOK, "login", tech.Email, "--server", url, "--passwordenv", "TEST_PW", "--raw", dd)))
	return dd
}

// want runs vdesk and checks its exit code, returning stdout.
func want(t *testing.T, code int, args ...string) string {
	t.Helper()
	got, out, errOut := vdesk(t, args...)
	if got != code {
		t.Fatalf("vdesk %s = %d (stdout %q, stderr %q), want exit %d", strings.Join(args, " "), got, out, errOut, code)
	}
	if code != exitOK && (strings.Count(errOut, "\n") != 1 || out != "") {
		t.Errorf("vdesk %s: stdout %q, stderr %q; want one line on stderr only", strings.Join(args, " "), out, errOut)
	}
	return out
}

func TestAccountCommands(t *testing.T) {
	ts, man := seededSandbox(t)
	tech := man.Account(demodata.TechEmail)
	dir := t.TempDir()
	dd := "--data-dir=" + dir
	t.Setenv("VDESK_SESSION", "")
	t.Setenv("VDESK_DATA_DIR", "")
	t.Setenv("TEST_PW", tech.Password)
	t.Setenv("TEST_BAD_PW", "wrong password")

	want(t, exitLocked, "sync", dd)
	want(t, exitOK, "accounts", dd)

	key := strings.TrimSpace(want(t, exitOK, "login", tech.Email, "--server", ts.URL, "--passwordenv", "TEST_PW", "--raw", dd))
	if b, err := base64.StdEncoding.DecodeString(key); err != nil || len(b) != 32 {
		t.Fatalf("login --raw printed %q, want a base64 32-byte key", key)
	}
	if strings.Contains(key, tech.Password) {
		t.Fatal("the password was printed")
	}

	// Without the session the account is locked.
	var list []accountJSON
	json.Unmarshal([]byte(want(t, exitOK, "accounts", "--json", dd)), &list)
	if len(list) != 1 || list[0].Email != tech.Email || list[0].Status != "locked" || list[0].Server != ts.URL {
		t.Errorf("accounts --json without a session = %+v", list)
	}
	want(t, exitLocked, "sync", dd)

	t.Setenv("VDESK_SESSION", key)
	var st struct {
		DataDir  string
		Accounts []accountJSON
	}
	json.Unmarshal([]byte(want(t, exitOK, "status", "--json", dd)), &st)
	if st.DataDir != dir || len(st.Accounts) != 1 || st.Accounts[0].Status != "unlocked" || st.Accounts[0].LastSync == nil {
		t.Errorf("status --json with the session = %+v", st)
	}
	if out := want(t, exitOK, "sync", dd); !strings.Contains(out, "up to date") {
		t.Errorf("sync = %q, want up to date", out)
	}
	if out := want(t, exitOK, "sync", "--force", "--account", tech.Email, dd); !strings.Contains(out, "Synced") {
		t.Errorf("sync --force = %q", out)
	}

	// lock ends the session; unlock starts one, reusing $VDESK_SESSION.
	want(t, exitOK, "lock", dd)
	want(t, exitLocked, "sync", dd)
	want(t, exitError, "unlock", "--passwordenv", "TEST_BAD_PW", dd)
	if out := want(t, exitOK, "unlock", "--passwordenv", "TEST_PW", dd); !strings.Contains(out, "export VDESK_SESSION=\""+key+"\"") {
		t.Errorf("unlock = %q, want the same session key", out)
	}
	want(t, exitOK, "sync", dd)

	pwFile := filepath.Join(t.TempDir(), "pw")
	os.WriteFile(pwFile, []byte(tech.Password+"\n"), 0o600)
	t.Setenv("VDESK_SESSION", "")
	key2 := strings.TrimSpace(want(t, exitOK, "unlock", "--passwordfile", pwFile, "--raw", dd))
	if key2 == key || key2 == "" {
		t.Errorf("unlock without a session gave key %q, want a new one", key2)
	}
	t.Setenv("VDESK_SESSION", key2)

	// Server down: exit 5, and the cache still unlocks.
	ts.Close()
	want(t, exitUnreachable, "sync", "--force", dd)
	want(t, exitOK, "lock", "--account", tech.Email, dd)
	want(t, exitOK, "unlock", "--passwordenv", "TEST_PW", dd)

	want(t, exitOK, "logout", dd)
	if ents, _ := os.ReadDir(filepath.Join(dir, "accounts")); len(ents) != 0 {
		t.Errorf("after logout accounts/ holds %v", ents)
	}
	want(t, exitLocked, "unlock", "--passwordenv", "TEST_PW", dd)
}

func TestAccountTwoFactorCommand(t *testing.T) {
	ts, man := seededSandbox(t)
	a := man.Account(demodata.AuthenticatorEmail)
	t.Setenv("TEST_PW", a.Password)
	t.Setenv("VDESK_SESSION", "")
	_, out, errOut := vdesk(t, "login", a.Email, "--server", ts.URL, "--passwordenv", "TEST_PW", "--data-dir", t.TempDir())
	if !strings.Contains(errOut, "authenticator") || !strings.Contains(errOut, "--code") || out != "" {
		t.Errorf("login without a code: stdout %q, stderr %q; want a hint to pass --code", out, errOut)
	}

	// New-device verification: the hint names the flag, the mailed code
	// signs in.
	r := man.Account(demodata.NewDeviceEmail)
	t.Setenv("TEST_PW", r.Password)
	dir := t.TempDir()
	login := []string{"login", r.Email, "--server", ts.URL, "--passwordenv", "TEST_PW", "--data-dir", dir, "--raw"}
	_, _, errOut = vdesk(t, login...)
	if !strings.Contains(errOut, "--new-device-code") {
		t.Errorf("login from a new device: stderr %q; want a hint to pass --new-device-code", errOut)
	}
	resp, err := http.Get(ts.URL + "/sandbox/mailbox?to=" + r.Email)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var mails []sandbox.Mail
	if err := json.NewDecoder(resp.Body).Decode(&mails); err != nil || len(mails) == 0 || mails[len(mails)-1].Kind != "new-device" {
		t.Fatalf("mailbox: %v, %+v", err, mails)
	}
	if out := want(t, exitOK, append(login, "--new-device-code", mails[len(mails)-1].Token)...); strings.TrimSpace(out) == "" {
		t.Error("login with the new-device code printed no session key")
	}
}

func TestAccountUsage(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("VDESK_SESSION", "")
	t.Setenv("EMPTY_PW", "")
	tests := [][]string{
		{"login"},
		{"login", "a@example.com"},
		{"login", "a@example.com", "--server", "ftp://x"},
		{"login", "a@example.com", "--server", "sandbox", "--method", "sms"},
		{"login", "a@example.com", "--server", "sandbox", "--passwordenv", "EMPTY_PW"},
		{"login", "a@example.com", "--server", "sandbox"}, // no password and no terminal
		{"login", "a@example.com", "b@example.com", "--server", "sandbox"},
		{"keychain", "open"},
		{"keychain"},
		{"sync", "extra"},
		{"unlock", "--keychain", "--passwordenv", "X"},
	}
	for _, args := range tests {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			want(t, exitUsage, append(args, "--data-dir", dir)...)
		})
	}
	// An unreachable server at login is exit 5.
	t.Setenv("PW", "x")
	want(t, exitUnreachable, "login", "a@example.com", "--server", "http://127.0.0.1:1", "--passwordenv", "PW", "--data-dir", dir)
}
