// Package accounts is Vaultdesk's client core: it ties the API client, the
// offline cache, the OS keychain and the vault together into accounts that
// log in, unlock, sync, lock and log out. The desktop app and vdesk both
// drive a [Manager].
//
// # Files
//
// Accounts live under DATA/accounts/: one cache file per account, named by
// the account's user id (USERID.db, see package cache), and, when the
// account was added with a private CA, that CA's PEM copy (USERID.ca.pem),
// which only this account's client trusts. DATA/device-id is this
// installation's device identifier (a random UUID, not a secret).
//
// # Keys and secrets
//
// An account is unlocked while the Manager holds its user key. The user key
// comes from the master password (offline: the wrapped user key in the
// cache does not open under a wrong password, see [ErrWrongPassword]), from
// the OS keychain when the user enabled it ([Manager.EnableKeychain]: the
// keychain holds a random key that opens the user key sealed in the cache),
// or from a CLI session key ([Manager.StartSession]: the same, with the key
// held by the user's shell in $VDESK_SESSION). The session's OAuth tokens,
// and the API key of an API-key login, are sealed in the cache under the
// cache's seal key, so they are usable only while unlocked. No secret is
// written anywhere in plaintext, and none appears in an error or a log line.
//
// # Errors
//
// Callers branch on [ErrNotSignedIn], [ErrLocked], [ErrWrongPassword],
// [ErrUnreachable], [ErrKeychainNotEnabled] and [*TwoFactorRequiredError].
package accounts
