package cache

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// tSlots is the table of named slots (migration 0002).
const tSlots = "slots"

// SaveSealed seals value under k and stores it in the slot name, replacing
// what was there. The slot name is bound to the sealed value, so a value
// moved to another slot does not open. Use it for secrets the client keeps
// between runs, such as the refresh token.
func (s *Store) SaveSealed(ctx context.Context, k *SealKey, name string, value []byte) error {
	return s.SaveBlob(ctx, name, k.seal(tSlots, name, value))
}

// LoadSealed opens the slot name with k. [ErrNotFound] if the slot is
// empty; an error wrapping [ErrCorrupt] if it does not open (a wrong key or
// a tampered value).
func (s *Store) LoadSealed(ctx context.Context, k *SealKey, name string) ([]byte, error) {
	k.check()
	b, err := s.LoadBlob(ctx, name)
	if err != nil {
		return nil, err
	}
	pt, err := k.open(tSlots, name, b)
	if err != nil {
		return nil, fmt.Errorf("load slot %s: %w", name, err)
	}
	return pt, nil
}

// SaveBlob stores blob, already sealed by the caller (for example with
// [SealUserKey]), in the slot name, replacing what was there.
func (s *Store) SaveBlob(ctx context.Context, name string, blob []byte) error {
	if len(blob) < sealOverhead {
		return fmt.Errorf("save slot %s: blob is %d bytes, want at least %d", name, len(blob), sealOverhead)
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO slots (name, blob) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET blob = excluded.blob`, name, blob)
	return wrapDB("save slot "+name, err)
}

// LoadBlob returns the blob in the slot name; [ErrNotFound] if it is empty.
func (s *Store) LoadBlob(ctx context.Context, name string) ([]byte, error) {
	var b []byte
	err := s.db.QueryRowContext(ctx, "SELECT blob FROM slots WHERE name = ?", name).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("load slot %s: %w", name, ErrNotFound)
	}
	return b, wrapDB("load slot "+name, err)
}

// DeleteSlot empties the slot name; an empty slot is not an error.
func (s *Store) DeleteSlot(ctx context.Context, name string) error {
	_, err := s.db.ExecContext(ctx, "DELETE FROM slots WHERE name = ?", name)
	return wrapDB("delete slot "+name, err)
}
