package admin_test

import (
	"context"
	"net/http/httptest"
	"os"
	"sync"
	"testing"

	"github.com/vaultdesk/vaultdesk/internal/accounts"
	"github.com/vaultdesk/vaultdesk/internal/admin"
	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/sandbox"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/sandboxtest"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// env is a seeded demo sandbox served on 127.0.0.1.
type env struct {
	srv *sandbox.Server
	ts  *httptest.Server
	m   *demodata.Manifest
}

var (
	sharedOnce sync.Once
	shared     *env
	sharedErr  error
	sharedDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	for _, e := range []*env{shared, scale} {
		if e != nil {
			e.ts.Close()
			e.srv.Close()
		}
	}
	for _, d := range []string{sharedDir, scaleDir} {
		if d != "" {
			os.RemoveAll(d)
		}
	}
	os.Exit(code)
}

// seeded returns the package's shared demo sandbox. Tests that change it
// use names of their own, so that they do not see each other's changes.
func seeded(t *testing.T) *env {
	t.Helper()
	if testing.Short() {
		t.Skip("seeds a sandbox")
	}
	sharedOnce.Do(func() {
		sharedDir, sharedErr = os.MkdirTemp("", "admin-sandbox-")
		if sharedErr == nil {
			shared, sharedErr = seed(context.Background(), sharedDir)
		}
	})
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return shared
}

// newSeeded seeds a sandbox of the test's own, for tests that need a
// state nobody else changes (seat limits, the last owner).
func newSeeded(t *testing.T) *env {
	t.Helper()
	e := sandboxtest.New(t, sandboxtest.Options{})
	return &env{srv: e.Server, ts: e.HTTP, m: e.Manifest}
}

func seed(ctx context.Context, dir string) (*env, error) {
	return seedWith(ctx, dir, sandboxtest.Options{})
}

// seedWith seeds a sandbox in dir with opts (the demo set, or a Scale).
func seedWith(ctx context.Context, dir string, opts sandboxtest.Options) (*env, error) {
	e, err := sandboxtest.Seed(ctx, dir, opts)
	if err != nil {
		return nil, err
	}
	return &env{srv: e.Server, ts: e.HTTP, m: e.Manifest}, nil
}

// login signs email into a new data directory and returns its manager.
func (e *env) login(t testing.TB, email string) *accounts.Manager {
	t.Helper()
	a := e.m.Account(email)
	if a == nil {
		t.Fatalf("no demo account %s", email)
	}
	m, err := accounts.Open(t.TempDir(), accounts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	if _, err := m.Login(t.Context(), accounts.LoginRequest{Email: a.Email, Server: e.ts.URL, Password: []byte(a.Password)}); err != nil {
		t.Fatalf("log in %s: %v", email, err)
	}
	return m
}

// adminDo runs f in an admin session of the manager's account, and syncs
// afterwards so that the vault shows what f changed.
func adminDo(t *testing.T, m *accounts.Manager, f func(s *admin.Session) error) error {
	t.Helper()
	err := m.Admin(t.Context(), "", func(v *vault.Vault, c *api.Client) error {
		return f(admin.NewSession(v, c))
	})
	if _, serr := m.Sync(t.Context(), "", true); serr != nil && err == nil {
		err = serr
	}
	return err
}
