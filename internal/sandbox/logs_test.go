package sandbox

import (
	"bytes"
	"encoding/base64"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// lockedBuffer collects log output from concurrent handlers.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestLogsHoldNoSecrets captures every log line, at debug level, through
// registration, login, a wrong password, item writes and sync, and checks
// that no secret of the account appears.
func TestLogsHoldNoSecrets(t *testing.T) {
	var logs lockedBuffer
	dir := t.TempDir()
	srv, err := Open(Config{DataDir: dir, PasswordIterations: 1000,
		Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	e := &env{t: t, dir: dir, srv: srv, ts: ts}

	a := e.register("logs@example.com")
	wrong := a.loginForm()
	wrong.Set("password", "d3Jvbmc=")
	e.form(wrong)
	body := loginCipher(t, a.userKey, "site", "user", "pw")
	e.ok("POST", "/api/ciphers", a.token, body, nil)
	e.do("POST", "/api/ciphers", a.token, map[string]any{"type": 1, "name": "2.bad|bad|bad"})
	e.syncOf(a)

	out := logs.String()
	if !strings.Contains(out, "/api/sync") {
		t.Fatalf("request log missing; got:\n%s", out)
	}
	for name, secret := range map[string]string{
		"password hash": a.hash, "access token": a.token, "refresh token": a.refresh,
		"cipher name": body["name"].(string), "user key": base64.StdEncoding.EncodeToString(a.userKey.Bytes()),
		"email": a.email,
	} {
		if strings.Contains(out, secret) {
			t.Errorf("log contains the %s", name)
		}
	}
}
