package accounts

import (
	"context"
	"fmt"

	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// Edit runs f with an unlocked account's vault and its server client, for a
// change made on the server (create, edit, share, trash…). Writes need the
// server: when it is unreachable, f's request fails and nothing local
// changes. After f succeeds the account is synced, so the cache and the next
// Vault call show the change; renewed tokens are sealed back either way.
func (m *Manager) Edit(ctx context.Context, email string, f func(v *vault.Vault, c vault.CipherAPI) error) error {
	a, err := m.find(email)
	if err != nil {
		return err
	}
	err = withUnlocked(a, func() error {
		v, err := m.vault(ctx, a)
		if err != nil {
			return err
		}
		c, err := m.apiClient(ctx, a)
		if err != nil {
			return err
		}
		defer func() {
			if err := m.saveTokens(ctx, a, nil); err != nil {
				m.log.Warn("edit: tokens not saved", "op", "edit", "account", a.id, "err", err)
			}
		}()
		return netError(f(v, c))
	})
	if err != nil {
		return fmt.Errorf("edit %s: %w", a.rec.Email, err)
	}
	if _, err := m.Sync(ctx, email, false); err != nil {
		return fmt.Errorf("the change was saved on the server, but the local copy is not updated yet (run 'vdesk sync'): %w", err)
	}
	return nil
}
