package generator

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// The expected character sets, written out from Bitwarden's definitions
// rather than taken from the package, so that a mistake there shows up here.
const (
	wantLower     = "abcdefghijklmnopqrstuvwxyz"
	wantUpper     = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	wantDigits    = "0123456789"
	wantSymbols   = "!@#$%^&*"
	wantAmbiguous = "IOl01"
)

// allowedChars returns the characters a password made with o may contain.
func allowedChars(o PasswordOptions) string {
	var all string
	for _, c := range expectedSets(o) {
		if c.enabled {
			all += c.chars
		}
	}
	if o.AvoidAmbiguous {
		all = strings.Map(func(r rune) rune {
			if strings.ContainsRune(wantAmbiguous, r) {
				return -1
			}
			return r
		}, all)
	}
	return all
}

type expectedSet struct {
	name    string
	chars   string
	enabled bool
	min     int
}

func expectedSets(o PasswordOptions) []expectedSet {
	return []expectedSet{
		{"lower-case letters", wantLower, o.Lowercase, 1},
		{"upper-case letters", wantUpper, o.Uppercase, 1},
		{"digits", wantDigits, o.Digits || o.MinDigits > 0, max(o.MinDigits, 1)},
		{"symbols", wantSymbols, o.Symbols || o.MinSymbols > 0, max(o.MinSymbols, 1)},
	}
}

// checkPassword reports every way pw fails to match o.
func checkPassword(t testing.TB, o PasswordOptions, pw string) {
	t.Helper()
	if len(pw) != o.Length {
		t.Errorf("Password(%+v) = %q, length %d, want %d", o, pw, len(pw), o.Length)
	}
	allowed := allowedChars(o)
	for _, r := range pw {
		if !strings.ContainsRune(allowed, r) {
			t.Errorf("Password(%+v) = %q contains %q, want only %q", o, pw, r, allowed)
		}
	}
	for _, set := range expectedSets(o) {
		n := 0
		for _, r := range pw {
			if strings.ContainsRune(set.chars, r) {
				n++
			}
		}
		if set.enabled && n < set.min {
			t.Errorf("Password(%+v) = %q has %d %s, want at least %d", o, pw, n, set.name, set.min)
		}
	}
}

func TestPassword(t *testing.T) {
	tests := []struct {
		name string
		o    PasswordOptions
	}{
		{"default", DefaultPasswordOptions()},
		{"lower-case only, shortest", PasswordOptions{Length: 5, Lowercase: true}},
		{"upper-case only, unambiguous", PasswordOptions{Length: 32, Uppercase: true, AvoidAmbiguous: true}},
		{"letters only", PasswordOptions{Length: 5, Lowercase: true, Uppercase: true}},
		{"lower-case and digits, unambiguous", PasswordOptions{Length: 6, Lowercase: true, Digits: true, AvoidAmbiguous: true}},
		{"digits only, all required", PasswordOptions{Length: 9, Digits: true, MinDigits: 9}},
		{"symbols only", PasswordOptions{Length: 16, Symbols: true}},
		{"minimums fill the length", PasswordOptions{Length: 20, Lowercase: true, Uppercase: true, Digits: true, Symbols: true, MinDigits: 9, MinSymbols: 9}},
		{"all sets, unambiguous, longest", PasswordOptions{Length: 128, Lowercase: true, Uppercase: true, Digits: true, Symbols: true, MinDigits: 3, MinSymbols: 3, AvoidAmbiguous: true}},
		{"MinDigits enables digits", PasswordOptions{Length: 12, Lowercase: true, MinDigits: 3}},
		{"MinSymbols enables symbols", PasswordOptions{Length: 12, Uppercase: true, MinSymbols: 4}},
		{"minimums without other sets", PasswordOptions{Length: 10, MinDigits: 5, MinSymbols: 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			seen := make(map[rune]bool)
			for range 1000 {
				pw, err := Password(tt.o)
				if err != nil {
					t.Fatalf("Password(%+v) error: %v", tt.o, err)
				}
				checkPassword(t, tt.o, pw)
				for _, r := range pw {
					seen[r] = true
				}
				if t.Failed() {
					return
				}
			}
			// Over thousands of characters every allowed one shows up, so
			// this catches a set that is missing characters, such as one
			// that drops more than Bitwarden's ambiguous ones.
			for _, r := range allowedChars(tt.o) {
				if !seen[r] {
					t.Errorf("Password(%+v) never produced %q", tt.o, r)
				}
			}
		})
	}
}

func TestPasswordInvalid(t *testing.T) {
	all := DefaultPasswordOptions()
	with := func(f func(*PasswordOptions)) PasswordOptions {
		o := all
		f(&o)
		return o
	}
	tests := []struct {
		name       string
		o          PasswordOptions
		wantOption string // named in the error message
	}{
		{"zero value", PasswordOptions{}, "Length"},
		{"length too short", with(func(o *PasswordOptions) { o.Length = 4 }), "Length"},
		{"length too long", with(func(o *PasswordOptions) { o.Length = 129 }), "Length"},
		{"length negative", with(func(o *PasswordOptions) { o.Length = -1 }), "Length"},
		{"length huge", with(func(o *PasswordOptions) { o.Length = math.MaxInt }), "Length"},
		{"length most negative", with(func(o *PasswordOptions) { o.Length = math.MinInt }), "Length"},
		{"no character set", PasswordOptions{Length: 20}, "Lowercase, Uppercase, Digits, Symbols"},
		{"MinDigits negative", with(func(o *PasswordOptions) { o.MinDigits = -1 }), "MinDigits"},
		{"MinDigits too many", with(func(o *PasswordOptions) { o.MinDigits = 10 }), "MinDigits"},
		{"MinDigits huge", with(func(o *PasswordOptions) { o.MinDigits = math.MaxInt }), "MinDigits"},
		{"MinSymbols negative", with(func(o *PasswordOptions) { o.MinSymbols = math.MinInt }), "MinSymbols"},
		{"MinSymbols too many", with(func(o *PasswordOptions) { o.MinSymbols = 10 }), "MinSymbols"},
		{"minimums exceed length", PasswordOptions{Length: 5, Lowercase: true, MinDigits: 5}, "MinDigits"},
		{"minimums exceed length with all sets", with(func(o *PasswordOptions) { o.Length = 19; o.MinDigits = 9; o.MinSymbols = 9 }), "Length 19"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pw, err := Password(tt.o)
			if !errors.Is(err, ErrInvalidOptions) {
				t.Fatalf("Password(%+v) = %q, %v; want error wrapping ErrInvalidOptions", tt.o, pw, err)
			}
			if pw != "" {
				t.Errorf("Password(%+v) = %q with an error, want \"\"", tt.o, pw)
			}
			if got := err.Error(); !strings.Contains(got, tt.wantOption) {
				t.Errorf("Password(%+v) error = %q, want it to name %q", tt.o, got, tt.wantOption)
			}
		})
	}
}

// TestPasswordUniform checks that characters are drawn evenly from a set.
// The sets with 10 and 26 characters would show modulo bias from reducing a
// random byte (256 mod 10 = 6 digits favoured by 4%), and any set would show a
// broken use of the random source, such as reusing bytes.
func TestPasswordUniform(t *testing.T) {
	const chars = 200_000
	tests := []struct {
		name  string
		o     PasswordOptions
		chars string
	}{
		{"digits", PasswordOptions{Length: 128, Digits: true}, wantDigits},
		{"digits, unambiguous", PasswordOptions{Length: 128, Digits: true, AvoidAmbiguous: true}, "23456789"},
		{"symbols", PasswordOptions{Length: 128, Symbols: true}, wantSymbols},
		{"lower-case", PasswordOptions{Length: 128, Lowercase: true}, wantLower},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			counts := make([]int, len(tt.chars))
			for range chars / tt.o.Length {
				pw, err := Password(tt.o)
				if err != nil {
					t.Fatalf("Password(%+v) error: %v", tt.o, err)
				}
				for i := range len(pw) {
					k := strings.IndexByte(tt.chars, pw[i])
					if k < 0 {
						t.Fatalf("Password(%+v) = %q contains %q, want only %q", tt.o, pw, pw[i], tt.chars)
					}
					counts[k]++
				}
			}
			checkUniform(t, tt.name, counts)
		})
	}
}

// TestPasswordPositions checks that the required characters are shuffled
// into every position evenly. With Length 20 and minimums of 9 digits and 9
// symbols, each password has exactly one lower-case and one upper-case
// letter; without the shuffle they would always sit in the same places.
func TestPasswordPositions(t *testing.T) {
	o := PasswordOptions{Length: 20, Lowercase: true, Uppercase: true, Digits: true, Symbols: true, MinDigits: 9, MinSymbols: 9}
	lower := make([]int, o.Length)
	upper := make([]int, o.Length)
	for range 5_000 {
		pw, err := Password(o)
		if err != nil {
			t.Fatalf("Password(%+v) error: %v", o, err)
		}
		l, u := strings.IndexAny(pw, wantLower), strings.IndexAny(pw, wantUpper)
		if l < 0 || u < 0 {
			t.Fatalf("Password(%+v) = %q, want one lower-case and one upper-case letter", o, pw)
		}
		lower[l]++
		upper[u]++
	}
	checkUniform(t, "position of the lower-case letter", lower)
	checkUniform(t, "position of the upper-case letter", upper)
}

func FuzzPassword(f *testing.F) {
	f.Add(20, 1, 1, uint8(0b1111))
	f.Add(5, 9, 9, uint8(0b10000))
	f.Add(128, 0, 0, uint8(0b10001))
	f.Add(-1, -1, -1, uint8(0))
	f.Add(math.MaxInt, math.MaxInt, math.MinInt, uint8(0xff))
	f.Fuzz(func(t *testing.T, length, minDigits, minSymbols int, flags uint8) {
		o := PasswordOptions{
			Length:         length,
			Lowercase:      flags&1 != 0,
			Uppercase:      flags&2 != 0,
			Digits:         flags&4 != 0,
			Symbols:        flags&8 != 0,
			AvoidAmbiguous: flags&16 != 0,
			MinDigits:      minDigits,
			MinSymbols:     minSymbols,
		}
		pw, err := Password(o)
		if err != nil {
			if !errors.Is(err, ErrInvalidOptions) {
				t.Fatalf("Password(%+v) error %v, want one wrapping ErrInvalidOptions", o, err)
			}
			return
		}
		checkPassword(t, o, pw)
	})
}

func BenchmarkPassword20(b *testing.B) {
	o := DefaultPasswordOptions()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Password(o); err != nil {
			b.Fatal(err)
		}
	}
}
