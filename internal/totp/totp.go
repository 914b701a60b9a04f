// Package totp computes the time-based one-time codes (RFC 6238) of vault
// items, from the authenticator key a Bitwarden login item holds in its
// "totp" field.
//
// That field comes in three forms, as in Bitwarden's own clients: a bare
// base32 secret, an otpauth://totp/ URI, or steam://SECRET for Steam Guard.
// [Parse] reads all three and bounds every parameter, since the field is
// data synced from a server; [Params.Code] computes the code.
package totp

import (
	"encoding/base32"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
)

// Algorithm is the HMAC hash of a TOTP generator.
type Algorithm int

const (
	SHA1 Algorithm = iota + 1
	SHA256
	SHA512
)

func (a Algorithm) String() string {
	switch a {
	case SHA1:
		return "SHA1"
	case SHA256:
		return "SHA256"
	case SHA512:
		return "SHA512"
	}
	return "Algorithm(" + strconv.Itoa(int(a)) + ")"
}

// Limits on what Parse accepts. The secret bounds follow RFC 4226 §4 (at
// least 128 bits is required, 160 recommended; 80 bits is what many
// services still issue) and keep a hostile value from making every code
// computation hash a huge key.
const (
	minDigits      = 6
	maxDigits      = 10
	minPeriod      = 1 * time.Second
	maxPeriod      = 300 * time.Second
	minSecretBytes = 10
	maxSecretBytes = 256
	defaultDigits  = 6
	defaultPeriod  = 30 * time.Second
	maxInputLength = 4096
	steamDigits    = 5
)

// ErrInvalid is wrapped by every error of Parse, and of Code for Params that
// did not come from Parse. Messages never contain the secret.
var ErrInvalid = errors.New("invalid authenticator key")

// Params are the parameters of one TOTP generator. Use [Parse] to make them;
// the zero value is not usable. The secret is unexported and never printed:
// String, GoString and LogValue redact it.
type Params struct {
	Algorithm Algorithm
	Digits    int           // 6 to 10; 5 for Steam
	Period    time.Duration // whole seconds, 1 s to 300 s
	Issuer    string        // from the otpauth issuer parameter or label, may be empty
	Account   string        // from the otpauth label, may be empty
	Steam     bool          // Steam Guard: 5 characters from steamAlphabet

	secret []byte
}

// Parse reads an authenticator key in any of the forms a Bitwarden item
// holds:
//
//   - a bare base32 secret: case, spaces and missing "=" padding are
//     tolerated; SHA-1, 6 digits, 30 s;
//   - otpauth://totp/LABEL?secret=S&algorithm=SHA1|SHA256|SHA512&digits=N&period=N&issuer=I,
//     with the defaults above for missing parameters; encoder=steam, as
//     written by some authenticator apps, selects Steam Guard;
//   - steam://S, Bitwarden's form for Steam Guard: SHA-1, 30 s, 5 characters
//     from the alphabet "23456789BCDFGHJKMNPQRTVWXY".
//
// Out-of-range digits, periods or secret sizes and unknown algorithms are
// errors wrapping ErrInvalid.
func Parse(s string) (Params, error) {
	s = strings.TrimSpace(s)
	if len(s) > maxInputLength {
		return Params{}, fmt.Errorf("%w: %d characters, at most %d", ErrInvalid, len(s), maxInputLength)
	}
	lower := strings.ToLower(s)
	switch {
	case strings.HasPrefix(lower, "otpauth://"):
		return parseURI(s)
	case strings.HasPrefix(lower, "steam://"):
		return newParams(s[len("steam://"):], SHA1, steamDigits, defaultPeriod, true)
	}
	return newParams(s, SHA1, defaultDigits, defaultPeriod, false)
}

func parseURI(s string) (Params, error) {
	u, err := url.Parse(s)
	if err != nil {
		// Not wrapped: url.Error quotes the whole URI, secret included.
		return Params{}, fmt.Errorf("%w: malformed otpauth URI", ErrInvalid)
	}
	steam := false
	switch strings.ToLower(u.Host) {
	case "totp":
	case "steam":
		steam = true
	case "hotp":
		return Params{}, fmt.Errorf("%w: counter-based (HOTP) keys are not supported", ErrInvalid)
	default:
		return Params{}, fmt.Errorf("%w: otpauth type %.20q, want totp", ErrInvalid, u.Host)
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		// Not wrapped: the error may quote part of the query.
		return Params{}, fmt.Errorf("%w: malformed otpauth parameters", ErrInvalid)
	}
	if strings.EqualFold(q.Get("encoder"), "steam") {
		steam = true
	}

	alg := SHA1
	switch strings.ToUpper(strings.ReplaceAll(q.Get("algorithm"), "-", "")) {
	case "", "SHA1":
	case "SHA256":
		alg = SHA256
	case "SHA512":
		alg = SHA512
	default:
		return Params{}, fmt.Errorf("%w: unknown algorithm %.20q", ErrInvalid, q.Get("algorithm"))
	}

	digits := defaultDigits
	if steam {
		digits = steamDigits
	}
	if v := q.Get("digits"); v != "" && !steam {
		n, err := strconv.Atoi(v)
		if err != nil || n < minDigits || n > maxDigits {
			return Params{}, fmt.Errorf("%w: digits %.20q, want %d to %d", ErrInvalid, v, minDigits, maxDigits)
		}
		digits = n
	}

	period := defaultPeriod
	if v := q.Get("period"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < int(minPeriod/time.Second) || n > int(maxPeriod/time.Second) {
			return Params{}, fmt.Errorf("%w: period %.20q, want %d to %d seconds", ErrInvalid, v,
				int(minPeriod/time.Second), int(maxPeriod/time.Second))
		}
		period = time.Duration(n) * time.Second
	}
	if !q.Has("secret") {
		return Params{}, fmt.Errorf("%w: otpauth URI has no secret", ErrInvalid)
	}
	p, err := newParams(q.Get("secret"), alg, digits, period, steam)
	if err != nil {
		return Params{}, err
	}

	// Key URI format: the label is "issuer:account" or "account", and the
	// issuer parameter, when present, wins.
	label := strings.TrimPrefix(u.Path, "/")
	if issuer, account, ok := strings.Cut(label, ":"); ok {
		p.Issuer, p.Account = strings.TrimSpace(issuer), strings.TrimSpace(account)
	} else {
		p.Account = strings.TrimSpace(label)
	}
	if v := q.Get("issuer"); v != "" {
		p.Issuer = v
	}
	return p, nil
}

func newParams(secret string, alg Algorithm, digits int, period time.Duration, steam bool) (Params, error) {
	key, err := decodeSecret(secret)
	if err != nil {
		return Params{}, err
	}
	p := Params{Algorithm: alg, Digits: digits, Period: period, Steam: steam, secret: key}
	return p, p.check()
}

// decodeSecret decodes base32 leniently: spaces anywhere, lowercase and
// missing or present "=" padding are accepted, as authenticator apps do.
func decodeSecret(s string) ([]byte, error) {
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\n', '\r':
			return -1
		}
		return r
	}, s)
	s = strings.TrimRight(strings.ToUpper(s), "=")
	if s == "" {
		return nil, fmt.Errorf("%w: empty secret", ErrInvalid)
	}
	// Each base32 character is 5 bits: reject an oversized secret before
	// decoding it.
	if len(s) > (maxSecretBytes*8+4)/5 {
		return nil, fmt.Errorf("%w: secret is over %d bytes", ErrInvalid, maxSecretBytes)
	}
	key, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(s)
	// encoding/base32 without padding decodes a final group of 1, 3 or 6
	// characters, which no encoder produces, by dropping it in part.
	if r := len(s) % 8; err != nil || r == 1 || r == 3 || r == 6 {
		// Not wrapped: the error gives a position in the secret, which is
		// no use to the user.
		return nil, fmt.Errorf("%w: secret is not base32", ErrInvalid)
	}
	return key, nil
}

// check validates p, so that Code never hands odd values to the HOTP
// primitive even for Params not made by Parse.
func (p Params) check() error {
	switch {
	case p.Algorithm != SHA1 && p.Algorithm != SHA256 && p.Algorithm != SHA512:
		return fmt.Errorf("%w: unknown algorithm %v", ErrInvalid, p.Algorithm)
	case p.Steam && (p.Digits != steamDigits || p.Algorithm != SHA1):
		return fmt.Errorf("%w: Steam Guard needs %d characters and SHA1", ErrInvalid, steamDigits)
	case !p.Steam && (p.Digits < minDigits || p.Digits > maxDigits):
		return fmt.Errorf("%w: %d digits, want %d to %d", ErrInvalid, p.Digits, minDigits, maxDigits)
	case p.Period < minPeriod || p.Period > maxPeriod || p.Period%time.Second != 0:
		return fmt.Errorf("%w: period %v, want whole seconds from %v to %v", ErrInvalid, p.Period, minPeriod, maxPeriod)
	case len(p.secret) < minSecretBytes || len(p.secret) > maxSecretBytes:
		return fmt.Errorf("%w: secret is %d bytes, want %d to %d", ErrInvalid, len(p.secret), minSecretBytes, maxSecretBytes)
	}
	return nil
}

// Code returns the code valid at t and how long it stays valid: the time
// from t to the end of its period.
//
// The standard case is RFC 6238 computed by github.com/pquerna/otp's HOTP
// primitive on the counter floor(unixtime / period). Steam Guard runs the
// same HOTP (SHA-1, 30 s) and its dynamically truncated 31-bit value is
// written as 5 characters, least significant first, in base 26 over
// "23456789BCDFGHJKMNPQRTVWXY" (pquerna's otp.EncoderSteam, the algorithm
// of Steam's mobile authenticator); the tests cross-check it against an
// independent implementation.
func (p Params) Code(t time.Time) (code string, remaining time.Duration, err error) {
	if err := p.check(); err != nil {
		return "", 0, err
	}
	if t.Unix() < 0 {
		return "", 0, fmt.Errorf("totp: time %v is before 1970", t.UTC())
	}
	step := int64(p.Period / time.Second)
	counter := t.Unix() / step
	remaining = time.Unix((counter+1)*step, 0).Sub(t)

	opts := hotp.ValidateOpts{Digits: otp.Digits(p.Digits), Algorithm: p.Algorithm.otp()}
	if p.Steam {
		opts.Encoder = otp.EncoderSteam
	}
	// pquerna takes the secret as base32 text, so it is briefly a string
	// here; Go strings cannot be cleared.
	code, err = hotp.GenerateCodeCustom(base32.StdEncoding.EncodeToString(p.secret), uint64(counter), opts)
	if err != nil {
		return "", 0, fmt.Errorf("totp: %w", err)
	}
	return code, remaining, nil
}

func (a Algorithm) otp() otp.Algorithm {
	switch a {
	case SHA256:
		return otp.AlgorithmSHA256
	case SHA512:
		return otp.AlgorithmSHA512
	}
	return otp.AlgorithmSHA1
}

// String describes p without its secret.
func (p Params) String() string {
	return fmt.Sprintf("totp.Params{%v, %d digits, %v, steam %v, issuer %q, account %q, secret REDACTED}",
		p.Algorithm, p.Digits, p.Period, p.Steam, p.Issuer, p.Account)
}

// GoString is String, so %#v does not print the secret either.
func (p Params) GoString() string { return p.String() }

// LogValue keeps the secret out of slog output.
func (p Params) LogValue() slog.Value { return slog.StringValue(p.String()) }
