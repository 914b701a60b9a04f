package crypto

import (
	"crypto/sha256"

	"github.com/vaultdesk/vaultdesk/internal/wordlist"
)

// fingerprintWords is ceil(64 / log2(7776)): enough words for 64 bits of
// entropy, as Bitwarden's clients compute it (§5.8).
const fingerprintWords = 5

// Fingerprint returns the five-word fingerprint phrase Bitwarden shows for a
// public key, to be compared out of band before trusting the key (for
// example, before confirming an organization member). material is the key
// owner's user id, or the email for login-with-device requests. Bitwarden's
// clients join the words with "-".
//
// The phrase is HKDF-Expand-SHA256(PRK = SHA-256(SPKI), info = material, 32
// bytes), read as a big-endian number whose base-7776 digits, least
// significant first, index the EFF long word list.
func Fingerprint(material string, pub *PublicKey) []string {
	h := sha256.Sum256(pub.spki)
	n := hkdfExpand(h[:], material, 32)
	words := wordlist.EFFLong()
	phrase := make([]string, fingerprintWords)
	for i := range phrase {
		phrase[i] = words[divmod(n, wordlist.Size)]
	}
	return phrase
}

// divmod divides the big-endian number n by d in place and returns the
// remainder.
func divmod(n []byte, d uint32) uint32 {
	var r uint32
	for i, b := range n {
		cur := r<<8 | uint32(b) // r < d ≤ 2^16, so this fits
		n[i] = byte(cur / d)
		r = cur % d
	}
	return r
}
