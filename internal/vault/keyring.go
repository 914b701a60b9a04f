package vault

import (
	"fmt"
	"sync"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
)

// KeyID names a symmetric key in a [Keyring]: the account's user key, an
// organization's key or an item's own key. Callers pass KeyIDs, never key
// bytes. The zero KeyID names no key.
type KeyID struct {
	kind keyKind
	id   string
}

type keyKind uint8

const (
	kindNone keyKind = iota
	kindUser
	kindOrg
	kindItem
)

// UserKey is the account's user key.
var UserKey = KeyID{kind: kindUser}

// OrgKey names the key of the organization with the given id.
func OrgKey(orgID string) KeyID { return KeyID{kind: kindOrg, id: orgID} }

// ItemKey names the per-item key of the item with the given id (§4.3).
func ItemKey(itemID string) KeyID { return KeyID{kind: kindItem, id: itemID} }

// String returns "user", "org:<id>" or "item:<id>", never key material.
func (k KeyID) String() string {
	switch k.kind {
	case kindUser:
		return "user"
	case kindOrg:
		return "org:" + k.id
	case kindItem:
		return "item:" + k.id
	}
	return "none"
}

// Keyring holds an account's keys by [KeyID]: symmetric keys and the RSA
// private key. It is safe for concurrent use; [Keyring.Lock] waits for
// operations in progress, then clears every key.
type Keyring struct {
	mu     sync.RWMutex // guards sym, priv, locked, and the keys' contents against Clear
	sym    map[KeyID]*crypto.SymmetricKey
	priv   *crypto.PrivateKey
	locked bool
}

// NewKeyring returns an empty, unlocked keyring.
func NewKeyring() *Keyring {
	return &Keyring{sym: make(map[KeyID]*crypto.SymmetricKey)}
}

// Set stores key under id and takes ownership of it: [Keyring.Lock] clears
// it, and so does replacing it. Set on a locked keyring clears key and
// returns ErrLocked.
func (k *Keyring) Set(id KeyID, key *crypto.SymmetricKey) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.locked {
		key.Clear()
		return ErrLocked
	}
	if old := k.sym[id]; old != nil && old != key {
		old.Clear()
	}
	k.sym[id] = key
	return nil
}

// SetPrivateKey stores the account's private key and takes ownership of it.
func (k *Keyring) SetPrivateKey(p *crypto.PrivateKey) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.locked {
		p.Clear()
		return ErrLocked
	}
	if k.priv != nil && k.priv != p {
		k.priv.Clear()
	}
	k.priv = p
	return nil
}

// Has reports whether the keyring holds a key with this id.
func (k *Keyring) Has(id KeyID) bool {
	k.mu.RLock()
	defer k.mu.RUnlock()
	_, ok := k.sym[id]
	return ok
}

// Len returns the number of symmetric keys held.
func (k *Keyring) Len() int {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return len(k.sym)
}

// Locked reports whether Lock has been called.
func (k *Keyring) Locked() bool {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.locked
}

// with runs f with the key named id, holding the read lock so that Lock
// cannot clear the key while f uses it. f must not keep the key.
func (k *Keyring) with(id KeyID, f func(*crypto.SymmetricKey) error) error {
	k.mu.RLock()
	defer k.mu.RUnlock()
	if k.locked {
		return ErrLocked
	}
	key := k.sym[id]
	if key == nil {
		return fmt.Errorf("key %v: %w", id, ErrNotFound)
	}
	return f(key)
}

// Decrypt decrypts e with the key named id. The caller should clear the
// result when done.
func (k *Keyring) Decrypt(id KeyID, e crypto.EncString) ([]byte, error) {
	var out []byte
	err := k.with(id, func(key *crypto.SymmetricKey) error {
		var err error
		out, err = key.Decrypt(e)
		return err
	})
	return out, err
}

// Encrypt encrypts plaintext with the key named id.
func (k *Keyring) Encrypt(id KeyID, plaintext []byte) (crypto.EncString, error) {
	var out crypto.EncString
	err := k.with(id, func(key *crypto.SymmetricKey) error {
		var err error
		out, err = key.Encrypt(plaintext)
		return err
	})
	return out, err
}

// UnwrapKey decrypts a symmetric key wrapped under the key named wrapping
// and stores it as id.
func (k *Keyring) UnwrapKey(wrapping KeyID, e crypto.EncString, id KeyID) error {
	var inner *crypto.SymmetricKey
	err := k.with(wrapping, func(key *crypto.SymmetricKey) error {
		var err error
		inner, err = key.UnwrapKey(e)
		return err
	})
	if err != nil {
		return err
	}
	return k.Set(id, inner)
}

// UnwrapKeyRSA decrypts a symmetric key wrapped to the account's public key
// (an organization key) and stores it as id.
func (k *Keyring) UnwrapKeyRSA(e crypto.EncString, id KeyID) error {
	k.mu.RLock()
	if k.locked {
		k.mu.RUnlock()
		return ErrLocked
	}
	if k.priv == nil {
		k.mu.RUnlock()
		return fmt.Errorf("private key: %w", ErrNotFound)
	}
	inner, err := k.priv.UnwrapKey(e)
	k.mu.RUnlock()
	if err != nil {
		return err
	}
	return k.Set(id, inner)
}

// PublicKey returns the public half of the account's private key: what to
// wrap a key to for this account itself, without trusting the server's copy.
func (k *Keyring) PublicKey() (*crypto.PublicKey, error) {
	k.mu.RLock()
	defer k.mu.RUnlock()
	if k.locked {
		return nil, ErrLocked
	}
	if k.priv == nil {
		return nil, fmt.Errorf("private key: %w", ErrNotFound)
	}
	return k.priv.Public(), nil
}

// WrapKey encrypts the key named inner under the key named wrapping
// (EncString type 2), to keep it sealed.
func (k *Keyring) WrapKey(inner, wrapping KeyID) (crypto.EncString, error) {
	k.mu.RLock()
	defer k.mu.RUnlock()
	if k.locked {
		return crypto.EncString{}, ErrLocked
	}
	in, w := k.sym[inner], k.sym[wrapping]
	if in == nil || w == nil {
		return crypto.EncString{}, fmt.Errorf("wrap key %v under %v: %w", inner, wrapping, ErrNotFound)
	}
	return w.WrapKey(in)
}

// WrapKeyRSA encrypts the key named id to pub (EncString type 4), to give
// it to someone else: an organization key to a member being confirmed.
// Check pub's fingerprint with its owner first.
func (k *Keyring) WrapKeyRSA(id KeyID, pub *crypto.PublicKey) (crypto.EncString, error) {
	var out crypto.EncString
	err := k.with(id, func(key *crypto.SymmetricKey) error {
		var err error
		out, err = pub.WrapKey(key)
		return err
	})
	return out, err
}

// Lock clears every key and drops them. It waits for operations in
// progress. After Lock every operation returns ErrLocked.
func (k *Keyring) Lock() {
	k.mu.Lock()
	defer k.mu.Unlock()
	for id, key := range k.sym {
		key.Clear()
		delete(k.sym, id)
	}
	k.sym = nil
	if k.priv != nil {
		k.priv.Clear()
		k.priv = nil
	}
	k.locked = true
}
