package cache

import (
	"bytes"
	"errors"
	"testing"
)

func TestSlots(t *testing.T) {
	ctx := t.Context()
	s, path := newTestStore(t)
	uk, k := testKeys(t)

	if _, err := s.LoadSealed(ctx, k, "tokens"); !errors.Is(err, ErrNotFound) {
		t.Errorf("LoadSealed of an empty slot = %v, want ErrNotFound", err)
	}
	secret := []byte("refresh-token-value")
	if err := s.SaveSealed(ctx, k, "tokens", secret); err != nil {
		t.Fatal(err)
	}
	got, err := s.LoadSealed(ctx, k, "tokens")
	if err != nil || !bytes.Equal(got, secret) {
		t.Errorf("LoadSealed = %q, %v; want %q", got, err, secret)
	}

	// A sealed value is bound to its slot name and key.
	blob, _ := s.LoadBlob(ctx, "tokens")
	if bytes.Contains(blob, secret) {
		t.Error("slot holds the value in plaintext")
	}
	if err := s.SaveBlob(ctx, "other", blob); err != nil {
		t.Fatal(err)
	}
	if _, err := s.LoadSealed(ctx, k, "other"); !errors.Is(err, ErrCorrupt) {
		t.Errorf("LoadSealed of a moved value = %v, want ErrCorrupt", err)
	}
	_, k2 := testKeys(t)
	if _, err := s.LoadSealed(ctx, k2, "tokens"); !errors.Is(err, ErrCorrupt) {
		t.Errorf("LoadSealed under another key = %v, want ErrCorrupt", err)
	}

	// A blob sealed by the caller, e.g. the user key under a session key.
	sk := make([]byte, 32)
	sk[0] = 1
	ub, err := SealUserKey(uk, sk)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SaveBlob(ctx, "session", ub); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	b, err := s.LoadBlob(ctx, "session")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := OpenUserKey(b, sk); err != nil || !got.Equal(uk) {
		t.Errorf("OpenUserKey(session slot) = %v; want the user key", err)
	}
	if err := s.SaveBlob(ctx, "short", []byte{1}); err == nil {
		t.Error("SaveBlob of a 1-byte blob succeeded")
	}

	if err := s.DeleteSlot(ctx, "session"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteSlot(ctx, "session"); err != nil {
		t.Errorf("DeleteSlot of an empty slot = %v", err)
	}
	if _, err := s.LoadBlob(ctx, "session"); !errors.Is(err, ErrNotFound) {
		t.Errorf("LoadBlob after DeleteSlot = %v, want ErrNotFound", err)
	}
}
