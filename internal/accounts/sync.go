package accounts

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/vaultdesk/vaultdesk/internal/cache"
)

// SyncResult says what Sync did.
type SyncResult struct {
	// Synced is false when the revision date had not moved and the full
	// sync was skipped.
	Synced   bool
	Revision time.Time
}

// Sync brings an unlocked account's cache up to date: it asks the server
// for the account revision date and runs a full sync only if it moved since
// the last one, or if force is set. A failed or interrupted sync leaves the
// cache as it was (ErrUnreachable when the server could not be reached or
// cut the answer). Renewed tokens are sealed back into the cache.
func (m *Manager) Sync(ctx context.Context, email string, force bool) (SyncResult, error) {
	a, err := m.find(email)
	if err != nil {
		return SyncResult{}, err
	}
	var res SyncResult
	err = withUnlocked(a, func() error {
		c, err := m.apiClient(ctx, a)
		if err != nil {
			return err
		}
		// Persist rotated tokens whatever happens below.
		defer func() {
			if err := m.saveTokens(ctx, a, nil); err != nil {
				m.log.Warn("sync: tokens not saved", "op", "sync", "account", a.id, "err", err)
			}
		}()
		rev, err := c.RevisionDate(ctx)
		if err != nil {
			return netError(err)
		}
		res.Revision = rev
		if !force {
			last, err := a.store.LastSync(ctx, a.seal)
			if err == nil && last.Revision.Equal(rev) {
				return nil
			}
			if err != nil && !errors.Is(err, cache.ErrNotFound) {
				return err
			}
		}
		sr, err := c.Sync(ctx)
		if err != nil {
			return netError(err)
		}
		if err := a.store.ApplySync(ctx, a.seal, sr, rev); err != nil {
			return err
		}
		if rec, err := a.store.LoadAccount(ctx); err == nil {
			a.rec = rec
		}
		if a.vault != nil {
			// The next Vault or Set call decrypts the new sync.
			m.set.Remove(a.id)
			a.vault.Lock()
			a.vault = nil
		}
		res.Synced = true
		return nil
	})
	if err != nil {
		return SyncResult{}, fmt.Errorf("sync %s: %w", a.rec.Email, err)
	}
	m.log.Info("synced", "op", "sync", "account", a.id, "full", res.Synced)
	return res, nil
}
