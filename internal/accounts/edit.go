package accounts

import (
	"context"
	"fmt"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// Edit runs f with an unlocked account's vault and its server client, for a
// change made on the server (create, edit, share, trash…). Writes need the
// server: when it is unreachable, f's request fails and nothing local
// changes. After f succeeds the account is synced, so the cache and the next
// Vault call show the change; renewed tokens are sealed back either way.
func (m *Manager) Edit(ctx context.Context, email string, f func(v *vault.Vault, c vault.CipherAPI) error) error {
	err := m.withClient(ctx, email, "edit", "edit %s", func(v *vault.Vault, c *api.Client) error { return f(v, c) })
	if err != nil {
		return err
	}
	if _, err := m.Sync(ctx, email, false); err != nil {
		return fmt.Errorf("the change was saved on the server, but the local copy is not updated yet (run 'vdesk sync'): %w", err)
	}
	return nil
}

// Admin runs f with an unlocked account's vault (for the organization
// keys) and its API client, to administer organizations. Unlike Edit it
// does not sync afterwards: call Sync when the change should show in the
// vault (a new collection, a new organization).
func (m *Manager) Admin(ctx context.Context, email string, f func(v *vault.Vault, c *api.Client) error) error {
	return m.withClient(ctx, email, "admin", "as %s", f)
}

// withClient runs f with the account's vault and API client, then seals
// back the tokens the client may have renewed. op names the logs; prefix,
// with %s for the account's email, starts the errors.
func (m *Manager) withClient(ctx context.Context, email, op, prefix string, f func(v *vault.Vault, c *api.Client) error) error {
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
				m.log.Warn(op+": tokens not saved", "op", op, "account", a.id, "err", err)
			}
		}()
		return netError(f(v, c))
	})
	if err != nil {
		return fmt.Errorf(prefix+": %w", a.rec.Email, err)
	}
	return nil
}
