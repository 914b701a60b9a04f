package crypto

import (
	"crypto/aes"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
)

// EncType is the type of an EncString, with Bitwarden's numbers; the comment
// after each constant is Bitwarden's name for it.
// See docs/bitwarden-protocol.md §5.6.
type EncType uint8

const (
	EncAesCbc256                   EncType = 0 // AesCbc256_B64: legacy, decrypt only, no MAC
	EncAesCbc128HmacSha256         EncType = 1 // AesCbc128_HmacSha256_B64: removed, refused
	EncAesCbc256HmacSha256         EncType = 2 // AesCbc256_HmacSha256_B64: the standard symmetric type
	EncRsa2048OaepSha256           EncType = 3 // Rsa2048_OaepSha256_B64: decrypt only
	EncRsa2048OaepSha1             EncType = 4 // Rsa2048_OaepSha1_B64: what clients write for key sharing
	EncRsa2048OaepSha256HmacSha256 EncType = 5 // Rsa2048_OaepSha256_HmacSha256_B64: deprecated, MAC ignored
	EncRsa2048OaepSha1HmacSha256   EncType = 6 // Rsa2048_OaepSha1_HmacSha256_B64: deprecated, MAC ignored
	EncCoseEncrypt0                EncType = 7 // Cose_Encrypt0_B64: v2 accounts, refused
)

func (t EncType) String() string { return "type " + strconv.Itoa(int(t)) }

func (t EncType) isRSA() bool { return t >= EncRsa2048OaepSha256 && t <= EncRsa2048OaepSha1HmacSha256 }

// Limits for parsing.
const (
	ivSize     = aes.BlockSize
	macSize    = 32
	maxRSASize = 512 // an RSA-4096 ciphertext
)

// b64 is standard base64 with padding, rejecting non-zero trailing bits so
// that every accepted string has one encoding. ParseEncString rejects CR and
// LF, which the decoder would otherwise skip.
var b64 = base64.StdEncoding.Strict()

// EncString is an encrypted value in Bitwarden's EncString format (§5.6):
//
//	0.iv|ct        AES-256-CBC, no MAC (legacy)
//	2.iv|ct|mac    AES-256-CBC + HMAC-SHA256
//	3.ct, 4.ct     RSA-OAEP (SHA-256, SHA-1)
//	5.ct|mac, 6.ct|mac   as 3 and 4; the MAC is parsed and ignored
//
// Its zero value is not a valid EncString. It implements
// encoding.TextMarshaler and encoding.TextUnmarshaler, so API wire structs
// can hold it directly; use *EncString (or the omitzero option) for a field
// the server may send as null.
type EncString struct {
	typ  EncType
	iv   [ivSize]byte  // types 0 and 2
	mac  [macSize]byte // types 2, 5 and 6
	data []byte        // ciphertext
}

// Type returns the EncString's type.
func (e EncString) Type() EncType { return e.typ }

// IsZero reports whether e is the zero value.
func (e EncString) IsZero() bool { return len(e.data) == 0 }

// ParseEncString parses s strictly: a known type, the right number of parts,
// standard padded base64, a 16-byte IV, a 32-byte MAC and a ciphertext that is
// a non-zero multiple of 16 bytes (AES), or 1–512 bytes (RSA). A string with
// no type header is type 0 if it has two parts and type 1 (refused) if it has
// three, as in Bitwarden.
func ParseEncString(s string) (EncString, error) {
	e, err := parseEncString(s)
	if err != nil {
		return EncString{}, fmt.Errorf("parse enc string: %w", err)
	}
	return e, nil
}

func parseEncString(s string) (EncString, error) {
	if s == "" {
		return EncString{}, fmt.Errorf("empty: %w", ErrMalformed)
	}
	if strings.ContainsAny(s, "\r\n") {
		return EncString{}, fmt.Errorf("line break in base64: %w", ErrBase64)
	}
	header, body, ok := strings.Cut(s, ".")
	var typ EncType
	if !ok {
		// Headerless legacy strings: the type follows from the part count.
		body = s
		switch n := strings.Count(s, "|") + 1; n {
		case 2:
			typ = EncAesCbc256
		case 3:
			typ = EncAesCbc128HmacSha256
		default:
			return EncString{}, fmt.Errorf("no type header and %s, want 2 or 3: %w", partCount(n), ErrMalformed)
		}
	} else {
		t, err := parseType(header)
		if err != nil {
			return EncString{}, err
		}
		typ = t
	}

	e := EncString{typ: typ}
	switch typ {
	case EncAesCbc256, EncAesCbc256HmacSha256:
		want := 3
		if typ == EncAesCbc256 {
			want = 2
		}
		parts, err := splitParts(body, want, typ)
		if err != nil {
			return EncString{}, err
		}
		if err := decodeFixed(e.iv[:], parts[0], typ, "IV"); err != nil {
			return EncString{}, err
		}
		if e.data, err = decodeData(parts[1], typ, 0); err != nil {
			return EncString{}, err
		}
		if err := checkAESCiphertext(len(e.data)); err != nil {
			return EncString{}, fmt.Errorf("%v: %w", typ, err)
		}
		if typ == EncAesCbc256HmacSha256 {
			if err := decodeFixed(e.mac[:], parts[2], typ, "MAC"); err != nil {
				return EncString{}, err
			}
		}
	case EncRsa2048OaepSha256, EncRsa2048OaepSha1, EncRsa2048OaepSha256HmacSha256, EncRsa2048OaepSha1HmacSha256:
		want := 1
		if typ >= EncRsa2048OaepSha256HmacSha256 {
			want = 2
		}
		parts, err := splitParts(body, want, typ)
		if err != nil {
			return EncString{}, err
		}
		if e.data, err = decodeData(parts[0], typ, maxRSASize); err != nil {
			return EncString{}, err
		}
		if len(e.data) == 0 {
			return EncString{}, fmt.Errorf("%v: empty ciphertext: %w", typ, ErrMalformed)
		}
		if want == 2 {
			if err := decodeFixed(e.mac[:], parts[1], typ, "MAC"); err != nil {
				return EncString{}, err
			}
		}
	case EncAesCbc128HmacSha256:
		return EncString{}, fmt.Errorf("%v (AES-128-CBC) is not supported: %w", typ, ErrUnknownType)
	case EncCoseEncrypt0:
		return EncString{}, fmt.Errorf("%v (COSE, v2 accounts) is not supported: %w", typ, ErrUnknownType)
	default:
		return EncString{}, fmt.Errorf("%v: %w", typ, ErrUnknownType)
	}
	return e, nil
}

// parseType parses a type header: exactly one decimal digit.
func parseType(h string) (EncType, error) {
	if len(h) == 1 && h[0] >= '0' && h[0] <= '9' {
		return EncType(h[0] - '0'), nil
	}
	if h == "" {
		return 0, fmt.Errorf("empty type header: %w", ErrUnknownType)
	}
	if len(h) <= 4 && strings.Trim(h, "0123456789") == "" {
		return 0, fmt.Errorf("type %s: %w", h, ErrUnknownType)
	}
	return 0, fmt.Errorf("type header is not a number (%d bytes): %w", len(h), ErrUnknownType)
}

// splitParts splits an EncString body into exactly want parts.
func splitParts(body string, want int, typ EncType) ([]string, error) {
	if n := strings.Count(body, "|") + 1; n != want {
		return nil, fmt.Errorf("%v has %s, want %d: %w", typ, partCount(n), want, ErrMalformed)
	}
	return strings.SplitN(body, "|", want), nil
}

func partCount(n int) string {
	if n == 1 {
		return "1 part"
	}
	return strconv.Itoa(n) + " parts"
}

// decodeFixed decodes a part that must be exactly len(dst) bytes.
func decodeFixed(dst []byte, part string, typ EncType, what string) error {
	if b64.DecodedLen(len(part)) > len(dst)+2 {
		// Too long whatever its content; don't decode it.
		return fmt.Errorf("%v: %s is about %d bytes, want %d: %w", typ, what, b64.DecodedLen(len(part)), len(dst), ErrMalformed)
	}
	var buf [macSize + 2]byte
	n, err := b64.Decode(buf[:], []byte(part))
	if err != nil {
		return fmt.Errorf("%v: %s is not valid base64: %w", typ, what, ErrBase64)
	}
	if n != len(dst) {
		return fmt.Errorf("%v: %s is %d bytes, want %d: %w", typ, what, n, len(dst), ErrMalformed)
	}
	copy(dst, buf[:n])
	return nil
}

// decodeData decodes a ciphertext part, of at most limit bytes if limit > 0.
func decodeData(part string, typ EncType, limit int) ([]byte, error) {
	if limit > 0 && b64.DecodedLen(len(part)) > limit+2 {
		return nil, fmt.Errorf("%v: ciphertext is about %d bytes, want at most %d: %w", typ, b64.DecodedLen(len(part)), limit, ErrMalformed)
	}
	b, err := b64.DecodeString(part)
	if err != nil {
		return nil, fmt.Errorf("%v: ciphertext is not valid base64: %w", typ, ErrBase64)
	}
	if limit > 0 && len(b) > limit {
		return nil, fmt.Errorf("%v: ciphertext is %d bytes, want at most %d: %w", typ, len(b), limit, ErrMalformed)
	}
	return b, nil
}

// String returns the EncString in Bitwarden's text form, or "" for the zero
// value. An EncString holds only ciphertext, so this is safe to log.
func (e EncString) String() string {
	if e.IsZero() {
		return ""
	}
	return string(e.appendText(nil))
}

func (e EncString) appendText(b []byte) []byte {
	b = append(b, '0'+byte(e.typ), '.')
	switch e.typ {
	case EncAesCbc256, EncAesCbc256HmacSha256:
		b = b64.AppendEncode(b, e.iv[:])
		b = append(b, '|')
		b = b64.AppendEncode(b, e.data)
		if e.typ == EncAesCbc256HmacSha256 {
			b = append(b, '|')
			b = b64.AppendEncode(b, e.mac[:])
		}
	default:
		b = b64.AppendEncode(b, e.data)
		if e.typ == EncRsa2048OaepSha256HmacSha256 || e.typ == EncRsa2048OaepSha1HmacSha256 {
			b = append(b, '|')
			b = b64.AppendEncode(b, e.mac[:])
		}
	}
	return b
}

// MarshalText implements encoding.TextMarshaler. The zero value is refused.
func (e EncString) MarshalText() ([]byte, error) {
	if e.IsZero() {
		return nil, fmt.Errorf("marshal enc string: zero value: %w", ErrMalformed)
	}
	return e.appendText(nil), nil
}

// UnmarshalText implements encoding.TextUnmarshaler with [ParseEncString].
func (e *EncString) UnmarshalText(text []byte) error {
	v, err := ParseEncString(string(text))
	if err != nil {
		return err
	}
	*e = v
	return nil
}

// ParseEncStringBinary parses the binary form used for attachment and Send
// file bodies (§5.6): [2][iv 16][mac 32][ct] for type 2 and [0][iv 16][ct]
// for type 0, with the same checks as [ParseEncString]. It copies b.
func ParseEncStringBinary(b []byte) (EncString, error) {
	e, err := parseBinary(b)
	if err != nil {
		return EncString{}, fmt.Errorf("parse binary enc string: %w", err)
	}
	return e, nil
}

func parseBinary(b []byte) (EncString, error) {
	if len(b) == 0 {
		return EncString{}, fmt.Errorf("empty: %w", ErrMalformed)
	}
	e := EncString{typ: EncType(b[0])}
	var head int
	switch e.typ {
	case EncAesCbc256:
		head = 1 + ivSize
	case EncAesCbc256HmacSha256:
		head = 1 + ivSize + macSize
	default:
		return EncString{}, fmt.Errorf("%v has no binary form, want type 0 or 2: %w", e.typ, ErrUnknownType)
	}
	if len(b) < head {
		return EncString{}, fmt.Errorf("%v: %d bytes, want at least %d: %w", e.typ, len(b), head+aes.BlockSize, ErrMalformed)
	}
	if err := checkAESCiphertext(len(b) - head); err != nil {
		return EncString{}, fmt.Errorf("%v: %w", e.typ, err)
	}
	copy(e.iv[:], b[1:])
	if e.typ == EncAesCbc256HmacSha256 {
		copy(e.mac[:], b[1+ivSize:])
	}
	e.data = append([]byte(nil), b[head:]...)
	return e, nil
}

// MarshalBinary implements encoding.BinaryMarshaler with the binary form
// described at [ParseEncStringBinary]. Only types 0 and 2 have one.
func (e EncString) MarshalBinary() ([]byte, error) {
	switch {
	case e.IsZero():
		return nil, fmt.Errorf("marshal binary enc string: zero value: %w", ErrMalformed)
	case e.typ == EncAesCbc256:
		b := make([]byte, 0, 1+ivSize+len(e.data))
		b = append(b, byte(e.typ))
		b = append(b, e.iv[:]...)
		return append(b, e.data...), nil
	case e.typ == EncAesCbc256HmacSha256:
		b := make([]byte, 0, 1+ivSize+macSize+len(e.data))
		b = append(b, byte(e.typ))
		b = append(b, e.iv[:]...)
		b = append(b, e.mac[:]...)
		return append(b, e.data...), nil
	}
	return nil, fmt.Errorf("marshal binary enc string: %v has no binary form: %w", e.typ, ErrUnknownType)
}

// UnmarshalBinary implements encoding.BinaryUnmarshaler with
// [ParseEncStringBinary].
func (e *EncString) UnmarshalBinary(b []byte) error {
	v, err := ParseEncStringBinary(b)
	if err != nil {
		return err
	}
	*e = v
	return nil
}
