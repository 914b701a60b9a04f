package totp

import (
	"strings"
	"testing"
	"time"
)

// FuzzParse checks that Parse never panics, and that whatever it accepts
// gives codes of the promised shape.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"JBSWY3DPEHPK3PXP",
		"jbsw y3dp ehpk 3pxp",
		"steam://JBSWY3DPEHPK3PXP",
		"otpauth://totp/ACME%20Co:john@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME&algorithm=SHA512&digits=10&period=300",
		"otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&encoder=steam",
		"otpauth://hotp/a?secret=JBSWY3DPEHPK3PXP&counter=1",
		"otpauth://totp/a%zz?secret=x",
		"otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&digits=99999999999999999999",
		"SECRETXX=SECRETXX",
		"",
	} {
		f.Add(s, int64(1111111109))
	}
	f.Fuzz(func(t *testing.T, s string, unix int64) {
		p, err := Parse(s)
		if err != nil {
			return
		}
		if unix < 0 {
			unix = -unix
		}
		code, remaining, err := p.Code(time.Unix(unix%(1<<40), 0))
		if err != nil {
			t.Fatalf("Parse(%q) succeeded but Code failed: %v", s, err)
		}
		if len(code) != p.Digits {
			t.Fatalf("Parse(%q): code %q, want %d characters", s, code, p.Digits)
		}
		alphabet := "0123456789"
		if p.Steam {
			alphabet = "23456789BCDFGHJKMNPQRTVWXY"
		}
		if strings.Trim(code, alphabet) != "" {
			t.Fatalf("Parse(%q): code %q has characters outside %q", s, code, alphabet)
		}
		if remaining <= 0 || remaining > p.Period {
			t.Fatalf("Parse(%q): remaining %v outside (0, %v]", s, remaining, p.Period)
		}
	})
}
