package keychain

import (
	"errors"
	"time"

	"github.com/zalando/go-keyring"
)

// systemTimeout bounds one call to the OS keychain; see store.timeout.
const systemTimeout = 2 * time.Minute

// System returns the operating system's keychain, through
// github.com/zalando/go-keyring: the Secret Service over D-Bus on Linux and
// the BSDs, the login keychain on macOS, the Credential Manager on Windows.
// Entries are stored under the service name [Service], one per account.
//
// System does not connect to anything; a missing keychain shows as an error
// wrapping ErrUnavailable on the first call.
func System() Store {
	return &store{b: goKeyring{}, service: Service, timeout: systemTimeout}
}

// goKeyring adapts go-keyring's package functions to backend.
type goKeyring struct{}

func (goKeyring) Set(service, user, secret string) error {
	return notFound(keyring.Set(service, user, secret))
}

func (goKeyring) Get(service, user string) (string, error) {
	v, err := keyring.Get(service, user)
	return v, notFound(err)
}

func (goKeyring) Delete(service, user string) error {
	return notFound(keyring.Delete(service, user))
}

func notFound(err error) error {
	if errors.Is(err, keyring.ErrNotFound) {
		return backendNotFound
	}
	return err
}
