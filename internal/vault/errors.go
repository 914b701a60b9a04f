package vault

import "errors"

// Sentinel errors. Errors from this package wrap one of them (and, for
// decryption failures, the crypto package's error), name the operation and
// the item or organization id, and never contain decrypted data or keys.
var (
	// ErrLocked means the vault (or every vault of a Set) is locked.
	ErrLocked = errors.New("vault is locked")

	// ErrNotFound means no item, account or organization has that id.
	ErrNotFound = errors.New("not found")

	// ErrDamaged means an item could not be decrypted: a MAC that does not
	// verify, a malformed EncString, or no key for its organization.
	ErrDamaged = errors.New("item is damaged")

	// ErrHiddenByAccess means the user's collection access hides the
	// item's passwords ("hide passwords").
	ErrHiddenByAccess = errors.New("hidden by collection access")
)
