package generator

import (
	"testing"
)

// chiSquareCritical holds the upper 10⁻⁶ quantile of the χ² distribution by
// degrees of freedom. A correct generator exceeds it once in a million runs,
// so the tests built on it do not flake, while gross bias or a broken use of
// the random source exceeds it by orders of magnitude.
var chiSquareCritical = map[int]float64{
	2:   27.63,
	7:   40.52,
	9:   44.81,
	19:  63.68,
	25:  73.89,
	31:  83.64,
	119: 207.20,
}

// checkUniform fails t if counts are implausible as draws from the uniform
// distribution over len(counts) outcomes, by Pearson's χ² test.
func checkUniform(t *testing.T, what string, counts []int) {
	t.Helper()
	total := 0
	for _, c := range counts {
		total += c
	}
	want := float64(total) / float64(len(counts))
	var chi2 float64
	for _, c := range counts {
		d := float64(c) - want
		chi2 += d * d / want
	}
	df := len(counts) - 1
	limit, ok := chiSquareCritical[df]
	if !ok {
		t.Fatalf("%s: no χ² critical value for %d degrees of freedom", what, df)
	}
	if chi2 > limit {
		t.Errorf("%s: χ² = %.1f over %d outcomes (%d draws), want ≤ %.1f (p = 1e-6); counts %v",
			what, chi2, len(counts), total, limit, counts)
	}
}

func TestIntnRange(t *testing.T) {
	var s source
	defer s.wipe()
	for n := uint32(1); n <= 300; n++ {
		for range 20 {
			if got := s.intn(n); got >= n {
				t.Fatalf("intn(%d) = %d, want < %d", n, got, n)
			}
		}
	}
	for _, n := range []uint32{1 << 31, 3 << 30, 1<<32 - 1} {
		if got := s.intn(n); got >= n {
			t.Errorf("intn(%d) = %d, want < %d", n, got, n)
		}
	}
}

// TestIntnUnbiased uses a bound where reducing a uint32 modulo n would be
// grossly biased: with n = 3·2³⁰, x mod n lands in [0, 2³⁰) for half of all x,
// not a third. Rejection sampling must spread draws evenly over the thirds.
func TestIntnUnbiased(t *testing.T) {
	const n = 3 << 30
	var s source
	defer s.wipe()
	counts := make([]int, 3)
	for range 30_000 {
		counts[s.intn(n)>>30]++
	}
	checkUniform(t, "intn(3<<30) by third", counts)
}

// TestShuffleUniform checks that all 120 orders of five elements are equally
// likely, which also means a required character is equally likely to land
// in any position of a password.
func TestShuffleUniform(t *testing.T) {
	var s source
	defer s.wipe()
	seen := make(map[string]int, 120)
	for range 60_000 {
		b := []byte("abcde")
		s.shuffle(b)
		seen[string(b)]++
	}
	if len(seen) != 120 {
		t.Fatalf("shuffle of 5 elements produced %d distinct orders, want 120", len(seen))
	}
	counts := make([]int, 0, len(seen))
	for _, c := range seen {
		counts = append(counts, c)
	}
	checkUniform(t, "shuffle orders", counts)
}

func TestSourceWipe(t *testing.T) {
	var s source
	s.intn(10)
	s.wipe()
	if s.buf != [len(s.buf)]byte{} || s.left != 0 {
		t.Errorf("after wipe, source = {buf not zero or left %d}, want zero value", s.left)
	}
}
