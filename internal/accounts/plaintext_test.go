package accounts_test

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/vaultdesk/vaultdesk/internal/sandbox/demodata"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// TestNothingReadableOnDisk logs in to the demo vault, syncs it, uses it,
// and then scans every file under the data directory, WAL included, for
// plaintext the seed put in the vault: organization, collection and item
// names, usernames, passwords, notes, TOTP secrets and member emails.
func TestNothingReadableOnDisk(t *testing.T) {
	e := seeded(t)
	ts := e.serve(t, e.srv.Handler())
	dir := t.TempDir()
	m, _ := open(t, dir)
	tech := e.account(demodata.TechEmail)
	login(t, m, ts.URL, tech)
	if _, err := m.Sync(t.Context(), tech.Email, true); err != nil {
		t.Fatal(err)
	}
	if set, err := m.Set(t.Context()); err != nil {
		t.Fatal(err)
	} else if _, err := set.Search("router", vault.Filter{}, 10); err != nil {
		t.Fatal(err)
	}

	var secrets []string
	add := func(s string) {
		if len(s) >= 6 && s != tech.Email { // the account email is the one readable value
			secrets = append(secrets, s)
		}
	}
	for _, o := range e.m.Orgs {
		add(o.Name)
		for _, c := range o.Collections {
			add(c.Name)
		}
		for _, mem := range o.Members {
			add(mem.Email)
		}
	}
	for _, it := range e.m.Items {
		if it.Owner != "" && it.Owner != tech.Email {
			continue
		}
		add(it.Name)
		add(it.Username)
		add(it.Password)
		add(it.Notes)
		add(it.TOTP)
	}
	add(tech.Password)
	if len(secrets) < 50 {
		t.Fatalf("only %d known plaintexts to look for, want at least 50", len(secrets))
	}

	var files int
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		for _, s := range secrets {
			for _, form := range []string{s, hex.EncodeToString([]byte(s)), base64.StdEncoding.EncodeToString([]byte(s))} {
				if bytes.Contains(b, []byte(form)) {
					t.Errorf("%s holds %q in a readable form", filepath.Base(path), s)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The scan must have seen the cache and its WAL, and can find what is
	// meant to be readable.
	if files < 2 {
		t.Errorf("scanned %d files under the data directory, want the cache and its WAL at least", files)
	}
	found := false
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(path)
			found = found || bytes.Contains(b, []byte(tech.Email))
		}
		return nil
	})
	if !found {
		t.Error("the scan does not find even the readable account email: it is not reading the cache")
	}
	t.Logf("looked for %d plaintexts in %d files", len(secrets), files)
}
