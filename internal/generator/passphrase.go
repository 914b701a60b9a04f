package generator

import (
	"strings"
	"unicode/utf8"

	"github.com/vaultdesk/vaultdesk/internal/wordlist"
)

// Limits on PassphraseOptions. The word counts are Bitwarden's.
const (
	MinWords        = 3
	MaxWords        = 20
	MaxSeparatorLen = 4 // bytes: room for any one UTF-8 character
)

// PassphraseOptions describes a random passphrase of words from the EFF long
// word list. The zero value is not valid (its Words is 0): start from
// DefaultPassphraseOptions and change what you need.
type PassphraseOptions struct {
	// Words is the number of words, MinWords..MaxWords (3..20, Bitwarden's
	// range). Each word adds log2(7776) ≈ 12.9 bits of entropy. Default 5.
	Words int

	// Separator goes between the words. It may be empty, and may be at most
	// MaxSeparatorLen (4) bytes of valid UTF-8: any single character,
	// an emoji included, or a short ASCII string such as " - ". Bitwarden's
	// clients ask for a single character; a byte limit keeps a pasted
	// paragraph out of a password field. Default "-". Four words of the list
	// (drop-down, felt-tip, t-shirt, yo-yo) contain a hyphen themselves;
	// that makes the default harder to read back, not weaker.
	Separator string

	// Capitalize upper-cases the first letter of every word. Default false.
	Capitalize bool

	// IncludeNumber appends one random digit 0–9 to one randomly chosen word,
	// as Bitwarden does. It adds log2(10·Words) bits and satisfies sites that
	// demand a digit. Default false.
	IncludeNumber bool
}

// DefaultPassphraseOptions returns the options vdesk generates with unless
// told otherwise: five lower-case words joined by "-", such as
// "crown-tiling-unsure-scarce-unsaid". Five words give about 64.6 bits of
// entropy, enough for an account password while staying easy to type.
// Capitalize and IncludeNumber are off, as in Bitwarden: the strength comes
// from the words, and the two add little while making the phrase harder to
// type; turn them on for sites that insist on capitals or digits.
func DefaultPassphraseOptions() PassphraseOptions {
	return PassphraseOptions{
		Words:     5,
		Separator: "-",
	}
}

// Passphrase returns a random passphrase described by o, or an error
// wrapping ErrInvalidOptions if an option is out of range.
func Passphrase(o PassphraseOptions) (string, error) {
	if err := o.validate(); err != nil {
		return "", err
	}

	list := wordlist.EFFLong()
	var src source
	defer src.wipe()
	var picks [MaxWords]uint32
	defer clear(picks[:])
	idx := picks[:o.Words]
	for i := range idx {
		idx[i] = src.intn(uint32(len(list)))
	}
	numberAt, digit := -1, byte(0)
	if o.IncludeNumber {
		numberAt = int(src.intn(uint32(o.Words)))
		digit = '0' + byte(src.intn(10))
	}

	var b strings.Builder
	b.Grow(o.Words*(maxWordLen+len(o.Separator)) + 1)
	for i, n := range idx {
		if i > 0 {
			b.WriteString(o.Separator)
		}
		w := list[n]
		if o.Capitalize {
			b.WriteByte(toUpper(w[0]))
			w = w[1:]
		}
		b.WriteString(w)
		if i == numberAt {
			b.WriteByte(digit)
		}
	}
	return b.String(), nil
}

// maxWordLen is the length in bytes of the longest EFF long-list word.
const maxWordLen = 9

func (o PassphraseOptions) validate() error {
	if o.Words < MinWords || o.Words > MaxWords {
		return invalid("Words is %d, must be %d..%d", o.Words, MinWords, MaxWords)
	}
	if len(o.Separator) > MaxSeparatorLen {
		// The length, not the text: the separator is part of the secret.
		return invalid("Separator is %d bytes, must be at most %d", len(o.Separator), MaxSeparatorLen)
	}
	if !utf8.ValidString(o.Separator) {
		return invalid("Separator is not valid UTF-8")
	}
	return nil
}

// toUpper upper-cases an ASCII letter; the EFF list is all ASCII lower case.
func toUpper(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}
