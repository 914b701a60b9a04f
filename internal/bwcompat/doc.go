// Package bwcompat proves the sandbox server compatible with a client nobody
// on this team wrote: the official Bitwarden CLI. Its tests start the
// sandbox over HTTPS with the demo data, drive `bw` through login, sync,
// listing, editing, sharing, collections and member confirmation, and
// compare every decrypted value with the seed's plaintext.
//
// The tests need the CLI: make test-interop installs it (scripts/bw.sh) and
// passes its path in VDESK_BW. Without VDESK_BW they skip.
package bwcompat
