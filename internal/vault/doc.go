// Package vault holds unlocked vaults in memory: a [Keyring] with every key
// by [KeyID], decrypted list entries for each item, and one ranked search
// across every unlocked account and organization ([Set.Search]).
//
// [Unlock] walks down the key hierarchy of a synced vault
// (docs/bitwarden-protocol.md §5.10): it unwraps the private key with the
// user key, each confirmed organization's key with the private key, and
// per-item keys with the user or organization key (§4.3). It then decrypts,
// on all cores, only what listing and searching need: names, usernames, the
// host of each login's first URI and notes. Those go into byte arenas, one
// as displayed and one per searchable field case- and diacritic-folded,
// laid out in name order; no per-item strings are kept. Notes are indexed
// at unlock because search ranks them; it costs about a third more unlock
// time (BenchmarkUnlock10k/notes vs /nonotes). Everything else (passwords, TOTP secrets,
// card numbers, custom fields, password history) is decrypted when an item
// is opened with [Vault.Item], or one field at a time with
// [Vault.RevealPassword] and [Vault.RevealTOTP].
//
// An item whose EncStrings do not verify or do not parse is kept as a
// damaged item: it is listed, marked [Summary.Damaged], and opening it gives
// an error wrapping [ErrDamaged]. It never stops the rest of the vault from
// unlocking.
//
// # Secrets
//
// Decrypted secrets are returned as [Secret], a byte slice whose String,
// Format and LogValue print a redacted form and which has no JSON encoding;
// reading one takes an explicit [Secret.Bytes] or [Secret.Reveal]. [Vault.Lock]
// clears every key ([crypto.SymmetricKey.Clear], [crypto.PrivateKey.Clear]),
// zeroes the arenas, zeroes the secrets of items that are still reachable
// and drops every map. Go cannot zero strings, so the strings this package
// hands out (names, usernames, hosts in [Result] and [Item]) are not
// cleared; secrets are never turned into strings except by
// [Secret.Reveal], on request.
//
// # Access
//
// [Summary.CanEdit] and [Summary.CanViewPassword] come from the item's edit
// and viewPassword flags (read-only and hide-passwords collections). When
// CanViewPassword is false, Item withholds the password, TOTP secret, hidden
// custom fields, password history, card number and code and SSH private key,
// and the Reveal methods return [ErrHiddenByAccess]. Personal items are
// always editable and visible.
//
// # Search
//
// [Set.Search] scans the folded arenas with vectorised byte search
// (anchored on the query's rarest byte), field by field in rank order and
// on every core, and stops as soon as the best limit results are certain.
// A narrow filter (one organization, favorites, a folder…) checks only
// the entries it lets through. Results are ranked by [Match], then by name across all
// accounts.
package vault
