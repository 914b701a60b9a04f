// Package sandbox is a built-in Bitwarden-compatible server: the identity
// and API endpoints that the official Bitwarden CLI and Vaultdesk's own
// client need to register, log in, sync, edit items and administer
// organizations, with every piece of state in one SQLite file.
//
// The server never decrypts anything. Clients encrypt with their own keys
// and the server stores the EncStrings as received, after checking that
// they parse (docs/bitwarden-protocol.md §5.6). It speaks only on loopback
// and is not meant to hold real secrets.
//
// Wire shapes follow docs/bitwarden-protocol.md: camelCase JSON with an
// "object" member, status 200 for every success, the Bitwarden error
// envelope (§6.2) for every failure, and 401 only for a bad or expired
// access token, because official clients log out on 401 and 403.
package sandbox
