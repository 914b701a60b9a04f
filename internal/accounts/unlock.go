package accounts

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
	"github.com/vaultdesk/vaultdesk/internal/cache"
	"github.com/vaultdesk/vaultdesk/internal/keychain"
	"github.com/vaultdesk/vaultdesk/internal/vault"
)

// SessionKeySize is the length of a CLI session key.
const SessionKeySize = 32

// Unlock unlocks an account ("" for the only one) with the master
// password, offline: it derives the master key and unwraps the user key the
// cache holds. A wrong password gives ErrWrongPassword and changes nothing.
func (m *Manager) Unlock(ctx context.Context, email string, password []byte) error {
	a, err := m.find(email)
	if err != nil {
		return err
	}
	uk, err := a.userKeyFrom(password)
	if err != nil {
		return fmt.Errorf("unlock %s: %w", email, err)
	}
	return m.unlockWith(ctx, a, uk, "password")
}

// VerifyPassword checks the master password of an account against its
// cache, offline, and changes nothing: the app asks for it again before
// showing the secrets of an item with master-password re-prompt.
func (m *Manager) VerifyPassword(ctx context.Context, email string, password []byte) error {
	a, err := m.find(email)
	if err != nil {
		return err
	}
	uk, err := a.userKeyFrom(password)
	if err != nil {
		return fmt.Errorf("verify the master password of %s: %w", email, err)
	}
	uk.Clear()
	return nil
}

// userKeyFrom derives the user key from the master password (one KDF run).
func (a *account) userKeyFrom(password []byte) (*crypto.SymmetricKey, error) {
	a.mu.Lock()
	rec := a.rec
	a.mu.Unlock()
	mk, err := crypto.DeriveMasterKey(password, rec.Salt, rec.KDF)
	if err != nil {
		return nil, err
	}
	defer mk.Clear()
	uk, err := mk.DecryptUserKey(rec.WrappedUserKey)
	if errors.Is(err, crypto.ErrMACMismatch) || errors.Is(err, crypto.ErrWrongKey) {
		return nil, ErrWrongPassword
	}
	return uk, err
}

// unlockWith makes a unlocked with uk, which it takes ownership of. The
// key must open the cache.
func (m *Manager) unlockWith(ctx context.Context, a *account, uk *crypto.SymmetricKey, how string) error {
	seal := cache.DeriveSealKey(uk)
	if _, err := a.store.LastSync(ctx, seal); err != nil && !errors.Is(err, cache.ErrNotFound) {
		uk.Clear()
		seal.Clear()
		return fmt.Errorf("unlock %s: %w", a.rec.Email, err)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.dropKeys(m)
	a.userKey, a.seal = uk, seal
	m.log.Info("unlocked", "op", "unlock", "account", a.id, "with", how)
	return nil
}

// dropKeys forgets a's keys, vault and client; a.mu is held.
func (a *account) dropKeys(m *Manager) {
	if a.vault != nil {
		m.set.Remove(a.id)
		a.vault.Lock()
		a.vault = nil
	}
	if a.userKey != nil {
		a.userKey.Clear()
		a.userKey = nil
	}
	if a.seal != nil {
		a.seal.Clear()
		a.seal = nil
	}
	if a.client != nil {
		a.client.Logout()
		a.client = nil
	}
}

// Lock locks an account ("" for the only one): it forgets its keys and
// decrypted items and ends its CLI session (the session slot is deleted).
func (m *Manager) Lock(ctx context.Context, email string) error {
	a, err := m.find(email)
	if err != nil {
		return err
	}
	return m.lock(ctx, a, true)
}

// LockAll locks every account in memory; CLI sessions stay.
func (m *Manager) LockAll(ctx context.Context) {
	m.mu.Lock()
	as := make([]*account, 0, len(m.accts))
	for _, a := range m.accts {
		as = append(as, a)
	}
	m.mu.Unlock()
	for _, a := range as {
		m.lock(ctx, a, false)
	}
}

func (m *Manager) lock(ctx context.Context, a *account, endSession bool) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.dropKeys(m)
	if endSession {
		if err := a.store.DeleteSlot(ctx, slotSession); err != nil {
			return fmt.Errorf("lock %s: %w", a.rec.Email, err)
		}
	}
	return nil
}

// withUnlocked runs f with a.mu held, or returns ErrLocked.
func withUnlocked(a *account, f func() error) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.userKey == nil {
		return fmt.Errorf("%s: %w", a.rec.Email, ErrLocked)
	}
	return f()
}

// StartSession seals the user key of an unlocked account under a CLI
// session key and returns that key. With key nil a new random key is made;
// passing the key of another account's session lets one key unlock several
// accounts. The key alone opens nothing: it opens the cache's session slot.
func (m *Manager) StartSession(ctx context.Context, email string, key []byte) ([]byte, error) {
	a, err := m.find(email)
	if err != nil {
		return nil, err
	}
	if key == nil {
		key = make([]byte, SessionKeySize)
		rand.Read(key)
	}
	if len(key) != SessionKeySize {
		return nil, fmt.Errorf("start session: the session key is %d bytes, want %d", len(key), SessionKeySize)
	}
	err = withUnlocked(a, func() error {
		blob, err := cache.SealUserKey(a.userKey, key)
		if err != nil {
			return err
		}
		return a.store.SaveBlob(ctx, slotSession, blob)
	})
	if err != nil {
		return nil, fmt.Errorf("start session: %w", err)
	}
	return key, nil
}

// UnlockWithSession unlocks an account with a CLI session key. No session,
// or a key of another session, gives ErrLocked.
func (m *Manager) UnlockWithSession(ctx context.Context, email string, key []byte) error {
	a, err := m.find(email)
	if err != nil {
		return err
	}
	return m.unlockSession(ctx, a, key)
}

func (m *Manager) unlockSession(ctx context.Context, a *account, key []byte) error {
	blob, err := a.store.LoadBlob(ctx, slotSession)
	if errors.Is(err, cache.ErrNotFound) {
		return fmt.Errorf("%s: no session: %w", a.rec.Email, ErrLocked)
	}
	if err != nil {
		return err
	}
	uk, err := cache.OpenUserKey(blob, key)
	if err != nil {
		return fmt.Errorf("%s: the session key does not open this account: %w", a.rec.Email, ErrLocked)
	}
	return m.unlockWith(ctx, a, uk, "session")
}

// ResumeSession unlocks every locked account whose CLI session key is key,
// and returns how many it unlocked.
func (m *Manager) ResumeSession(ctx context.Context, key []byte) int {
	m.mu.Lock()
	as := make([]*account, 0, len(m.accts))
	for _, a := range m.accts {
		as = append(as, a)
	}
	m.mu.Unlock()
	n := 0
	for _, a := range as {
		a.mu.Lock()
		locked := a.userKey == nil
		a.mu.Unlock()
		if locked && len(key) == SessionKeySize && m.unlockSession(ctx, a, key) == nil {
			n++
		}
	}
	return n
}

// EnableKeychain lets an unlocked account unlock with the OS keychain: a
// new random key goes into the keychain and the user key, sealed under it,
// into the cache.
func (m *Manager) EnableKeychain(ctx context.Context, email string) error {
	if m.opts.Keychain == nil {
		return fmt.Errorf("enable keychain: %w", keychain.ErrUnavailable)
	}
	a, err := m.find(email)
	if err != nil {
		return err
	}
	err = withUnlocked(a, func() error {
		key := keychain.NewKey()
		defer clear(key)
		blob, err := cache.SealUserKey(a.userKey, key)
		if err != nil {
			return err
		}
		if err := m.opts.Keychain.Set(a.keychainAccount(), key); err != nil {
			return err
		}
		return a.store.SaveKeychainWrappedUserKey(ctx, blob)
	})
	if err != nil {
		return fmt.Errorf("enable keychain: %w", err)
	}
	return nil
}

// UnlockWithKeychain unlocks an account with the key in the OS keychain.
// ErrKeychainNotEnabled if keychain unlock is off or its entry is gone.
func (m *Manager) UnlockWithKeychain(ctx context.Context, email string) error {
	if m.opts.Keychain == nil {
		return fmt.Errorf("unlock with keychain: %w", keychain.ErrUnavailable)
	}
	a, err := m.find(email)
	if err != nil {
		return err
	}
	blob, err := a.store.LoadKeychainWrappedUserKey(ctx)
	if errors.Is(err, cache.ErrNotFound) {
		return fmt.Errorf("unlock %s: %w", a.rec.Email, ErrKeychainNotEnabled)
	}
	if err != nil {
		return fmt.Errorf("unlock %s: %w", a.rec.Email, err)
	}
	key, err := m.opts.Keychain.Get(a.keychainAccount())
	if errors.Is(err, keychain.ErrNotFound) {
		return fmt.Errorf("unlock %s: %w (the keychain entry is gone)", a.rec.Email, ErrKeychainNotEnabled)
	}
	if err != nil {
		return fmt.Errorf("unlock %s: %w", a.rec.Email, err)
	}
	defer clear(key)
	uk, err := cache.OpenUserKey(blob, key)
	if err != nil {
		return fmt.Errorf("unlock %s: keychain key does not open the cache: %w", a.rec.Email, ErrKeychainNotEnabled)
	}
	return m.unlockWith(ctx, a, uk, "keychain")
}

// DisableKeychain turns keychain unlock off: it deletes the keychain entry
// and the sealed user key. Disabling twice is harmless.
func (m *Manager) DisableKeychain(ctx context.Context, email string) error {
	a, err := m.find(email)
	if err != nil {
		return err
	}
	if m.opts.Keychain != nil {
		if err := m.opts.Keychain.Delete(a.keychainAccount()); err != nil && !errors.Is(err, keychain.ErrNotFound) {
			return fmt.Errorf("disable keychain: %w", err)
		}
	}
	if err := a.store.DeleteKeychainWrappedUserKey(ctx); err != nil {
		return fmt.Errorf("disable keychain: %w", err)
	}
	return nil
}

// Vault returns an unlocked account's vault, decrypting it from the cache
// the first time.
func (m *Manager) Vault(ctx context.Context, email string) (*vault.Vault, error) {
	a, err := m.find(email)
	if err != nil {
		return nil, err
	}
	var v *vault.Vault
	err = withUnlocked(a, func() error {
		v, err = m.vault(ctx, a)
		return err
	})
	return v, err
}

// vault builds a's vault if needed; a.mu is held and a is unlocked.
func (m *Manager) vault(ctx context.Context, a *account) (*vault.Vault, error) {
	if a.vault != nil {
		return a.vault, nil
	}
	snap, err := a.store.LoadSync(ctx, a.seal)
	if err != nil {
		return nil, fmt.Errorf("open vault %s: %w", a.rec.Email, err)
	}
	known := m.loadOrgKeys(ctx, a)
	v, err := vault.UnlockWith(ctx, vault.AccountRef{ID: a.id, Email: a.rec.Email, Server: a.rec.ServerURL}, a.userKey, snap.Sync, known)
	if err != nil {
		return nil, err
	}
	m.saveOrgKeys(ctx, a, v, known)
	a.vault = v
	m.set.Add(v)
	return v, nil
}

// Set returns the vaults of every unlocked account, for searching them all
// at once. Locking an account removes its vault from the set.
func (m *Manager) Set(ctx context.Context) (*vault.Set, error) {
	m.mu.Lock()
	as := make([]*account, 0, len(m.accts))
	for _, a := range m.accts {
		as = append(as, a)
	}
	m.mu.Unlock()
	for _, a := range as {
		a.mu.Lock()
		var err error
		if a.userKey != nil {
			_, err = m.vault(ctx, a)
		}
		a.mu.Unlock()
		if err != nil {
			return nil, err
		}
	}
	return m.set, nil
}

// slotOrgKeys keeps the organization keys wrapped under the user key, so
// that opening a vault does not RSA-decrypt every organization's key again
// (vault.OrgKeys).
const slotOrgKeys = "org-keys"

// loadOrgKeys returns the kept organization keys; a slot that is missing or
// does not open only costs the RSA work.
func (m *Manager) loadOrgKeys(ctx context.Context, a *account) vault.OrgKeys {
	var known vault.OrgKeys
	if loadSlot(ctx, a, slotOrgKeys, &known) != nil {
		return nil
	}
	return known
}

// saveOrgKeys keeps the vault's organization keys when they differ from
// the kept ones (a new organization, a rotated key).
func (m *Manager) saveOrgKeys(ctx context.Context, a *account, v *vault.Vault, known vault.OrgKeys) {
	keys, err := v.OrgKeys()
	if err != nil || sameOrgKeys(keys, known) {
		return
	}
	if err := saveSlot(ctx, a, slotOrgKeys, keys); err != nil {
		m.log.Warn("organization keys not kept", "op", "unlock", "account", a.id, "err", err)
	}
}

func sameOrgKeys(a, b vault.OrgKeys) bool {
	if len(a) != len(b) {
		return false
	}
	for id, k := range a {
		if b[id].From != k.From {
			return false
		}
	}
	return true
}
