package crypto

import (
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
)

// shareableSecretSize is the length of the secret a Send link carries.
const shareableSecretSize = 16

// DeriveShareableKey derives the 64-byte key of a Bitwarden Send from the
// 16-byte secret in its link (§5.9): PRK = HMAC-SHA256(key = "bitwarden-" +
// name, secret), then HKDF-Expand-SHA256(PRK, info, 64). Send uses name
// "send" and info "send". A secret of another length wraps [ErrMalformed].
func DeriveShareableKey(secret []byte, name, info string) (*SymmetricKey, error) {
	if len(secret) != shareableSecretSize {
		return nil, fmt.Errorf("derive shareable key: secret is %d bytes, want %d: %w", len(secret), shareableSecretSize, ErrMalformed)
	}
	m := hmac.New(sha256.New, []byte("bitwarden-"+name))
	m.Write(secret)
	prk := m.Sum(nil)
	defer clear(prk)
	b := hkdfExpand(prk, info, 64)
	defer clear(b)
	return newSymmetricKey(b[:32], b[32:]), nil
}
