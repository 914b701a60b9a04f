package cache

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/crypto"
)

const (
	sealInfo      = "vaultdesk cache v1"
	keychainAD    = "vaultdesk keychain user key v1"
	sealVersion   = 1
	nonceSize     = 12
	tagSize       = 16
	sealOverhead  = 1 + nonceSize + tagSize
	keychainKeyLn = 32
)

// noCompare makes a struct incomparable with ==.
type noCompare [0]func()

// SealKey seals and opens cache rows. It is derived from the user key with
// [DeriveSealKey]; it is safe for concurrent use, except for Clear.
type SealKey struct {
	_    noCompare
	key  [32]byte
	aead cipher.AEAD // nil for the zero value and after Clear
}

// DeriveSealKey derives the cache's seal key from the user key:
// HKDF-SHA256 over the user key's bytes with the info "vaultdesk cache v1".
func DeriveSealKey(userKey *crypto.SymmetricKey) *SealKey {
	ikm := userKey.Bytes() // panics on a nil or cleared key: misuse
	defer clear(ikm)
	b, err := hkdf.Key(sha256.New, ikm, nil, sealInfo, 32)
	if err != nil {
		panic("cache: hkdf: " + err.Error()) // unreachable: 32 bytes of SHA-256 output
	}
	defer clear(b)
	k := &SealKey{}
	copy(k.key[:], b)
	k.aead = newGCM(k.key[:])
	return k
}

func newGCM(key []byte) cipher.AEAD {
	block, err := aes.NewCipher(key)
	if err != nil {
		panic("cache: " + err.Error()) // unreachable: the key is 32 bytes
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		panic("cache: " + err.Error()) // unreachable: standard nonce size
	}
	return aead
}

// Clear zeroes the key. Using it afterwards panics. The AES key schedule
// inside crypto/aes can only be dropped, not zeroed.
func (k *SealKey) Clear() {
	clear(k.key[:])
	k.aead = nil
}

func (k *SealKey) check() {
	if k == nil || k.aead == nil {
		panic("cache: use of a nil, zero or cleared SealKey")
	}
}

// String, GoString, Format and LogValue print a redacted form.

func (SealKey) String() string                { return "SealKey(REDACTED)" }
func (SealKey) GoString() string              { return "cache.SealKey(REDACTED)" }
func (SealKey) Format(f fmt.State, verb rune) { formatRedacted(f, verb) }
func (SealKey) LogValue() slog.Value          { return slog.StringValue("REDACTED") }

func formatRedacted(f fmt.State, verb rune) {
	name := "SealKey(REDACTED)"
	if verb == 'v' && f.Flag('#') {
		name = "cache." + name
	}
	io.WriteString(f, name)
}

// rowAD is the additional data of a sealed row: its table and id.
func rowAD(table, id string) []byte {
	ad := make([]byte, 0, len(sealInfo)+len(table)+len(id)+2)
	ad = append(ad, sealInfo...)
	ad = append(ad, 0)
	ad = append(ad, table...)
	ad = append(ad, 0)
	return append(ad, id...)
}

// seal returns version ‖ nonce ‖ AES-GCM(plaintext) with ad.
func sealWith(aead cipher.AEAD, plaintext, ad []byte) []byte {
	out := make([]byte, 1+nonceSize, sealOverhead+len(plaintext))
	out[0] = sealVersion
	rand.Read(out[1 : 1+nonceSize])
	return aead.Seal(out, out[1:1+nonceSize], plaintext, ad)
}

// errAuth is returned by openWith when GCM authentication fails.
var errAuth = errors.New("authentication failed")

func openWith(aead cipher.AEAD, sealed, ad []byte) ([]byte, error) {
	if len(sealed) < sealOverhead {
		return nil, fmt.Errorf("sealed value is %d bytes, want at least %d: %w", len(sealed), sealOverhead, ErrCorrupt)
	}
	if sealed[0] != sealVersion {
		return nil, fmt.Errorf("sealed value has version %d, want %d: %w", sealed[0], sealVersion, ErrCorrupt)
	}
	pt, err := aead.Open(nil, sealed[1:1+nonceSize], sealed[1+nonceSize:], ad)
	if err != nil {
		return nil, errAuth
	}
	return pt, nil
}

func (k *SealKey) seal(table, id string, plaintext []byte) []byte {
	k.check()
	return sealWith(k.aead, plaintext, rowAD(table, id))
}

// open opens a sealed row. A failed authentication gives an error wrapping
// errAuth and ErrCorrupt (a single row that fails is damaged; the caller
// decides whether all rows failing means ErrWrongKey).
func (k *SealKey) open(table, id string, sealed []byte) ([]byte, error) {
	k.check()
	pt, err := openWith(k.aead, sealed, rowAD(table, id))
	if errors.Is(err, errAuth) {
		return nil, fmt.Errorf("open %s row: %w (%w)", table, ErrCorrupt, errAuth)
	}
	return pt, err
}

// SealUserKey seals the user key under keychainKey, a random 32-byte key
// that lives in the OS keychain (AES-256-GCM, random nonce). Store the result
// with [Store.SaveKeychainWrappedUserKey].
func SealUserKey(userKey *crypto.SymmetricKey, keychainKey []byte) ([]byte, error) {
	if len(keychainKey) != keychainKeyLn {
		return nil, fmt.Errorf("seal user key: keychain key is %d bytes, want %d", len(keychainKey), keychainKeyLn)
	}
	b := userKey.Bytes()
	defer clear(b)
	return sealWith(newGCM(keychainKey), b, []byte(keychainAD)), nil
}

// OpenUserKey opens a blob made by [SealUserKey]. A wrong keychain key or a
// tampered blob gives an error wrapping [ErrWrongKey]; a blob of the wrong
// shape wraps [ErrCorrupt].
func OpenUserKey(blob, keychainKey []byte) (*crypto.SymmetricKey, error) {
	if len(keychainKey) != keychainKeyLn {
		return nil, fmt.Errorf("open user key: keychain key is %d bytes, want %d", len(keychainKey), keychainKeyLn)
	}
	b, err := openWith(newGCM(keychainKey), blob, []byte(keychainAD))
	if errors.Is(err, errAuth) {
		return nil, fmt.Errorf("open user key: %w", ErrWrongKey)
	}
	if err != nil {
		return nil, fmt.Errorf("open user key: %w", err)
	}
	defer clear(b)
	k, err := crypto.SymmetricKeyFromBytes(b)
	if err != nil {
		return nil, fmt.Errorf("open user key: %w: %w", ErrCorrupt, err)
	}
	return k, nil
}
