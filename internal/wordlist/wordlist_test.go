package wordlist

import "testing"

func TestEFFLong(t *testing.T) {
	words := EFFLong()
	if len(words) != Size {
		t.Fatalf("len(EFFLong()) = %d, want %d", len(words), Size)
	}
	// Fixed points from Bitwarden's word list (sdk-internal crypto/wordlist.rs).
	for i, want := range map[int]string{0: "abacus", 1: "abdomen", 6: "ablaze", 7775: "zoom"} {
		if words[i] != want {
			t.Errorf("EFFLong()[%d] = %q, want %q", i, words[i], want)
		}
	}
	seen := make(map[string]bool, Size)
	for i, w := range words {
		if w == "" {
			t.Fatalf("EFFLong()[%d] is empty", i)
		}
		if seen[w] {
			t.Fatalf("EFFLong()[%d] = %q appears twice", i, w)
		}
		seen[w] = true
		if i > 0 && words[i-1] >= w {
			t.Fatalf("EFFLong() not sorted at %d: %q >= %q", i, words[i-1], w)
		}
	}
}
