package generator

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/vaultdesk/vaultdesk/internal/wordlist"
)

// wordIndex maps each EFF long-list word to its index.
func wordIndex() map[string]int {
	idx := make(map[string]int, wordlist.Size)
	for i, w := range wordlist.EFFLong() {
		idx[w] = i
	}
	return idx
}

// splitPassphrase splits s into n tokens joined by sep, each an EFF word with
// perhaps its first letter upper-cased and one digit appended. It returns
// nil if there is no such split. A plain strings.Split would not do: four
// words of the list contain a hyphen, and the separator may be empty.
func splitPassphrase(s, sep string, n int, words map[string]int) []string {
	var split func(pos, left int) []string
	split = func(pos, left int) []string {
		for end := pos + 1; end <= len(s) && end-pos <= maxWordLen+1; end++ {
			tok := s[pos:end]
			if _, ok := words[plainWord(tok)]; !ok {
				continue
			}
			if left == 1 {
				if end == len(s) {
					return []string{tok}
				}
				continue
			}
			if !strings.HasPrefix(s[end:], sep) {
				continue
			}
			if rest := split(end+len(sep), left-1); rest != nil {
				return append([]string{tok}, rest...)
			}
		}
		return nil
	}
	return split(0, n)
}

// plainWord undoes Capitalize and IncludeNumber on one token.
func plainWord(tok string) string {
	if n := len(tok); n > 0 && '0' <= tok[n-1] && tok[n-1] <= '9' {
		tok = tok[:n-1]
	}
	if tok == "" {
		return ""
	}
	return strings.ToLower(tok[:1]) + tok[1:]
}

// checkPassphrase reports every way s fails to match o.
func checkPassphrase(t testing.TB, o PassphraseOptions, s string, words map[string]int) {
	t.Helper()
	toks := splitPassphrase(s, o.Separator, o.Words, words)
	if toks == nil {
		t.Errorf("Passphrase(%+v) = %q, want %d EFF words joined by %q", o, s, o.Words, o.Separator)
		return
	}
	for _, tok := range toks {
		if c := tok[0]; o.Capitalize != ('A' <= c && c <= 'Z') {
			t.Errorf("Passphrase(%+v) = %q has word %q, want capitalized %v", o, s, tok, o.Capitalize)
		}
		if strings.ToLower(tok[1:]) != tok[1:] {
			t.Errorf("Passphrase(%+v) = %q has word %q with upper case after the first letter", o, s, tok)
		}
	}
	want := 0
	if o.IncludeNumber {
		want = 1
	}
	// splitPassphrase allows a digit only at the end of a word, so counting
	// them in the whole phrase is enough (no test separator has digits).
	if got := countDigits(s); got != want {
		t.Errorf("Passphrase(%+v) = %q has %d digits, want %d", o, s, got, want)
	}
}

func countDigits(s string) int {
	n := 0
	for i := range len(s) {
		if '0' <= s[i] && s[i] <= '9' {
			n++
		}
	}
	return n
}

func TestPassphrase(t *testing.T) {
	words := wordIndex()
	tests := []struct {
		name string
		o    PassphraseOptions
	}{
		{"default", DefaultPassphraseOptions()},
		{"fewest words, space, capitalized", PassphraseOptions{Words: 3, Separator: " ", Capitalize: true}},
		{"most words, no separator, number", PassphraseOptions{Words: 20, IncludeNumber: true}},
		{"four-byte separator, capitalized, number", PassphraseOptions{Words: 4, Separator: "🔑", Capitalize: true, IncludeNumber: true}},
		{"multi-character separator", PassphraseOptions{Words: 6, Separator: " - "}},
		{"hyphen, capitalized, number", PassphraseOptions{Words: 5, Separator: "-", Capitalize: true, IncludeNumber: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for range 500 {
				s, err := Passphrase(tt.o)
				if err != nil {
					t.Fatalf("Passphrase(%+v) error: %v", tt.o, err)
				}
				checkPassphrase(t, tt.o, s, words)
				if t.Failed() {
					return
				}
			}
		})
	}
}

func TestPassphraseInvalid(t *testing.T) {
	with := func(f func(*PassphraseOptions)) PassphraseOptions {
		o := DefaultPassphraseOptions()
		f(&o)
		return o
	}
	tests := []struct {
		name       string
		o          PassphraseOptions
		wantOption string // named in the error message
	}{
		{"zero value", PassphraseOptions{}, "Words"},
		{"too few words", with(func(o *PassphraseOptions) { o.Words = 2 }), "Words"},
		{"too many words", with(func(o *PassphraseOptions) { o.Words = 21 }), "Words"},
		{"negative words", with(func(o *PassphraseOptions) { o.Words = -1 }), "Words"},
		{"huge words", with(func(o *PassphraseOptions) { o.Words = math.MaxInt }), "Words"},
		{"most negative words", with(func(o *PassphraseOptions) { o.Words = math.MinInt }), "Words"},
		{"separator too long", with(func(o *PassphraseOptions) { o.Separator = "-----" }), "Separator"},
		{"separator too long, multi-byte", with(func(o *PassphraseOptions) { o.Separator = "🔑!" }), "Separator"},
		{"separator huge", with(func(o *PassphraseOptions) { o.Separator = strings.Repeat("x", 1<<20) }), "Separator"},
		{"separator not UTF-8", with(func(o *PassphraseOptions) { o.Separator = "\xff" }), "Separator"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Passphrase(tt.o)
			if !errors.Is(err, ErrInvalidOptions) {
				t.Fatalf("Passphrase(%+v) = %q, %v; want error wrapping ErrInvalidOptions", tt.o, s, err)
			}
			if s != "" {
				t.Errorf("Passphrase(%+v) = %q with an error, want \"\"", tt.o, s)
			}
			if got := err.Error(); !strings.Contains(got, tt.wantOption) {
				t.Errorf("Passphrase(%+v) error = %q, want it to name %q", tt.o, got, tt.wantOption)
			}
			if len(err.Error()) > 200 {
				t.Errorf("Passphrase error is %d bytes long, want the separator's length, not its text", len(err.Error()))
			}
		})
	}
}

// TestPassphraseUniform checks that words are drawn evenly from the whole
// list, counting them in 32 buckets of 243 consecutive indices (7776 = 32·243),
// and that the digit and the word it follows are drawn evenly too. Drawing
// from part of the list, or reducing 16 random bits modulo 7776 (which favours
// the first 3328 words by 7%), fails by a wide margin.
func TestPassphraseUniform(t *testing.T) {
	const phrases = 5_000
	words := wordIndex()
	o := PassphraseOptions{Words: 20, Separator: " ", IncludeNumber: true}
	buckets := make([]int, 32)
	digits := make([]int, 10)
	positions := make([]int, o.Words)
	for range phrases {
		s, err := Passphrase(o)
		if err != nil {
			t.Fatalf("Passphrase(%+v) error: %v", o, err)
		}
		// No EFF word contains a space, so Fields splits exactly.
		toks := strings.Fields(s)
		if len(toks) != o.Words {
			t.Fatalf("Passphrase(%+v) = %q has %d words, want %d", o, s, len(toks), o.Words)
		}
		for i, tok := range toks {
			if last := tok[len(tok)-1]; '0' <= last && last <= '9' {
				digits[last-'0']++
				positions[i]++
				tok = tok[:len(tok)-1]
			}
			n, ok := words[tok]
			if !ok {
				t.Fatalf("Passphrase(%+v) = %q has %q, not an EFF word", o, s, tok)
			}
			buckets[n/243]++
		}
	}
	checkUniform(t, "word index by block of 243", buckets)
	checkUniform(t, "appended digit", digits)
	checkUniform(t, "word with the digit", positions)
}

func FuzzPassphrase(f *testing.F) {
	f.Add(5, "-", uint8(0))
	f.Add(3, "", uint8(3))
	f.Add(20, "🔑", uint8(1))
	f.Add(-1, "\xff", uint8(2))
	f.Add(math.MaxInt, "-----", uint8(3))
	words := wordIndex()
	f.Fuzz(func(t *testing.T, n int, sep string, flags uint8) {
		o := PassphraseOptions{Words: n, Separator: sep, Capitalize: flags&1 != 0, IncludeNumber: flags&2 != 0}
		s, err := Passphrase(o)
		if err != nil {
			if !errors.Is(err, ErrInvalidOptions) {
				t.Fatalf("Passphrase(%+v) error %v, want one wrapping ErrInvalidOptions", o, err)
			}
			return
		}
		// A separator made of letters or digits can make the phrase
		// impossible to split back into words; only check what is sure.
		if strings.ContainsFunc(sep, func(r rune) bool {
			return r < 0x80 && (r == '-' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9')
		}) {
			return
		}
		checkPassphrase(t, o, s, words)
	})
}

func BenchmarkPassphrase5(b *testing.B) {
	o := DefaultPassphraseOptions()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Passphrase(o); err != nil {
			b.Fatal(err)
		}
	}
}
