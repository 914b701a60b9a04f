package crypto

import "errors"

// Sentinel errors. Every error this package returns wraps exactly one of them,
// with context that names the operation, types and lengths involved.
var (
	// ErrMalformed means the input has the wrong structure: a truncated or
	// empty EncString, the wrong number of parts, an IV, MAC or ciphertext of
	// the wrong length, or key bytes that do not parse.
	ErrMalformed = errors.New("malformed input")

	// ErrBase64 means a part of an EncString is not standard, padded base64.
	ErrBase64 = errors.New("invalid base64")

	// ErrUnknownType means an EncString type this package does not know or
	// does not support (type 1, type 7, a number out of range or no number).
	ErrUnknownType = errors.New("unknown or unsupported enc type")

	// ErrMACMismatch means the HMAC of a type 2 EncString did not verify:
	// the key is wrong or the data was tampered with.
	ErrMACMismatch = errors.New("MAC mismatch (wrong key or tampered data)")

	// ErrPadding means the PKCS#7 padding was invalid after decryption. For
	// type 2 this is only reported after the MAC has verified, so it says the
	// authentic sender encrypted garbage, and is not a padding oracle.
	ErrPadding = errors.New("invalid padding")

	// ErrWrongKey means an RSA unwrap failed (wrong private key or corrupted
	// ciphertext), or an unwrapped key had the wrong length.
	ErrWrongKey = errors.New("wrong key")

	// ErrKeyKind means a key of the wrong kind for the operation: a 32-byte
	// legacy key used for type 2 or for encryption, a symmetric key used on an
	// RSA EncString or the reverse, or a public key that is not RSA-2048…4096.
	ErrKeyKind = errors.New("wrong kind of key")

	// ErrKDFParams means KDF parameters outside the accepted ranges. They are
	// checked before any derivation work is done.
	ErrKDFParams = errors.New("KDF parameters out of range")
)
