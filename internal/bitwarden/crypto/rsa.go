package crypto

import (
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"fmt"
	"hash"
	"log/slog"
	"math/big"
)

// Accepted RSA key sizes. Bitwarden generates 2048-bit keys; the upper bound
// stops a hostile server from sending a huge key that is slow to use.
const (
	minRSABits = 2048
	maxRSABits = 4096
	// maxSPKISize is well above the SPKI of an RSA-4096 key (550 bytes), so
	// that slightly larger keys get a precise error, and small enough that
	// nothing large is ever parsed.
	maxSPKISize = 2048
)

// PublicKey is an RSA public key, as Bitwarden transmits it: base64 of the
// SubjectPublicKeyInfo DER (§5.7). Public keys are not secret.
type PublicKey struct {
	k    *rsa.PublicKey
	spki []byte // as parsed or generated, for fingerprints
}

// PrivateKey is an RSA private key: a user's or an organization's.
type PrivateKey struct {
	_ noCompare
	k *rsa.PrivateKey // nil after Clear
}

// GenerateKeyPair returns a new RSA-2048 key pair, as Bitwarden makes for a
// new account or organization. Register its [PrivateKey.Public] key's SPKI,
// and the private key encrypted with [SymmetricKey.EncryptPrivateKey].
func GenerateKeyPair() (*PrivateKey, error) {
	k, err := rsa.GenerateKey(rand.Reader, minRSABits)
	if err != nil {
		return nil, fmt.Errorf("generate key pair: %w", err)
	}
	return &PrivateKey{k: k}, nil
}

// ParsePublicKey parses an SPKI DER public key strictly: it must be RSA with
// a 2048- to 4096-bit odd modulus and an odd exponent of at least 3. Other
// keys wrap [ErrKeyKind]; bytes that are not SPKI DER wrap [ErrMalformed].
func ParsePublicKey(spki []byte) (*PublicKey, error) {
	if len(spki) > maxSPKISize {
		return nil, fmt.Errorf("parse public key: %d bytes, want at most %d: %w", len(spki), maxSPKISize, ErrKeyKind)
	}
	pub, err := x509.ParsePKIXPublicKey(spki)
	if err != nil {
		// x509's message is not wrapped: it adds nothing a caller can use.
		return nil, fmt.Errorf("parse public key: %d bytes are not SPKI DER: %w", len(spki), ErrMalformed)
	}
	rk, ok := pub.(*rsa.PublicKey)
	if !ok {
		return nil, fmt.Errorf("parse public key: %s key, want RSA: %w", keyAlgorithm(pub), ErrKeyKind)
	}
	if err := checkRSAPublicKey(rk); err != nil {
		return nil, fmt.Errorf("parse public key: %w", err)
	}
	return &PublicKey{k: rk, spki: append([]byte(nil), spki...)}, nil
}

func checkRSAPublicKey(k *rsa.PublicKey) error {
	if bits := k.N.BitLen(); bits < minRSABits || bits > maxRSABits {
		return fmt.Errorf("RSA key of %d bits, want %d–%d: %w", bits, minRSABits, maxRSABits, ErrKeyKind)
	}
	if k.N.Bit(0) == 0 || k.E < 3 || k.E%2 == 0 {
		return fmt.Errorf("RSA key with an even modulus or an exponent that is even or below 3: %w", ErrKeyKind)
	}
	return nil
}

func keyAlgorithm(k any) string {
	switch k.(type) {
	case *ecdsa.PublicKey:
		return "ECDSA"
	case ed25519.PublicKey:
		return "Ed25519"
	case *ecdh.PublicKey:
		return "X25519"
	}
	return fmt.Sprintf("%T", k)
}

// SPKI returns a copy of the key's SubjectPublicKeyInfo DER, which Bitwarden
// sends base64-encoded.
func (p *PublicKey) SPKI() []byte { return append([]byte(nil), p.spki...) }

// Equal reports whether p and o are the same key.
func (p *PublicKey) Equal(o *PublicKey) bool {
	if p == nil || o == nil {
		return p == o
	}
	return p.k.Equal(o.k)
}

// WrapKey encrypts the 64-byte key k to this public key as a type 4
// EncString (RSA-OAEP with SHA-1, what Bitwarden clients write when they
// share an organization key with a member, §5.7).
func (p *PublicKey) WrapKey(k *SymmetricKey) (EncString, error) {
	k.check()
	if k.kind != keyFull {
		return EncString{}, fmt.Errorf("wrap key: cannot wrap a legacy 32-byte key: %w", ErrKeyKind)
	}
	b := k.Bytes()
	defer clear(b)
	ct, err := rsa.EncryptOAEP(sha1.New(), rand.Reader, p.k, b, nil)
	if err != nil {
		// Unreachable for keys that passed checkRSAPublicKey.
		return EncString{}, fmt.Errorf("wrap key: RSA-%d: %w", p.k.N.BitLen(), err)
	}
	return EncString{typ: EncRsa2048OaepSha1, data: ct}, nil
}

func (p *PublicKey) String() string { return fmt.Sprintf("PublicKey(RSA-%d)", p.k.N.BitLen()) }

// Public returns the key's public half.
func (k *PrivateKey) Public() *PublicKey {
	k.check()
	pub := k.k.PublicKey
	spki, err := x509.MarshalPKIXPublicKey(&pub)
	if err != nil {
		panic("crypto: " + err.Error()) // unreachable for an RSA key
	}
	return &PublicKey{k: &pub, spki: spki}
}

// UnwrapKey decrypts a 64-byte symmetric key encrypted to this private key
// (an organization key, for example). It accepts types 3 and 5 (OAEP with
// SHA-256) and 4 and 6 (OAEP with SHA-1), ignoring the MAC of 5 and 6, as
// Bitwarden does. A decryption failure or a key that is not 64 bytes wraps
// [ErrWrongKey]; a symmetric EncString wraps [ErrKeyKind].
func (k *PrivateKey) UnwrapKey(e EncString) (*SymmetricKey, error) {
	k.check()
	var h hash.Hash
	switch e.typ {
	case EncRsa2048OaepSha256, EncRsa2048OaepSha256HmacSha256:
		h = sha256.New()
	case EncRsa2048OaepSha1, EncRsa2048OaepSha1HmacSha256:
		h = sha1.New()
	case EncAesCbc256, EncAesCbc256HmacSha256:
		return nil, fmt.Errorf("unwrap key: %v needs a symmetric key, have an RSA private key: %w", e.typ, ErrKeyKind)
	default:
		return nil, fmt.Errorf("unwrap key: %v: %w", e.typ, ErrUnknownType)
	}
	b, err := rsa.DecryptOAEP(h, nil, k.k, e.data, nil)
	if err != nil {
		// rsa.ErrDecryption says nothing more, on purpose.
		return nil, fmt.Errorf("unwrap key: RSA-OAEP decryption of %v: %w", e.typ, ErrWrongKey)
	}
	defer clear(b)
	if len(b) != 64 {
		return nil, fmt.Errorf("unwrap key: unwrapped key is %d bytes, want 64: %w", len(b), ErrWrongKey)
	}
	return newSymmetricKey(b[:32], b[32:]), nil
}

// EncryptPrivateKey encrypts priv's PKCS#8 DER encoding under k as a type 2
// EncString, as Bitwarden stores a user's private key under the user key
// (and an organization's under the organization key).
func (k *SymmetricKey) EncryptPrivateKey(priv *PrivateKey) (EncString, error) {
	priv.check()
	der, err := x509.MarshalPKCS8PrivateKey(priv.k)
	if err != nil {
		return EncString{}, fmt.Errorf("encrypt private key: %w", err)
	}
	defer clear(der)
	e, err := k.Encrypt(der)
	if err != nil {
		return EncString{}, fmt.Errorf("encrypt private key: %w", err)
	}
	return e, nil
}

// DecryptPrivateKey decrypts a private key encrypted with
// [SymmetricKey.EncryptPrivateKey]. The plaintext must be a PKCS#8 RSA key of
// 2048–4096 bits.
func (k *SymmetricKey) DecryptPrivateKey(e EncString) (*PrivateKey, error) {
	der, err := k.Decrypt(e)
	if err != nil {
		return nil, fmt.Errorf("decrypt private key: %w", err)
	}
	defer clear(der)
	key, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		// x509's error is dropped: it could describe the secret's structure.
		return nil, fmt.Errorf("decrypt private key: %d bytes are not PKCS#8 DER: %w", len(der), ErrMalformed)
	}
	rk, ok := key.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("decrypt private key: %T, want RSA: %w", key, ErrKeyKind)
	}
	if err := checkRSAPublicKey(&rk.PublicKey); err != nil {
		clearRSA(rk)
		return nil, fmt.Errorf("decrypt private key: %w", err)
	}
	return &PrivateKey{k: rk}, nil
}

// Equal reports in constant time whether k and o are the same key.
func (k *PrivateKey) Equal(o *PrivateKey) bool {
	if k == nil || o == nil {
		return k == o
	}
	if k.k == nil || o.k == nil {
		return k.k == o.k
	}
	return k.k.Equal(o.k)
}

// Clear zeroes the private exponent, the primes and the CRT values, and drops
// the key. This is what Go allows: crypto/rsa keeps another, unexported copy
// of the precomputed values, which the garbage collector frees once the key
// is unreachable. Using the key afterwards panics.
func (k *PrivateKey) Clear() {
	if k.k != nil {
		clearRSA(k.k)
		k.k = nil
	}
}

func clearRSA(k *rsa.PrivateKey) {
	clearBig(k.D)
	for _, p := range k.Primes {
		clearBig(p)
	}
	clearBig(k.Precomputed.Dp)
	clearBig(k.Precomputed.Dq)
	clearBig(k.Precomputed.Qinv)
	for _, v := range k.Precomputed.CRTValues {
		clearBig(v.Exp)
		clearBig(v.Coeff)
		clearBig(v.R)
	}
}

func clearBig(x *big.Int) {
	if x != nil {
		clear(x.Bits())
		x.SetInt64(0)
	}
}

func (k *PrivateKey) check() {
	if k.k == nil {
		panic("crypto: use of a zero or cleared PrivateKey")
	}
}

// String, GoString, Format and LogValue print a redacted form.

func (PrivateKey) String() string                { return "PrivateKey(REDACTED)" }
func (PrivateKey) GoString() string              { return "crypto.PrivateKey(REDACTED)" }
func (PrivateKey) Format(f fmt.State, verb rune) { formatRedacted(f, verb, "PrivateKey") }
func (PrivateKey) LogValue() slog.Value          { return slog.StringValue("REDACTED") }
