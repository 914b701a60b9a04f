package api_test

import (
	"testing"
	"time"
)

// TestRevisionDate checks that the revision date moves when the vault
// changes and stays put otherwise.
func TestRevisionDate(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	a := e.register(t, "rev@example.com")
	r1, err := a.c.RevisionDate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r1.IsZero() || r1.Before(time.Now().Add(-time.Hour)) {
		t.Errorf("RevisionDate = %v, want about now", r1)
	}
	if r, err := a.c.RevisionDate(ctx); err != nil || !r.Equal(r1) {
		t.Errorf("RevisionDate again = %v, %v; want %v", r, err, r1)
	}
	e.clock.Add(time.Second)
	name, err := a.userKey.EncryptString("Vendors")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.c.CreateFolder(ctx, name); err != nil {
		t.Fatal(err)
	}
	if r, err := a.c.RevisionDate(ctx); err != nil || !r.After(r1) {
		t.Errorf("RevisionDate after a change = %v, %v; want after %v", r, err, r1)
	}
}
