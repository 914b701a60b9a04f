// Package admin administers an MSP's client organizations from one
// account: collections and their access, members from invitation to
// confirmation (with the fingerprint phrase), one confirm queue across
// every organization, groups, new organizations from templates, bulk
// actions across organizations, and an overview of each client.
//
// A [Session] works over an unlocked account: its vault holds the
// organization keys (names of collections are encrypted under them, and
// confirming a member wraps one to the member's public key) and its API
// client makes the requests. Every operation checks the account's role in
// the organization first and refuses with [ErrNotAllowed] before any
// request; the server checks again.
package admin
