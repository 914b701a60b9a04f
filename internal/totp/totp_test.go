package totp

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func b32(s string) string { return base32.StdEncoding.EncodeToString([]byte(s)) }

// RFC 6238 Appendix B: the seeds are the ASCII digits "1234567890" repeated
// to the hash's size (20, 32 and 64 bytes), 8 digits, 30 s.
func TestRFC6238(t *testing.T) {
	seeds := map[Algorithm]string{
		SHA1:   "12345678901234567890",
		SHA256: "12345678901234567890123456789012",
		SHA512: "1234567890123456789012345678901234567890123456789012345678901234",
	}
	vectors := []struct {
		unix int64
		alg  Algorithm
		want string
	}{
		{59, SHA1, "94287082"}, {59, SHA256, "46119246"}, {59, SHA512, "90693936"},
		{1111111109, SHA1, "07081804"}, {1111111109, SHA256, "68084774"}, {1111111109, SHA512, "25091201"},
		{1111111111, SHA1, "14050471"}, {1111111111, SHA256, "67062674"}, {1111111111, SHA512, "99943326"},
		{1234567890, SHA1, "89005924"}, {1234567890, SHA256, "91819424"}, {1234567890, SHA512, "93441116"},
		{2000000000, SHA1, "69279037"}, {2000000000, SHA256, "90698825"}, {2000000000, SHA512, "38618901"},
		{20000000000, SHA1, "65353130"}, {20000000000, SHA256, "77737706"}, {20000000000, SHA512, "47863826"},
	}
	for _, v := range vectors {
		t.Run(fmt.Sprintf("%v/%d", v.alg, v.unix), func(t *testing.T) {
			uri := fmt.Sprintf("otpauth://totp/RFC:6238?secret=%s&algorithm=%v&digits=8&period=30", b32(seeds[v.alg]), v.alg)
			p, err := Parse(uri)
			if err != nil {
				t.Fatal(err)
			}
			got, _, err := p.Code(time.Unix(v.unix, 0))
			if err != nil || got != v.want {
				t.Fatalf("Code(%d) = %q, %v, want %q", v.unix, got, err, v.want)
			}
		})
	}
}

func TestParse(t *testing.T) {
	const sec = "JBSWY3DPEHPK3PXP" // "Hello!\xde\xad\xbe\xef", 10 bytes
	tests := []struct {
		name, in string
		want     Params // secret not compared
	}{
		{"bare", sec, Params{Algorithm: SHA1, Digits: 6, Period: 30 * time.Second}},
		{"bare lowercase spaced", "jbsw y3dp ehpk 3pxp", Params{Algorithm: SHA1, Digits: 6, Period: 30 * time.Second}},
		{"bare padded", b32("0123456789ab"), Params{Algorithm: SHA1, Digits: 6, Period: 30 * time.Second}},
		{"bare unpadded", strings.TrimRight(b32("0123456789ab"), "="), Params{Algorithm: SHA1, Digits: 6, Period: 30 * time.Second}},
		{"surrounding space", "  " + sec + "\n", Params{Algorithm: SHA1, Digits: 6, Period: 30 * time.Second}},
		{"uri minimal", "otpauth://totp/alice?secret=" + sec,
			Params{Algorithm: SHA1, Digits: 6, Period: 30 * time.Second, Account: "alice"}},
		{"uri full", "otpauth://totp/ACME%20Co:john@example.com?secret=" + sec + "&issuer=ACME%20Co&algorithm=SHA256&digits=8&period=60",
			Params{Algorithm: SHA256, Digits: 8, Period: 60 * time.Second, Issuer: "ACME Co", Account: "john@example.com"}},
		{"uri issuer param wins", "otpauth://totp/Old:bob?secret=" + sec + "&issuer=New",
			Params{Algorithm: SHA1, Digits: 6, Period: 30 * time.Second, Issuer: "New", Account: "bob"}},
		{"uri label issuer", "otpauth://totp/Example:alice@google.com?secret=" + sec,
			Params{Algorithm: SHA1, Digits: 6, Period: 30 * time.Second, Issuer: "Example", Account: "alice@google.com"}},
		{"uri case and sha512", "OTPAUTH://TOTP/x?SECRET=no&secret=" + strings.ToLower(sec) + "&algorithm=sha512&digits=7&period=1",
			Params{Algorithm: SHA512, Digits: 7, Period: time.Second, Account: "x"}},
		{"uri 10 digits 300 s", "otpauth://totp/?secret=" + sec + "&digits=10&period=300",
			Params{Algorithm: SHA1, Digits: 10, Period: 300 * time.Second}},
		{"uri no label", "otpauth://totp?secret=" + sec, Params{Algorithm: SHA1, Digits: 6, Period: 30 * time.Second}},
		{"uri spaced secret", "otpauth://totp/a?secret=JBSW%20Y3DP%20EHPK%203PXP",
			Params{Algorithm: SHA1, Digits: 6, Period: 30 * time.Second, Account: "a"}},
		{"steam", "steam://" + sec, Params{Algorithm: SHA1, Digits: 5, Period: 30 * time.Second, Steam: true}},
		{"steam uppercase scheme", "STEAM://" + strings.ToLower(sec), Params{Algorithm: SHA1, Digits: 5, Period: 30 * time.Second, Steam: true}},
		{"uri steam encoder", "otpauth://totp/Steam:gaben?secret=" + sec + "&issuer=Steam&encoder=steam&digits=5",
			Params{Algorithm: SHA1, Digits: 5, Period: 30 * time.Second, Issuer: "Steam", Account: "gaben", Steam: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if len(got.secret) < minSecretBytes {
				t.Errorf("Parse(%q) secret is %d bytes", tt.in, len(got.secret))
			}
			got.secret = nil
			if got.String() != tt.want.String() {
				t.Errorf("Parse(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseSecretBytes(t *testing.T) {
	for _, in := range []string{"JBSWY3DPEHPK3PXP", "jbswy3dpehpk3pxp", "JBSW Y3DP EHPK 3PXP", "JBSWY3DPEHPK3PXP======"} {
		p, err := Parse(in)
		if err != nil {
			t.Fatal(err)
		}
		if want := "Hello!\xde\xad\xbe\xef"; string(p.secret) != want {
			t.Errorf("Parse(%q) secret = %x, want %x", in, p.secret, want)
		}
	}
}

// The secret in every hostile input contains "SECRETXX" so a leak into an
// error message shows.
func TestParseHostile(t *testing.T) {
	const sec = "SECRETXXSECRETXXSECRETXX" // 15 bytes
	tests := []struct{ name, in, want string }{
		{"empty", "", "empty secret"},
		{"spaces only", "   ", "empty secret"},
		{"short secret", "SECRETXX", "secret is 5 bytes"},
		{"long secret", strings.Repeat("SECRETXX", 52), "secret is over 256 bytes"},
		{"very long input", strings.Repeat("SECRETXX", 1000), "at most 4096"},
		{"not base32", sec + "0189", "not base32"},
		{"bad length", sec + "A", "not base32"},
		{"padding inside", "SECRETXX=SECRETXXSECRETXX", "not base32"},
		{"digits 5", "otpauth://totp/a?secret=" + sec + "&digits=5", "digits \"5\""},
		{"digits 11", "otpauth://totp/a?secret=" + sec + "&digits=11", "digits \"11\""},
		{"digits 0", "otpauth://totp/a?secret=" + sec + "&digits=0", "want 6 to 10"},
		{"digits negative", "otpauth://totp/a?secret=" + sec + "&digits=-8", "want 6 to 10"},
		{"digits huge", "otpauth://totp/a?secret=" + sec + "&digits=99999999999999999999999", "want 6 to 10"},
		{"digits text", "otpauth://totp/a?secret=" + sec + "&digits=six", "want 6 to 10"},
		{"period 0", "otpauth://totp/a?secret=" + sec + "&period=0", "want 1 to 300 seconds"},
		{"period 301", "otpauth://totp/a?secret=" + sec + "&period=301", "want 1 to 300 seconds"},
		{"period negative", "otpauth://totp/a?secret=" + sec + "&period=-30", "want 1 to 300 seconds"},
		{"period float", "otpauth://totp/a?secret=" + sec + "&period=30.5", "want 1 to 300 seconds"},
		{"algorithm md5", "otpauth://totp/a?secret=" + sec + "&algorithm=MD5", "unknown algorithm \"MD5\""},
		{"algorithm sha3", "otpauth://totp/a?secret=" + sec + "&algorithm=SHA3-256", "unknown algorithm"},
		{"hotp", "otpauth://hotp/a?secret=" + sec + "&counter=1", "HOTP"},
		{"other type", "otpauth://motp/a?secret=" + sec, "want totp"},
		{"no secret", "otpauth://totp/a?issuer=" + sec, "no secret"},
		{"empty secret param", "otpauth://totp/a?secret=", "empty secret"},
		{"bad escape", "otpauth://totp/a%zz?secret=" + sec, "malformed otpauth URI"},
		{"bad query escape", "otpauth://totp/a?secret=" + sec + "&x=%zz", "malformed otpauth parameters"},
		{"steam short", "steam://SECRETXX", "secret is 5 bytes"},
		{"steam sha256", "otpauth://totp/a?secret=" + sec + "&encoder=steam&algorithm=SHA256", "Steam Guard"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse(tt.in)
			if err == nil {
				t.Fatalf("Parse(%.40q) = %v, want an error", tt.in, p)
			}
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Parse(%.40q) error = %q, want ErrInvalid mentioning %q", tt.in, err, tt.want)
			}
			if strings.Contains(err.Error(), "SECRET") || strings.Contains(strings.ToUpper(err.Error()), "SECRETXX") {
				t.Errorf("Parse(%.40q) error %q echoes the secret", tt.in, err)
			}
		})
	}
}

// TestSteam checks Steam Guard codes against the vector in bukson/steampy's
// test/test_guard.py (shared secret "1234567890abcdefghij", time
// 1469184207, code "P2QJN"), and at other times against steamCode, an
// independent implementation below.
func TestSteam(t *testing.T) {
	secret := []byte("1234567890abcdefghij")
	p, err := Parse("steam://" + base32.StdEncoding.EncodeToString(secret))
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := p.Code(time.Unix(1469184207, 0))
	if err != nil || got != "P2QJN" {
		t.Fatalf("Code(1469184207) = %q, %v, want %q", got, err, "P2QJN")
	}
	if want := steamCode(secret, 1469184207); want != "P2QJN" {
		t.Fatalf("steamCode(1469184207) = %q, want P2QJN: the test's own implementation is wrong", want)
	}
	for _, unix := range []int64{0, 29, 30, 1000000000, 1700000000, 2000000000, 4102444800} {
		got, _, err := p.Code(time.Unix(unix, 0))
		if want := steamCode(secret, unix); err != nil || got != want {
			t.Errorf("Code(%d) = %q, %v, want %q", unix, got, err, want)
		}
	}
}

// steamCode is Steam Guard written out from its description: HMAC-SHA1 of
// the big-endian 30-second counter, RFC 4226 dynamic truncation, then 5
// base-26 digits, least significant first.
func steamCode(secret []byte, unix int64) string {
	const alphabet = "23456789BCDFGHJKMNPQRTVWXY"
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(unix/30))
	m := hmac.New(sha1.New, secret)
	m.Write(msg[:])
	sum := m.Sum(nil)
	off := sum[19] & 0x0f
	v := binary.BigEndian.Uint32(sum[off:]) & 0x7fffffff
	var code []byte
	for range 5 {
		code = append(code, alphabet[v%26])
		v /= 26
	}
	return string(code)
}

func TestRemaining(t *testing.T) {
	p30, _ := Parse("JBSWY3DPEHPK3PXP")
	p60, _ := Parse("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&period=60")
	p7, _ := Parse("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&period=7")
	tests := []struct {
		name string
		p    Params
		t    time.Time
		want time.Duration
	}{
		{"epoch", p30, time.Unix(0, 0), 30 * time.Second},
		{"last second", p30, time.Unix(59, 0), time.Second},
		{"boundary", p30, time.Unix(60, 0), 30 * time.Second},
		{"half second", p30, time.Unix(60, 500_000_000), 29500 * time.Millisecond},
		{"last nanosecond", p30, time.Unix(89, 999_999_999), time.Nanosecond},
		{"period 60", p60, time.Unix(1234567890, 0), 30 * time.Second},
		{"period 7", p7, time.Unix(100, 250_000_000), 4750 * time.Millisecond},
		{"time zone ignored", p30, time.Unix(45, 0).In(time.FixedZone("x", 5*3600+1800)), 15 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, got, err := tt.p.Code(tt.t)
			if err != nil || got != tt.want {
				t.Fatalf("Code(%v) remaining = %v, %v, want %v", tt.t, got, err, tt.want)
			}
			// The same code holds until just before the period ends.
			last, rem, _ := tt.p.Code(tt.t.Add(got - time.Nanosecond))
			if last != code || rem != time.Nanosecond {
				t.Errorf("Code(t+remaining-1ns) = %q, %v, want %q, 1ns", last, rem, code)
			}
			if _, rem, _ := tt.p.Code(tt.t.Add(got)); rem != tt.p.Period {
				t.Errorf("Code(t+remaining) remaining = %v, want a full period %v", rem, tt.p.Period)
			}
		})
	}
}

func TestCodeRejects(t *testing.T) {
	good, _ := Parse("JBSWY3DPEHPK3PXP")
	if _, _, err := good.Code(time.Unix(-1, 0)); err == nil {
		t.Error("Code before 1970 succeeded")
	}
	bad := []Params{
		{},
		func() Params { p := good; p.Digits = 0; return p }(),
		func() Params { p := good; p.Digits = 11; return p }(),
		func() Params { p := good; p.Period = 0; return p }(),
		func() Params { p := good; p.Period = 1500 * time.Millisecond; return p }(),
		func() Params { p := good; p.Algorithm = 9; return p }(),
		func() Params { p := good; p.Steam = true; return p }(),
	}
	for _, p := range bad {
		if code, _, err := p.Code(time.Unix(1e9, 0)); !errors.Is(err, ErrInvalid) {
			t.Errorf("%v.Code = %q, %v, want ErrInvalid", p, code, err)
		}
	}
}

func TestCodeShape(t *testing.T) {
	for digits := 6; digits <= 10; digits++ {
		p, err := Parse(fmt.Sprintf("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&digits=%d", digits))
		if err != nil {
			t.Fatal(err)
		}
		for _, unix := range []int64{0, 1e9, 2e9} {
			code, _, err := p.Code(time.Unix(unix, 0))
			if err != nil || len(code) != digits || strings.Trim(code, "0123456789") != "" {
				t.Errorf("%d digits at %d: Code = %q, %v", digits, unix, code, err)
			}
		}
	}
}

func TestRedacted(t *testing.T) {
	p, err := Parse("otpauth://totp/I:a?secret=JBSWY3DPEHPK3PXP")
	if err != nil {
		t.Fatal(err)
	}
	var logged strings.Builder
	slog.New(slog.NewTextHandler(&logged, nil)).Info("x", "p", p)
	for _, s := range []string{p.String(), fmt.Sprintf("%v %+v %#v %s", p, p, p, p), logged.String()} {
		if !strings.Contains(s, "REDACTED") || strings.Contains(s, "JBSWY3DP") || strings.Contains(s, "Hello") ||
			strings.Contains(s, "72 101") || strings.Contains(s, "48656c6c6f") {
			t.Errorf("formatted Params = %s, want the secret redacted", s)
		}
	}
}

func ExampleParse() {
	p, err := Parse("otpauth://totp/ACME:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8")
	if err != nil {
		panic(err)
	}
	code, remaining, err := p.Code(time.Unix(1111111109, 0))
	if err != nil {
		panic(err)
	}
	fmt.Println(p.Issuer, p.Account, code, remaining)
	// Output: ACME alice 07081804 1s
}
