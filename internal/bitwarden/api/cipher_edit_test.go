package api_test

import (
	"errors"
	"testing"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
)

// TestCipherEditFlows updates, moves, trashes, restores and deletes an
// item on a sandbox, and checks the out-of-date refusal maps to ErrConflict.
func TestCipherEditFlows(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	a := e.register(t, "edit@example.com")
	k := a.userKey

	f, err := a.c.CreateFolder(ctx, *enc(t, k, "Folder"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := a.c.CreateCipher(ctx, &api.CipherRequest{Type: api.CipherLogin, Name: *enc(t, k, "one"), Login: &api.Login{Password: enc(t, k, "pw1")}, EncryptedFor: a.id})
	if err != nil {
		t.Fatal(err)
	}
	rev := c.RevisionDate
	e.clock.Add(5 * time.Second)
	up, err := a.c.UpdateCipher(ctx, c.ID, &api.CipherRequest{Type: api.CipherLogin, Name: *enc(t, k, "two"),
		Login: &api.Login{Password: enc(t, k, "pw2")}, LastKnownRevisionDate: &rev, EncryptedFor: a.id})
	if err != nil {
		t.Fatal(err)
	}
	if dec(t, k, &up.Name) != "two" || !up.RevisionDate.After(rev) {
		t.Errorf("updated = %q rev %v (was %v)", dec(t, k, &up.Name), up.RevisionDate, rev)
	}

	// An edit from the first copy is out of date.
	_, err = a.c.UpdateCipher(ctx, c.ID, &api.CipherRequest{Type: api.CipherLogin, Name: *enc(t, k, "stale"),
		Login: &api.Login{}, LastKnownRevisionDate: &rev})
	var se *api.StatusError
	if !errors.Is(err, api.ErrConflict) || !errors.As(err, &se) || se.Code != 400 {
		t.Fatalf("stale update: err = %v, want ErrConflict wrapping a 400", err)
	}
	// Other 400s are not conflicts.
	_, err = a.c.UpdateCipher(ctx, c.ID, &api.CipherRequest{Type: api.CipherLogin, Name: *enc(t, k, "x"), Login: &api.Login{}, EncryptedFor: "someone-else"})
	if err == nil || errors.Is(err, api.ErrConflict) {
		t.Errorf("foreign encryptedFor: err = %v, want a non-conflict error", err)
	}

	if err := a.c.MoveCiphers(ctx, []string{c.ID}, f.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := a.c.GetCipher(ctx, c.ID); got == nil || got.FolderID != f.ID {
		t.Errorf("after MoveCiphers: %+v", got)
	}
	if err := a.c.MoveCiphers(ctx, []string{c.ID}, ""); err != nil {
		t.Fatal(err)
	}
	if got, _ := a.c.GetCipher(ctx, c.ID); got == nil || got.FolderID != "" {
		t.Errorf("after MoveCiphers to none: %+v", got)
	}

	if err := a.c.SoftDeleteCipher(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := a.c.GetCipher(ctx, c.ID); got == nil || got.DeletedDate == nil {
		t.Error("SoftDeleteCipher did not trash the item")
	}
	r, err := a.c.RestoreCipher(ctx, c.ID)
	if err != nil || r.DeletedDate != nil || r.ID != c.ID {
		t.Fatalf("RestoreCipher = %+v, %v", r, err)
	}
	if err := a.c.HardDeleteCipher(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := a.c.GetCipher(ctx, c.ID); !errors.Is(err, api.ErrNotFound) {
		t.Errorf("after HardDeleteCipher: err = %v, want ErrNotFound", err)
	}
}

func TestConflictError(t *testing.T) {
	inner := &api.StatusError{Code: 400, Message: "out of date"}
	err := error(&api.ConflictError{Err: inner})
	var se *api.StatusError
	if !errors.Is(err, api.ErrConflict) || !errors.As(err, &se) || err.Error() != inner.Error() {
		t.Errorf("ConflictError: %v", err)
	}
	if errors.Is(inner, api.ErrConflict) {
		t.Error("a bare StatusError matches ErrConflict")
	}
}
