package keychain

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"
)

// These tests talk to the real Secret Service on the D-Bus session bus.
// scripts/keyring-test.sh starts a private one and sets VDESK_SECRET_SERVICE=1;
// without that variable they skip, so a plain `go test ./...` passes on a
// machine with no D-Bus session.

func requireSecretService(t *testing.T) {
	t.Helper()
	if os.Getenv("VDESK_SECRET_SERVICE") != "1" {
		t.Skip("no Secret Service: run scripts/keyring-test.sh (sets VDESK_SECRET_SERVICE=1)")
	}
}

// testAccount returns an account name no other run uses, and deletes its
// entry when the test ends.
func testAccount(t *testing.T) string {
	t.Helper()
	var b [6]byte
	rand.Read(b[:])
	acct := fmt.Sprintf("%s-%x@vaultdesk.invalid", strings.ReplaceAll(t.Name(), "/", "-"), b)
	t.Cleanup(func() {
		if err := System().Delete(acct); err != nil && !errors.Is(err, ErrNotFound) {
			t.Errorf("cleanup: Delete(%s): %v", acct, err)
		}
	})
	return acct
}

func TestSecretServiceRoundTrip(t *testing.T) {
	requireSecretService(t)
	s := System()
	acct := testAccount(t)

	if _, err := s.Get(acct); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get(new account) error = %v, want ErrNotFound", err)
	}
	k1 := NewKey()
	if err := s.Set(acct, k1); err != nil {
		t.Fatalf("Set: %v", err)
	}
	if got, err := s.Get(acct); err != nil || !bytes.Equal(got, k1) {
		t.Fatalf("Get = %x, %v, want %x", got, err, k1)
	}

	k2 := NewKey()
	if err := s.Set(acct, k2); err != nil {
		t.Fatalf("Set (overwrite): %v", err)
	}
	if got, err := s.Get(acct); err != nil || !bytes.Equal(got, k2) {
		t.Fatalf("Get after overwrite = %x, %v, want %x", got, err, k2)
	}
	if items := secretToolSearch(t, acct); len(items) != 1 {
		t.Fatalf("after overwrite the Secret Service holds %d items for the account, want 1", len(items))
	}

	if err := s.Delete(acct); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := s.Get(acct); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get after Delete error = %v, want ErrNotFound", err)
	}
	if err := s.Delete(acct); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Delete after Delete error = %v, want ErrNotFound", err)
	}
}

func TestSecretServiceAccountsIndependent(t *testing.T) {
	requireSecretService(t)
	s := System()
	a, b := testAccount(t), testAccount(t)
	ka, kb := NewKey(), NewKey()
	if err := s.Set(a, ka); err != nil {
		t.Fatal(err)
	}
	if err := s.Set(b, kb); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Get(a); err != nil || !bytes.Equal(got, ka) {
		t.Fatalf("Get(a) = %x, %v, want %x", got, err, ka)
	}
	if err := s.Delete(a); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Get(b); err != nil || !bytes.Equal(got, kb) {
		t.Fatalf("Get(b) after Delete(a) = %x, %v, want %x", got, err, kb)
	}
	if _, err := s.Get(a); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get(a) after Delete(a) error = %v, want ErrNotFound", err)
	}
}

// TestSecretServiceCorruptEntry writes bad values with go-keyring directly,
// as another program or a damaged keyring could.
func TestSecretServiceCorruptEntry(t *testing.T) {
	requireSecretService(t)
	tests := []struct{ name, stored, want string }{
		{"not base64", "hunter2 is not base64!", "not base64"},
		{"short key", base64.StdEncoding.EncodeToString(make([]byte, 16)), "holds 16 bytes"},
		{"long key", base64.StdEncoding.EncodeToString(make([]byte, 48)), "holds 48 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			acct := testAccount(t)
			if err := keyring.Set(Service, acct, tt.stored); err != nil {
				t.Fatal(err)
			}
			got, err := System().Get(acct)
			if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Get = %x, %v, want ErrCorrupt mentioning %q", got, err, tt.want)
			}
			if strings.Contains(err.Error(), tt.stored) {
				t.Errorf("error %q echoes the stored value", err)
			}
			// A corrupted entry can still be replaced.
			k := NewKey()
			if err := System().Set(acct, k); err != nil {
				t.Fatal(err)
			}
			if got, err := System().Get(acct); err != nil || !bytes.Equal(got, k) {
				t.Fatalf("Get after repair = %x, %v, want %x", got, err, k)
			}
		})
	}
}

// TestSecretServiceStoredForm checks, with libsecret's secret-tool rather
// than our own code, what the Secret Service holds: exactly the standard
// base64 of the 32-byte key, and the key in no other form in the label or
// attributes.
func TestSecretServiceStoredForm(t *testing.T) {
	requireSecretService(t)
	acct := testAccount(t)
	key := NewKey()
	if err := System().Set(acct, key); err != nil {
		t.Fatal(err)
	}
	items := secretToolSearch(t, acct)
	if len(items) != 1 {
		t.Fatalf("secret-tool found %d items, want 1", len(items))
	}
	item := items[0]
	want := base64.StdEncoding.EncodeToString(key)
	if item["secret"] != want {
		t.Fatalf("stored secret is %d characters, want the 44-character base64 of the key", len(item["secret"]))
	}
	if dec, err := base64.StdEncoding.DecodeString(item["secret"]); err != nil || !bytes.Equal(dec, key) {
		t.Fatalf("stored secret does not decode to the key")
	}
	if item["attribute.service"] != Service || item["attribute.username"] != acct {
		t.Errorf("attributes = service %q, username %q, want %q, %q", item["attribute.service"], item["attribute.username"], Service, acct)
	}
	forms := []string{string(key), hex.EncodeToString(key), want,
		base64.RawStdEncoding.EncodeToString(key), base64.URLEncoding.EncodeToString(key)}
	for field, v := range item {
		if field == "secret" {
			continue
		}
		for _, f := range forms {
			if strings.Contains(v, f) {
				t.Errorf("item field %s contains the key", field)
			}
		}
	}
}

// secretToolSearch returns the items secret-tool finds for service Vaultdesk
// and the account, each as field -> value ("secret", "label",
// "attribute.username", ...).
func secretToolSearch(t *testing.T, acct string) []map[string]string {
	t.Helper()
	if _, err := exec.LookPath("secret-tool"); err != nil {
		t.Fatal("secret-tool not found (Debian package libsecret-tools; scripts/keyring-test.sh installs it)")
	}
	cmd := exec.Command("secret-tool", "search", "--all", "--unlock", "service", Service, "username", acct)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		// secret-tool exits 1 when nothing matches, and prints nothing.
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 || out.Len() > 0 {
			t.Fatalf("secret-tool search: %v (%d bytes of output)", err, out.Len())
		}
	}
	var items []map[string]string
	for line := range strings.Lines(out.String()) {
		line = strings.TrimRight(line, "\n")
		if strings.HasPrefix(line, "[") {
			items = append(items, map[string]string{})
			continue
		}
		k, v, ok := strings.Cut(line, " = ")
		if !ok || len(items) == 0 {
			continue
		}
		items[len(items)-1][k] = v
	}
	return items
}
