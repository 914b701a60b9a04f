// Package api is an HTTP client for Bitwarden-compatible servers: the
// official cloud (US and EU), self-hosted Bitwarden, Vaultwarden and
// Vaultdesk's built-in sandbox. It speaks the wire protocol described in
// docs/bitwarden-protocol.md §1–§4 and nothing more: it sends and receives
// EncStrings but never encrypts or decrypts (that is internal/bitwarden/crypto),
// and it keeps no vault state except the session's tokens.
//
// A [Client] is built with [New] for a self-hosted base URL (base/api and
// base/identity) or [NewCloud] for Bitwarden's cloud regions. It refuses plain
// http:// except to a loopback host, always verifies TLS certificates, and is
// safe for concurrent use. After [Client.LoginPassword] or [Client.LoginAPIKey]
// it keeps the access and refresh tokens itself, refreshes the access token
// when less than five minutes remain on it, and retries a request once after
// refreshing when the server answers 401.
//
// Wire types keep Bitwarden's names and numbers, with a pointer to the
// protocol document beside each; encrypted fields are [crypto.EncString]
// (a pointer where the server may send null).
//
// # Errors
//
// Every method's error wraps one of [ErrUnauthorized], [ErrNotFound],
// [ErrRateLimited] (through [*StatusError], which carries the server's own
// error message, truncated), a [*TwoFactorRequiredError] for the two-step
// login challenge, or a transport error. Error strings never contain a
// request or response body, a token or a password hash.
package api
