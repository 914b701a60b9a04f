// Package crypto reproduces Bitwarden's client-side cryptography bit for bit:
// master key derivation (PBKDF2-SHA256 and Argon2id), the master password
// hash, key stretching, EncStrings (AES-256-CBC with HMAC-SHA256, and
// RSA-OAEP key sharing), key generation, fingerprint phrases and the
// "shareable" keys used by Send. See docs/bitwarden-protocol.md §5 for the
// protocol and §7 for the test vectors, which live in testdata/vectors.
//
// An account is unlocked by walking down Bitwarden's key hierarchy:
//
//	password ─DeriveMasterKey─► *MasterKey ─DecryptUserKey─► user *SymmetricKey
//	user key ─DecryptPrivateKey─► *PrivateKey ─UnwrapKey─► org *SymmetricKey
//	user or org key ─UnwrapKey─► per-item *SymmetricKey ─Decrypt─► field
//
// # Secrets
//
// Key material lives in fixed-size arrays inside [SymmetricKey], [MasterKey]
// and [PrivateKey]. Their String, GoString, Format and LogValue methods print
// a redacted form, they have no JSON or text encoding, Equal compares in
// constant time, and Clear zeroes them. Using a key after Clear panics.
// Go cannot promise that no copy survives elsewhere (the runtime may move
// stacks, and crypto/aes, crypto/hmac and crypto/rsa keep their own expanded
// copies on the heap), so Clear shortens a secret's life rather than ending it.
//
// # Errors
//
// Bytes that come from a server, the disk or the keychain never make a
// function panic; they give an error that wraps one of the sentinel errors
// (ErrMalformed, ErrMACMismatch, …), so callers can branch with errors.Is.
// Error strings name types and lengths, never key material, plaintext or the
// input. Misuse by the calling code, such as a nil or cleared key, panics.
//
// The package does no I/O and no logging.
package crypto
