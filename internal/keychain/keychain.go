// Package keychain keeps the keychain-unlock key of an account in the
// operating system's keychain: the Secret Service on Linux, the login
// keychain on macOS and the Credential Manager on Windows.
//
// The key is a random 32-byte value made by [NewKey], never the master
// password. It unwraps the user key that the cache keeps sealed, so holding
// it is equivalent to holding the vault while the cache is at hand; that is
// why it lives only in the OS keychain, which guards it with the user's
// login.
package keychain

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"
)

// KeySize is the length in bytes of a keychain-unlock key.
const KeySize = 32

// Service is the service name the entries are stored under (the "service"
// attribute of a Secret Service item, the service of a macOS generic
// password, the target prefix on Windows).
const Service = "Vaultdesk"

var (
	// ErrNotFound is returned by Get and Delete when the account has no entry.
	ErrNotFound = errors.New("no keychain entry for this account")

	// ErrUnavailable is returned when the system keychain cannot be reached,
	// e.g. when no Secret Service runs on the D-Bus session bus or there is no
	// session bus at all. Its text is meant for the user.
	ErrUnavailable = errors.New("the system keychain is not available")

	// ErrCorrupt is returned by Get when the entry exists but does not hold a
	// key: it is not base64 or does not decode to KeySize bytes. The caller
	// should delete it and fall back to the master password.
	ErrCorrupt = errors.New("keychain entry is corrupted")
)

// Store keeps one key per account. The account is a stable identifier such
// as "user-id@server". Implementations are safe for concurrent use.
type Store interface {
	// Set stores key (KeySize bytes) for account, replacing any previous one.
	Set(account string, key []byte) error
	// Get returns the key stored for account, or an error wrapping
	// ErrNotFound, ErrCorrupt or ErrUnavailable.
	Get(account string) ([]byte, error)
	// Delete removes the entry of account, or returns an error wrapping
	// ErrNotFound if there is none.
	Delete(account string) error
}

// NewKey returns KeySize fresh random bytes for use as a keychain-unlock key.
func NewKey() []byte {
	k := make([]byte, KeySize)
	rand.Read(k) // never returns an error (crypto/rand, Go 1.24+)
	return k
}

// backend is the string-valued keychain underneath a store: go-keyring for
// the real one, a map for the fake.
type backend interface {
	Set(service, user, secret string) error
	Get(service, user string) (string, error)
	Delete(service, user string) error
}

// backendNotFound is what a backend returns for a missing entry.
var backendNotFound = errors.New("backend: not found")

// store turns a string backend into a Store: it checks arguments, encodes
// keys as base64 (the backends store strings, and macOS returns non-ASCII
// values hex-encoded), bounds each call in time, and validates what comes
// back.
type store struct {
	b       backend
	service string
	// timeout bounds one backend call. A locked keychain can show an unlock
	// prompt, so it is long enough for a person to answer one; it exists so
	// that a Secret Service that never answers cannot hang the app.
	timeout time.Duration
}

func (s *store) Set(account string, key []byte) error {
	if err := checkAccount(account); err != nil {
		return err
	}
	if len(key) != KeySize {
		return fmt.Errorf("keychain: key is %d bytes, want %d", len(key), KeySize)
	}
	enc := base64.StdEncoding.EncodeToString(key)
	_, err := s.call(func() (string, error) { return "", s.b.Set(s.service, account, enc) })
	if err != nil {
		return s.wrap(err, enc)
	}
	return nil
}

func (s *store) Get(account string) ([]byte, error) {
	if err := checkAccount(account); err != nil {
		return nil, err
	}
	enc, err := s.call(func() (string, error) { return s.b.Get(s.service, account) })
	if err != nil {
		return nil, s.wrap(err, "")
	}
	return decodeKey(account, enc)
}

func (s *store) Delete(account string) error {
	if err := checkAccount(account); err != nil {
		return err
	}
	_, err := s.call(func() (string, error) { return "", s.b.Delete(s.service, account) })
	if err != nil {
		return s.wrap(err, "")
	}
	return nil
}

// call runs f, giving up after s.timeout. On a timeout the goroutine running
// f is left behind: the backends take no context, and a stuck D-Bus call is
// better leaked than waited for.
func (s *store) call(f func() (string, error)) (string, error) {
	if s.timeout <= 0 {
		return f()
	}
	type result struct {
		v   string
		err error
	}
	ch := make(chan result, 1)
	go func() {
		v, err := f()
		ch <- result{v, err}
	}()
	t := time.NewTimer(s.timeout)
	defer t.Stop()
	select {
	case r := <-ch:
		return r.v, r.err
	case <-t.C:
		return "", fmt.Errorf("no answer within %v", s.timeout)
	}
}

// wrap maps a backend error to ErrNotFound or ErrUnavailable. secret is the
// encoded key of a Set, kept out of the message should a backend ever echo
// its input.
func (s *store) wrap(err error, secret string) error {
	if errors.Is(err, backendNotFound) {
		return ErrNotFound
	}
	if secret != "" && strings.Contains(err.Error(), secret) {
		// Cut the chain on purpose: the cause's text holds the key.
		err = errors.New("the keychain refused the entry")
	}
	return fmt.Errorf("%w: %w", ErrUnavailable, err)
}

// decodeKey parses a stored value. The error names the account and the
// length, never the value.
func decodeKey(account, enc string) ([]byte, error) {
	k, err := base64.StdEncoding.Strict().DecodeString(enc)
	if err != nil {
		return nil, fmt.Errorf("%w: account %s: not base64 (%d characters)", ErrCorrupt, account, len(enc))
	}
	if len(k) != KeySize {
		clear(k)
		return nil, fmt.Errorf("%w: account %s: holds %d bytes, want %d", ErrCorrupt, account, len(k), KeySize)
	}
	return k, nil
}

func checkAccount(account string) error {
	if account == "" {
		return errors.New("keychain: empty account")
	}
	return nil
}
