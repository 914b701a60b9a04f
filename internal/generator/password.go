package generator

// Limits on PasswordOptions, the same as in Bitwarden's clients.
const (
	MinPasswordLength = 5
	MaxPasswordLength = 128
	MaxMinCount       = 9 // the largest MinDigits or MinSymbols
)

// Character sets, as in Bitwarden's generator (sdk-internal,
// crates/bitwarden-generators/src/password.rs). Avoiding ambiguity drops
// I and O from the upper case, l from the lower case, and 0 and 1 from the
// digits; the symbols have nothing to drop.
const (
	lowerChars            = "abcdefghijklmnopqrstuvwxyz"
	lowerCharsUnambiguous = "abcdefghijkmnopqrstuvwxyz"
	upperChars            = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	upperCharsUnambiguous = "ABCDEFGHJKLMNPQRSTUVWXYZ"
	digitChars            = "0123456789"
	digitCharsUnambiguous = "23456789"
	symbolChars           = "!@#$%^&*"
)

// PasswordOptions describes a random password. The zero value is not valid
// (its Length is 0 and it enables no character set): start from
// DefaultPasswordOptions and change what you need.
type PasswordOptions struct {
	// Length is the number of characters, MinPasswordLength..MaxPasswordLength
	// (5..128, Bitwarden's range). Default 20.
	Length int

	// Lowercase, Uppercase, Digits and Symbols enable the sets a–z, A–Z, 0–9
	// and Bitwarden's symbols !@#$%^&*. At least one set must be enabled;
	// a MinDigits or MinSymbols above zero enables its set too.
	//
	// Every enabled set contributes at least one character, as in Bitwarden,
	// so the password passes a site's "must contain" rule for each set the
	// user asked for. Default: all four.
	Lowercase, Uppercase, Digits, Symbols bool

	// MinDigits and MinSymbols are the least number of digits and of symbols,
	// 0..MaxMinCount (0..9, Bitwarden's range). A minimum above zero enables
	// its set even if Digits or Symbols is false; an enabled set with a
	// minimum of 0 still gets one character. The minimums, plus one character
	// for each other enabled set, must fit in Length. Default 1 each.
	MinDigits, MinSymbols int

	// AvoidAmbiguous leaves out the characters Bitwarden considers easy to
	// misread: I, O, l, 0 and 1. Default false.
	AvoidAmbiguous bool
}

// DefaultPasswordOptions returns the options vdesk generates with unless told
// otherwise: 20 characters from all four sets with at least one digit and one
// symbol. That is about 120 bits of entropy, and the mix is accepted by
// nearly every site's password rules.
func DefaultPasswordOptions() PasswordOptions {
	return PasswordOptions{
		Length:     20,
		Lowercase:  true,
		Uppercase:  true,
		Digits:     true,
		Symbols:    true,
		MinDigits:  1,
		MinSymbols: 1,
	}
}

// charset is one enabled character set and how many characters the password
// must take from it.
type charset struct {
	chars string
	min   int
}

// Password returns a random password described by o, or an error wrapping
// ErrInvalidOptions if an option is out of range.
//
// As in Bitwarden, the required characters (the minimum of each enabled set)
// are drawn from their own set and the rest from the union of the enabled
// sets; the whole is then shuffled so that the required characters are not
// always at the front, where an attacker would know to look for them.
func Password(o PasswordOptions) (string, error) {
	sets, all, err := o.charsets()
	if err != nil {
		return "", err
	}

	var src source
	defer src.wipe()
	buf := make([]byte, 0, o.Length)
	for _, cs := range sets {
		for range cs.min {
			buf = append(buf, cs.chars[src.intn(uint32(len(cs.chars)))])
		}
	}
	for len(buf) < o.Length {
		buf = append(buf, all[src.intn(uint32(len(all)))])
	}
	src.shuffle(buf)

	pw := string(buf)
	clear(buf)
	return pw, nil
}

// charsets validates o and returns the enabled sets with their minimums, and
// the union of their characters.
func (o PasswordOptions) charsets() (sets []charset, all string, err error) {
	if o.Length < MinPasswordLength || o.Length > MaxPasswordLength {
		return nil, "", invalid("Length is %d, must be %d..%d", o.Length, MinPasswordLength, MaxPasswordLength)
	}
	if o.MinDigits < 0 || o.MinDigits > MaxMinCount {
		return nil, "", invalid("MinDigits is %d, must be 0..%d", o.MinDigits, MaxMinCount)
	}
	if o.MinSymbols < 0 || o.MinSymbols > MaxMinCount {
		return nil, "", invalid("MinSymbols is %d, must be 0..%d", o.MinSymbols, MaxMinCount)
	}

	lower, upper, digits := lowerChars, upperChars, digitChars
	if o.AvoidAmbiguous {
		lower, upper, digits = lowerCharsUnambiguous, upperCharsUnambiguous, digitCharsUnambiguous
	}
	candidates := [...]struct {
		enabled bool
		charset
	}{
		{o.Lowercase, charset{lower, 1}},
		{o.Uppercase, charset{upper, 1}},
		{o.Digits || o.MinDigits > 0, charset{digits, max(o.MinDigits, 1)}},
		{o.Symbols || o.MinSymbols > 0, charset{symbolChars, max(o.MinSymbols, 1)}},
	}
	required := 0
	for _, c := range candidates {
		if c.enabled {
			sets = append(sets, c.charset)
			all += c.chars
			required += c.min
		}
	}
	if len(sets) == 0 {
		return nil, "", invalid("no character set enabled, need at least one of Lowercase, Uppercase, Digits, Symbols")
	}
	if required > o.Length {
		return nil, "", invalid("MinDigits %d and MinSymbols %d, with one character for each other enabled set, need %d characters, more than Length %d",
			o.MinDigits, o.MinSymbols, required, o.Length)
	}
	return sets, all, nil
}
