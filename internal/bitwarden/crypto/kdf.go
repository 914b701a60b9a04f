package crypto

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"log/slog"
	"strings"

	"golang.org/x/crypto/argon2"
)

// KDFType is an account's key derivation function, numbered as in the
// prelogin response's "kdf" field, see docs/bitwarden-protocol.md §2.1.
type KDFType int

const (
	KDFPBKDF2   KDFType = 0 // PBKDF2-HMAC-SHA256
	KDFArgon2id KDFType = 1 // Argon2id v1.3
)

func (t KDFType) String() string {
	switch t {
	case KDFPBKDF2:
		return "PBKDF2"
	case KDFArgon2id:
		return "Argon2id"
	}
	return fmt.Sprintf("KDFType(%d)", int(t))
}

// Accepted KDF parameter ranges. The server picks the parameters, so without
// a minimum a hostile server could make the derived key cheap to brute-force,
// and without a maximum it could make the client spin or exhaust memory
// (age's maxWorkFactor). The PBKDF2 minimum is Vaultwarden's; the Argon2id
// ranges are those of Bitwarden's server and clients (§2.1).
const (
	minPBKDF2Iterations  = 100_000
	maxPBKDF2Iterations  = 2_000_000
	minArgon2Iterations  = 2
	maxArgon2Iterations  = 10
	minArgon2MemoryMiB   = 15
	maxArgon2MemoryMiB   = 1024
	minArgon2Parallelism = 1
	maxArgon2Parallelism = 16
)

// KDFParams are an account's KDF settings, as the server sends them in the
// prelogin and token responses (kdf, kdfIterations, kdfMemory,
// kdfParallelism). MemoryMiB and Parallelism are ignored for PBKDF2.
type KDFParams struct {
	Type        KDFType
	Iterations  int
	MemoryMiB   int // Argon2id only; mebibytes, as on the wire
	Parallelism int // Argon2id only
}

// Validate reports whether p is within the accepted ranges: PBKDF2
// 100,000–2,000,000 iterations; Argon2id 2–10 iterations, 15–1024 MiB and
// parallelism 1–16. The error wraps [ErrKDFParams].
func (p KDFParams) Validate() error {
	switch p.Type {
	case KDFPBKDF2:
		return checkRange("PBKDF2 iterations", p.Iterations, minPBKDF2Iterations, maxPBKDF2Iterations)
	case KDFArgon2id:
		if err := checkRange("Argon2id iterations", p.Iterations, minArgon2Iterations, maxArgon2Iterations); err != nil {
			return err
		}
		if err := checkRange("Argon2id memory (MiB)", p.MemoryMiB, minArgon2MemoryMiB, maxArgon2MemoryMiB); err != nil {
			return err
		}
		return checkRange("Argon2id parallelism", p.Parallelism, minArgon2Parallelism, maxArgon2Parallelism)
	}
	return fmt.Errorf("KDF type %d is unknown, want 0 (PBKDF2) or 1 (Argon2id): %w", int(p.Type), ErrKDFParams)
}

func checkRange(what string, v, lo, hi int) error {
	if v < lo || v > hi {
		return fmt.Errorf("%s is %d, want %d–%d: %w", what, v, lo, hi, ErrKDFParams)
	}
	return nil
}

// MasterKey is the 32-byte key derived from the master password. It is used
// only to derive the master password hash and to unwrap the user key.
type MasterKey struct {
	_   noCompare
	key [32]byte
	ok  bool // false for the zero value and after Clear
}

// DeriveMasterKey derives the master key from the master password and the
// account's salt, which is the email address unless the server sends an
// explicit salt. The salt is trimmed and lower-cased first, as Bitwarden does.
// For Argon2id the salt is SHA-256 of the normalized salt (§5.2).
//
// p is checked with [KDFParams.Validate] before any work is done.
func DeriveMasterKey(password []byte, salt string, p KDFParams) (*MasterKey, error) {
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("derive master key: %w", err)
	}
	return deriveMasterKey(password, []byte(normalizeSalt(salt)), p), nil
}

// deriveMasterKey is DeriveMasterKey without the bounds check or the salt
// normalization, so that vectors with out-of-range parameters can be tested.
// p must be valid apart from its bounds.
func deriveMasterKey(password, salt []byte, p KDFParams) *MasterKey {
	mk := &MasterKey{ok: true}
	switch p.Type {
	case KDFPBKDF2:
		mk.key = pbkdf2SHA256(password, salt, p.Iterations)
	case KDFArgon2id:
		h := sha256.Sum256(salt)
		k := argon2.IDKey(password, h[:], uint32(p.Iterations), uint32(p.MemoryMiB)*1024, uint8(p.Parallelism), 32)
		copy(mk.key[:], k)
		clear(k)
	default:
		panic("crypto: deriveMasterKey with unknown KDF type")
	}
	return mk
}

// normalizeSalt trims and lower-cases the salt as Bitwarden's clients and SDK
// do (trim() and toLowerCase()/to_lowercase()). strings.TrimSpace removes the
// same Unicode White_Space set as Rust's trim. strings.ToLower differs from
// Unicode's special casing only for U+0130 and a word-final capital sigma,
// which do not occur in real email addresses.
func normalizeSalt(s string) string {
	return strings.ToLower(strings.TrimSpace(s))
}

// pbkdf2SHA256 is PBKDF2-HMAC-SHA256 (RFC 8018) with a 32-byte output, the
// only length Bitwarden uses. It is written out, rather than calling
// crypto/pbkdf2, for two reasons: crypto/pbkdf2 takes the password as a
// string, which cannot be cleared (and the master password hash passes the
// master key as the password), and saving the HMAC pad states once makes each
// iteration exactly two SHA-256 compressions, about 20% faster than
// crypto/pbkdf2 at 600,000 iterations. The vectors and a test against
// crypto/pbkdf2 pin it down.
func pbkdf2SHA256(password, salt []byte, iter int) [32]byte {
	if iter < 1 {
		panic("crypto: pbkdf2 with fewer than one iteration")
	}
	inner, outer := hmacStates(password)
	h := sha256.New()
	u := make([]byte, sha256.Size)
	var t [32]byte
	hmacSum(h, u, inner, outer, salt, []byte{0, 0, 0, 1}) // U1 = PRF(P, S ‖ INT(1))
	copy(t[:], u)
	for range iter - 1 {
		hmacSum(h, u, inner, outer, u) // Un = PRF(P, Un-1)
		subtle.XORBytes(t[:], t[:], u)
	}
	clear(u)
	clear(inner)
	clear(outer)
	h.Reset()
	return t
}

// Hash purposes, the PBKDF2 iteration counts of §5.3.
const (
	serverAuthorization = 1
	localAuthorization  = 2
)

// ServerHash returns the master password hash sent to the server when
// logging in (the password grant's "password" field): base64 of
// PBKDF2-SHA256(master key, salt = password, 1 iteration).
func (k *MasterKey) ServerHash(password []byte) string {
	k.check()
	h := pbkdf2SHA256(k.key[:], password, serverAuthorization)
	defer clear(h[:])
	return base64.StdEncoding.EncodeToString(h[:])
}

// LocalHash returns the hash Bitwarden clients keep to check the master
// password offline: as [MasterKey.ServerHash] but with 2 iterations.
func (k *MasterKey) LocalHash(password []byte) string {
	k.check()
	h := pbkdf2SHA256(k.key[:], password, localAuthorization)
	defer clear(h[:])
	return base64.StdEncoding.EncodeToString(h[:])
}

// Stretch returns the stretched master key: HKDF-Expand-SHA256 of the master
// key with info "enc" and "mac", 32 bytes each, with no Extract step (§5.4).
// It wraps the user key.
func (k *MasterKey) Stretch() *SymmetricKey {
	k.check()
	return stretch(k.key[:])
}

func stretch(prk []byte) *SymmetricKey {
	enc := hkdfExpand(prk, "enc", 32)
	mac := hkdfExpand(prk, "mac", 32)
	sk := newSymmetricKey(enc, mac)
	clear(enc)
	clear(mac)
	return sk
}

// DecryptUserKey unwraps the user key protected by this master key (the
// token response's Key, or masterKeyWrappedUserKey). A type 2 EncString is
// decrypted with the stretched master key; a legacy type 0 one with the raw
// master key, as very old accounts have (§5.1, vector V8).
func (k *MasterKey) DecryptUserKey(e EncString) (*SymmetricKey, error) {
	k.check()
	var wrapping *SymmetricKey
	switch e.typ {
	case EncAesCbc256HmacSha256:
		wrapping = k.Stretch()
	case EncAesCbc256:
		wrapping = newKey(keyLegacy, k.key[:], nil)
	default:
		return nil, fmt.Errorf("decrypt user key: %v EncString, want type 0 or 2: %w", e.typ, ErrKeyKind)
	}
	defer wrapping.Clear()
	uk, err := wrapping.UnwrapKey(e)
	if err != nil {
		return nil, fmt.Errorf("decrypt user key: %w", err)
	}
	return uk, nil
}

// EncryptUserKey wraps the user key under the stretched master key, as a type
// 2 EncString (registration's masterKeyWrappedUserKey, or a password change).
func (k *MasterKey) EncryptUserKey(userKey *SymmetricKey) (EncString, error) {
	k.check()
	sk := k.Stretch()
	defer sk.Clear()
	e, err := sk.WrapKey(userKey)
	if err != nil {
		return EncString{}, fmt.Errorf("encrypt user key: %w", err)
	}
	return e, nil
}

// Equal reports in constant time whether k and o hold the same key.
func (k *MasterKey) Equal(o *MasterKey) bool {
	if k == nil || o == nil {
		return k == o
	}
	return subtle.ConstantTimeCompare(k.key[:], o.key[:]) == 1 && k.ok == o.ok
}

// Clear zeroes the key. Using it afterwards panics.
func (k *MasterKey) Clear() {
	clear(k.key[:])
	k.ok = false
}

func (k *MasterKey) check() {
	if !k.ok {
		panic("crypto: use of a zero or cleared MasterKey")
	}
}

// String, GoString, Format and LogValue print a redacted form, so a key
// cannot leak through fmt or log/slog.

func (MasterKey) String() string                { return "MasterKey(REDACTED)" }
func (MasterKey) GoString() string              { return "crypto.MasterKey(REDACTED)" }
func (MasterKey) Format(f fmt.State, verb rune) { formatRedacted(f, verb, "MasterKey") }
func (MasterKey) LogValue() slog.Value          { return slog.StringValue("REDACTED") }
