package vault

import (
	"unicode"
	"unicode/utf8"
)

// appendFold appends the search form of s to dst: lower case, Latin
// diacritics removed (é→e, ß→ss, Ø→o), NUL bytes (the arena's field
// separator) turned into spaces and invalid UTF-8 dropped. The same
// function folds item fields at unlock and queries at search, so matching
// is case- and accent-insensitive. ASCII takes a fast path.
func appendFold(dst, s []byte) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			case c == 0:
				c = ' '
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, n := utf8.DecodeRune(s[i:])
		i += n
		if r == utf8.RuneError && n == 1 {
			continue
		}
		r = unicode.ToLower(r)
		if f, ok := latinFold[r]; ok {
			dst = append(dst, f...)
			continue
		}
		if unicode.Is(unicode.Mn, r) { // combining marks of decomposed text
			continue
		}
		dst = utf8.AppendRune(dst, r)
	}
	return dst
}

// latinFold maps lower-case Latin letters with diacritics (Latin-1
// Supplement and Latin Extended-A, which cover the European languages MSP
// clients write in) to their base letters. It is a small table rather than
// golang.org/x/text normalisation to keep folding allocation-free and the
// module's direct dependencies unchanged.
var latinFold = func() map[rune]string {
	groups := map[string]string{
		"a":  "àáâãäåāăą",
		"ae": "æ",
		"c":  "çćĉċč",
		"d":  "ďđð",
		"e":  "èéêëēĕėęě",
		"g":  "ĝğġģ",
		"h":  "ĥħ",
		"i":  "ìíîïĩīĭįı",
		"ij": "ĳ",
		"j":  "ĵ",
		"k":  "ķĸ",
		"l":  "ĺļľŀł",
		"n":  "ñńņňŉŋ",
		"o":  "òóôõöøōŏő",
		"oe": "œ",
		"r":  "ŕŗř",
		"s":  "śŝşšſ",
		"ss": "ß",
		"t":  "ţťŧ",
		"th": "þ",
		"u":  "ùúûüũūŭůűų",
		"w":  "ŵ",
		"y":  "ýÿŷ",
		"z":  "źżž",
	}
	m := make(map[rune]string)
	for base, letters := range groups {
		for _, r := range letters {
			m[r] = base
		}
	}
	return m
}()

// isWordByte reports whether c can be part of a word; anything else
// (space, punctuation) starts a new word for word-prefix matches. Bytes of
// multi-byte UTF-8 sequences count as letters.
func isWordByte(c byte) bool {
	return c >= utf8.RuneSelf || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || 'A' <= c && c <= 'Z'
}
