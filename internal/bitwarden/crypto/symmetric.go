package crypto

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding"
	"fmt"
	"hash"
	"io"
	"log/slog"
	"sync"
	"unicode/utf8"
)

// noCompare makes a struct incomparable with ==, so that keys are compared
// only with their constant-time Equal method.
type noCompare [0]func()

type keyKind uint8

const (
	keyCleared keyKind = iota // the zero value, or after Clear
	keyFull                   // 32-byte AES key and 32-byte HMAC key
	keyLegacy                 // 32-byte AES key, no MAC: decrypts type 0 only
)

// SymmetricKey is a Bitwarden symmetric key: a 32-byte AES-256 key and a
// 32-byte HMAC-SHA256 key (user, organization, per-item and stretched keys),
// or a legacy 32-byte AES key without a MAC key, which can only decrypt type
// 0 EncStrings (§5.5).
//
// A SymmetricKey is safe for concurrent use, except for Clear.
type SymmetricKey struct {
	_    noCompare
	enc  [32]byte
	mac  [32]byte
	kind keyKind

	// Derived from enc and mac once, when the key is made, rather than on
	// every operation: the AES key schedule, and the SHA-256 states after
	// absorbing the HMAC inner and outer pads (nil for a legacy key).
	// Clear zeroes the states; the key schedule is inside crypto/aes and can
	// only be dropped.
	block              cipher.Block
	macInner, macOuter []byte
}

// newKey makes a key of the given kind from its AES key and, for keyFull,
// its MAC key. It copies both.
func newKey(kind keyKind, enc, mac []byte) *SymmetricKey {
	k := &SymmetricKey{kind: kind}
	copy(k.enc[:], enc)
	block, err := aes.NewCipher(k.enc[:])
	if err != nil {
		panic("crypto: " + err.Error()) // unreachable: the key is 32 bytes
	}
	k.block = block
	if kind == keyFull {
		copy(k.mac[:], mac)
		k.macInner, k.macOuter = hmacStates(k.mac[:])
	}
	return k
}

func newSymmetricKey(enc, mac []byte) *SymmetricKey { return newKey(keyFull, enc, mac) }

// GenerateSymmetricKey returns a new random 64-byte key, as Bitwarden makes
// user, organization and per-item keys.
func GenerateSymmetricKey() *SymmetricKey {
	var b [64]byte
	rand.Read(b[:])
	k := newSymmetricKey(b[:32], b[32:])
	clear(b[:])
	return k
}

// SymmetricKeyFromBytes returns the key held in b: 64 bytes are an AES key
// followed by a MAC key; 32 bytes are a legacy AES key without a MAC key.
// It copies b; the caller should clear its copy.
func SymmetricKeyFromBytes(b []byte) (*SymmetricKey, error) {
	switch len(b) {
	case 64:
		return newSymmetricKey(b[:32], b[32:]), nil
	case 32:
		return newKey(keyLegacy, b, nil), nil
	}
	return nil, fmt.Errorf("symmetric key is %d bytes, want 64 (or 32 for a legacy key): %w", len(b), ErrKeyKind)
}

// Bytes returns a copy of the key: 64 bytes (AES key ‖ MAC key), or 32 for a
// legacy key. The caller should clear it when done.
func (k *SymmetricKey) Bytes() []byte {
	k.check()
	if k.kind == keyLegacy {
		return append([]byte(nil), k.enc[:]...)
	}
	b := make([]byte, 64)
	copy(b, k.enc[:])
	copy(b[32:], k.mac[:])
	return b
}

// Encrypt encrypts plaintext as a type 2 EncString (AES-256-CBC with PKCS#7
// padding and a fresh random IV, then HMAC-SHA256 over IV ‖ ciphertext).
// A legacy key cannot encrypt: the error wraps [ErrKeyKind].
func (k *SymmetricKey) Encrypt(plaintext []byte) (EncString, error) {
	k.check()
	if k.kind != keyFull {
		return EncString{}, fmt.Errorf("encrypt: legacy 32-byte key has no MAC key: %w", ErrKeyKind)
	}
	var iv [aes.BlockSize]byte
	rand.Read(iv[:])
	return k.encryptWithIV(iv, plaintext), nil
}

// encryptWithIV is Encrypt with a given IV, for the vector tests. The
// plaintext is copied into the ciphertext buffer and encrypted in place, so
// no copy of it is left behind.
func (k *SymmetricKey) encryptWithIV(iv [aes.BlockSize]byte, plaintext []byte) EncString {
	n := len(plaintext)/aes.BlockSize*aes.BlockSize + aes.BlockSize
	ct := make([]byte, n)
	copy(ct, plaintext)
	p := byte(n - len(plaintext))
	for i := len(plaintext); i < n; i++ {
		ct[i] = p
	}
	// CBC, written out because cipher.NewCBCEncrypter would copy the AES
	// key schedule on every call.
	prev := iv[:]
	for i := 0; i < n; i += aes.BlockSize {
		b := ct[i : i+aes.BlockSize]
		subtle.XORBytes(b, b, prev)
		k.block.Encrypt(b, b)
		prev = b
	}
	e := EncString{typ: EncAesCbc256HmacSha256, iv: iv, data: ct}
	e.mac = k.computeMAC(&e.iv, ct)
	return e
}

// macScratch is a SHA-256 hash and a buffer for computeMAC. They are pooled
// for speed, and so that no hash state derived from a MAC key is left behind
// in garbage: Reset overwrites it before the scratch is reused.
type macScratch struct {
	h   hash.Hash
	buf [aes.BlockSize + sha256.Size]byte // iv, then the MAC
}

var macPool = sync.Pool{New: func() any { return &macScratch{h: sha256.New()} }}

// computeMAC returns HMAC-SHA256(mac key, iv ‖ ct).
func (k *SymmetricKey) computeMAC(iv *[aes.BlockSize]byte, ct []byte) [32]byte {
	s := macPool.Get().(*macScratch)
	// Hashing the IV and the MAC through the scratch buffer keeps the
	// caller's arrays from escaping to the heap.
	copy(s.buf[:aes.BlockSize], iv[:])
	hmacSum(s.h, s.buf[aes.BlockSize:], k.macInner, k.macOuter, s.buf[:aes.BlockSize], ct)
	sum := [32]byte(s.buf[aes.BlockSize:])
	s.h.Reset()
	clear(s.buf[:])
	macPool.Put(s)
	return sum
}

// Decrypt decrypts a type 2 EncString, or a type 0 one with a legacy key.
// For type 2 the MAC is verified in constant time before anything is
// decrypted; a mismatch (wrong key or tampering) wraps [ErrMACMismatch].
// A key of the wrong kind for the EncString's type wraps [ErrKeyKind].
func (k *SymmetricKey) Decrypt(e EncString) ([]byte, error) {
	k.check()
	switch e.typ {
	case EncAesCbc256HmacSha256:
		if k.kind != keyFull {
			return nil, fmt.Errorf("decrypt %v: have a legacy 32-byte key, want a 64-byte key: %w", e.typ, ErrKeyKind)
		}
		if err := checkAESCiphertext(len(e.data)); err != nil {
			return nil, fmt.Errorf("decrypt %v: %w", e.typ, err)
		}
		mac := k.computeMAC(&e.iv, e.data)
		if !hmac.Equal(mac[:], e.mac[:]) {
			return nil, fmt.Errorf("decrypt %v: %w", e.typ, ErrMACMismatch)
		}
	case EncAesCbc256:
		if k.kind != keyLegacy {
			return nil, fmt.Errorf("decrypt %v: have a 64-byte key, want a legacy 32-byte key: %w", e.typ, ErrKeyKind)
		}
		if err := checkAESCiphertext(len(e.data)); err != nil {
			return nil, fmt.Errorf("decrypt %v: %w", e.typ, err)
		}
	case EncRsa2048OaepSha256, EncRsa2048OaepSha1, EncRsa2048OaepSha256HmacSha256, EncRsa2048OaepSha1HmacSha256:
		return nil, fmt.Errorf("decrypt %v: have a symmetric key, want an RSA private key: %w", e.typ, ErrKeyKind)
	default:
		return nil, fmt.Errorf("decrypt %v: %w", e.typ, ErrUnknownType)
	}
	pt, err := k.cbcDecrypt(&e.iv, e.data)
	if err != nil {
		return nil, fmt.Errorf("decrypt %v: %w", e.typ, err)
	}
	return pt, nil
}

func checkAESCiphertext(n int) error {
	if n == 0 || n%aes.BlockSize != 0 {
		return fmt.Errorf("ciphertext is %d bytes, want a non-zero multiple of 16: %w", n, ErrMalformed)
	}
	return nil
}

// cbcDecrypt decrypts ct (a non-zero multiple of 16 bytes) and removes the
// PKCS#7 padding.
func (k *SymmetricKey) cbcDecrypt(iv *[aes.BlockSize]byte, ct []byte) ([]byte, error) {
	// CBC, written out because cipher.NewCBCDecrypter would copy the AES
	// key schedule on every call.
	pt := make([]byte, len(ct))
	prev := iv[:]
	for i := 0; i < len(ct); i += aes.BlockSize {
		b := pt[i : i+aes.BlockSize]
		k.block.Decrypt(b, ct[i:i+aes.BlockSize])
		subtle.XORBytes(b, b, prev)
		prev = ct[i : i+aes.BlockSize]
	}
	return unpad(pt)
}

// unpad removes PKCS#7 padding in constant time, because type 0 has no MAC
// and a timing difference would then be a padding oracle. On failure it
// clears b.
func unpad(b []byte) ([]byte, error) {
	n := len(b)
	p := int(b[n-1])
	good := subtle.ConstantTimeLessOrEq(1, p) & subtle.ConstantTimeLessOrEq(p, aes.BlockSize)
	for i := 1; i <= aes.BlockSize; i++ {
		inPad := subtle.ConstantTimeLessOrEq(i, p)
		same := subtle.ConstantTimeByteEq(b[n-i], byte(p))
		good &= 1 ^ (inPad &^ same)
	}
	if good != 1 {
		clear(b)
		return nil, ErrPadding
	}
	clear(b[n-p:])
	return b[:n-p], nil
}

// EncryptString encrypts s as UTF-8, as Bitwarden encrypts text fields.
func (k *SymmetricKey) EncryptString(s string) (EncString, error) {
	// The conversion copies s; Encrypt does not keep the copy, and it is not
	// cleared because s itself cannot be.
	return k.Encrypt([]byte(s))
}

// DecryptString decrypts a text field. A plaintext that is not UTF-8 wraps
// [ErrMalformed].
func (k *SymmetricKey) DecryptString(e EncString) (string, error) {
	b, err := k.Decrypt(e)
	if err != nil {
		return "", err
	}
	defer clear(b)
	if !utf8.Valid(b) {
		return "", fmt.Errorf("decrypt string: plaintext of %d bytes is not UTF-8: %w", len(b), ErrMalformed)
	}
	return string(b), nil
}

// WrapKey encrypts the 64-byte key inner under k as a type 2 EncString, as
// per-item keys are wrapped under user or organization keys.
func (k *SymmetricKey) WrapKey(inner *SymmetricKey) (EncString, error) {
	inner.check()
	if inner.kind != keyFull {
		return EncString{}, fmt.Errorf("wrap key: cannot wrap a legacy 32-byte key: %w", ErrKeyKind)
	}
	b := inner.Bytes()
	defer clear(b)
	e, err := k.Encrypt(b)
	if err != nil {
		return EncString{}, fmt.Errorf("wrap key: %w", err)
	}
	return e, nil
}

// UnwrapKey decrypts a key wrapped with [SymmetricKey.WrapKey]. A plaintext
// that is not 64 bytes wraps [ErrWrongKey].
func (k *SymmetricKey) UnwrapKey(e EncString) (*SymmetricKey, error) {
	b, err := k.Decrypt(e)
	if err != nil {
		return nil, fmt.Errorf("unwrap key: %w", err)
	}
	defer clear(b)
	if len(b) != 64 {
		return nil, fmt.Errorf("unwrap key: unwrapped key is %d bytes, want 64: %w", len(b), ErrWrongKey)
	}
	return newSymmetricKey(b[:32], b[32:]), nil
}

// Equal reports in constant time whether k and o hold the same key.
func (k *SymmetricKey) Equal(o *SymmetricKey) bool {
	if k == nil || o == nil {
		return k == o
	}
	eq := subtle.ConstantTimeCompare(k.enc[:], o.enc[:]) & subtle.ConstantTimeCompare(k.mac[:], o.mac[:])
	return eq == 1 && k.kind == o.kind
}

// Clear zeroes the key. Using it afterwards panics.
func (k *SymmetricKey) Clear() {
	clear(k.enc[:])
	clear(k.mac[:])
	clear(k.macInner)
	clear(k.macOuter)
	k.block, k.macInner, k.macOuter = nil, nil, nil
	k.kind = keyCleared
}

func (k *SymmetricKey) check() {
	if k.kind == keyCleared {
		panic("crypto: use of a zero or cleared SymmetricKey")
	}
}

// String, GoString, Format and LogValue print a redacted form, so a key
// cannot leak through fmt (with any verb) or log/slog.

func (SymmetricKey) String() string                { return "SymmetricKey(REDACTED)" }
func (SymmetricKey) GoString() string              { return "crypto.SymmetricKey(REDACTED)" }
func (SymmetricKey) Format(f fmt.State, verb rune) { formatRedacted(f, verb, "SymmetricKey") }
func (SymmetricKey) LogValue() slog.Value          { return slog.StringValue("REDACTED") }

// formatRedacted implements fmt.Formatter for secret types. Without it, verbs
// such as %d or %x would print the struct's fields.
func formatRedacted(f fmt.State, verb rune, name string) {
	if verb == 'v' && f.Flag('#') {
		name = "crypto." + name
	}
	io.WriteString(f, name+"(REDACTED)")
}

// hkdfExpand is HKDF-Expand-SHA256 (RFC 5869) without the Extract step:
// Bitwarden uses the input key material directly as the PRK (§5.4).
func hkdfExpand(prk []byte, info string, n int) []byte {
	out, err := hkdf.Expand(sha256.New, prk, info, n)
	if err != nil {
		panic("crypto: " + err.Error()) // unreachable: n ≤ 255·32 and prk is never empty
	}
	return out
}

// hmacStates returns the SHA-256 states after absorbing the HMAC-SHA256
// inner and outer pads of key (RFC 2104). With them, an HMAC costs no key
// setup: see hmacSum.
func hmacStates(key []byte) (inner, outer []byte) {
	var k [sha256.BlockSize]byte
	if len(key) > sha256.BlockSize {
		sum := sha256.Sum256(key)
		copy(k[:], sum[:])
		clear(sum[:])
	} else {
		copy(k[:], key)
	}
	var pad [sha256.BlockSize]byte
	h := sha256.New()
	for i := range pad {
		pad[i] = k[i] ^ 0x36
	}
	h.Write(pad[:])
	inner = marshalState(h)
	h.Reset()
	for i := range pad {
		pad[i] = k[i] ^ 0x5c
	}
	h.Write(pad[:])
	outer = marshalState(h)
	h.Reset()
	clear(k[:])
	clear(pad[:])
	return inner, outer
}

func marshalState(h hash.Hash) []byte {
	state, err := h.(encoding.BinaryMarshaler).MarshalBinary()
	if err != nil {
		panic("crypto: save SHA-256 state: " + err.Error())
	}
	return state
}

// hmacSum writes HMAC-SHA256 of the concatenated msg into out (32 bytes),
// using h (from sha256.New) and the states from hmacStates. out may alias
// msg.
func hmacSum(h hash.Hash, out, inner, outer []byte, msg ...[]byte) {
	restore := h.(encoding.BinaryUnmarshaler)
	if err := restore.UnmarshalBinary(inner); err != nil {
		panic("crypto: restore SHA-256 state: " + err.Error())
	}
	for _, m := range msg {
		h.Write(m)
	}
	h.Sum(out[:0])
	if err := restore.UnmarshalBinary(outer); err != nil {
		panic("crypto: restore SHA-256 state: " + err.Error())
	}
	h.Write(out)
	h.Sum(out[:0])
}
