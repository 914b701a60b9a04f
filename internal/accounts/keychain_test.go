package accounts_test

import (
	"errors"
	"log/slog"
	"net/url"
	"os"
	"testing"

	"github.com/vaultdesk/vaultdesk/internal/accounts"
	"github.com/vaultdesk/vaultdesk/internal/keychain"
	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
)

// These tests use the real Secret Service: run them with
// scripts/keyring-test.sh, which sets VDESK_SECRET_SERVICE=1.

func openWithKeychain(t *testing.T, dir string) *accounts.Manager {
	t.Helper()
	m, err := accounts.Open(dir, accounts.Options{Keychain: keychain.System(), Logger: slog.New(slog.NewTextHandler(&logBuffer{t: t}, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

func TestKeychainSecretService(t *testing.T) {
	if os.Getenv("VDESK_SECRET_SERVICE") != "1" {
		t.Skip("needs a Secret Service; run scripts/keyring-test.sh")
	}
	e := seeded(t)
	ts := e.serve(t, nil)
	a := e.account(demodata.TechEmail)
	u, _ := url.Parse(ts.URL)
	entry := a.UserID + "@" + u.Host
	dir := t.TempDir()
	m := openWithKeychain(t, dir)
	login(t, m, ts.URL, a)
	if err := m.UnlockWithKeychain(t.Context(), ""); !errors.Is(err, accounts.ErrKeychainNotEnabled) {
		t.Errorf("UnlockWithKeychain before enabling = %v, want ErrKeychainNotEnabled", err)
	}
	if err := m.EnableKeychain(t.Context(), ""); err != nil {
		t.Fatal(err)
	}
	if st, _ := m.Status(t.Context(), ""); !st.Keychain {
		t.Error("Status does not show keychain unlock enabled")
	}
	m.Close()

	m = openWithKeychain(t, dir)
	if err := m.UnlockWithKeychain(t.Context(), ""); err != nil {
		t.Fatal(err)
	}
	if !findItem(t, m, e.firstItem(t, a.Email)) {
		t.Error("search after keychain unlock finds nothing")
	}
	if err := m.DisableKeychain(t.Context(), ""); err != nil {
		t.Fatal(err)
	}
	if _, err := keychain.System().Get(entry); !errors.Is(err, keychain.ErrNotFound) {
		t.Errorf("keychain entry after disable: %v, want ErrNotFound", err)
	}
	m.Lock(t.Context(), "")
	if err := m.UnlockWithKeychain(t.Context(), ""); !errors.Is(err, accounts.ErrKeychainNotEnabled) {
		t.Errorf("UnlockWithKeychain after disabling = %v, want ErrKeychainNotEnabled", err)
	}

	// Logout removes the entry.
	if err := m.Unlock(t.Context(), "", []byte(a.Password)); err != nil {
		t.Fatal(err)
	}
	if err := m.EnableKeychain(t.Context(), ""); err != nil {
		t.Fatal(err)
	}
	if _, err := keychain.System().Get(entry); err != nil {
		t.Fatalf("keychain entry after enable: %v", err)
	}
	if err := m.Logout(t.Context(), ""); err != nil {
		t.Fatal(err)
	}
	if _, err := keychain.System().Get(entry); !errors.Is(err, keychain.ErrNotFound) {
		t.Errorf("keychain entry after logout: %v, want ErrNotFound", err)
	}
}

func TestKeychainUnavailable(t *testing.T) {
	m, _ := open(t, t.TempDir()) // no keychain
	if err := m.EnableKeychain(t.Context(), ""); !errors.Is(err, keychain.ErrUnavailable) {
		t.Errorf("EnableKeychain without a keychain = %v, want ErrUnavailable", err)
	}
	if err := m.UnlockWithKeychain(t.Context(), ""); !errors.Is(err, keychain.ErrUnavailable) {
		t.Errorf("UnlockWithKeychain without a keychain = %v, want ErrUnavailable", err)
	}
}
