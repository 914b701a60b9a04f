// Package generator makes random passwords and passphrases the way Bitwarden's
// generator does: the same character sets, the same ambiguous-character rule,
// the same EFF long word list and the same option limits, so that a password
// made here is accepted wherever a Bitwarden-generated one would be.
//
// All randomness comes from crypto/rand. Every choice, whether a character,
// a word or a position in the shuffle, is drawn uniformly by rejection
// sampling over 32-bit draws rather than by reducing a random number modulo
// the set size, so no character, word or position is favoured.
//
// Password and Passphrase are safe for concurrent use: they share no state.
package generator

import (
	"errors"
	"fmt"
)

// ErrInvalidOptions is returned, wrapped, for any option outside its allowed
// range. The wrapping message names the option and the range, so it can be
// shown to the user as is; it never contains generated output.
var ErrInvalidOptions = errors.New("invalid generator options")

// invalid returns an error wrapping ErrInvalidOptions.
func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalidOptions, fmt.Sprintf(format, args...))
}
