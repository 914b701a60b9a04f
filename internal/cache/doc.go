// Package cache is Vaultdesk's per-account encrypted offline cache: one
// SQLite file per account (modernc.org/sqlite, WAL), holding everything the
// app needs to open, unlock, browse and copy with no network.
//
// # What is readable without the user key
//
// Only what is needed before any key exists, in the account table:
//
//   - the account email and the KDF salt (normally the same normalized
//     email) and the server URL, to show the account and derive the master
//     key;
//   - the user id (an opaque UUID);
//   - the KDF parameters (type, iterations, memory, parallelism), which the
//     server hands to anyone who asks for the email at prelogin anyway;
//   - the master-key-wrapped user key, an EncString that is already
//     encrypted and MAC'd under the master key (AES-256-CBC + HMAC). Offline
//     master-password unlock derives the master key and unwraps this key:
//     the MAC check is the password check, so no password hash is stored;
//   - the keychain-wrapped user key (see [SealUserKey]), sealed under a
//     random key that lives only in the OS keychain;
//   - created/updated times of the account record;
//   - named slots ([Store.SaveSealed], [Store.SaveBlob]): values sealed
//     under the SealKey (the session's tokens) or blobs sealed by their
//     owner under a key kept elsewhere (the user key under a CLI session
//     key); the slot names themselves are readable.
//
// Everything a sync brings (profile, organizations, folders, collections,
// ciphers, policies, decryption options, the revision date and sync time) is
// sealed row by row under a [SealKey] derived from the user key. EncStrings
// stay as the server sent them, inside the sealed rows, so they are
// encrypted twice. Row ids (UUIDs) stay readable as row keys; names,
// organization names, permissions, relations (folder, organization and
// collection ids of a cipher), types and dates are all inside the seals.
//
// # Sealing
//
// A row is sealed with AES-256-GCM under a key derived from the user key with
// HKDF-SHA256, a random 12-byte nonce per row, and the table name and row id
// as additional data, so a sealed row cannot be moved to another id or table.
// A row that fails to open is reported as damaged ([Damaged]) and the rest
// of the vault still loads; if no row opens the key is wrong ([ErrWrongKey]).
//
// # Atomicity
//
// [Store.ApplySync] replaces the whole vault in one SQLite transaction: a
// cancelled context, a full disk or a killed process leaves the previous
// cache exactly as it was.
package cache
