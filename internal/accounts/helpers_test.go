package accounts_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/vaultdesk/vaultdesk/internal/accounts"
	"github.com/vaultdesk/vaultdesk/internal/sandbox"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/sandboxtest"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// sandboxEnv is a seeded sandbox. Tests serve its handler on their own
// httptest servers, so that each can wrap it or stop it.
type sandboxEnv struct {
	srv *sandbox.Server
	m   *demodata.Manifest
}

var (
	sharedOnce sync.Once
	shared     *sandboxEnv
	sharedErr  error
	sharedDirs []string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if shared != nil {
		shared.srv.Close()
	}
	for _, d := range sharedDirs {
		os.RemoveAll(d)
	}
	os.Exit(code)
}

// seeded returns the package's shared seeded sandbox.
func seeded(t *testing.T) *sandboxEnv {
	t.Helper()
	if testing.Short() {
		t.Skip("seeds a sandbox")
	}
	sharedOnce.Do(func() {
		dir, err := os.MkdirTemp("", "accounts-sandbox-")
		if err != nil {
			sharedErr = err
			return
		}
		sharedDirs = append(sharedDirs, dir)
		shared, sharedErr = seed(context.Background(), dir)
	})
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return shared
}

// newSeeded seeds a sandbox of the test's own.
func newSeeded(t *testing.T) *sandboxEnv {
	t.Helper()
	e := sandboxtest.New(t, sandboxtest.Options{})
	return &sandboxEnv{srv: e.Server, m: e.Manifest}
}

func seed(ctx context.Context, dir string) (*sandboxEnv, error) {
	e, err := sandboxtest.Seed(ctx, dir, sandboxtest.Options{})
	if err != nil {
		return nil, err
	}
	e.HTTP.Close() // tests serve the handler on servers of their own
	return &sandboxEnv{srv: e.Server, m: e.Manifest}, nil
}

// serve serves h (nil: the sandbox's handler) until the test ends.
func (e *sandboxEnv) serve(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	if h == nil {
		h = e.srv.Handler()
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts
}

func (e *sandboxEnv) account(email string) demodata.Account { return *e.m.Account(email) }

// logBuffer collects every log line of a Manager, and echoes it to t.Logf.
type logBuffer struct {
	t  *testing.T
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.t.Logf("%s", strings.TrimSuffix(string(p), "\n"))
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// open opens a Manager on dir whose logs go to the test log.
func open(t *testing.T, dir string) (*accounts.Manager, *logBuffer) {
	t.Helper()
	logs := &logBuffer{t: t}
	m, err := accounts.Open(dir, accounts.Options{Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m, logs
}

// login logs a into the server at url with its password.
func login(t *testing.T, m *accounts.Manager, url string, a demodata.Account) accounts.Status {
	t.Helper()
	st, err := m.Login(t.Context(), accounts.LoginRequest{Email: a.Email, Server: url, Password: []byte(a.Password)})
	if err != nil {
		t.Fatalf("Login(%s): %v", a.Email, err)
	}
	return st
}

// firstItem returns the name of a live personal item of owner.
func (e *sandboxEnv) firstItem(t *testing.T, owner string) demodata.Item {
	t.Helper()
	for _, it := range e.m.Items {
		if it.Owner == owner && !it.Deleted {
			return it
		}
	}
	t.Fatalf("no item of %s", owner)
	return demodata.Item{}
}

// findItem searches every unlocked account of m for the item's name.
func findItem(t *testing.T, m *accounts.Manager, it demodata.Item) bool {
	t.Helper()
	set, err := m.Set(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	res, err := set.Search(it.Name, vault.Filter{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.ID == it.ID {
			return true
		}
	}
	return false
}
