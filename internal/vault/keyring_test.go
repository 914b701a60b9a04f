package vault

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
)

func TestKeyring(t *testing.T) {
	kr := NewKeyring()
	user := crypto.GenerateSymmetricKey()
	if err := kr.Set(UserKey, user); err != nil {
		t.Fatal(err)
	}
	priv := testPrivateKey(t)
	// The keyring clears what it owns, so give it a copy of the shared key.
	wpk, _ := user.EncryptPrivateKey(priv)
	own, err := user.DecryptPrivateKey(wpk)
	if err != nil {
		t.Fatal(err)
	}
	if err := kr.SetPrivateKey(own); err != nil {
		t.Fatal(err)
	}

	if pub, err := kr.PublicKey(); err != nil || !bytes.Equal(pub.SPKI(), priv.Public().SPKI()) {
		t.Fatalf("PublicKey = %v, want the private key's public half", err)
	}

	org := crypto.GenerateSymmetricKey()
	wrappedOrg, _ := priv.Public().WrapKey(org)
	if err := kr.UnwrapKeyRSA(wrappedOrg, OrgKey("o1")); err != nil {
		t.Fatalf("UnwrapKeyRSA: %v", err)
	}
	item := crypto.GenerateSymmetricKey()
	wrappedItem, _ := org.WrapKey(item)
	if err := kr.UnwrapKey(OrgKey("o1"), wrappedItem, ItemKey("i1")); err != nil {
		t.Fatalf("UnwrapKey: %v", err)
	}
	e, err := kr.Encrypt(ItemKey("i1"), []byte("hello"))
	if err != nil {
		t.Fatal(err)
	}
	if pt, err := item.Decrypt(e); err != nil || string(pt) != "hello" {
		t.Errorf("item key decrypts %q, %v", pt, err)
	}
	if pt, err := kr.Decrypt(ItemKey("i1"), e); err != nil || string(pt) != "hello" {
		t.Errorf("Decrypt = %q, %v", pt, err)
	}
	if _, err := kr.Decrypt(OrgKey("o1"), e); !errors.Is(err, crypto.ErrMACMismatch) {
		t.Errorf("Decrypt with the wrong key: %v, want ErrMACMismatch", err)
	}
	if _, err := kr.Decrypt(OrgKey("nope"), e); !errors.Is(err, ErrNotFound) {
		t.Errorf("Decrypt with a missing key: %v, want ErrNotFound", err)
	}
	if !kr.Has(UserKey) || kr.Len() != 3 {
		t.Errorf("Has(UserKey) = %v, Len() = %d, want true, 3", kr.Has(UserKey), kr.Len())
	}
	for id, want := range map[KeyID]string{UserKey: "user", OrgKey("o1"): "org:o1", ItemKey("i1"): "item:i1", {}: "none"} {
		if got := id.String(); got != want {
			t.Errorf("KeyID.String() = %q, want %q", got, want)
		}
	}

	// Replacing a key clears the old one.
	old := crypto.GenerateSymmetricKey()
	kr.Set(OrgKey("o2"), old)
	kr.Set(OrgKey("o2"), crypto.GenerateSymmetricKey())
	zero := crypto.GenerateSymmetricKey()
	zero.Clear()
	if !old.Equal(zero) {
		t.Error("replaced key not cleared")
	}

	kr.Lock()
	if !user.Equal(zero) {
		t.Error("user key not cleared")
	}
	if !own.Equal(&crypto.PrivateKey{}) {
		t.Error("private key not cleared")
	}
	if _, err := kr.Encrypt(UserKey, []byte("x")); !errors.Is(err, ErrLocked) {
		t.Errorf("Encrypt after Lock: %v, want ErrLocked", err)
	}
	if err := kr.UnwrapKeyRSA(wrappedOrg, OrgKey("o1")); !errors.Is(err, ErrLocked) {
		t.Errorf("UnwrapKeyRSA after Lock: %v, want ErrLocked", err)
	}
	if _, err := kr.PublicKey(); !errors.Is(err, ErrLocked) {
		t.Errorf("PublicKey after Lock: %v, want ErrLocked", err)
	}
	late := crypto.GenerateSymmetricKey()
	if err := kr.Set(UserKey, late); !errors.Is(err, ErrLocked) || !late.Equal(zero) {
		t.Errorf("Set after Lock: %v; the key must be cleared", err)
	}
	if !kr.Locked() {
		t.Error("Locked() = false after Lock")
	}
}

func TestSecretRedacted(t *testing.T) {
	s := Secret{b: []byte("hunter2")}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "%v %+v %#v %s %q %x %d", s, s, s, s, s, s, s)
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("x", "secret", s)
	if strings.Contains(buf.String(), "hunter2") || strings.Contains(buf.String(), fmt.Sprintf("%x", "hunter2")) {
		t.Errorf("secret leaked: %s", buf.String())
	}
	if s.Len() != 7 || s.Reveal() != "hunter2" {
		t.Errorf("Len, Reveal = %d, %q", s.Len(), s.Reveal())
	}
	b := s.Bytes()
	s.Clear()
	if !s.IsZero() || string(b) != "\x00\x00\x00\x00\x00\x00\x00" {
		t.Errorf("Clear left %q", b)
	}
}

func TestSetRemove(t *testing.T) {
	f, _ := realisticFixture(t)
	v := f.unlock(t, account1)
	s := NewSet()
	s.Add(v)
	if got := s.Vaults(); len(got) != 1 || got[0] != v || v.Account() != account1 || v.Locked() {
		t.Errorf("Vaults() = %v", got)
	}
	if got := s.Remove(account1.ID); got != v {
		t.Errorf("Remove = %p, want %p", got, v)
	}
	if s.Remove(account1.ID) != nil {
		t.Error("Remove twice returned a vault")
	}
	if _, err := s.Search("x", Filter{}, 0); !errors.Is(err, ErrLocked) {
		t.Errorf("Search on an empty set: %v, want ErrLocked", err)
	}
	if v.Locked() {
		t.Error("Remove locked the vault")
	}
	v.Lock()
}
